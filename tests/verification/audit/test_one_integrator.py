"""One integrator candidate for both logs (ADR 0013): the leader integrates production's and
the sandbox's log in turn, each with its own head and checkpoints, under one advisory lock on
one connection; when that connection dies the other process's one candidate takes over both
logs."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from tests.conftest import real_postgres_database
from verification.audit.checkpoint import parse_and_verify
from verification.audit.log import check_chain, recording_to
from verification.audit.models import PRODUCTION, SANDBOX, Stream
from verification.audit.sequencer import INTEGRATOR_APPLICATION, INTEGRATOR_LOCK
from verification.audit.tree import latest_checkpoint
from verification.cli import migrate_database
from verification.runtime import Runtime
from verification.settings import Settings


def _settings(url: str, data_dir: Path) -> Settings:
    return Settings(
        database_url=url,
        data_dir=data_dir,
        audit_integrate_poll_seconds=0.02,
        checkpoint_interval_seconds=0.2,
        audit_integrator_retry_seconds=0.2,
    )


@contextlib.contextmanager
def _database(backend: str, directory: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{directory / 'one.db'}"
    else:
        with real_postgres_database() as url:
            yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    with _database(request.param, tmp_path) as url:
        settings = _settings(url, tmp_path / "data")
        migrate_database(settings)
        yield settings


@contextlib.asynccontextmanager
async def _runtime(settings: Settings) -> AsyncIterator[Runtime]:
    runtime = Runtime.build(settings)
    try:
        yield runtime
    finally:
        await runtime.aclose()


async def _wait_for(condition: Callable[[], object], deadline: float) -> None:
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "not within the deadline"
        await asyncio.sleep(0.02)


async def _eventually(runtime: Runtime, check: Callable[[], object], deadline: float) -> None:
    end = time.monotonic() + deadline
    while not await check():  # type: ignore[misc]
        assert time.monotonic() < end, "not within the deadline"
        await asyncio.sleep(0.05)


async def _record(runtime: Runtime, stream: Stream, n: int) -> None:
    with recording_to(stream):
        await runtime.audit.record([{"action": "one_integrator_test", "n": n}])


async def _state(runtime: Runtime, stream: Stream) -> tuple[int, int, int | None]:
    """(pending, integrated, latest checkpoint's size) of ``stream``'s log."""
    async with runtime.read_session_factory() as session:
        pending = await session.scalar(select(func.count()).select_from(stream.pending))
        events = await session.scalar(select(func.count()).select_from(stream.events))
        row = await latest_checkpoint(session, stream)
    return int(pending or 0), int(events or 0), None if row is None else row.size


async def _integrated_and_signed(runtime: Runtime, stream: Stream, size: int) -> bool:
    return await _state(runtime, stream) == (0, size, size)


async def test_one_candidate_integrates_and_signs_both_logs(settings: Settings) -> None:
    async with _runtime(settings) as runtime:
        task = asyncio.create_task(runtime.run_integrators())
        try:
            await _wait_for(lambda: runtime.integrator.leader, 10)
            for n in range(3):
                await _record(runtime, PRODUCTION, n)
            for n in range(2):
                await _record(runtime, SANDBOX, n)
            for stream, size in ((PRODUCTION, 3), (SANDBOX, 2)):
                await _eventually(
                    runtime, lambda s=stream, z=size: _integrated_and_signed(runtime, s, z), 30
                )
            key = runtime.audit_key.public_key()
            async with runtime.read_session_factory() as session:
                for stream in (PRODUCTION, SANDBOX):
                    chain = await check_chain(session, stream=stream)
                    assert (chain.first_bad_seq, chain.problem) == (None, None)
                    row = await latest_checkpoint(session, stream)
                    assert row is not None
                    origin = runtime.audit_origin(stream)
                    # each log's checkpoint names its own origin and verifies with its key
                    signed = parse_and_verify(row.note, origin, key, origin=origin)
                    assert signed.size == row.size
            assert runtime.audit_origin(SANDBOX) != runtime.audit_origin(PRODUCTION)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)


_ADVISORY = (
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)


async def _candidates(runtime: Runtime) -> set[int]:
    """The server processes of the integrator candidates' connections."""
    async with runtime.read_session_factory() as session:
        found = await session.scalars(
            text(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND application_name = :name"
            ),
            {"name": INTEGRATOR_APPLICATION},
        )
        return set(found)


@pytest.fixture
def pg_settings(tmp_path: Path) -> Iterator[Settings]:
    with real_postgres_database() as url:
        settings = _settings(url, tmp_path / "data")
        migrate_database(settings)
        yield settings


async def test_one_lock_and_the_next_leader_takes_both_logs(pg_settings: Settings) -> None:
    async with _runtime(pg_settings) as first, _runtime(pg_settings) as second:
        tasks = [asyncio.create_task(first.run_integrators())]
        try:
            await _wait_for(lambda: first.integrator.leader, 10)
            tasks.append(asyncio.create_task(second.run_integrators()))
            async with first.read_session_factory() as session:
                # one advisory lock in all: the leader's one candidate, for both logs
                assert await session.scalar(text(_ADVISORY)) == 1
            assert not second.integrator.leader
            # the follower asks for the lock every retry (0.2 s) on one connection of its
            # own, kept: the same server process over several tries, not a new one each time
            seen = [await _candidates(first) for _ in range(2) if not await asyncio.sleep(0.7)]
            assert len(seen[0]) == 2 and seen[0] == seen[1], seen  # the leader's, the follower's
            async with first.read_session_factory() as session:
                killed = await session.scalar(
                    text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_locks "
                        "WHERE locktype = 'advisory' AND granted "
                        "AND database = (SELECT oid FROM pg_database "
                        "WHERE datname = current_database()) "
                        "AND ((classid::bigint << 32) | objid::bigint) = :key"
                    ),
                    {"key": INTEGRATOR_LOCK},
                )
            assert killed == 1
            # its process is gone with it (as when it is killed): the first candidate does not
            # try again, which it could do before the second, winning the lock back
            tasks[0].cancel()
            await asyncio.gather(tasks[0], return_exceptions=True)
            assert not first.integrator.leader
            await _wait_for(lambda: second.integrator.leader, 30)
            await _record(first, SANDBOX, 0)
            await _record(first, PRODUCTION, 0)
            for stream in (PRODUCTION, SANDBOX):
                await _eventually(first, lambda s=stream: _integrated_and_signed(first, s, 1), 30)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
