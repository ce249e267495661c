"""SQLite statements run on the event loop's thread, and waiting for another
process's write lock never blocks the loop (``verification.sqlite_inline``)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import create_async_engine

from verification.db import create_engine
from verification.sqlite_inline import inline_connector


@pytest.fixture
def database(tmp_path: Path) -> str:
    path = tmp_path / "inline.db"
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
    return f"sqlite+aiosqlite:///{path}"


async def test_statements_run_on_the_loop_thread(database: str) -> None:
    engine = create_engine(database)
    threads: list[int] = []
    try:
        async with engine.connect() as connection:
            raw = await connection.get_raw_connection()
            raw.driver_connection._conn.create_function(  # type: ignore[union-attr]
                "whose_thread", 0, lambda: threads.append(threading.get_ident()) or 1
            )
            assert (await connection.execute(text("SELECT whose_thread()"))).scalar() == 1
    finally:
        await engine.dispose()
    assert threads == [threading.get_ident()]


async def test_waiting_for_another_writer_leaves_the_loop_free(database: str) -> None:
    engine = create_engine(database)
    other = sqlite3.connect(database.removeprefix("sqlite+aiosqlite:///"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
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


async def test_a_lock_held_past_the_busy_timeout_is_an_error(database: str) -> None:
    engine = create_async_engine(database, async_creator=inline_connector(database, 0.2))
    other = sqlite3.connect(database.removeprefix("sqlite+aiosqlite:///"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    try:
        async with engine.connect() as connection:
            with pytest.raises(OperationalError, match="locked"):
                await connection.exec_driver_sql("BEGIN IMMEDIATE")
        assert 0.2 <= time.monotonic() - started < 1.5
    finally:
        other.execute("ROLLBACK")
        other.close()
        await engine.dispose()


async def test_errors_and_rollback_behave_as_with_aiosqlite(database: str) -> None:
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
