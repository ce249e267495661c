"""The embedded SQLite engine: stock aiosqlite under SQLAlchemy's ``sqlite+aiosqlite``
dialect, WAL, ``BEGIN IMMEDIATE`` writers, and a wait for another connection's write lock
that leaves the event loop free and ends in a "database is locked" error after the busy
timeout (``verification.db.create_engine``)."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from verification.db import create_engine, database_unavailable


@pytest.fixture
def database(tmp_path: Path) -> str:
    path = tmp_path / "embedded.db"
    with sqlite3.connect(path) as raw:
        # as the service's first connection leaves it (switching the journal mode needs the
        # file to itself, so it cannot wait for another connection's lock)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
    return f"sqlite+aiosqlite:///{path}"


def _path(url: str) -> str:
    return url.removeprefix("sqlite+aiosqlite:///")


async def test_the_engine_runs_on_stock_aiosqlite_in_wal_mode(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'new.db'}")
    try:
        async with engine.connect() as connection:
            raw = await connection.get_raw_connection()
            assert type(raw.driver_connection) is aiosqlite.Connection
            assert (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar() == "wal"
            assert (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
            assert (await connection.exec_driver_sql("PRAGMA busy_timeout")).scalar() == 30_000
    finally:
        await engine.dispose()


async def test_a_writer_takes_the_write_lock_when_it_begins(database: str) -> None:
    """``BEGIN IMMEDIATE``: while a writer's transaction is open, another connection cannot
    begin one; a reader engine's deferred transaction reads meanwhile."""
    writer = create_engine(database)
    reader = create_engine(database, writer=False)
    try:
        async with writer.begin() as connection:
            await connection.execute(text("SELECT 1"))  # nothing written yet
            other = sqlite3.connect(_path(database), timeout=0, isolation_level=None)
            try:
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
            finally:
                other.close()
            async with reader.connect() as reading:
                assert (await reading.execute(text("SELECT count(*) FROM t"))).scalar() == 0
    finally:
        await writer.dispose()
        await reader.dispose()


@pytest.mark.serial  # a wall-clock bound: alone under pytest -n
async def test_waiting_for_another_writer_leaves_the_loop_free(database: str) -> None:
    engine = create_engine(database)
    other = sqlite3.connect(_path(database), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another connection holds the write lock
    ticks = 0
    stop = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not stop.is_set():
            await asyncio.sleep(0.01)
            ticks += 1

    async def write() -> float:
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t (id, v) VALUES (1, 'x')"))
        return time.monotonic()

    try:
        beat = asyncio.create_task(ticker())
        writing = asyncio.create_task(write())
        await asyncio.sleep(0.3)
        assert not writing.done()  # still waiting for the lock ...
        # ... while the loop kept running: a loop blocked for the wait ticks once at most
        # (ten ticks fit in 0.3 s, but a loaded machine may give fewer; speed is not the point)
        assert ticks >= 2
        released = time.monotonic()
        other.execute("COMMIT")
        finished = await asyncio.wait_for(writing, 5)
        stop.set()
        await beat
        assert finished - released < 0.5  # taken soon after it was free
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT v FROM t"))).scalar() == "x"
    finally:
        other.close()
        await engine.dispose()


@pytest.mark.serial  # a wall-clock bound: alone under pytest -n
async def test_a_lock_held_past_the_busy_timeout_is_an_unavailable_database(
    database: str,
) -> None:
    engine = create_engine(database, sqlite_busy_timeout=0.2)
    other = sqlite3.connect(_path(database), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    try:
        with pytest.raises(OperationalError, match="locked") as raised:
            async with engine.begin() as connection:
                await connection.execute(text("INSERT INTO t (id, v) VALUES (1, 'x')"))
        assert 0.2 <= time.monotonic() - started < 1.5
        assert database_unavailable(raised.value)  # a 503 for a request, a retry for a batch
    finally:
        other.execute("ROLLBACK")
        other.close()
        await engine.dispose()


async def test_errors_roll_back_the_whole_transaction(database: str) -> None:
    engine = create_engine(database)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t (id, v) VALUES (1, 'kept')"))
        with pytest.raises(IntegrityError):
            async with engine.begin() as connection:
                await connection.execute(text("INSERT INTO t (id, v) VALUES (2, 'gone')"))
                await connection.execute(text("INSERT INTO t (id, v) VALUES (1, 'dup')"))
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT id, v FROM t ORDER BY id"))).all()
        assert [tuple(r) for r in rows] == [(1, "kept")]
    finally:
        await engine.dispose()
