"""A batch's progress: its items counted by state and recommendation, its rate and ETA.

A batch belongs to the client that created it; anything else is ``404``.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from verification.batches import repository
from verification.batches.models import Batch
from verification.batches.repository import ItemTally
from verification.batches.schemas import BatchCounts, BatchLeftOut, BatchView
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.problems import NotFound
from verification.runtime import Runtime

RATE_WINDOW_SECONDS = 60.0


async def owned_batch(session: AsyncSession, client: ApiClient, batch_id: uuid.UUID) -> Batch:
    """The client's batch; ``404`` for a batch of another client or none."""
    batch = await repository.owned_batch(session, client.id, batch_id)
    if batch is None:
        raise NotFound("no batch with this id for this client")
    return batch


async def batch_progress(
    runtime: Runtime, client: ApiClient, batch_id: uuid.UUID, now: dt.datetime | None = None
) -> BatchView:
    """The client's batch with its progress at ``now``."""
    now = now or utcnow()
    async with runtime.read_session_factory() as session:
        batch = await owned_batch(session, client, batch_id)
        cutoff = now - dt.timedelta(seconds=RATE_WINDOW_SECONDS)
        tally = await repository.item_tally(session, batch_id, cutoff)
    return progress(batch, tally, now)


def progress(batch: Batch, tally: ItemTally, now: dt.datetime) -> BatchView:
    """Counts, rate and ETA of a batch from its items' states (pure)."""
    counts = BatchCounts(**tally.counts)
    remaining = counts.pending + counts.running
    finished = batch.total - remaining
    elapsed = (now - batch.created_at).total_seconds()
    rate: float | None = None
    if tally.recent and elapsed > 0:
        rate = tally.recent / min(RATE_WINDOW_SECONDS, elapsed)
    elif finished and tally.last_finished is not None:
        span = (tally.last_finished - batch.created_at).total_seconds()
        rate = finished / span if span > 0 else None
    if batch.cancelled_at is not None:
        status = "cancelled"
    elif batch.completed_at is not None:
        status = "completed"
    else:  # its last items' ends not yet recorded with its event (``review.complete_if_last``)
        status = "running"
    return BatchView(
        id=batch.id,
        status=status,
        selection=batch.selection,
        as_of=batch.as_of,
        region_prefix=batch.region_prefix,
        total=batch.total,
        counts=counts,
        left_out=BatchLeftOut(
            authorization_revoked=batch.left_out_revoked,
            authorization_expired=batch.left_out_expired,
        ),
        recommendations={k: v for k, v in tally.recommendations.items() if k is not None},
        rate_per_second=round(rate, 3) if rate else None,
        eta_seconds=round(remaining / rate, 1) if rate and remaining else None,
        created_at=batch.created_at,
        finished_at=tally.last_finished if status == "completed" and finished else None,
        cancelled_at=batch.cancelled_at,
    )
