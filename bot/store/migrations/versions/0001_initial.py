"""Initial schema: articles, briefs, conversations, turns, processed_events, jobs.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), primary_key=True)


def upgrade() -> None:
    op.create_table(
        "articles",
        _id(),
        sa.Column("canonical_url", sa.Text(), nullable=False),
        sa.Column("canonical_url_sha256", sa.String(64), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("final_url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(128), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("meta", JSON_TYPE, nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("canonical_url_sha256", "content_hash", name="uq_articles_url_content"),
    )
    op.create_index("ix_articles_url_fetched", "articles", ["canonical_url_sha256", "fetched_at"])
    op.create_table(
        "briefs",
        _id(),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("engine", sa.String(32), nullable=False),
        sa.Column("model", sa.String(200), nullable=True),
        sa.Column("prompt_version", sa.String(100), nullable=True),
        sa.Column("result", JSON_TYPE, nullable=False),
        sa.Column("tokens_prompt", sa.Integer(), nullable=False),
        sa.Column("tokens_completion", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_briefs"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_briefs_article_id_articles", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_briefs_lookup", "briefs", ["article_id", "engine", "model", "prompt_version"])
    op.create_table(
        "conversations",
        _id(),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("workspace", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(200), nullable=False),
        sa.Column("thread", sa.String(200), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("brief_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_conversations"),
        sa.UniqueConstraint("platform", "workspace", "channel", "thread", name="uq_conversations_key"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_conversations_article_id_articles", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["brief_id"], ["briefs.id"], name="fk_conversations_brief_id_briefs", ondelete="CASCADE"
        ),
    )
    op.create_table(
        "turns",
        _id(),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("quotes", JSON_TYPE, nullable=False),
        sa.Column("found", sa.Boolean(), nullable=False),
        sa.Column("asked_by", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_turns"),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name="fk_turns_conversation_id_conversations",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_turns_conversation", "turns", ["conversation_id", "id"])
    op.create_table(
        "processed_events",
        _id(),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("event_id", sa.String(200), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_processed_events"),
        sa.UniqueConstraint("platform", "event_id", name="uq_processed_events"),
    )
    op.create_table(
        "jobs",
        _id(),
        sa.Column("kind", sa.String(100), nullable=False),
        sa.Column("payload", JSON_TYPE, nullable=False),
        sa.Column("state", JSON_TYPE, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(300), nullable=True),
        sa.Column("run_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_by", sa.String(200), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_jobs"),
        sa.UniqueConstraint("dedupe_key", name="uq_jobs_dedupe_key"),
    )
    op.create_index("ix_jobs_claim", "jobs", ["status", "run_after"])


def downgrade() -> None:
    for index, table in (
        ("ix_jobs_claim", "jobs"),
        ("ix_turns_conversation", "turns"),
        ("ix_briefs_lookup", "briefs"),
        ("ix_articles_url_fetched", "articles"),
    ):
        op.drop_index(index, table_name=table)
    for table in ("jobs", "processed_events", "turns", "conversations", "briefs", "articles"):
        op.drop_table(table)
