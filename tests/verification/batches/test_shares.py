"""Each worker's share of an agency's global limit, as workers join, starve and die."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import delete, update

from verification.batches.models import BatchWorker
from verification.batches.shares import SourceShares, share
from verification.runtime import Runtime
from verification.settings import Settings, SourceSettings

LIMIT = 8


def test_a_share_is_the_limit_divided_among_live_workers_and_never_zero() -> None:
    assert share(8, 1) == 8
    assert share(8, 2) == 4
    assert share(8, 3) == 2
    assert share(2, 5) == 1
    assert share(8, 0) == 8


@pytest.fixture
async def two_workers(settings: Settings) -> AsyncIterator[tuple[SourceShares, SourceShares]]:
    configured = settings.model_copy(
        update={
            "sources": {"bank": SourceSettings(max_concurrency=LIMIT)},
            "worker_share_refresh_seconds": 0.01,
            "worker_stalled_seconds": 60,
        }
    )
    configured = Settings.model_validate(configured.model_dump())
    runtimes = [Runtime.build(configured), Runtime.build(configured)]
    async with runtimes[0].transaction() as session:
        await session.execute(delete(BatchWorker))
    try:
        yield SourceShares(runtimes[0]), SourceShares(runtimes[1])
    finally:
        async with runtimes[0].transaction() as session:
            await session.execute(delete(BatchWorker))
        for runtime in runtimes:
            await runtime.aclose()


def _bank(shares: SourceShares) -> int:
    return shares._rt.limits["bank"].capacity


async def test_workers_shrink_at_once_and_grow_only_when_a_death_is_confirmed(
    two_workers: tuple[SourceShares, SourceShares],
) -> None:
    first, second = two_workers
    await first.register()
    assert _bank(first) == 1  # until a second count confirms it is alone
    await first.refresh()
    assert _bank(first) == LIMIT
    await second.register()
    await second.refresh()  # as `held` does before taking jobs
    assert _bank(second) == LIMIT // 2
    await first.refresh()  # the first shrinks on its next refresh
    assert _bank(first) == LIMIT // 2

    # the second stops heartbeating long enough to count as dead
    async with first._rt.transaction() as session:
        await session.execute(
            update(BatchWorker)
            .where(BatchWorker.id == second.worker_id)
            .values(heartbeat_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
        )
    await first.refresh()
    assert _bank(first) == LIMIT // 2  # one sighting is not enough to grow
    await first.refresh()
    assert _bank(first) == LIMIT

    # the starved worker comes back: it registers again and counts both at once
    await second.refresh()
    assert _bank(second) == LIMIT // 2
    await first.refresh()
    assert _bank(first) == LIMIT // 2
    await second.deregister()
    await first.deregister()
