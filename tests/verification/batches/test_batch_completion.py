"""A batch's end: recorded once, with one ``batch.completed`` event, after its last item's
own transaction — never inside it (an item's end no longer waits for the one before) —
and by the engines' sweep when the last item's process died before its check.

A runtime of the test's own with no runner, so that nothing but the test ends items or
sweeps while it looks (the ``api`` fixture's runner sweeps too).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select

from tests.conftest import fresh_database
from tests.verification.batches.seeding import seed_households
from verification.batches import review as batch_review
from verification.batches.cancel import cancel_batch
from verification.batches.create import create_batch
from verification.batches.models import Batch, BatchItem
from verification.batches.progress import batch_progress
from verification.batches.review import complete_ended_batches, complete_if_last, review_item
from verification.batches.runner import InProcessRunner
from verification.batches.schemas import CreateBatch, DueSelection
from verification.cli import alembic_config, migrate_database
from verification.clients.models import ApiClient
from verification.db import create_engine, create_session_factory, utcnow
from verification.demo import ensure_demo
from verification.outbox.models import WebhookEvent
from verification.problems import Conflict
from verification.runtime import Runtime
from verification.settings import Settings

FAR = dt.timedelta(days=1)


class Scene:
    def __init__(self, runtime: Runtime, client: ApiClient, households: list[uuid.UUID]) -> None:
        self.runtime = runtime
        self.client = client
        self.households = households

    async def batch(self, *household_ids: uuid.UUID) -> uuid.UUID:
        """A batch of these households whose items no runner would take (leased ahead)."""
        batch_id = uuid.uuid4()
        async with self.runtime.transaction() as session:
            session.add(
                Batch(
                    id=batch_id,
                    client_id=self.client.id,
                    selection="households",
                    total=len(household_ids),
                    created_at=utcnow(),
                    created_by="test",
                )
            )
            await session.flush()
            session.add_all(
                BatchItem(batch_id=batch_id, household_id=h, lease_until=utcnow() + FAR)
                for h in household_ids
            )
        return batch_id

    async def events(self, batch_id: uuid.UUID) -> list[str]:
        async with self.runtime.read_session_factory() as session:
            found = await session.scalars(
                select(WebhookEvent.type).where(WebhookEvent.resource == f"batch:{batch_id}")
            )
            return list(found)

    async def status(self, batch_id: uuid.UUID) -> str:
        return (await batch_progress(self.runtime, self.client, batch_id)).status


@asynccontextmanager
async def opened(settings: Settings, households: int) -> AsyncIterator[Scene]:
    """A runtime of its own on ``settings``'s database, the demo client and ``households``
    enrolled households of it."""
    demo = await ensure_demo(settings)
    runtime = Runtime.build(settings)
    try:
        async with runtime.read_session_factory() as session:
            client = (
                await session.execute(select(ApiClient).where(ApiClient.name == "demo case system"))
            ).scalar_one()
        seeded = await seed_households(runtime, client, demo.key_pair, households)
        yield Scene(runtime, client, seeded)
    finally:
        await runtime.aclose()


@pytest.fixture
async def scene(settings: Settings) -> AsyncIterator[Scene]:
    async with opened(settings, 4) as scene:
        yield scene


async def test_the_last_items_ending_at_once_complete_the_batch_once(scene: Scene) -> None:
    batch_id = await scene.batch(*scene.households)
    outcomes = await asyncio.gather(
        *(review_item(scene.runtime, batch_id, h) for h in scene.households)
    )
    assert outcomes == ["done"] * len(scene.households)
    assert await scene.status(batch_id) == "completed"
    assert await scene.events(batch_id) == ["batch.completed"]
    # every check that runs once no item is open races for the one mark: one wins
    checks = await asyncio.gather(*(complete_if_last(scene.runtime, batch_id) for _ in range(8)))
    assert checks == [False] * 8  # marked already
    assert await scene.events(batch_id) == ["batch.completed"]


async def test_concurrent_checks_of_an_ended_batch_mark_it_once(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch_id = await scene.batch(*scene.households[:2])
    # the items end with no check after them, as if each process died right after its commit
    monkeypatch.setattr(batch_review, "complete_if_last", _never)
    for household_id in scene.households[:2]:
        assert await review_item(scene.runtime, batch_id, household_id) == "done"
    monkeypatch.undo()
    checks = await asyncio.gather(*(complete_if_last(scene.runtime, batch_id) for _ in range(8)))
    assert sorted(checks) == [False] * 7 + [True]
    assert await scene.events(batch_id) == ["batch.completed"]


async def _never(runtime: Runtime, batch_id: uuid.UUID) -> bool:
    return False


async def _died(runtime: Runtime, batch_id: uuid.UUID) -> bool:
    raise ConnectionError("the process died between the item's commit and its check")


async def test_a_last_item_whose_process_died_before_its_check_is_completed_by_the_sweep(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch_id = await scene.batch(scene.households[0])
    monkeypatch.setattr(batch_review, "complete_if_last", _died)
    with pytest.raises(ConnectionError):
        await review_item(scene.runtime, batch_id, scene.households[0])
    monkeypatch.undo()
    async with scene.runtime.read_session_factory() as session:
        item = (
            await session.scalars(select(BatchItem).where(BatchItem.batch_id == batch_id))
        ).one()
    assert item.state == "done"  # its own transaction committed
    view = await batch_progress(scene.runtime, scene.client, batch_id)
    # every item ended, its end not recorded: not reported completed before its event is
    assert (view.status, view.counts.pending, view.counts.running) == ("running", 0, 0)
    assert await scene.events(batch_id) == []
    # a restarted service's runner sweeps at start
    runner = asyncio.create_task(InProcessRunner(scene.runtime).run())
    try:
        async with asyncio.timeout(30):
            while await scene.status(batch_id) != "completed":  # noqa: ASYNC110 - another task's writes
                await asyncio.sleep(0.05)
    finally:
        runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
    assert await scene.events(batch_id) == ["batch.completed"]
    assert await complete_ended_batches(scene.runtime) == 0  # nothing left for the sweep
    assert await scene.events(batch_id) == ["batch.completed"]


async def test_a_completed_batch_cannot_be_cancelled_and_a_cancelled_one_never_completes(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    completed = await scene.batch(scene.households[0])
    assert await review_item(scene.runtime, completed, scene.households[0]) == "done"
    with pytest.raises(Conflict) as refused:
        await cancel_batch(scene.runtime, scene.client, completed, "test")
    assert refused.value.instance_code == "batch-finished"
    assert await scene.status(completed) == "completed"

    cancelled = await scene.batch(*scene.households[1:3])
    async with scene.runtime.transaction() as session:  # one item running when cancelled
        item = (
            await session.scalars(
                select(BatchItem).where(
                    BatchItem.batch_id == cancelled, BatchItem.household_id == scene.households[1]
                )
            )
        ).one()
        item.state = "running"
    view = await cancel_batch(scene.runtime, scene.client, cancelled, "test")
    assert (view.status, view.counts.cancelled, view.counts.running) == ("cancelled", 1, 1)
    async with scene.runtime.transaction() as session:  # the running one finishes
        item = await session.merge(item)
        item.state, item.finished_at = "done", utcnow()
    assert await complete_if_last(scene.runtime, cancelled) is False
    await complete_ended_batches(scene.runtime)  # nor does the sweep complete it
    assert await scene.status(cancelled) == "cancelled"
    assert await scene.events(cancelled) == []


async def test_a_batch_of_nothing_is_completed_as_it_is_made(scene: Scene) -> None:
    # due as of long ago: nothing was due then
    view = await create_batch(
        scene.runtime,
        scene.client,
        CreateBatch(due=DueSelection(as_of=dt.date(2000, 1, 1))),
        "test",
    )
    assert (view.total, view.status) == (0, "completed")
    assert await scene.events(view.id) == ["batch.completed"]
    await complete_ended_batches(scene.runtime)  # nor does the sweep publish it again
    assert await scene.events(view.id) == ["batch.completed"]


async def _three_batches(settings: Settings) -> tuple[dict[str, uuid.UUID], dt.datetime]:
    """A completed batch, one still running and a cancelled one, as the service leaves
    them; the completed one's last item's end."""
    async with opened(settings, 3) as scene:
        names = ("done", "open", "cancelled")
        ids = {name: await scene.batch(h) for name, h in zip(names, scene.households, strict=True)}
        assert await review_item(scene.runtime, ids["done"], scene.households[0]) == "done"
        await cancel_batch(scene.runtime, scene.client, ids["cancelled"], "test")
        async with scene.runtime.read_session_factory() as session:
            item = (
                await session.scalars(select(BatchItem).where(BatchItem.batch_id == ids["done"]))
            ).one()
        assert item.finished_at is not None
        return ids, item.finished_at


async def _completed_at(url: str) -> dict[uuid.UUID, dt.datetime | None]:
    engine = create_engine(url)
    try:
        async with create_session_factory(engine)() as session:
            rows = await session.execute(select(Batch.id, Batch.completed_at))
            return {row.id: row.completed_at for row in rows}
    finally:
        await engine.dispose()


def test_the_migration_marks_the_batches_that_had_ended(
    tmp_path: Path, mock_sources_url: str
) -> None:
    """0028 on stored batches: one whose items had all ended is completed at its last
    item's end (its event was published then); a running or cancelled one is not."""
    with fresh_database(tmp_path) as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path / "data",
            mock_sources_port=int(mock_sources_url.rsplit(":", 1)[1]),
        )
        migrate_database(settings)
        ids, ended_at = asyncio.run(_three_batches(settings))
        command.downgrade(alembic_config(settings), "0027_awaiting_sweep_index")
        command.upgrade(alembic_config(settings), "head")
        completed = asyncio.run(_completed_at(url))
        assert completed[ids["done"]] == ended_at
        assert completed[ids["open"]] is None
        assert completed[ids["cancelled"]] is None
