"""Brief claims: one row per link being briefed, so processes sharing the database brief a link once.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "brief_claims",
        sa.Column("url_sha256", sa.String(64), nullable=False),
        sa.Column("owner", sa.String(100), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("url_sha256", name="pk_brief_claims"),
    )


def downgrade() -> None:
    op.drop_table("brief_claims")
