"""Publishing a webhook event: one function per kind of event, called in the transaction of
the change the event announces, so that the event and the change commit together or not at
all (a transactional outbox).  Nothing is sent here: the event alone is written (one
INSERT); the sender (``webhooks/sender.py``) makes one delivery per enabled endpoint of the
client subscribed to its type after the commit, and delivers them at least once.

The payload holds ids and statuses only, never personal data: a consumer reads the report
by its id with its own token.

The call sites, kept few on purpose:

- ``verification_completed`` / ``verification_revised``: ``verifications/report_round.py``
  ``write_round`` (every report: a new verification, a retry, a batch review);
- ``batch_completed``: ``batches/review.py`` (``complete_if_last``, after a batch's last item
  ended, and the sweep ``complete_ended_batches``) and ``batches/create.py`` (a batch of
  nothing);
- ``verification_overdue``: for the overdue detection to call (published once per
  verification and deadline).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any, Final, cast

from sqlalchemy import CursorResult, insert
from sqlalchemy.ext.asyncio import AsyncSession

from verification.db import dialect_insert, insert_into, table, utcnow
from verification.outbox.models import WebhookEvent

VERIFICATION_COMPLETED: Final = "verification.completed"
VERIFICATION_REVISED: Final = "verification.revised"
VERIFICATION_OVERDUE: Final = "verification.overdue"
BATCH_COMPLETED: Final = "batch.completed"
CROSS_LIST_COMPARED: Final = "cross_list.compared"
APPEAL_OVERDUE: Final = "appeal.overdue"
EVENT_TYPES: Final = (
    VERIFICATION_COMPLETED,
    VERIFICATION_REVISED,
    VERIFICATION_OVERDUE,
    BATCH_COMPLETED,
    CROSS_LIST_COMPARED,
    APPEAL_OVERDUE,
)


async def verification_completed(
    session: AsyncSession,
    *,
    client_id: uuid.UUID,
    verification_id: uuid.UUID,
    at: dt.datetime | None = None,
) -> uuid.UUID | None:
    """A verification's first report (revision 0) was written."""
    row = completed_row(client_id=client_id, verification_id=verification_id, at=at)
    # the INSERT built once, the row its parameters
    await session.execute(insert_into(WebhookEvent), row)
    return cast(uuid.UUID, row["id"])


async def verification_revised(
    session: AsyncSession,
    *,
    client_id: uuid.UUID,
    verification_id: uuid.UUID,
    revision: int,
    at: dt.datetime | None = None,
) -> uuid.UUID | None:
    """A verification's next report revision (a retry, an answer that came later) was
    written."""
    return await _publish(
        session,
        client_id,
        VERIFICATION_REVISED,
        f"verification:{verification_id}",
        {"verification_id": str(verification_id), "status": "completed", "revision": revision},
        at,
    )


async def verification_overdue(
    session: AsyncSession,
    *,
    client_id: uuid.UUID,
    verification_id: uuid.UUID,
    deadline: dt.date,
    at: dt.datetime | None = None,
) -> uuid.UUID | None:
    """An open verification passed its decision deadline.  Published once per verification
    and deadline, however often the detection notices it (None when it was already)."""
    return await _publish(
        session,
        client_id,
        VERIFICATION_OVERDUE,
        f"verification:{verification_id}",
        {
            "verification_id": str(verification_id),
            "status": "overdue",
            "deadline": deadline.isoformat(),
        },
        at,
        dedupe_key=f"{VERIFICATION_OVERDUE}:{verification_id}:{deadline.isoformat()}",
    )


async def batch_completed(
    session: AsyncSession,
    *,
    client_id: uuid.UUID,
    batch_id: uuid.UUID,
    at: dt.datetime | None = None,
) -> uuid.UUID | None:
    """Every item of a batch ended (and it was not cancelled).  Published once per batch
    (None when it was already)."""
    return await _publish(
        session,
        client_id,
        BATCH_COMPLETED,
        f"batch:{batch_id}",
        {"batch_id": str(batch_id), "status": "completed"},
        at,
        dedupe_key=f"{BATCH_COMPLETED}:{batch_id}",
    )


async def appeal_overdue(
    session: AsyncSession,
    *,
    client_id: uuid.UUID,
    appeal_id: uuid.UUID,
    verification_id: uuid.UUID,
    deadline: dt.date,
    at: dt.datetime | None = None,
) -> uuid.UUID | None:
    """An appeal is still undecided past its decision's last day.  Published once per
    appeal and deadline, however often the detection notices it (None when it was
    already)."""
    return await _publish(
        session,
        client_id,
        APPEAL_OVERDUE,
        f"appeal:{appeal_id}",
        {
            "appeal_id": str(appeal_id),
            "verification_id": str(verification_id),
            "status": "overdue",
            "deadline": deadline.isoformat(),
        },
        at,
        dedupe_key=f"{APPEAL_OVERDUE}:{appeal_id}:{deadline.isoformat()}",
    )


async def cross_list_compared(
    session: AsyncSession,
    *,
    client_id: uuid.UUID,
    list_id: uuid.UUID,
    comparison_id: uuid.UUID,
    scheduled_month: str,
    at: dt.datetime | None = None,
) -> uuid.UUID | None:
    """A list's scheduled monthly comparison was made (the client asked for none: it is
    told).  Published once per comparison (None when it was already)."""
    return await _publish(
        session,
        client_id,
        CROSS_LIST_COMPARED,
        f"cross_list:{list_id}",
        {
            "comparison_id": str(comparison_id),
            "list_id": str(list_id),
            "scheduled_month": scheduled_month,
        },
        at,
        dedupe_key=f"{CROSS_LIST_COMPARED}:{comparison_id}",
    )


def completed_row(
    *, client_id: uuid.UUID, verification_id: uuid.UUID, at: dt.datetime | None = None
) -> dict[str, Any]:
    """The row ``verification_completed`` writes (for a caller writing it in a statement of
    its own)."""
    return event_row(
        client_id,
        VERIFICATION_COMPLETED,
        f"verification:{verification_id}",
        {"verification_id": str(verification_id), "status": "completed", "revision": 0},
        at,
    )


def event_row(
    client_id: uuid.UUID,
    event_type: str,
    resource: str,
    data: Mapping[str, Any],
    at: dt.datetime | None,
    *,
    dedupe_key: str | None = None,
) -> dict[str, Any]:
    """A webhook event's row, with a new id."""
    return {
        "id": uuid.uuid4(),
        "client_id": client_id,
        "type": event_type,
        "resource": resource,
        "data": dict(data),
        "dedupe_key": dedupe_key,
        "created_at": at or utcnow(),
    }


async def _publish(  # noqa: PLR0917
    session: AsyncSession,
    client_id: uuid.UUID,
    event_type: str,
    resource: str,
    data: Mapping[str, Any],
    at: dt.datetime | None,
    *,
    dedupe_key: str | None = None,
) -> uuid.UUID | None:
    """Write the event: one INSERT (the sender makes its deliveries after the commit); its
    id (None: an event of this ``dedupe_key`` exists already)."""
    values = event_row(client_id, event_type, resource, data, at, dedupe_key=dedupe_key)
    event_id: uuid.UUID = values["id"]
    if dedupe_key is None:
        await session.execute(insert(table(WebhookEvent)).values(values))
        return event_id
    statement = dialect_insert(session.get_bind().dialect.name, WebhookEvent)
    inserted = await session.execute(
        statement.values(values).on_conflict_do_nothing(index_elements=[WebhookEvent.dedupe_key])
    )
    return event_id if cast(CursorResult[Any], inserted).rowcount == 1 else None
