"""An endpoint's delivery log (each delivery with its attempts: when, the status code or
why there was none, the latency; never a body), and redelivering an event."""

from __future__ import annotations

import uuid

from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.outbox.models import WebhookAttempt, WebhookDelivery
from verification.paging import PageRequest, PlainCursors, whole_number
from verification.problems import NotFound
from verification.runtime import Runtime
from verification.webhooks import repository
from verification.webhooks.registration import owned
from verification.webhooks.schemas import AttemptView, DeliveryList, DeliveryView

# unsealed (from before the sealed ones): the last delivery's id, the log being newest first
_CURSORS = PlainCursors[int](int, whole_number)


async def list_deliveries(
    rt: Runtime, client: ApiClient, endpoint_id: uuid.UUID, page: PageRequest
) -> DeliveryList:
    """A page of the endpoint's deliveries, newest first."""
    before = _CURSORS.after(page.cursor)
    async with rt.read_session_factory() as session:
        endpoint = await owned(session, client, endpoint_id)
        rows = await repository.deliveries_page(session, endpoint.id, before, page.fetch)
        listed = _CURSORS.page(rows, page, lambda row: row[0].id)
        attempts = await repository.attempts_of(session, [d.id for d, _ in listed.rows])
    return DeliveryList(
        items=[
            _view(delivery, event_type, attempts[delivery.id])
            for delivery, event_type in listed.rows
        ],
        next_cursor=listed.next_cursor,
    )


async def redeliver(
    rt: Runtime, client: ApiClient, endpoint_id: uuid.UUID, delivery_id: int, request_id: str
) -> DeliveryView:
    """The event of a delivery sent again to the endpoint: a new delivery, due now, with the
    same event id (``webhook-id``), behind the resource's deliveries still pending."""
    now = utcnow()
    async with rt.transaction() as session:
        endpoint = await owned(session, client, endpoint_id)
        original = await repository.delivery_of(session, endpoint.id, delivery_id)
        if original is None:
            raise NotFound("no delivery with this id for this webhook endpoint")
        again = WebhookDelivery(
            event_id=original.event_id,
            endpoint_id=endpoint.id,
            resource=original.resource,
            status="pending",
            attempts=0,
            next_attempt_at=now,
            redelivery_of=original.id,
            created_at=now,
        )
        session.add(again)
        await session.flush()
        event_type = await repository.event_type_of(session, original.event_id)
        await rt.audit.append(
            session,
            [
                {
                    "action": "webhook_redelivery_requested",
                    "client_id": str(client.id),
                    "request_id": request_id,
                    "endpoint_id": str(endpoint.id),
                    "delivery_id": original.id,
                    "event_id": str(original.event_id),
                }
            ],
        )
    return _view(again, event_type, [])


def _view(
    delivery: WebhookDelivery, event_type: str, attempts: list[WebhookAttempt]
) -> DeliveryView:
    return DeliveryView(
        id=delivery.id,
        event_id=delivery.event_id,
        event_type=event_type,
        resource=delivery.resource,
        status=delivery.status,
        attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at if delivery.status == "pending" else None,
        created_at=delivery.created_at,
        finished_at=delivery.finished_at,
        redelivery_of=delivery.redelivery_of,
        attempt_log=[
            AttemptView(
                attempted_at=a.attempted_at,
                status_code=a.status_code,
                error=a.error,
                latency_ms=a.latency_ms,
            )
            for a in attempts
        ],
    )
