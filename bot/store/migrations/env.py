"""Alembic environment for briefbot; bot.store.database runs it programmatically with a shared connection.

From the command line (`alembic -c bot/store/migrations/alembic.ini ...`) it connects to DATABASE_URL.
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy import Connection

from bot.config import default_database_url
from bot.store.database import make_engine
from bot.store.tables import Base


def run_migrations(connection: Connection) -> None:
    # Batch mode lets later migrations ALTER tables on SQLite, which cannot alter columns in place.
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_from_url(url: str) -> None:
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(run_migrations)
    finally:
        await engine.dispose()


shared = context.config.attributes.get("connection")
if shared is not None:
    run_migrations(shared)
else:
    asyncio.run(run_from_url(os.environ.get("DATABASE_URL") or default_database_url()))
