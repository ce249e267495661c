"""Cancelling a batch: the items not started yet are cancelled; those running finish."""

from __future__ import annotations

import uuid

from verification.batches import repository
from verification.batches.progress import batch_progress, owned_batch
from verification.batches.schemas import BatchView
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.problems import Conflict
from verification.runtime import Runtime


async def cancel_batch(
    runtime: Runtime, client: ApiClient, batch_id: uuid.UUID, request_id: str
) -> BatchView:
    """Cancel the client's batch; its progress.  ``409 batch-finished`` for a batch
    cancelled already or whose items have all finished."""
    async with runtime.transaction() as session:
        batch = await owned_batch(session, client, batch_id)
        if batch.cancelled_at is not None:
            raise Conflict(
                "the batch was cancelled already; there is nothing to cancel",
                code="batch-finished",
                audit={"batch_id": str(batch_id)},
                extra={"batch_id": str(batch_id)},
            )
        now = utcnow()
        # none open, or its last item's end recorded since it was read: nothing to cancel
        if not await repository.mark_cancelled(session, batch_id, now):
            raise Conflict(
                "every item of the batch has finished; there is nothing to cancel",
                code="batch-finished",
                audit={"batch_id": str(batch_id)},
                extra={"batch_id": str(batch_id)},
            )
        cancelled = await repository.cancel_pending_items(session, batch_id, now)
        await runtime.audit.append(
            session,
            [
                {
                    "action": "batch_cancelled",
                    "client_id": str(client.id),
                    "request_id": request_id,
                    "batch_id": str(batch_id),
                    "cancelled_items": cancelled,
                }
            ],
        )
    return await batch_progress(runtime, client, batch_id)
