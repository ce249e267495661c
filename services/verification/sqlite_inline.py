"""SQLite on the event loop's own thread, behind SQLAlchemy's aiosqlite dialect.

aiosqlite runs each connection in a thread of its own and hands every call to
it through a queue: a cursor, its ``execute``, its ``fetchall`` and its
``close`` are four round trips between threads per statement, each a queue put,
a GIL hand-over and a wake-up of the event loop through its self-pipe.  A
re-verification issues about 30 statements, so that hand-over cost more CPU
than the statements themselves (about 130 hops and 10 ms an item here).

An SQLite statement of this service takes microseconds, so running it on the
loop's thread is cheaper than any hand-over.  The one thing that may take long
is waiting for another *process's* write lock; that wait must not block the
loop.  So the connection runs with ``busy_timeout = 0`` and a statement that
meets ``SQLITE_BUSY`` is retried after an ``asyncio.sleep`` backoff (1 ms
doubling to 50 ms), for up to the connector's ``busy_timeout`` seconds.  Within
one process writers already queue on an asyncio lock (``db.Transactions``), so
the retry only ever waits for others.  Retrying is sound because every writer
begins with ``BEGIN IMMEDIATE``: a deferred transaction that has read and then
meets ``SQLITE_BUSY`` on a write could never get the lock by waiting.

The price: a statement that does take long (a scan of a large table) holds the
loop for its duration.  This service's statements are indexed and paged.

The classes mimic the part of aiosqlite's interface that SQLAlchemy's adapter
uses; ``db.create_engine`` passes ``inline_connector(url)`` as the engine's
``async_creator``.  sqlite3's own exceptions are raised, which are the ones
aiosqlite re-exports, so the dialect's error handling is unchanged.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import make_url

T = TypeVar("T")

_BACKOFF_START = 0.001
_BACKOFF_MAX = 0.05


def _is_busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_BUSY, getattr(sqlite3, "SQLITE_BUSY_SNAPSHOT", -1)) or (
        code is None and "database is locked" in str(error)
    )


async def _patiently(call: Callable[[], T], patience: float) -> T:
    """``call()``, retried after a growing sleep while the database is locked by another
    process; the last ``SQLITE_BUSY`` is raised after ``patience`` seconds."""
    deadline = time.monotonic() + patience
    delay = _BACKOFF_START
    while True:
        try:
            return call()
        except sqlite3.OperationalError as error:
            if not _is_busy(error) or time.monotonic() >= deadline:
                raise
        await asyncio.sleep(delay)
        delay = min(delay * 2, _BACKOFF_MAX)


class InlineCursor:
    """An aiosqlite-shaped cursor whose calls run at once on the calling thread."""

    def __init__(self, cursor: sqlite3.Cursor, busy_timeout: float) -> None:
        self._cursor = cursor
        self._busy_timeout = busy_timeout

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        params = () if parameters is None else parameters
        await _patiently(lambda: self._cursor.execute(sql, params), self._busy_timeout)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> InlineCursor:
        rows = list(parameters)
        await _patiently(lambda: self._cursor.executemany(sql, rows), self._busy_timeout)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class _RunNow:
    """Stands in for aiosqlite's request queue, which SQLAlchemy's adapter uses
    directly to set the isolation level: the function runs at once."""

    def put_nowait(self, item: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as error:  # handed to the awaiting caller, as aiosqlite does
            future.set_exception(error)
        else:
            future.set_result(result)


class InlineConnection:
    """An aiosqlite-shaped connection over a plain ``sqlite3.Connection``."""

    def __init__(self, connection: sqlite3.Connection, busy_timeout: float) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection
        self._busy_timeout = busy_timeout
        self._tx = _RunNow()

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor(), self._busy_timeout)

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction

    async def commit(self) -> None:
        await _patiently(self._conn.commit, self._busy_timeout)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def inline_connector(url: str, busy_timeout: float) -> Callable[[], Awaitable[InlineConnection]]:
    """An ``async_creator`` for ``create_async_engine``: connections to the SQLite
    database of ``url`` (a ``sqlite+aiosqlite`` URL) that run on the loop's thread."""
    args, kwargs = SQLiteDialect_pysqlite().create_connect_args(make_url(url))
    kwargs = {**kwargs, "timeout": 0, "check_same_thread": False, "isolation_level": None}

    async def connect() -> InlineConnection:
        connection: sqlite3.Connection = sqlite3.connect(*args, **kwargs)  # type: ignore[call-overload]
        return InlineConnection(connection, busy_timeout)

    return connect
