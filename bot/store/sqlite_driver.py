"""SQLAlchemy's aiosqlite adapter, with each statement run in one trip to aiosqlite's thread instead of four.

The stock adapter opens a cursor, executes, fetches and closes it, each an await on aiosqlite's thread: a
queue hand-off, a thread wake-up and a future resolved back on the event loop. With fifteen statements per
link and fifty links at once, those hops were most of the database work the event loop did. Here one function
does all four in the thread and returns what SQLAlchemy reads afterwards (rows, description, rowcount,
lastrowid), so the results are the same and only the trips change.

It subclasses SQLAlchemy's adapter classes and calls aiosqlite's private ``_execute`` (SQLAlchemy's own adapter
also reaches into aiosqlite's queue, for its isolation-level setter), hence the SQLAlchemy range in
pyproject.toml: a release that moves these internals fails at import, at start-up, not at run time.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, cast

import aiosqlite
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_connection
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT, await_only

# What a finished statement leaves for SQLAlchemy: description, rows, rowcount, lastrowid.
_Outcome = tuple[Any, list[Any], int, int | None]


def _run(connection: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> _Outcome:
    """In aiosqlite's thread: the statement from cursor to close, everything SQLAlchemy reads kept."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A client-side cursor whose results are all in hand once ``execute`` returns (as the stock one's are:
    it fetches every row at execute time too); closing it costs no trip, there is nothing left to close."""

    __slots__ = ("_description", "_rowcount", "_lastrowid", "_arraysize")

    def __init__(self, adapt_connection: AsyncAdapt_dbapi_connection) -> None:  # no cursor opened up front
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._arraysize = 1

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return cast(int, self._lastrowid)

    @property
    def arraysize(self) -> int:
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    async def _async_soft_close(self) -> None:
        """The description stays readable; there is no driver cursor to close."""

    def close(self) -> None:
        self._rows.clear()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        try:
            return await_only(self._run(operation, parameters, many=False))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        try:
            return await_only(self._run(operation, seq_of_parameters, many=True))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    async def _run(self, operation: str, parameters: Any, *, many: bool) -> None:
        driver = cast(aiosqlite.Connection, self._connection)
        in_thread = cast(Callable[..., Awaitable[_Outcome]], driver._execute)
        async with self._adapt_connection._execute_mutex:
            outcome = await in_thread(_run, driver._conn, operation, parameters, many)
        self._description, rows, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """Also skips COMMIT and ROLLBACK when SQLite has no transaction open (both are no-ops then): the pool rolls
    back every connection it takes back, after a commit too, and a lone read sends no BEGIN (single_reads)."""

    __slots__ = ()
    _cursor_cls = OneTripCursor

    def commit(self) -> None:
        if self._open():
            super().commit()

    def rollback(self) -> None:
        if self._open():
            super().rollback()

    def _open(self) -> bool:
        """Read on the event loop, without a trip (aiosqlite's ``in_transaction`` asks the sqlite3 object)."""
        driver = cast(aiosqlite.Connection, self._connection)
        return driver._connection is not None and driver.in_transaction


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The DBAPI module handed to ``create_async_engine(module=...)``: connections with one-trip cursors."""

    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        return OneTripConnection(self, super().connect(*arg, **kw)._connection)


def one_trip_dbapi() -> OneTripDBAPI:
    return OneTripDBAPI(aiosqlite, sqlite3)
