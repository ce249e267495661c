"""The audit sequencer on real databases (SQLite and PostgreSQL, no stand-ins): writers record
without waiting for each other or for an integration, the integrated log is the tree the
old appends made (chain, Merkle nodes, checkpoints, an export verified offline), two
integrators at once stay correct, leadership passes when the leader's connection dies, and
an integrator killed with SIGKILL at random moments, again and again, loses and duplicates
nothing."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import signal
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from tests.conftest import real_postgres_database
from tests.verification.audit.naive import NaiveTree
from tests.verification.processes import VERIFICATION
from verification.audit import merkle
from verification.audit.checkpoint import parse_and_verify, verifier_key
from verification.audit.integrity import verify_stored_log
from verification.audit.log import append_events, check_chain
from verification.audit.models import AuditCheckpoint, AuditEvent, AuditHead, AuditPending
from verification.audit.offline import verify_export
from verification.audit.sequencer import INTEGRATOR_LOCK
from verification.audit.tree import issue_checkpoint, latest_checkpoint, tree_root
from verification.audit_api.endpoints import export_lines
from verification.cli import migrate_database
from verification.runtime import Runtime
from verification.settings import Settings

BACKENDS = ["sqlite", "postgresql"]


def _settings(url: str, data_dir: Path, **overrides: object) -> Settings:
    return Settings(
        database_url=url,
        data_dir=data_dir,
        audit_integrate_poll_seconds=0.02,
        checkpoint_interval_seconds=0.2,
        audit_integrator_retry_seconds=0.2,
        **overrides,  # type: ignore[arg-type]
    )


@contextlib.contextmanager
def _database(backend: str, directory: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{directory / 'sequencer.db'}"
    else:
        with real_postgres_database() as url:
            yield url


@pytest.fixture(params=BACKENDS)
def log_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """An empty migrated database of this test's own, on each database."""
    with _database(request.param, tmp_path) as url:
        settings = _settings(url, tmp_path / "data")
        migrate_database(settings)
        yield settings


@pytest.fixture
def pg_settings(tmp_path: Path) -> Iterator[Settings]:
    with real_postgres_database() as url:
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


async def _count(runtime: Runtime, model: type) -> int:
    async with runtime.read_session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _logged_markers(runtime: Runtime, action: str) -> Counter[int]:
    async with runtime.read_session_factory() as session:
        bodies = (
            await session.execute(select(AuditEvent.body).where(AuditEvent.action == action))
        ).scalars()
        return Counter(json.loads(body)["n"] for body in bodies)


async def _assert_log_verifies(runtime: Runtime) -> int:
    """The chain, the stored tree, every checkpoint and an offline-verified export; the
    log's size."""
    settings = runtime.settings
    async with runtime.read_session_factory() as session:
        chain = await check_chain(session)
        assert (chain.first_bad_seq, chain.problem) == (None, None)
        size = chain.size
        bodies = (
            (await session.execute(select(AuditEvent.body).order_by(AuditEvent.seq)))
            .scalars()
            .all()
        )
        naive = NaiveTree([merkle.leaf_hash(body.encode()) for body in bodies])
        assert await tree_root(session, size) == naive.root(size)
        head = await session.get(AuditHead, 1)
        assert head is not None and head.size == size
        key = runtime.audit_key.public_key()
        for row in (await session.execute(select(AuditCheckpoint))).scalars():
            signed = parse_and_verify(row.note, settings.audit_origin, key)
            assert signed.root == naive.root(signed.size)  # every checkpoint is of this log
    assert await issue_checkpoint(runtime.transaction, runtime.audit_key, settings.audit_origin)
    stored = await verify_stored_log(settings.database_url, key, settings.audit_origin)
    assert (stored.size, stored.problem, stored.checkpoint_size) == (size, None, size)
    async with runtime.read_session_factory() as session:
        checkpoint = await latest_checkpoint(session)
    assert checkpoint is not None
    lines = [chunk async for chunk in export_lines(runtime, size)]
    verified = verify_export(
        b"".join(lines).splitlines(keepends=True),
        checkpoint.note,
        verifier_key(settings.audit_origin, key),
    )
    assert (verified.ok, verified.size_checked, verified.problem) == (True, size, None)
    return size


# ------------------------------------------------------------- writers wait for nobody


async def test_recording_waits_for_no_open_writer_nor_an_integration(pg_settings: Settings) -> None:
    """PostgreSQL: with one writer's transaction open (its entry recorded, uncommitted) and
    an integration holding the head's lock, a second writer records and commits at once.
    The entry committed first is integrated first, though its id is higher; the other one
    follows when it commits: the log's order is the integration's, no id is skipped."""
    async with _runtime(pg_settings) as runtime:
        async with runtime.transaction() as open_writer:
            [slow] = await append_events(open_writer, [{"action": "order_test", "n": 0}])
            async with runtime.session_factory() as integration, integration.begin():
                await integration.execute(
                    select(AuditHead.size).where(AuditHead.id == 1).with_for_update()
                )
                # both locks are held until after this block: a recording that waited for
                # either would run into the timeout (no stopwatch: a loaded machine is slow)
                async with asyncio.timeout(5):
                    [fast] = await runtime.audit.record([{"action": "order_test", "n": 1}])
            assert fast > slow
            assert await runtime.drain() == 1  # the committed one; the other is invisible
        assert await runtime.drain() == 1
        async with runtime.read_session_factory() as session:
            order = (
                await session.execute(select(AuditEvent.pending_id).order_by(AuditEvent.seq))
            ).scalars()
            assert list(order) == [fast, slow]
        await _assert_log_verifies(runtime)


# ------------------------------------------------- the integrated log is the same tree


async def test_integration_builds_the_tree_the_appends_did(log_settings: Settings) -> None:
    """Entries recorded in transactions of 1 to 9, integrated in batches of 7: the chain,
    every stored node, the head, every checkpoint and an export verified offline; each body
    is its event with its ``seq`` and the ``at`` it was recorded at."""
    rng = random.Random(17)
    settings = log_settings.model_copy(update={"audit_integrate_batch": 7})
    async with _runtime(settings) as runtime:
        recorded: list[dict[str, object]] = []
        for round_ in range(12):
            for _ in range(rng.randint(1, 4)):
                events = [
                    {"action": "tree_test", "n": len(recorded) + i, "note": '韦 "seq":1'}
                    for i in range(rng.randint(1, 9))
                ]
                await runtime.audit.record(events)
                recorded += events
            async with runtime.read_session_factory() as session:
                pending = {
                    row.id: row for row in (await session.execute(select(AuditPending))).scalars()
                }
            await runtime.drain(checkpoint=round_ % 3 == 0)
            async with runtime.read_session_factory() as session:
                moved = (
                    await session.execute(
                        select(AuditEvent).where(AuditEvent.pending_id.in_(pending))
                    )
                ).scalars()
                for row in moved:
                    entry = pending[row.pending_id]
                    body = json.loads(row.body)
                    assert body["seq"] == row.seq and row.recorded_at == entry.recorded_at
                    assert body["at"] == entry.recorded_at.isoformat(timespec="microseconds")
        assert await _count(runtime, AuditPending) == 0
        markers = await _logged_markers(runtime, "tree_test")
        assert markers == Counter(range(len(recorded)))
        assert await _assert_log_verifies(runtime) == len(recorded)


# ------------------------------------------------------ two integrators at once


async def test_two_integrators_racing_integrate_each_entry_once(log_settings: Settings) -> None:
    """Two processes' integrators (runtimes of their own) drain over and over while writers
    record: each entry is in the log once, and the log verifies."""
    settings = log_settings.model_copy(update={"audit_integrate_batch": 5})
    async with _runtime(settings) as first, _runtime(settings) as second:
        writing = True

        async def write() -> None:
            nonlocal writing
            for n in range(0, 300, 3):
                await first.audit.record([{"action": "race_test", "n": n + k} for k in range(3)])
                await asyncio.sleep(0)
            writing = False

        async def integrate(runtime: Runtime) -> None:
            while writing:
                await runtime.drain()
                await asyncio.sleep(0.001)

        await asyncio.gather(write(), integrate(first), integrate(second))
        await asyncio.gather(first.drain(), second.drain())
        assert await _count(first, AuditPending) == 0
        assert await _logged_markers(first, "race_test") == Counter(range(300))
        await _assert_log_verifies(first)


# ------------------------------------------------ leadership passes with the connection


async def _wait_for(condition: object, seconds: float) -> float:
    started = time.monotonic()
    while not condition():  # type: ignore[operator]
        if time.monotonic() - started > seconds:
            raise AssertionError(f"not within {seconds} s")
        await asyncio.sleep(0.02)
    return time.monotonic() - started


async def test_checkpoints_signed_at_once_by_several_processes_all_succeed(
    log_settings: Settings,
) -> None:
    """An auditor's checkpoint and the integrator's (or several auditors') for the same size
    at the same moment: each caller gets the checkpoint, one is stored (the CI run of
    2026-12-06 met the race on PostgreSQL as a duplicate key)."""
    async with _runtime(log_settings) as first, _runtime(log_settings) as second:
        for size in (1, 5, 12):
            while await _log_size(first) < size:
                await first.audit.record([{"action": "checkpoint_race", "size": size}])
                await first.drain()
            rows = await asyncio.gather(
                *(
                    issue_checkpoint(runtime.transaction, runtime.audit_key, "race/test")
                    for runtime in (first, second) * 4
                )
            )
            assert {row.size for row in rows if row is not None} == {size}
            async with first.read_session_factory() as session:
                stored = await session.scalar(
                    select(func.count())
                    .select_from(AuditCheckpoint)
                    .where(AuditCheckpoint.size == size)
                )
            assert stored == 1


async def _log_size(runtime: Runtime) -> int:
    async with runtime.read_session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(AuditEvent)) or 0)


async def test_leadership_passes_when_the_leaders_connection_dies(pg_settings: Settings) -> None:
    async with _runtime(pg_settings) as first, _runtime(pg_settings) as second:
        tasks = [asyncio.create_task(first.integrator.run())]
        try:
            await _wait_for(lambda: first.integrator.leader, 5)
            tasks.append(asyncio.create_task(second.integrator.run()))
            await asyncio.sleep(0.5)  # a few tries: the lock is held
            assert not second.integrator.leader
            await first.audit.record([{"action": "leader_test", "n": 0}])
            async with first.read_session_factory() as session:
                # the leader's lock connection ends, as when its process is killed
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
            # the candidates retry every 0.2 s (audit_integrator_retry_seconds); the bound is
            # for a loaded machine (pytest -n), not a measure: a candidate that never
            # retried, or waited for a TCP timeout, would not lead within it
            await _wait_for(lambda: second.integrator.leader, 15)
            await _wait_for(lambda: not first.integrator.leader, 15)
            await first.audit.record([{"action": "leader_test", "n": 1}])  # the new leader polls
            for _ in range(100):
                if await _count(first, AuditPending) == 0:
                    break
                await asyncio.sleep(0.05)
            assert await _logged_markers(first, "leader_test") == Counter([0, 1])
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        await _assert_log_verifies(first)


# ------------------------------------------------------------------- kill -9

WRITER = """
import asyncio, sys, time
from verification.runtime import Runtime
from verification.settings import Settings

first, count = int(sys.argv[1]), int(sys.argv[2])


async def main() -> None:
    runtime = Runtime.build(Settings())
    try:
        for n in range(first, first + count, 4):
            await runtime.audit.record(
                [{"action": "kill_test", "n": k} for k in range(n, min(n + 4, first + count))]
            )
            await asyncio.sleep(0.002)
    finally:
        await runtime.aclose()


asyncio.run(main())
"""


async def test_an_integrator_killed_at_random_moments_loses_and_duplicates_nothing(
    log_settings: Settings,
) -> None:
    """A database holding 3,000 pending entries, a writer process recording 800 more, and an
    integrator process (``verification audit integrate --follow``, 10 entries a transaction)
    SIGKILLed at a random moment of its integrating, six times, started again each time;
    then one more drains.  Every entry is in the log exactly once, nothing is pending, the
    chain, the tree and every checkpoint verify."""
    prefilled, written, kills, batch = 3000, 800, 6, 10
    rng = random.Random()
    settings = log_settings.model_copy(update={"audit_integrate_batch": batch})
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")} | {
        "VERIFICATION_DATABASE_URL": settings.database_url,
        "VERIFICATION_DATA_DIR": str(settings.data_dir),
        "VERIFICATION_AUDIT_INTEGRATE_BATCH": str(batch),
        "VERIFICATION_AUDIT_INTEGRATE_POLL_SECONDS": "0.02",
        "VERIFICATION_CHECKPOINT_INTERVAL_SECONDS": "0.1",
        "VERIFICATION_AUDIT_INTEGRATOR_RETRY_SECONDS": "0.2",
        "VERIFICATION_LOG_LEVEL": "WARNING",
    }
    quiet = {"stdout": asyncio.subprocess.DEVNULL, "stderr": asyncio.subprocess.DEVNULL}
    async with _runtime(settings) as runtime:  # makes the keys before the processes
        for n in range(0, prefilled, 100):
            await runtime.audit.record([{"action": "kill_test", "n": k} for k in range(n, n + 100)])
        writer = await asyncio.create_subprocess_exec(
            sys.executable, "-c", WRITER, str(prefilled), str(written),
            env=env, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        sizes: list[int] = []
        try:
            for _ in range(kills):
                before = await _count(runtime, AuditEvent)
                integrator = await asyncio.create_subprocess_exec(
                    str(VERIFICATION), "audit", "integrate", "--follow", env=env, **quiet
                )
                try:
                    # once it integrates, at a random moment of its work
                    await _wait_for_growth(runtime, before, integrator)
                    await asyncio.sleep(rng.uniform(0, 0.2))
                finally:
                    integrator.send_signal(signal.SIGKILL)
                    await asyncio.wait_for(integrator.wait(), 30)
                assert integrator.returncode == -signal.SIGKILL
                sizes.append(await _count(runtime, AuditEvent))
            _, stderr = await asyncio.wait_for(writer.communicate(), 120)
            assert writer.returncode == 0, stderr.decode()
        finally:
            if writer.returncode is None:
                writer.kill()
                await writer.wait()
        assert sizes == sorted(sizes)
        busy = [size for size in sizes if size < prefilled + written]
        assert len(busy) >= 3, sizes  # killed while it had work, mid-transaction or not
        drain = await asyncio.create_subprocess_exec(
            str(VERIFICATION), "audit", "integrate", env=env, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        output, _ = await asyncio.wait_for(drain.communicate(), 120)
        assert drain.returncode == 0, output.decode()
        assert await _count(runtime, AuditPending) == 0
        markers = await _logged_markers(runtime, "kill_test")
        assert markers == Counter(range(prefilled + written))  # each once
        assert await _count(runtime, AuditCheckpoint) > 1
        assert await _assert_log_verifies(runtime) == prefilled + written


async def _wait_for_growth(
    runtime: Runtime, before: int, process: asyncio.subprocess.Process
) -> None:
    for _ in range(1500):  # 30 s: the process starts, then integrates
        assert process.returncode is None, "the integrator stopped by itself"
        if await _count(runtime, AuditEvent) > before or not await _count(runtime, AuditPending):
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the integrator integrated nothing")
