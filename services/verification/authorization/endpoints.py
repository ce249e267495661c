"""Issuer-key administration (role ``admin``): register, list, revoke.

Rotation is registering a new kid for the same issuer; the old key keeps
verifying until it is revoked (``authorization/issuer_keys.py``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response, status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from verification.authorization import issuer_keys
from verification.authorization.jws import KID_PATTERN
from verification.authorization.models import Issuer, IssuerKey
from verification.clients.dependencies import Admin
from verification.clients.service import ISSUER_CODE_PATTERN
from verification.db import utcnow
from verification.dependencies import RequestId, RuntimeDep
from verification.idempotency.dependency import Idempotency
from verification.idempotency.service import IdempotentResult
from verification.problems import PROBLEM_JSON

router = APIRouter(prefix="/v1/issuers", tags=["issuers"])

_PROBLEM: dict[str, Any] = {"content": {PROBLEM_JSON: {}}, "description": "problem details"}
_ERRORS: dict[int | str, dict[str, Any]] = {code: _PROBLEM for code in (401, 403, 404, 409, 422)}

IssuerCode = Annotated[
    str, Path(pattern=ISSUER_CODE_PATTERN, description="issuing office code, e.g. 450102001")
]
Kid = Annotated[str, Path(pattern=KID_PATTERN, description="the key id")]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RegisterKey(_Body):
    kid: Annotated[str, StringConstraints(pattern=KID_PATTERN)]
    jwk: dict[str, Any] = Field(
        description='the public Ed25519 key: {"kty": "OKP", "crv": "Ed25519", "x": "…"}; '
        "a JWK with a private part is refused",
        max_length=20,
    )
    issuer_name: (
        Annotated[
            str,
            StringConstraints(
                strip_whitespace=True, min_length=1, max_length=issuer_keys.ISSUER_NAME_MAX
            ),
        ]
        | None
    ) = Field(default=None, description="required when the issuer is new; ignored otherwise")


class RevokeKey(_Body):
    reason: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=issuer_keys.REASON_MAX),
    ]


class PublicJwk(BaseModel):
    kty: str
    crv: str
    x: str


class KeyView(BaseModel):
    kid: str
    issuer: str
    jwk: PublicJwk
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    revoked_reason: str | None

    @classmethod
    def of(cls, row: IssuerKey) -> KeyView:
        return cls(
            kid=row.kid,
            issuer=row.issuer_code,
            jwk=PublicJwk.model_validate(json.loads(row.public_jwk)),
            created_at=row.created_at,
            revoked_at=row.revoked_at,
            revoked_reason=row.revoked_reason,
        )


class IssuerView(BaseModel):
    code: str
    name: str
    created_at: dt.datetime
    keys: list[KeyView]

    @classmethod
    def of(cls, issuer: Issuer, rows: list[IssuerKey]) -> IssuerView:
        return cls(
            code=issuer.code,
            name=issuer.name,
            created_at=issuer.created_at,
            keys=[KeyView.of(row) for row in rows],
        )


class IssuerList(BaseModel):
    issuers: list[IssuerView]


def _key(view: KeyView, status_code: int = status.HTTP_200_OK) -> IdempotentResult:
    return IdempotentResult.json(view, status_code, audit={"kid": view.kid, "issuer": view.issuer})


@router.get(
    "",
    operation_id="listIssuers",
    description="Every authorization issuer (出具委托书的单位, e.g. a 乡镇 office) with its public "
    "keys (JWKs), revoked ones included. Role: admin.",
    response_model=IssuerList,
    responses=_ERRORS,
    summary="Every issuer with its keys (public JWKs, revoked ones included)",
)
async def list_issuers(admin: Admin, runtime: RuntimeDep) -> IssuerList:
    async with runtime.read_session_factory() as session:
        found = await issuer_keys.list_issuers(session)
    return IssuerList(issuers=[IssuerView.of(issuer, rows) for issuer, rows in found])


@router.post(
    "/{code}/keys",
    operation_id="registerIssuerKey",
    status_code=status.HTTP_201_CREATED,
    response_model=KeyView,
    responses=_ERRORS,
    summary="Register an issuer's public key (the issuer is created if new); also rotation",
    description="Rotation: register a new kid for the issuer; the old key keeps verifying "
    "until it is revoked.",
)
async def register_key(
    *,
    code: IssuerCode,
    body: RegisterKey,
    admin: Admin,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        async with runtime.transaction() as session:
            row = await issuer_keys.register_key(
                session,
                issuer_code=code,
                issuer_name=body.issuer_name,
                kid=body.kid,
                jwk=body.jwk,
                actor=str(admin.id),
                client_id=str(admin.id),
                request_id=request_id,
            )
        return _key(KeyView.of(row), status.HTTP_201_CREATED)

    return await idempotency.run(admin, work)


@router.post(
    "/{code}/keys/{kid}/revoke",
    operation_id="revokeIssuerKey",
    description="Revokes one issuer key; authorizations signed with it are refused from then on "
    "(`revoked-key`). Idempotent; a reason is required. Role: admin.",
    response_model=KeyView,
    responses=_ERRORS,
    summary="Revoke an issuer key (idempotent); authorizations it signed are refused from then on",
)
async def revoke_key(
    *,
    code: IssuerCode,
    kid: Kid,
    body: RevokeKey,
    admin: Admin,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        async with runtime.transaction() as session:
            row = await issuer_keys.revoke_key(
                session,
                kid,
                reason=body.reason,
                actor=str(admin.id),
                now=utcnow(),
                issuer_code=code,
                client_id=str(admin.id),
                request_id=request_id,
            )
        return _key(KeyView.of(row))

    return await idempotency.run(admin, work)
