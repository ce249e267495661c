"""Group commit: concurrent units share one transaction and one audit append; a unit
that fails is rolled back alone; a failed group stores nothing; on the suite's database
(SQLite, or PostgreSQL in the PG run)."""

from __future__ import annotations

import asyncio
import os
import uuid
from typing import Any

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import PG_ENV
from verification.audit.committer import (
    GroupCommit,
    GroupCommitError,
    OwnTransaction,
    is_conflict,
)
from verification.audit.log import AuditRef, check_chain
from verification.audit.models import AuditEvent
from verification.clients.models import ApiClient


class UnitError(Exception):
    pass


def _unit(
    marker: str, number: int, *, fail: bool = False, sessions: set[uuid.UUID] | None = None
) -> Any:
    """Writes one client row named after it and returns one audit event; raises after
    its write when ``fail``; adds a tag of its session (one per transaction) to
    ``sessions``."""

    async def unit(session: AsyncSession) -> tuple[int, list[dict[str, Any]]]:
        if sessions is not None:
            sessions.add(session.info.setdefault("test_tag", uuid.uuid4()))
        session.add(
            ApiClient(
                name=f"{marker}-{number}",
                role="case_system",
                token_hash=uuid.uuid4().hex,
                issuers=[],
                region_prefixes=[],
            )
        )
        await session.flush()
        if fail:
            raise UnitError(f"unit {number} failed")
        return number, [{"action": "committer_test", "marker": marker, "unit": number}]

    return unit


def _metric(name: str) -> float:
    return REGISTRY.get_sample_value(name) or 0.0


async def _stored(api: Any, marker: str) -> tuple[list[str], list[str]]:
    """The client rows (names, sorted: a row written twice shows twice) and the audit
    bodies of the units marked ``marker``."""
    async with api.runtime.read_session_factory() as session:
        names = sorted(
            (
                await session.execute(
                    select(ApiClient.name).where(ApiClient.name.startswith(f"{marker}-"))
                )
            ).scalars()
        )
        bodies = [
            row.body
            for row in (
                await session.execute(select(AuditEvent).order_by(AuditEvent.seq))
            ).scalars()
            if f'"marker":"{marker}"' in row.body
        ]
    return names, bodies


async def test_concurrent_units_share_a_transaction_and_one_append(api: Any) -> None:
    marker = uuid.uuid4().hex
    group = GroupCommit(api.runtime.transaction, max_units=8)
    sessions: set[uuid.UUID] = set()
    groups_before = _metric("group_commit_units_count")
    units_before = _metric("group_commit_units_sum")
    results = await asyncio.gather(*(group(_unit(marker, n, sessions=sessions)) for n in range(20)))
    # all 20 queued before the writer started: groups of 8, 8 and 4
    assert len(sessions) == 3
    assert _metric("group_commit_units_count") - groups_before == 3
    assert _metric("group_commit_units_sum") - units_before == 20
    assert [value for value, _ in results] == list(range(20))
    seqs = [refs[0].seq for _, refs in results]
    assert all(len(refs) == 1 for _, refs in results)
    assert seqs == sorted(seqs) and len(set(seqs)) == 20
    names, bodies = await _stored(api, marker)
    assert names == sorted(f"{marker}-{n}" for n in range(20))
    assert [f'"unit":{n}' in body for n, body in enumerate(bodies)] == [True] * 20
    async with api.runtime.read_session_factory() as session:
        assert (await check_chain(session)).problem is None


async def test_a_failing_unit_is_rolled_back_alone(api: Any) -> None:
    """The group runs without savepoints; unit 2 fails it, so units 0 and 1 run again
    with 3, 4 and 5, each in a savepoint, in a second transaction, where unit 4 fails and
    is rolled back to its savepoint alone; what 0 and 1 wrote the first time is gone."""
    marker = uuid.uuid4().hex
    group = GroupCommit(api.runtime.transaction, max_units=8)
    sessions: set[uuid.UUID] = set()
    outcomes = await asyncio.gather(
        *(group(_unit(marker, n, fail=n in (2, 4), sessions=sessions)) for n in range(6)),
        return_exceptions=True,
    )
    assert isinstance(outcomes[2], UnitError)  # its own exception, as raised
    assert isinstance(outcomes[4], UnitError)
    assert [o[0] for i, o in enumerate(outcomes) if i not in (2, 4)] == [0, 1, 3, 5]  # type: ignore[index]
    assert len(sessions) == 2  # the failed try and the one that committed
    names, bodies = await _stored(api, marker)
    assert names == sorted(f"{marker}-{n}" for n in (0, 1, 3, 5))
    assert len(bodies) == 4


async def test_a_lone_unit_fails_with_its_own_exception(api: Any) -> None:
    marker = uuid.uuid4().hex
    group = GroupCommit(api.runtime.transaction, max_units=8)
    with pytest.raises(UnitError):
        await group(_unit(marker, 0, fail=True))
    assert await _stored(api, marker) == ([], [])


async def test_a_failed_group_stores_nothing_and_tells_every_caller(api: Any) -> None:
    """An event that cannot be serialized fails the group's append: every caller gets an
    exception of its own caused by that failure, and none of the units' writes is kept."""
    marker = uuid.uuid4().hex
    group = GroupCommit(api.runtime.transaction, max_units=8)

    async def poisoned(session: AsyncSession) -> tuple[int, list[dict[str, Any]]]:
        value, events = await _unit(marker, 99)(session)
        return value, [{**events[0], "not_json": object()}]

    async with api.runtime.read_session_factory() as session:
        size_before = (await session.execute(select(func.count(AuditEvent.seq)))).scalar_one()
    gate = asyncio.Event()

    async def first(session: AsyncSession) -> tuple[int, list[dict[str, Any]]]:
        await gate.wait()  # the others queue meanwhile and form the next group
        return -1, []

    opener = asyncio.create_task(group(first))
    await asyncio.sleep(0)
    pending = [asyncio.create_task(group(_unit(marker, n))) for n in range(3)] + [
        asyncio.create_task(group(poisoned))
    ]
    await asyncio.sleep(0)
    gate.set()
    assert await opener == (-1, [])
    outcomes = await asyncio.gather(*pending, return_exceptions=True)
    assert all(isinstance(o, GroupCommitError) for o in outcomes)
    assert all(isinstance(o.__cause__, TypeError) for o in outcomes)  # type: ignore[union-attr]
    assert len({id(o) for o in outcomes}) == 4
    assert await _stored(api, marker) == ([], [])
    async with api.runtime.read_session_factory() as session:
        size_after = (await session.execute(select(func.count(AuditEvent.seq)))).scalar_one()
    assert size_after == size_before


async def test_a_caller_cancelled_before_its_turn_is_left_out(api: Any) -> None:
    marker = uuid.uuid4().hex
    group = GroupCommit(api.runtime.transaction, max_units=8)
    gate = asyncio.Event()

    async def first(session: AsyncSession) -> tuple[int, list[dict[str, Any]]]:
        await gate.wait()
        return -1, []

    opener = asyncio.create_task(group(first))
    await asyncio.sleep(0)
    kept = asyncio.create_task(group(_unit(marker, 1)))
    dropped = asyncio.create_task(group(_unit(marker, 2)))
    await asyncio.sleep(0)
    dropped.cancel()
    gate.set()
    await opener
    value, refs = await kept
    assert value == 1 and isinstance(refs[0], AuditRef)
    with pytest.raises(asyncio.CancelledError):
        await dropped
    names, _ = await _stored(api, marker)
    assert names == [f"{marker}-1"]


async def test_own_transaction_commits_each_unit_alone(api: Any) -> None:
    marker = uuid.uuid4().hex
    own = OwnTransaction(api.runtime.transaction)
    sessions: set[uuid.UUID] = set()
    results = await asyncio.gather(*(own(_unit(marker, n, sessions=sessions)) for n in range(3)))
    assert len(sessions) == 3
    assert sorted(value for value, _ in results) == [0, 1, 2]
    names, bodies = await _stored(api, marker)
    assert len(names) == 3 and len(bodies) == 3


def test_a_group_holds_at_least_one_unit(api: Any) -> None:
    with pytest.raises(ValueError, match="at least one"):
        GroupCommit(api.runtime.transaction, max_units=0)


async def test_a_unit_whose_statement_fails_leaves_the_group_usable(api: Any) -> None:
    """A database error aborts a PostgreSQL transaction; the group's transaction is rolled
    back and the other units run again, so the failed unit takes nothing else with it."""
    marker = uuid.uuid4().hex
    group = GroupCommit(api.runtime.transaction, max_units=8)
    token = uuid.uuid4().hex

    async def duplicate(session: AsyncSession) -> tuple[int, list[dict[str, Any]]]:
        for n in (0, 1):  # the second row breaks the unique token hash
            session.add(
                ApiClient(
                    name=f"{marker}-dup{n}",
                    role="case_system",
                    token_hash=token,
                    issuers=[],
                    region_prefixes=[],
                )
            )
            await session.flush()
        return -1, []

    outcomes = await asyncio.gather(
        group(_unit(marker, 0)), group(duplicate), group(_unit(marker, 1)), return_exceptions=True
    )
    assert isinstance(outcomes[1], IntegrityError)
    names, bodies = await _stored(api, marker)
    assert names == [f"{marker}-0", f"{marker}-1"]
    assert len(bodies) == 2


async def test_a_cancelled_writer_leaves_no_caller_waiting(api: Any) -> None:
    """If the writer task is cancelled (the loop is stopping), the callers of the group
    being written and of those still queued are cancelled, not left waiting; the next
    call starts a new writer."""
    marker = uuid.uuid4().hex
    group = GroupCommit(api.runtime.transaction, max_units=1)
    gate = asyncio.Event()

    async def stuck(session: AsyncSession) -> tuple[int, list[dict[str, Any]]]:
        await gate.wait()
        return -1, []

    first = asyncio.create_task(group(stuck))
    queued = asyncio.create_task(group(_unit(marker, 1)))
    await asyncio.sleep(0.01)
    assert group._writer is not None
    group._writer.cancel()
    for task in (first, queued):
        with pytest.raises(asyncio.CancelledError):
            await task
    value, _ = await group(_unit(marker, 2))
    assert value == 2
    assert (await _stored(api, marker))[0] == [f"{marker}-2"]


@pytest.mark.skipif(
    not os.environ.get(PG_ENV),
    reason="a deadlock needs two writers at once (PostgreSQL; SQLite serializes them)",
)
async def test_a_deadlocked_group_runs_again_instead_of_failing(api: Any) -> None:
    """Two groups (as two worker processes) take the same two rows in opposite orders:
    PostgreSQL aborts one with deadlock_detected; that group is rolled back and runs
    again once the other has committed, so both callers get their results."""
    marker = uuid.uuid4().hex
    setup = GroupCommit(api.runtime.transaction, max_units=8)
    await asyncio.gather(setup(_unit(marker, 0)), setup(_unit(marker, 1)))
    locked = {"a": asyncio.Event(), "b": asyncio.Event()}
    runs: list[str] = []

    def crossing(me: str, other: str, first: int, second: int) -> Any:
        async def unit(session: AsyncSession) -> tuple[str, list[dict[str, Any]]]:
            runs.append(me)
            for step, number in enumerate((first, second)):
                await session.execute(
                    update(ApiClient)
                    .where(ApiClient.name == f"{marker}-{number}")
                    .values(region_prefixes=[me])
                )
                if step == 0:
                    locked[me].set()
                    await locked[other].wait()
            return me, [{"action": "committer_test", "marker": marker, "unit": me}]

        return unit

    conflicts_before = _metric("group_commit_conflicts_total")
    one = GroupCommit(api.runtime.transaction, max_units=8)
    two = GroupCommit(api.runtime.transaction, max_units=8)
    outcomes = await asyncio.wait_for(
        asyncio.gather(one(crossing("a", "b", 0, 1)), two(crossing("b", "a", 1, 0))), 30
    )

    assert [value for value, _ in outcomes] == ["a", "b"]
    assert sorted(runs) == ["a", "a", "b"] or sorted(runs) == ["a", "b", "b"]  # the victim twice
    assert _metric("group_commit_conflicts_total") == conflicts_before + 1
    victim = runs[-1]
    async with api.runtime.read_session_factory() as session:
        prefixes = (
            await session.execute(
                select(ApiClient.region_prefixes).where(ApiClient.name.startswith(f"{marker}-"))
            )
        ).scalars()
        assert [list(p) for p in prefixes] == [[victim], [victim]]  # it wrote last, both rows
    _, bodies = await _stored(api, marker)
    assert len(bodies) == 4  # the two setup units and one event of each crossing unit


def test_conflicts_are_the_retryable_sqlstates() -> None:
    class DriverError(Exception):
        def __init__(self, sqlstate: str | None) -> None:
            super().__init__(sqlstate)
            self.sqlstate = sqlstate

    def wrapped(sqlstate: str | None) -> DBAPIError:
        return DBAPIError("UPDATE ...", None, DriverError(sqlstate))

    assert is_conflict(wrapped("40P01"))  # deadlock_detected
    assert is_conflict(wrapped("40001"))  # serialization_failure
    assert not is_conflict(wrapped("23505"))  # unique_violation: the unit's own fault
    assert not is_conflict(wrapped(None))  # SQLite's errors carry no SQLSTATE
    assert not is_conflict(DriverError("40P01"))  # not from the database layer
