"""Every SQL statement of the webhook routes and of the sender: rows and values in, rows and
values out."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, and_, delete, exists, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from verification.db import table
from verification.outbox.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    WebhookSecret,
)

# ---- endpoints and their secrets ---------------------------------------------------------


async def owned_endpoint(
    session: AsyncSession,
    client_id: uuid.UUID,
    endpoint_id: uuid.UUID,
    *,
    for_update: bool = False,
) -> WebhookEndpoint | None:
    """The client's endpoint; ``for_update``: its row locked until the transaction ends
    (PostgreSQL; SQLite's writers are serial), so changes at once are made one after the
    other — a second delete finds none, a second rotation expires the first's secret."""
    statement = select(WebhookEndpoint).where(
        WebhookEndpoint.id == endpoint_id, WebhookEndpoint.client_id == client_id
    )
    return await session.scalar(statement.with_for_update() if for_update else statement)


async def endpoints_of(session: AsyncSession, client_id: uuid.UUID) -> list[WebhookEndpoint]:
    rows = await session.scalars(
        select(WebhookEndpoint)
        .where(WebhookEndpoint.client_id == client_id)
        .order_by(WebhookEndpoint.created_at, WebhookEndpoint.id)
    )
    return list(rows)


async def secrets_of(
    session: AsyncSession, endpoint_ids: Sequence[uuid.UUID], now: dt.datetime
) -> dict[uuid.UUID, list[WebhookSecret]]:
    """Each endpoint's secrets still signing at ``now``, oldest first."""
    found: dict[uuid.UUID, list[WebhookSecret]] = {e: [] for e in endpoint_ids}
    if not endpoint_ids:
        return found
    rows = await session.scalars(
        select(WebhookSecret)
        .where(
            WebhookSecret.endpoint_id.in_(endpoint_ids),
            or_(WebhookSecret.expires_at.is_(None), WebhookSecret.expires_at > now),
        )
        .order_by(WebhookSecret.created_at, WebhookSecret.id)
    )
    for secret in rows:
        found[secret.endpoint_id].append(secret)
    return found


async def expire_secrets(session: AsyncSession, endpoint_id: uuid.UUID, at: dt.datetime) -> None:
    """The endpoint's secrets stop signing at ``at`` (those ending earlier keep their end)."""
    await session.execute(
        update(WebhookSecret)
        .where(
            WebhookSecret.endpoint_id == endpoint_id,
            or_(WebhookSecret.expires_at.is_(None), WebhookSecret.expires_at > at),
        )
        .values(expires_at=at)
    )


async def delete_endpoint(session: AsyncSession, endpoint_id: uuid.UUID) -> None:
    """The endpoint, its secrets and its deliveries with their attempts (the events stay)."""
    deliveries = select(WebhookDelivery.id).where(WebhookDelivery.endpoint_id == endpoint_id)
    await session.execute(delete(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(deliveries)))
    await session.execute(delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id))
    await session.execute(delete(WebhookSecret).where(WebhookSecret.endpoint_id == endpoint_id))
    await session.execute(delete(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id))


# ---- the delivery log ----------------------------------------------------------------------


async def deliveries_page(
    session: AsyncSession, endpoint_id: uuid.UUID, before: int | None, limit: int
) -> list[tuple[WebhookDelivery, str]]:
    """The endpoint's deliveries, newest first, with their event's type."""
    query = (
        select(WebhookDelivery, WebhookEvent.type)
        .join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.endpoint_id == endpoint_id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    )
    if before is not None:
        query = query.where(WebhookDelivery.id < before)
    return [(delivery, event_type) for delivery, event_type in await session.execute(query)]


async def attempts_of(
    session: AsyncSession, delivery_ids: Sequence[int]
) -> dict[int, list[WebhookAttempt]]:
    found: dict[int, list[WebhookAttempt]] = {d: [] for d in delivery_ids}
    if delivery_ids:
        rows = await session.scalars(
            select(WebhookAttempt)
            .where(WebhookAttempt.delivery_id.in_(delivery_ids))
            .order_by(WebhookAttempt.id)
        )
        for attempt in rows:
            found[attempt.delivery_id].append(attempt)
    return found


async def delivery_of(
    session: AsyncSession, endpoint_id: uuid.UUID, delivery_id: int
) -> WebhookDelivery | None:
    return await session.scalar(
        select(WebhookDelivery).where(
            WebhookDelivery.id == delivery_id, WebhookDelivery.endpoint_id == endpoint_id
        )
    )


async def event_type_of(session: AsyncSession, event_id: uuid.UUID) -> str:
    found = await session.scalar(select(WebhookEvent.type).where(WebhookEvent.id == event_id))
    assert found is not None
    return found


# ---- the sender ----------------------------------------------------------------------------


async def fan_out(session: AsyncSession, now: dt.datetime, limit: int) -> int:
    """Make the deliveries of up to ``limit`` events not fanned out yet, oldest first: one
    per endpoint of the event's client registered before it happened, enabled and
    subscribed to its type now.  The events are
    marked by one conditional UPDATE first, so two senders never fan out the same one; the
    deliveries are inserted in the events' order (which orders each resource's).  How many
    events were fanned out."""
    waiting = (
        await session.execute(
            select(
                WebhookEvent.id,
                WebhookEvent.client_id,
                WebhookEvent.type,
                WebhookEvent.resource,
                WebhookEvent.created_at,
            )
            .where(WebhookEvent.fanned_out_at.is_(None))
            .order_by(WebhookEvent.created_at, WebhookEvent.id)
            .limit(limit)
        )
    ).all()
    if not waiting:
        return 0
    events = table(WebhookEvent)
    marked = set(
        (
            await session.execute(
                update(events)
                .where(events.c.id.in_([e.id for e in waiting]), events.c.fanned_out_at.is_(None))
                .values(fanned_out_at=now)
                .returning(events.c.id)
            )
        ).scalars()
    )
    mine = [e for e in waiting if e.id in marked]
    endpoints = (
        await session.execute(
            select(
                WebhookEndpoint.id,
                WebhookEndpoint.client_id,
                WebhookEndpoint.event_types,
                WebhookEndpoint.created_at,
            )
            .where(
                WebhookEndpoint.client_id.in_({e.client_id for e in mine}),
                WebhookEndpoint.status == "enabled",
            )
            .order_by(WebhookEndpoint.created_at, WebhookEndpoint.id)
        )
    ).all()
    deliveries = [
        {
            "event_id": event.id,
            "endpoint_id": endpoint.id,
            "resource": event.resource,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": event.created_at,
            "created_at": now,
        }
        for event in mine
        for endpoint in endpoints
        if endpoint.client_id == event.client_id
        and event.type in endpoint.event_types
        and event.created_at >= endpoint.created_at  # no event from before its registration
    ]
    if deliveries:
        await session.execute(insert(table(WebhookDelivery)), deliveries)
    return len(mine)


@dataclass(frozen=True)
class Due:
    """A claimed delivery and what its request is made of."""

    delivery_id: int
    attempts: int
    endpoint_id: uuid.UUID
    url: str
    event_id: uuid.UUID
    event_type: str
    event_at: dt.datetime
    data: dict[str, Any]


async def claim_due(
    session: AsyncSession, now: dt.datetime, lease_until: dt.datetime, limit: int
) -> list[Due]:
    """Lease up to ``limit`` deliveries that are due at ``now``: pending, not leased by a
    sender that is alive, to an enabled endpoint, and the earliest pending delivery of their
    resource to their endpoint (one resource's events go out in order).  Each is leased by a
    conditional UPDATE, so two senders never hold the same one."""
    earlier = aliased(WebhookDelivery)
    candidates = await session.execute(
        select(
            WebhookDelivery.id,
            WebhookDelivery.attempts,
            WebhookEndpoint.id,
            WebhookEndpoint.url,
            WebhookEvent.id,
            WebhookEvent.type,
            WebhookEvent.created_at,
            WebhookEvent.data,
        )
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
        .where(
            WebhookDelivery.status == "pending",
            WebhookDelivery.next_attempt_at <= now,
            _not_leased(now),
            WebhookEndpoint.status == "enabled",
            ~exists().where(
                earlier.endpoint_id == WebhookDelivery.endpoint_id,
                earlier.resource == WebhookDelivery.resource,
                earlier.status == "pending",
                earlier.id < WebhookDelivery.id,
            ),
        )
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(limit)
    )
    claimed = []
    for row in candidates.all():
        leased = await session.execute(
            update(table(WebhookDelivery))
            .where(
                table(WebhookDelivery).c.id == row[0],
                table(WebhookDelivery).c.status == "pending",
                _not_leased(now),
            )
            .values(lease_until=lease_until)
        )
        if cast(CursorResult[Any], leased).rowcount == 1:
            claimed.append(Due(*row))
    return claimed


def _not_leased(now: dt.datetime) -> Any:
    column = table(WebhookDelivery).c.lease_until
    return or_(column.is_(None), column < now)


async def record_attempt(
    session: AsyncSession,
    due: Due,
    *,
    at: dt.datetime,
    status_code: int | None,
    error: str | None,
    latency_ms: int,
    succeeded: bool,
    retry_at: dt.datetime | None,
) -> bool:
    """Record an attempt and its consequence: succeeded, retry at ``retry_at``, or given
    up (``retry_at`` None): the delivery failed and its endpoint is disabled.  False when
    the delivery was no longer this sender's (its endpoint deleted meanwhile)."""
    deliveries = table(WebhookDelivery)
    if succeeded:
        values: dict[str, Any] = {"status": "succeeded", "finished_at": at}
    elif retry_at is None:
        values = {"status": "failed", "finished_at": at}
    else:
        values = {"next_attempt_at": retry_at}
    changed = await session.execute(
        update(deliveries)
        .where(deliveries.c.id == due.delivery_id, deliveries.c.status == "pending")
        .values(attempts=deliveries.c.attempts + 1, lease_until=None, **values)
    )
    if cast(CursorResult[Any], changed).rowcount != 1:
        return False
    await session.execute(
        insert(table(WebhookAttempt)).values(
            delivery_id=due.delivery_id,
            attempted_at=at,
            status_code=status_code,
            error=error,
            latency_ms=latency_ms,
        )
    )
    if not succeeded and retry_at is None:
        endpoints = table(WebhookEndpoint)
        await session.execute(
            update(endpoints)
            .where(and_(endpoints.c.id == due.endpoint_id, endpoints.c.status == "enabled"))
            .values(
                status="disabled",
                disabled_reason="deliveries-failing",
                disabled_at=at,
                updated_at=at,
            )
        )
    return True


# ---- retention -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pruned:
    deliveries: int
    events: int


async def prune(session: AsyncSession, before: dt.datetime) -> Pruned:
    """Delete the deliveries finished (succeeded or given up) before ``before`` with their
    attempts, then the events created before it that have no delivery left and were fanned
    out.  A pending delivery keeps its event, however old."""
    finished = select(WebhookDelivery.id).where(
        WebhookDelivery.status.in_(("succeeded", "failed")),
        WebhookDelivery.finished_at < before,
    )
    await session.execute(delete(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(finished)))
    deliveries = cast(
        CursorResult[Any],
        await session.execute(
            delete(WebhookDelivery).where(
                WebhookDelivery.status.in_(("succeeded", "failed")),
                WebhookDelivery.finished_at < before,
            )
        ),
    ).rowcount
    events = cast(
        CursorResult[Any],
        await session.execute(
            delete(WebhookEvent).where(
                WebhookEvent.created_at < before,
                WebhookEvent.fanned_out_at.is_not(None),
                ~exists().where(WebhookDelivery.event_id == WebhookEvent.id),
            )
        ),
    ).rowcount
    return Pruned(deliveries=deliveries, events=events)
