"""The guard that lets a pending audit entry leave ``audit_pending`` only into the log
(a statement trigger on PostgreSQL) stays an index probe an entry as the log grows, in a
session that has integrated since the log was nearly empty — the integrator's session of a
new deployment, or of the sandbox's log.  PL/pgSQL kept the plan of its check from the first
run: a nested loop over the whole log (``rows=7``), so that every integration of that
session read the whole log, each entry compared with each (docs/benchmarks.md, History,
2026-12-07 11:00).  Migration 0033 has the check planned each time.

Counted in scans, not timed: the backend's own statistics say whether the integration read
the log whole."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from tests.conftest import real_postgres_database
from verification.audit.log import append_events, integrate_pending
from verification.cli import migrate_database
from verification.db import create_engine, create_session_factory
from verification.settings import Settings

GROWN_TO = 2_000  # entries in the log when the last integration runs


async def _integrate(engine: AsyncEngine, entries: int) -> None:
    sessions = create_session_factory(engine)
    async with sessions() as session, session.begin():
        await append_events(session, [{"action": "plan_test", "n": n} for n in range(entries)])
    async with sessions() as session, session.begin():
        await integrate_pending(session)


async def _scans(session: AsyncSession) -> tuple[int, int]:
    """(sequential, index) scans of ``audit_events`` the backend counted and not yet
    flushed."""
    row = (
        await session.execute(
            text(
                "SELECT seq_scan, coalesce(idx_scan, 0) FROM pg_stat_xact_user_tables "
                "WHERE relname = 'audit_events'"
            )
        )
    ).one()
    return int(row[0]), int(row[1])


async def _log_scans_of_a_later_integration(url: str) -> tuple[int, int]:
    """(sequential scans of ``audit_events``, index scans) in the transaction of an
    integration made by a session that first integrated into a nearly empty log."""
    first = create_engine(url, pool_size=1)
    try:
        await _integrate(first, 7)  # a log of a few entries: one page
    finally:
        await first.dispose()
    engine = create_engine(url, pool_size=1)  # one connection: the one that keeps plans
    sessions = create_session_factory(engine)
    try:
        # this session's first run of the guard, on that log: PL/pgSQL planned a scan of
        # the whole log (a hash or a nested-loop anti join) and kept it
        await _integrate(engine, 10)
        for _ in range(GROWN_TO // 500):
            await _integrate(engine, 500)
        async with sessions() as session, session.begin():
            await append_events(session, [{"action": "plan_test", "n": n} for n in range(10)])
        async with sessions() as session, session.begin():
            # the backend's counts not yet flushed (PostgreSQL 15 holds a second of them,
            # earlier transactions' included): what the integration adds is the difference
            before = await _scans(session)
            integrated = await integrate_pending(session)
            assert len(integrated.entries) == 10
            after = await _scans(session)
        seq, idx = after[0] - before[0], after[1] - before[1]
        return int(seq), int(idx)
    finally:
        await engine.dispose()


def test_the_guard_does_not_read_the_whole_log_of_a_long_session(tmp_path) -> None:
    with real_postgres_database() as url:
        migrate_database(Settings(database_url=url, data_dir=tmp_path))
        seq, idx = asyncio.run(_log_scans_of_a_later_integration(url))
    assert seq == 0, f"the delete guard read the whole log {seq} time(s) in one integration"
    assert idx >= 1  # it looked the entries up
