"""A procrastinate job runs several items at once (``review_items``): every item runs, and
the job fails (to be retried whole) if any item raised; cancelling the job cancels it."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from verification.batches import jobs

BATCH = uuid.uuid4()
ITEMS = [uuid.uuid4() for _ in range(4)]


async def test_every_item_runs_and_a_failed_one_fails_the_job(monkeypatch) -> None:
    ran: list[uuid.UUID] = []

    async def review_item(_runtime: Any, batch_id: uuid.UUID, household_id: uuid.UUID) -> str:
        assert batch_id == BATCH
        await asyncio.sleep(0.01 * ITEMS.index(household_id))
        ran.append(household_id)
        if household_id == ITEMS[1]:
            raise RuntimeError("agency down")
        return "done"

    monkeypatch.setattr(jobs, "review_item", review_item)
    with pytest.raises(ExceptionGroup, match="1 of 4 items of the job failed") as failed:
        await jobs.review_items(None, BATCH, ITEMS)  # type: ignore[arg-type]
    assert sorted(ran) == sorted(ITEMS)  # the failure stopped none of the others
    assert [str(e) for e in failed.value.exceptions] == ["agency down"]


async def test_a_job_whose_items_all_end_succeeds(monkeypatch) -> None:
    async def review_item(_runtime: Any, _batch: uuid.UUID, household_id: uuid.UUID) -> str:
        return "already" if household_id == ITEMS[0] else "done"

    monkeypatch.setattr(jobs, "review_item", review_item)
    assert await jobs.review_items(None, BATCH, ITEMS) is None  # type: ignore[arg-type]


async def test_cancelling_a_job_cancels_it_rather_than_failing_it(monkeypatch) -> None:
    started = asyncio.Event()

    async def review_item(_runtime: Any, _batch: uuid.UUID, _household: uuid.UUID) -> str:
        started.set()
        await asyncio.sleep(30)
        return "done"

    monkeypatch.setattr(jobs, "review_item", review_item)
    task = asyncio.create_task(jobs.review_items(None, BATCH, ITEMS))  # type: ignore[arg-type]
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
