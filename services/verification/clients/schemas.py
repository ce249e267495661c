"""Request and response shapes of the client-administration API."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from verification.clients.models import ApiClient, Environment, Role
from verification.clients.service import (
    ANY_ISSUER,
    ISSUER_CODE_PATTERN,
    MAX_ENTRIES,
    NAME_MAX,
    REASON_MAX,
    REGION_PREFIX_PATTERN,
)

# an issuer code, or "*" for any issuer
IssuerCode = Annotated[
    str, StringConstraints(pattern=rf"^(?:{ISSUER_CODE_PATTERN[1:-1]}|\{ANY_ISSUER})$")
]
RegionPrefix = Annotated[str, StringConstraints(pattern=REGION_PREFIX_PATTERN)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CreateClient(_Body):
    name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX)
    ]
    role: Role
    issuers: Annotated[list[IssuerCode], Field(max_length=MAX_ENTRIES)] = Field(
        default=[], description='issuer codes the client may submit authorizations of; "*" = any'
    )
    region_prefixes: Annotated[list[RegionPrefix], Field(max_length=MAX_ENTRIES)] = Field(
        default=[], description="administrative-division code prefixes (2 to 6 digits)"
    )
    environment: Environment = Field(
        default=Environment.PRODUCTION,
        description="`sandbox`: a test client (case_system only) whose verifications go to "
        "the sandbox (mock) agencies and whose verifications, households and batches are "
        "apart from production's (docs/integrators/sandbox.md); fixed for the client's life",
    )


class RevokeClient(_Body):
    reason: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=REASON_MAX)
    ]


class ClientView(BaseModel):
    id: uuid.UUID
    name: str
    role: Role
    issuers: list[str]
    region_prefixes: list[str]
    environment: Environment = Field(
        description="`production`, or `sandbox` for a test client (docs/integrators/sandbox.md)"
    )
    created_at: dt.datetime
    revoked_at: dt.datetime | None

    @classmethod
    def of(cls, client: ApiClient) -> ClientView:
        return cls(
            id=client.id,
            name=client.name,
            role=Role(client.role),
            issuers=list(client.issuers),
            region_prefixes=list(client.region_prefixes),
            environment=client.environment,
            created_at=client.created_at,
            revoked_at=client.revoked_at,
        )


class ClientWithToken(ClientView):
    token: str = Field(description="the bearer token; shown this once, stored only as a hash")

    @classmethod
    def with_token(cls, client: ApiClient, token: str) -> ClientWithToken:
        return cls(**ClientView.of(client).model_dump(), token=token)


class ClientList(BaseModel):
    clients: list[ClientView]
