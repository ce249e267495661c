"""/v1/webhooks: a case system's webhook endpoints, their delivery log and the catalogue of
event types (docs/integrators/webhooks.md)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response, status

from verification.clients.dependencies import CaseSystem
from verification.dependencies import LocaleDep, RequestId, RuntimeDep
from verification.idempotency.dependency import Idempotency
from verification.idempotency.service import IdempotentResult
from verification.paging import PageRequest, page_parameters
from verification.problems import PROBLEM_JSON
from verification.webhooks import deliveries, registration
from verification.webhooks.catalogue import EVENT_TYPES
from verification.webhooks.schemas import (
    CreatedEndpoint,
    CreateEndpoint,
    DeliveryList,
    DeliveryView,
    EndpointList,
    EndpointView,
    EventTypeList,
    EventTypeView,
    RotatedSecret,
    UpdateEndpoint,
)

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])

_PROBLEM: dict[str, Any] = {"content": {PROBLEM_JSON: {}}, "description": "problem details"}
_SIGNED = (
    "Deliveries are signed as Standard Webhooks (https://www.standardwebhooks.com): headers "
    "`webhook-id` (the event's id, the same on every retry), `webhook-timestamp` and "
    "`webhook-signature` (`v1,<base64 HMAC-SHA256>` per secret, space-separated)."
)
EndpointId = Annotated[uuid.UUID, Path(description="the endpoint's id")]
# the delivery log's `limit`: 1–100, default 50, published without a description
DeliveryPageQuery = Annotated[
    PageRequest, page_parameters(default=50, maximum=100, described=False)
]


@router.get(
    "/event-types",
    operation_id="listWebhookEventTypes",
    response_model=EventTypeList,
    summary="The event types an endpoint may subscribe to",
    description="Each type, the resource its events are ordered by, what it means and the "
    "fields of its `data` (ids and statuses only, never personal data: read the report by its "
    "id). " + _SIGNED + " Role: case system.",
)
async def list_event_types(client: CaseSystem, locale: LocaleDep) -> EventTypeList:
    del client  # the role is checked; the catalogue is the same for every client
    return EventTypeList(
        items=[
            EventTypeView(
                type=e.type,
                resource=e.resource,
                description=e.description.of(locale),
                data=list(e.data),
            )
            for e in EVENT_TYPES
        ]
    )


@router.post(
    "/endpoints",
    operation_id="createWebhookEndpoint",
    status_code=status.HTTP_201_CREATED,
    response_model=CreatedEndpoint,
    responses={422: _PROBLEM},
    summary="Register a webhook endpoint; its signing secret is in the answer, once",
    description="The URL must be `https` (`422 webhook-url-not-allowed`; plain `http` only "
    "to the loopback interface in demo mode; in production no private, loopback or reserved "
    "address). The answer's `secret` (`whsec_…`) is shown this once. Events of the chosen "
    "types that happen from now on are delivered, retried with backoff for about three days; "
    "a delivery given up disables the endpoint. " + _SIGNED + " Role: case system.",
)
async def create_endpoint(
    body: CreateEndpoint,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        created = await registration.create_endpoint(runtime, client, body, request_id)
        return IdempotentResult.json(
            created, status.HTTP_201_CREATED, audit={"endpoint_id": str(created.id)}
        )

    return await idempotency.run(client, work)


@router.get(
    "/endpoints",
    operation_id="listWebhookEndpoints",
    response_model=EndpointList,
    summary="The calling client's webhook endpoints",
    description="Every endpoint of the calling client, oldest first, with its status and "
    "its secrets' dates (never their values). Role: case system.",
)
async def list_endpoints(client: CaseSystem, runtime: RuntimeDep) -> EndpointList:
    return await registration.list_endpoints(runtime, client)


@router.get(
    "/endpoints/{endpoint_id}",
    operation_id="getWebhookEndpoint",
    response_model=EndpointView,
    responses={404: _PROBLEM},
    summary="One webhook endpoint",
    description="The endpoint with its status (`disabled_reason` `deliveries-failing` when "
    "the service gave a delivery up) and its secrets' dates. Role: case system.",
)
async def get_endpoint(
    endpoint_id: EndpointId, client: CaseSystem, runtime: RuntimeDep
) -> EndpointView:
    return await registration.get_endpoint(runtime, client, endpoint_id)


@router.patch(
    "/endpoints/{endpoint_id}",
    operation_id="updateWebhookEndpoint",
    response_model=EndpointView,
    responses={404: _PROBLEM, 422: _PROBLEM},
    summary="Change an endpoint's URL or event types, or disable or enable it",
    description="`enabled: false` holds its deliveries; `enabled: true` resumes them (also "
    "after the service disabled it), each resource's in order. The URL rules are those of "
    "registration (`422 webhook-url-not-allowed`). Role: case system.",
)
async def update_endpoint(
    endpoint_id: EndpointId,
    body: UpdateEndpoint,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
) -> EndpointView:
    return await registration.update_endpoint(runtime, client, endpoint_id, body, request_id)


@router.delete(
    "/endpoints/{endpoint_id}",
    operation_id="deleteWebhookEndpoint",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={404: _PROBLEM},
    summary="Delete an endpoint with its secrets and delivery log",
    description="Nothing more is delivered to it; its pending deliveries and its log go "
    "with it. Role: case system.",
)
async def delete_endpoint(
    endpoint_id: EndpointId, client: CaseSystem, runtime: RuntimeDep, request_id: RequestId
) -> Response:
    await registration.delete_endpoint(runtime, client, endpoint_id, request_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/endpoints/{endpoint_id}/rotate-secret",
    operation_id="rotateWebhookSecret",
    response_model=RotatedSecret,
    responses={404: _PROBLEM},
    summary="A new signing secret; the old one keeps signing beside it for a grace period",
    description="The answer's `secret` is shown this once. Until `previous_expires_at` "
    "(`VERIFICATION_WEBHOOK_SECRET_GRACE_SECONDS`, a day by default) every delivery carries "
    "one signature per secret in `webhook-signature`, so a consumer may switch to the new "
    "secret at any time in between. Role: case system.",
)
async def rotate_secret(
    endpoint_id: EndpointId,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        rotated = await registration.rotate_secret(runtime, client, endpoint_id, request_id)
        return IdempotentResult.json(rotated, audit={"endpoint_id": str(endpoint_id)})

    return await idempotency.run(client, work)


@router.get(
    "/endpoints/{endpoint_id}/deliveries",
    operation_id="listWebhookDeliveries",
    response_model=DeliveryList,
    responses={404: _PROBLEM, 422: _PROBLEM},
    summary="An endpoint's delivery log, newest first",
    description="Each delivery (an event to this endpoint) with its status and every "
    "attempt: when, the HTTP status or why there was none, the latency. No body is kept. "
    "Role: case system.",
)
async def list_deliveries(
    endpoint_id: EndpointId,
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    page: DeliveryPageQuery,
) -> DeliveryList:
    return await deliveries.list_deliveries(runtime, client, endpoint_id, page)


@router.post(
    "/endpoints/{endpoint_id}/deliveries/{delivery_id}/redeliver",
    operation_id="redeliverWebhook",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeliveryView,
    responses={404: _PROBLEM},
    summary="Send a delivery's event again",
    description="A new delivery of the same event (same `webhook-id`), due now, behind the "
    "resource's deliveries still pending; held while the endpoint is disabled. "
    "Role: case system.",
)
async def redeliver(
    endpoint_id: EndpointId,
    delivery_id: Annotated[int, Path(ge=1, description="the delivery's id")],
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        again = await deliveries.redeliver(runtime, client, endpoint_id, delivery_id, request_id)
        return IdempotentResult.json(
            again,
            status.HTTP_202_ACCEPTED,
            audit={"endpoint_id": str(endpoint_id), "delivery_id": str(delivery_id)},
        )

    return await idempotency.run(client, work)
