"""Where batches and their items are stored: every query the batch use cases make.

The use cases (``create``, ``progress``, ``items``, ``cancel``) pass a session and
domain values and get rows or numbers back; no SQL is written outside this module
(the batch engines' claims and the item task keep theirs, in ``runner.py``,
``jobs.py`` and ``review.py``).  Items of "everything due" are inserted with
``INSERT … SELECT``, so a province-sized batch never passes through Python.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from verification.batches.models import Batch, BatchItem
from verification.clients.models import ApiClient
from verification.households.models import EnrolledHousehold

OPEN_STATES = ("pending", "running")


@dataclass(frozen=True)
class HouseholdState:
    """An enrolled household named in a batch request: its status and whether it waits
    in an open batch already."""

    household_id: uuid.UUID
    status: str
    queued: bool


@dataclass(frozen=True)
class ItemTally:
    """What a batch's progress is computed from."""

    counts: dict[str, int]  # items by state
    recommendations: dict[str | None, int]  # done items by recommendation
    recent: int  # items finished since the cutoff
    last_finished: dt.datetime | None


def _queued() -> ColumnElement[bool]:
    """The household waits in an open batch already."""
    return exists(
        select(BatchItem.id)
        .join(Batch, Batch.id == BatchItem.batch_id)
        .where(
            BatchItem.household_id == EnrolledHousehold.id,
            BatchItem.state.in_(OPEN_STATES),
            Batch.cancelled_at.is_(None),
        )
    )


async def households_of_client(
    session: AsyncSession, client_id: uuid.UUID, household_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, HouseholdState]:
    """The client's enrolled households among ``household_ids``, by id."""
    rows = await session.execute(
        select(EnrolledHousehold.id, EnrolledHousehold.status, _queued()).where(
            EnrolledHousehold.client_id == client_id,
            EnrolledHousehold.id.in_(household_ids),
        )
    )
    return {row[0]: HouseholdState(row[0], row[1], bool(row[2])) for row in rows}


async def open_batches_with(
    session: AsyncSession, client_id: uuid.UUID, household_ids: Sequence[uuid.UUID]
) -> list[uuid.UUID]:
    """The client's open batches in which any of the households waits, oldest first."""
    found = await session.execute(
        select(Batch.id)
        .join(BatchItem, BatchItem.batch_id == Batch.id)
        .where(
            Batch.client_id == client_id,
            Batch.cancelled_at.is_(None),
            BatchItem.household_id.in_(household_ids),
            BatchItem.state.in_(OPEN_STATES),
        )
        .group_by(Batch.id, Batch.created_at)
        .order_by(Batch.created_at, Batch.id)
    )
    return list(found.scalars())


async def add_batch(session: AsyncSession, batch: Batch) -> None:
    """Stage a new batch and flush it (its items refer to it)."""
    session.add(batch)
    await session.flush()


async def add_items(
    session: AsyncSession, batch_id: uuid.UUID, household_ids: Sequence[uuid.UUID]
) -> int:
    """One pending item per household, in the order given; how many."""
    await session.execute(
        insert(BatchItem), [{"batch_id": batch_id, "household_id": h} for h in household_ids]
    )
    return len(household_ids)


async def add_due_items(
    session: AsyncSession,
    client_id: uuid.UUID,
    batch_id: uuid.UUID,
    as_of: dt.date,
    region: str | None,
) -> int:
    """One pending item per active household of the client due by ``as_of`` (in the
    region, if one is given) and not queued already, the longest due first; how many."""
    conditions = [
        EnrolledHousehold.client_id == client_id,
        EnrolledHousehold.status == "active",
        EnrolledHousehold.next_review_on <= as_of,
        ~_queued(),
    ]
    if region:
        conditions.append(EnrolledHousehold.region_code.startswith(region, autoescape=True))
    due = (
        select(literal(batch_id, BatchItem.batch_id.type), EnrolledHousehold.id)
        .where(*conditions)
        .order_by(EnrolledHousehold.next_review_on, EnrolledHousehold.id)
    )
    result = await session.execute(insert(BatchItem).from_select(["batch_id", "household_id"], due))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def owned_batch(
    session: AsyncSession, client_id: uuid.UUID, batch_id: uuid.UUID
) -> Batch | None:
    """The batch, if the client created it."""
    found = await session.execute(
        select(Batch).where(Batch.id == batch_id, Batch.client_id == client_id)
    )
    return found.scalar_one_or_none()


async def item_tally(session: AsyncSession, batch_id: uuid.UUID, cutoff: dt.datetime) -> ItemTally:
    """The batch's items counted by state and recommendation, how many finished since
    ``cutoff``, and when the last one finished."""
    counts = (
        await session.execute(
            select(BatchItem.state, func.count())
            .where(BatchItem.batch_id == batch_id)
            .group_by(BatchItem.state)
        )
    ).all()
    recommendations = (
        await session.execute(
            select(BatchItem.recommendation, func.count())
            .where(BatchItem.batch_id == batch_id, BatchItem.state == "done")
            .group_by(BatchItem.recommendation)
        )
    ).all()
    recent, last_finished = (
        await session.execute(
            select(
                func.count().filter(BatchItem.finished_at >= cutoff),
                func.max(BatchItem.finished_at),
            ).where(BatchItem.batch_id == batch_id)
        )
    ).one()
    return ItemTally(dict(counts), dict(recommendations), recent, last_finished)


async def items_page(  # noqa: PLR0917
    session: AsyncSession,
    batch_id: uuid.UUID,
    state: str | None,
    recommendation: str | None,
    after: int | None,
    limit: int,
) -> list[BatchItem]:
    """Up to ``limit`` items of the batch after item ``after``, in id order, filtered by
    state and recommendation when given."""
    conditions: list[ColumnElement[bool]] = [BatchItem.batch_id == batch_id]
    if state:
        conditions.append(BatchItem.state == state)
    if recommendation:
        conditions.append(BatchItem.recommendation == recommendation)
    if after is not None:
        conditions.append(BatchItem.id > after)
    rows = await session.execute(
        select(BatchItem).where(and_(*conditions)).order_by(BatchItem.id).limit(limit)
    )
    return list(rows.scalars())


async def count_open_items(session: AsyncSession, batch_id: uuid.UUID) -> int:
    """How many of the batch's items are pending or running."""
    found = await session.execute(
        select(func.count()).where(BatchItem.batch_id == batch_id, BatchItem.state.in_(OPEN_STATES))
    )
    return int(found.scalar_one())


async def cancel_pending_items(session: AsyncSession, batch_id: uuid.UUID, now: dt.datetime) -> int:
    """Cancel the batch's items not started yet; how many."""
    result = await session.execute(
        update(BatchItem)
        .where(BatchItem.batch_id == batch_id, BatchItem.state == "pending")
        .values(state="cancelled", finished_at=now, lease_until=None)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def clients_with_due_households(session: AsyncSession, today: dt.date) -> list[ApiClient]:
    """The clients (revoked ones included) with active households due by ``today`` and
    not queued yet."""
    client_ids = (
        await session.execute(
            select(EnrolledHousehold.client_id)
            .where(
                EnrolledHousehold.status == "active",
                EnrolledHousehold.next_review_on <= today,
                ~_queued(),
            )
            .distinct()
        )
    ).scalars()
    clients = [await session.get(ApiClient, client_id) for client_id in list(client_ids)]
    return [client for client in clients if client is not None]
