"""Client administration (role ``admin``): create, list, read, rotate the token, revoke."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Response, status

from verification.clients import service
from verification.clients.dependencies import Admin
from verification.clients.models import Environment
from verification.clients.schemas import (
    ClientList,
    ClientView,
    ClientWithToken,
    CreateClient,
    RevokeClient,
)
from verification.db import utcnow
from verification.dependencies import RequestId, RuntimeDep
from verification.idempotency.dependency import Idempotency
from verification.idempotency.service import IdempotentResult
from verification.problems import PROBLEM_JSON

router = APIRouter(prefix="/v1/clients", tags=["clients"])

_PROBLEM: dict[str, Any] = {"content": {PROBLEM_JSON: {}}, "description": "problem details"}
_ERRORS: dict[int | str, dict[str, Any]] = {code: _PROBLEM for code in (401, 403, 404, 409, 422)}


def _secret(view: ClientWithToken, status_code: int) -> IdempotentResult:
    """A response carrying a token: never cached.  Sent with an ``Idempotency-Key`` it is
    stored (encrypted, for the key's 24 hours) and replayed with the token, so a lost
    response does not lose the only copy of the token."""
    return IdempotentResult.json(
        view, status_code, audit=_ids(view), headers={"Cache-Control": "no-store"}
    )


def _ids(view: ClientView) -> dict[str, str]:
    """What the audit event of a replay names (``client_id`` there is the acting admin)."""
    return {"target_client_id": str(view.id)}


@router.post(
    "",
    operation_id="createClient",
    description="Creates an API client with a role, the issuer codes whose authorizations it may "
    "present and the region prefixes it may verify in, and its environment (`sandbox`: a test "
    "case system that talks to the sandbox agencies, fixed for its life); the bearer token is "
    "in this response only. Role: admin.",
    status_code=status.HTTP_201_CREATED,
    response_model=ClientWithToken,
    responses=_ERRORS,
    summary="Create a client; its token is in this response only",
)
async def create_client(
    body: CreateClient,
    admin: Admin,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        async with runtime.transaction() as session:
            client, token = await service.create_client(
                session,
                name=body.name,
                role=body.role,
                issuers=body.issuers,
                region_prefixes=body.region_prefixes,
                sandbox=body.environment is Environment.SANDBOX,
                actor=str(admin.id),
                request_id=request_id,
            )
        return _secret(ClientWithToken.with_token(client, token), status.HTTP_201_CREATED)

    return await idempotency.run(admin, work)


@router.get(
    "",
    operation_id="listClients",
    description="Every API client (案件系统, 审计, 管理) with its role, issuers and regions; "
    "tokens are never shown again. Role: admin.",
    response_model=ClientList,
    responses=_ERRORS,
    summary="Every client (no tokens)",
)
async def list_clients(admin: Admin, runtime: RuntimeDep) -> ClientList:
    async with runtime.read_session_factory() as session:
        clients = await service.list_clients(session)
    return ClientList(clients=[ClientView.of(c) for c in clients])


@router.get(
    "/{client_id}",
    operation_id="getClient",
    description="One API client, without its token. Role: admin.",
    response_model=ClientView,
    responses=_ERRORS,
    summary="One client (no token)",
)
async def get_client(client_id: uuid.UUID, admin: Admin, runtime: RuntimeDep) -> ClientView:
    async with runtime.read_session_factory() as session:
        return ClientView.of(await service.get_client(session, client_id))


@router.post(
    "/{client_id}/rotate",
    operation_id="rotateClientToken",
    description="Issues a new bearer token for the client; the old one stops working at once. The "
    "new token is in this response only. Role: admin.",
    response_model=ClientWithToken,
    responses=_ERRORS,
    summary="Issue a new token; the old one stops working at once",
)
async def rotate_token(
    client_id: uuid.UUID,
    admin: Admin,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        async with runtime.transaction() as session:
            client, token = await service.rotate_token(
                session, client_id, actor=str(admin.id), request_id=request_id
            )
        return _secret(ClientWithToken.with_token(client, token), status.HTTP_200_OK)

    return await idempotency.run(admin, work)


@router.post(
    "/{client_id}/revoke",
    operation_id="revokeClient",
    description="Revokes a client: its token is refused from the next request on. Idempotent; a "
    "reason is required. Role: admin.",
    response_model=ClientView,
    responses=_ERRORS,
    summary="Revoke a client (idempotent); its token is refused from then on",
)
async def revoke_client(
    *,
    client_id: uuid.UUID,
    body: RevokeClient,
    admin: Admin,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        async with runtime.transaction() as session:
            client = await service.revoke_client(
                session,
                client_id,
                reason=body.reason,
                actor=str(admin.id),
                now=utcnow(),
                request_id=request_id,
            )
        view = ClientView.of(client)
        return IdempotentResult.json(view, audit=_ids(view))

    return await idempotency.run(admin, work)
