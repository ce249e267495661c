"""A client's webhook endpoints: register, read, change, delete, rotate the signing secret.

An endpoint belongs to the client that registered it (anything else is ``404``).  The
signing secret is generated here, returned once (at creation, at a rotation) and stored
encrypted (``data_keys/columns.py``: ``WEBHOOK_SECRET``).  Each change is audited.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from verification.clients.models import ApiClient
from verification.data_keys.columns import WEBHOOK_SECRET
from verification.db import utcnow
from verification.outbox.models import WebhookEndpoint, WebhookSecret
from verification.problems import NotFound
from verification.runtime import Runtime
from verification.webhooks import repository, signing
from verification.webhooks.addresses import check_url
from verification.webhooks.schemas import (
    CreatedEndpoint,
    CreateEndpoint,
    EndpointList,
    EndpointView,
    RotatedSecret,
    SecretView,
    UpdateEndpoint,
)


async def create_endpoint(
    rt: Runtime, client: ApiClient, body: CreateEndpoint, request_id: str
) -> CreatedEndpoint:
    url = check_url(body.url, demo=rt.settings.demo_mode())
    now = utcnow()
    endpoint = WebhookEndpoint(
        id=uuid.uuid4(),
        client_id=client.id,
        url=url,
        event_types=sorted(set(body.event_types)),
        description=body.description,
        status="enabled",
        created_at=now,
        updated_at=now,
    )
    secret, row = _new_secret(rt, endpoint.id, now)
    async with rt.transaction() as session:
        session.add(endpoint)
        await session.flush()
        session.add(row)
        await rt.audit.append(
            session, [_event("webhook_endpoint_created", client, request_id, endpoint)]
        )
    view = _view(endpoint, [row])
    return CreatedEndpoint(**view.model_dump(), secret=secret)


async def list_endpoints(rt: Runtime, client: ApiClient) -> EndpointList:
    now = utcnow()
    async with rt.read_session_factory() as session:
        endpoints = await repository.endpoints_of(session, client.id)
        secrets = await repository.secrets_of(session, [e.id for e in endpoints], now)
    return EndpointList(items=[_view(e, secrets[e.id]) for e in endpoints])


async def get_endpoint(rt: Runtime, client: ApiClient, endpoint_id: uuid.UUID) -> EndpointView:
    async with rt.read_session_factory() as session:
        endpoint = await owned(session, client, endpoint_id)
        secrets = await repository.secrets_of(session, [endpoint.id], utcnow())
    return _view(endpoint, secrets[endpoint.id])


async def update_endpoint(
    rt: Runtime, client: ApiClient, endpoint_id: uuid.UUID, body: UpdateEndpoint, request_id: str
) -> EndpointView:
    url = None if body.url is None else check_url(body.url, demo=rt.settings.demo_mode())
    now = utcnow()
    async with rt.transaction() as session:
        endpoint = await owned(session, client, endpoint_id, for_update=True)
        if url is not None:
            endpoint.url = url
        if body.event_types is not None:
            endpoint.event_types = sorted(set(body.event_types))
        if "description" in body.model_fields_set:
            endpoint.description = body.description
        if body.enabled is True and endpoint.status != "enabled":
            endpoint.status, endpoint.disabled_reason, endpoint.disabled_at = "enabled", None, None
        elif body.enabled is False and endpoint.status != "disabled":
            endpoint.status, endpoint.disabled_reason, endpoint.disabled_at = (
                "disabled",
                "client",
                now,
            )
        endpoint.updated_at = now
        await rt.audit.append(
            session, [_event("webhook_endpoint_updated", client, request_id, endpoint)]
        )
        secrets = await repository.secrets_of(session, [endpoint.id], now)
    return _view(endpoint, secrets[endpoint.id])


async def delete_endpoint(
    rt: Runtime, client: ApiClient, endpoint_id: uuid.UUID, request_id: str
) -> None:
    async with rt.transaction() as session:
        endpoint = await owned(session, client, endpoint_id, for_update=True)
        await repository.delete_endpoint(session, endpoint.id)
        await rt.audit.append(
            session, [_event("webhook_endpoint_deleted", client, request_id, endpoint)]
        )


async def rotate_secret(
    rt: Runtime,
    client: ApiClient,
    endpoint_id: uuid.UUID,
    request_id: str,
    now: dt.datetime | None = None,
) -> RotatedSecret:
    """A new secret; the current ones keep signing beside it for the grace period
    (``VERIFICATION_WEBHOOK_SECRET_GRACE_SECONDS``), then stop."""
    now = now or utcnow()
    grace_ends = now + dt.timedelta(seconds=rt.settings.webhook_secret_grace_seconds)
    async with rt.transaction() as session:
        endpoint = await owned(session, client, endpoint_id, for_update=True)
        await repository.expire_secrets(session, endpoint.id, grace_ends)
        secret, row = _new_secret(rt, endpoint.id, now)
        session.add(row)
        endpoint.updated_at = now
        await rt.audit.append(
            session, [_event("webhook_secret_rotated", client, request_id, endpoint)]
        )
    return RotatedSecret(endpoint_id=endpoint.id, secret=secret, previous_expires_at=grace_ends)


async def owned(
    session: AsyncSession,
    client: ApiClient,
    endpoint_id: uuid.UUID,
    *,
    for_update: bool = False,
) -> WebhookEndpoint:
    """The client's endpoint; ``404`` for one of another client or none (``for_update``:
    locked, for a change)."""
    endpoint = await repository.owned_endpoint(
        session, client.id, endpoint_id, for_update=for_update
    )
    if endpoint is None:
        raise NotFound("no webhook endpoint with this id for this client")
    return endpoint


def _new_secret(rt: Runtime, endpoint_id: uuid.UUID, now: dt.datetime) -> tuple[str, WebhookSecret]:
    secret = signing.new_secret()
    secret_id = uuid.uuid4()
    stored = WEBHOOK_SECRET.encrypt(
        rt.keyring, secret.encode(), endpoint_id=endpoint_id, id=secret_id
    )
    return secret, WebhookSecret(
        id=secret_id, endpoint_id=endpoint_id, secret_enc=stored, created_at=now, expires_at=None
    )


def _view(endpoint: WebhookEndpoint, secrets: list[WebhookSecret]) -> EndpointView:
    return EndpointView(
        id=endpoint.id,
        url=endpoint.url,
        event_types=list(endpoint.event_types),
        description=endpoint.description,
        status=endpoint.status,
        disabled_reason=endpoint.disabled_reason,
        disabled_at=endpoint.disabled_at,
        created_at=endpoint.created_at,
        updated_at=endpoint.updated_at,
        secrets=[
            SecretView(id=s.id, created_at=s.created_at, expires_at=s.expires_at) for s in secrets
        ],
    )


def _event(
    action: str, client: ApiClient, request_id: str, endpoint: WebhookEndpoint
) -> dict[str, Any]:
    """The audit event of a change: the endpoint's id, its host and event types (the URL's
    path and query may carry the client's own tokens, so they are not recorded)."""
    return {
        "action": action,
        "client_id": str(client.id),
        "request_id": request_id,
        "endpoint_id": str(endpoint.id),
        "host": urlsplit(endpoint.url).hostname,
        "event_types": list(endpoint.event_types),
        "status": endpoint.status,
    }
