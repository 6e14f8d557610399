"""Database engines and schema upgrades: SQLite (WAL, busy timeout, BEGIN IMMEDIATE) or PostgreSQL (asyncpg).

Owns engine creation and running Alembic to head; imports no platform library and no pydantic model.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.util import await_only

from bot.errors import ConfigError
from bot.store.sqlite_driver import one_trip_dbapi

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# A worker and an adapter (or two processes) share one SQLite file: wait for the lock instead of failing.
SQLITE_BUSY_TIMEOUT_SECONDS = 30.0
SQLITE_WAL_RETRY_SECONDS = 0.05
# Any fixed 64-bit number; every briefbot process takes this advisory lock around `upgrade head`.
PG_MIGRATION_LOCK_KEY = 0x62726965665F6462
# Connections one process keeps (and may add) on PostgreSQL; N processes need N x both under max_connections.
PG_POOL_SIZE = 10
PG_POOL_OVERFLOW = 20
# Execution option that makes SQLite open the transaction with BEGIN IMMEDIATE (takes the write lock first).
SQLITE_IMMEDIATE_OPTION = "briefbot_sqlite_immediate"
# Execution option that makes SQLite send no BEGIN at all (see single_reads).
SQLITE_NO_BEGIN_OPTION = "briefbot_sqlite_no_begin"
PRIVATE_FILE_MODE = 0o600
SQLITE_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
}
_SUPPORTED = {"sqlite+aiosqlite", "postgresql+asyncpg"}


def database_url(url: str) -> URL:
    """Accept the async URLs, and map plain sqlite:// and postgres(ql):// URLs to their async drivers."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError("setting DATABASE_URL: not a database URL") from exc
    drivername = _DRIVERS.get(parsed.drivername, parsed.drivername)
    if drivername not in _SUPPORTED:
        raise ConfigError(
            f"setting DATABASE_URL: unsupported driver {parsed.drivername!r}",
            user_message="setting DATABASE_URL: use sqlite+aiosqlite:///FILE or postgresql+asyncpg://HOST/DB",
        )
    return parsed.set(drivername=drivername)


def make_engine(url: str) -> AsyncEngine:
    """An async engine; on SQLite every connection gets WAL, a busy timeout and explicit BEGINs."""
    parsed = database_url(url)
    if parsed.get_backend_name() != "sqlite":
        # Many briefs wait on the LLM at once, each touching the database briefly: a pool of 5 queues them.
        return create_async_engine(parsed, pool_pre_ping=True, pool_size=PG_POOL_SIZE, max_overflow=PG_POOL_OVERFLOW)
    # A statement is one trip to aiosqlite's thread, not four; COMMIT and ROLLBACK with nothing open none at all.
    engine = create_async_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}, module=one_trip_dbapi())
    event.listen(engine.sync_engine, "connect", _configure_sqlite_connection)
    event.listen(engine.sync_engine, "begin", _begin_sqlite_transaction)
    return engine


def single_reads(engine: AsyncEngine) -> AsyncEngine:
    """The same engine (same pool) for one SELECT at a time: no BEGIN is sent, so SQLite runs the statement in a
    transaction of its own, the same snapshot a BEGIN before it would give, and there is nothing to commit.
    Two trips to aiosqlite's thread fewer per cache lookup. Not for several statements that must agree."""
    return engine.execution_options(**{SQLITE_NO_BEGIN_OPTION: True})


def writer(engine: AsyncEngine) -> AsyncEngine:
    """The same engine (same pool) whose transactions take SQLite's write lock up front.

    A deferred SQLite transaction that reads and then writes can fail with "database is locked" at once,
    without waiting, when another connection wrote in between; BEGIN IMMEDIATE waits for the lock instead.
    """
    return engine.execution_options(**{SQLITE_IMMEDIATE_OPTION: True})


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself (see _begin_sqlite_transaction); sqlite3's own is deferred and lazy.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_SECONDS * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")  # a no-op once prepare_sqlite_file has run
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _begin_sqlite_transaction(conn: Connection) -> None:
    """BEGIN, or BEGIN IMMEDIATE for writers, sent straight to the driver's connection: one trip to aiosqlite's
    thread instead of three (open a cursor, execute, close it) through SQLAlchemy's cursor, on every transaction.
    A failure (the lock still taken after the busy timeout) leaves as SQLAlchemy's OperationalError, as before."""
    options = conn.get_execution_options()
    if options.get(SQLITE_NO_BEGIN_OPTION, False):
        return
    immediate = options.get(SQLITE_IMMEDIATE_OPTION, False)
    statement = "BEGIN IMMEDIATE" if immediate else "BEGIN"
    driver = conn.connection.driver_connection
    if driver is None:  # not an aiosqlite connection (never in this bot): the ordinary way
        conn.exec_driver_sql(statement)
        return
    try:
        await_only(driver.execute(statement))
    except sqlite3.Error as exc:
        raise OperationalError(statement, None, exc) from exc


def prepare_sqlite_file(url: URL) -> None:
    """Create a new SQLite file private (0600) and switch it to WAL before the pool opens it (blocking: run it
    in a thread).

    Switching the journal mode needs a lock that SQLite does not wait for (no busy handler), so two
    processes creating the same file at once would see "database is locked"; this retries instead.
    It also makes a missing directory fail here, in plain Python, not inside aiosqlite's thread.
    """
    path = url.database
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    make_private(Path(path))
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_SECONDS
    while True:
        try:
            with closing(sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_SECONDS)) as conn:
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(SQLITE_WAL_RETRY_SECONDS)


def make_private(path: Path) -> None:
    """The file holds questions, user ids, response URLs and interaction tokens: owner-only, 0600.

    SQLite gives its -wal and -shm files the database file's mode, so creating the file 0600 first covers
    them; files left 0644 by an older version are tightened too."""
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, PRIVATE_FILE_MODE))
    for existing in (path, *(path.with_name(path.name + suffix) for suffix in SQLITE_SIDE_SUFFIXES)):
        if existing.exists() and existing.stat().st_uid == os.getuid():
            existing.chmod(PRIVATE_FILE_MODE)


async def upgrade_schema(engine: AsyncEngine) -> None:
    """Run Alembic `upgrade head` in one transaction, serialised between processes that start together."""
    if engine.dialect.name == "sqlite":
        await asyncio.to_thread(prepare_sqlite_file, engine.url)
    async with writer(engine).begin() as conn:
        if conn.dialect.name == "postgresql":
            # Released at commit; a second process waits here, then finds the schema at head.
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK_KEY})
        await conn.run_sync(_run_alembic_upgrade)


def alembic_config(connection: Connection | None = None) -> Config:
    """An in-memory Alembic config pointing at bot/store/migrations, so no alembic.ini is needed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _run_alembic_upgrade(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "head")
