"""Creating a batch: of households named by the client, or of every household due.

The batch and its items are written in one transaction with the ``batch_created``
audit entry, then handed to the batch engine.  A household already waiting in an open
batch is not queued twice: naming one is ``409 households-queued``; "everything due"
leaves it out.  A batch of no household (nothing due) is completed as it is made, with its
``batch.completed`` event.  "Everything due" also leaves out a household waiting for a new
authorization — withdrawn, or expired at the moment the batch is made — and counts them
(``left_out``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from verification.audit.log import recording_to, stream_for
from verification.batches import repository
from verification.batches.models import Batch
from verification.batches.progress import batch_progress
from verification.batches.schemas import BatchView, CreateBatch, DueSelection
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.outbox import publish
from verification.problems import Conflict, NotFound
from verification.runtime import Runtime


async def create_batch(
    runtime: Runtime,
    client: ApiClient,
    body: CreateBatch,
    request_id: str,
    *,
    today: dt.date | None = None,
    created_by: str | None = None,
) -> BatchView:
    """Create the batch ``body`` describes for ``client`` and dispatch it; its progress.
    Recorded in the client's environment's audit log (also from the schedule and the CLI)."""
    with recording_to(stream_for(sandbox=client.sandbox)):
        # a batch made at the same moment may queue one of the households first (the
        # database refuses the second pending item): made again, the check sees it and
        # answers ``409 households-queued``, naming them
        for _attempt in range(ATTEMPTS):
            try:
                return await _create_batch(
                    runtime, client, body, request_id, today=today, created_by=created_by
                )
            except IntegrityError as error:
                if not repository.is_queued_meanwhile(error):
                    raise
        raise Conflict(
            "batches made at the same moment queued some of these households; "
            "list the open batches and try again",
            code="households-queued",
        )


ATTEMPTS = 2


async def _create_batch(
    runtime: Runtime,
    client: ApiClient,
    body: CreateBatch,
    request_id: str,
    *,
    today: dt.date | None,
    created_by: str | None,
) -> BatchView:
    # its items will ask the agencies of the client's environment: none, none queued
    runtime.sources(sandbox=client.sandbox)
    batch_id = uuid.uuid4()
    now = utcnow()
    async with runtime.transaction() as session:
        batch = Batch(
            id=batch_id,
            client_id=client.id,
            sandbox=client.sandbox,
            selection="households" if body.household_ids is not None else "due",
            total=0,
            created_at=now,
            created_by=created_by or request_id,
        )
        if body.due is not None:
            batch.as_of = body.due.as_of or today or runtime.business_date(now)
            batch.region_prefix = body.due.region
        await repository.add_batch(session, batch)
        if body.household_ids is not None:
            batch.total = await _add_named(session, client, batch_id, body.household_ids)
        else:
            assert batch.as_of is not None
            due = await repository.add_due_items(
                session, client.id, batch_id, batch.as_of, batch.region_prefix, now
            )
            batch.total = due.queued
            batch.left_out_revoked, batch.left_out_expired = due.revoked, due.expired
        if not batch.total:  # nothing to review: completed as it is made, and said so
            batch.completed_at = now
            await publish.batch_completed(session, client_id=client.id, batch_id=batch_id, at=now)
        await runtime.audit.append(
            session,
            [
                {
                    "action": "batch_created",
                    "client_id": str(client.id),
                    "request_id": request_id,
                    "batch_id": str(batch_id),
                    "selection": batch.selection,
                    "as_of": batch.as_of.isoformat() if batch.as_of else None,
                    "region_prefix": batch.region_prefix,
                    "total": batch.total,
                    "left_out": {
                        "authorization_revoked": batch.left_out_revoked,
                        "authorization_expired": batch.left_out_expired,
                    },
                }
            ],
        )
    await runtime.dispatcher.dispatch(batch_id)
    return await batch_progress(runtime, client, batch_id)


async def _add_named(
    session: AsyncSession,
    client: ApiClient,
    batch_id: uuid.UUID,
    household_ids: Sequence[uuid.UUID],
) -> int:
    """Items for the households the client named: each must be the client's, still
    receive aid and not wait in an open batch."""
    wanted = list(dict.fromkeys(household_ids))
    found = await repository.households_of_client(session, client.id, wanted)
    unknown = [str(h) for h in wanted if h not in found]
    if unknown:
        raise NotFound(
            f"{len(unknown)} of the households are not enrolled by this client: "
            f"{', '.join(unknown[:5])}{' …' if len(unknown) > 5 else ''}",
            code="unknown-households",
        )
    ended = [str(h) for h in wanted if found[h].status != "active"]
    if ended:
        raise Conflict(
            f"{len(ended)} of the households no longer receive aid: {', '.join(ended[:5])}",
            code="households-ended",
            extra={"household_ids": ended},
        )
    queued = [h for h in wanted if found[h].queued]
    if queued:
        batch_ids = [str(b) for b in await repository.open_batches_with(session, client.id, queued)]
        raise Conflict(
            f"{len(queued)} of the households wait in an open batch already: "
            f"{', '.join(map(str, queued[:5]))}",
            code="households-queued",
            audit={"batch_ids": batch_ids},
            extra={"household_ids": [str(h) for h in queued], "batch_ids": batch_ids},
        )
    return await repository.add_items(session, batch_id, wanted)


async def schedule_due(runtime: Runtime, today: dt.date) -> list[uuid.UUID]:
    """The periodic task: for each client with households due by ``today`` and not queued
    yet, a batch of them.  Returns the new batches' ids."""
    async with runtime.read_session_factory() as session:
        clients = await repository.clients_with_due_households(session, today, utcnow())
    created = []
    for client in clients:
        if client.revoked_at is not None:
            continue
        if client.sandbox and runtime.sandbox_connectors is None:
            continue  # no sandbox agencies here: its households wait (and are not refused)
        view = await create_batch(
            runtime,
            client,
            CreateBatch(due=DueSelection(as_of=today)),
            f"schedule:{today.isoformat()}",
            created_by="schedule",
        )
        created.append(view.id)
    return created
