"""SQLite statements take one trip to aiosqlite's thread each, and SQLAlchemy still reads the same results."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.errors import StoreError
from bot.store import Store
from bot.store.database import make_engine
from bot.store.tables import utc_now


@pytest.fixture
async def sqlite_store(tmp_path: Path) -> AsyncIterator[Store]:
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'trips.db'}")
    try:
        yield store
    finally:
        await store.close()


async def test_a_statement_opens_no_driver_cursor(sqlite_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stock adapter opens an aiosqlite cursor per statement (then executes, fetches, closes: four trips)."""
    cursors: list[object] = []
    cursor = aiosqlite.Connection.cursor

    def counted(self: aiosqlite.Connection) -> object:
        cursors.append(self)
        return cursor(self)

    monkeypatch.setattr(aiosqlite.Connection, "cursor", counted)
    assert await sqlite_store.mark_event("slack", "Ev1")
    assert not await sqlite_store.mark_event("slack", "Ev1")
    assert await sqlite_store.latest_article("https://example.com/a") is None
    assert cursors == []


async def test_rows_rowcounts_and_errors_come_back_as_before(sqlite_store: Store) -> None:
    assert await sqlite_store.mark_event("slack", "Ev1")
    assert await sqlite_store.mark_event("slack", "Ev2")
    assert await sqlite_store.prune_events(utc_now() + timedelta(seconds=1)) == 2  # an UPDATE/DELETE's rowcount
    async with sqlite_store.engine.connect() as conn:
        rows = (await conn.execute(text("SELECT 1 AS one, 'two' AS two UNION ALL SELECT 3, 'four'"))).all()
        assert [tuple(row) for row in rows] == [(1, "two"), (3, "four")]
        assert list((await conn.execute(text("SELECT 5 AS five"))).keys()) == ["five"]  # the description
        await conn.execute(text("CREATE TEMP TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
        inserted = await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
        assert inserted.lastrowid == 1 and inserted.rowcount == 1
        many = await conn.execute(text("INSERT INTO t (name) VALUES (:name)"), [{"name": "b"}, {"name": "c"}])
        assert many.rowcount == 2
        with pytest.raises(IntegrityError):
            await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))


async def test_a_failed_statement_through_the_store_is_a_store_error(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'plain.db'}")
    store = Store(engine)
    try:
        with pytest.raises(StoreError):
            await store.latest_article("https://example.com/a")  # never migrated: no articles table
    finally:
        await store.close()
