"""The authorization payload (授权核对委托书) and its checks, free of I/O.

``parse_grant`` takes the already signature-verified JWS claims and applies
every content rule of DESIGN.md §4 that needs no database: payload shape,
purposes, areas, scopes, GB 11643 check digits, consent of every member.
Each failure is an ``AuthorizationRefused`` with a stable problem code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Sequence
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from connectors.sdk.discovery import installed_sources
from verification.kit.canonical_json import canonical_bytes
from verification.kit.id_number import id_number_problem, no_id_number, normalize
from verification.problems import AuthorizationRefused

Purpose = Literal["dibao_application", "dibao_review", "tekun", "temporary_assistance"]
Area = Literal["urban", "rural"]
MAX_MEMBERS = 30
SECONDS_PER_DAY = 86_400


class GrantMember(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id_number: Annotated[str, Field(min_length=1, max_length=32)]
    name: Annotated[str, Field(min_length=1, max_length=64)]
    relation: Annotated[str, Field(min_length=1, max_length=32)]
    consented: bool


class Grant(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    authorization_id: Annotated[
        str,
        Field(min_length=8, max_length=128, pattern=r"^[A-Za-z0-9._:-]+$"),
        AfterValidator(no_id_number),
    ]
    issuer: Annotated[str, Field(min_length=1, max_length=32)]
    purpose: Purpose
    region_code: Annotated[str, Field(pattern=r"^[0-9]{6}$")]
    area: Area
    members: Annotated[list[GrantMember], Field(min_length=1, max_length=MAX_MEMBERS)]
    # each an installed source's scope, none twice (``parse_grant`` checks both)
    scopes: Annotated[list[str], Field(min_length=1)]
    iat: int
    nbf: int
    exp: int
    jti: str | None = None

    @property
    def not_before(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.nbf, dt.UTC)

    @property
    def expires_at(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.exp, dt.UTC)

    @property
    def lifetime_seconds(self) -> int:
        """From the earlier of signing (iat) and validity (nbf) to expiry (exp)."""
        return self.exp - min(self.iat, self.nbf)

    def content_hash(self) -> str:
        return hashlib.sha256(canonical_bytes(self.model_dump(mode="json"))).hexdigest()


def check_lifetime(grant: Grant, max_days: int) -> None:
    """An authorization may not stay valid longer than ``max_days`` (setting or policy)."""
    if grant.lifetime_seconds > max_days * SECONDS_PER_DAY:
        raise AuthorizationRefused(
            f"the authorization is valid for longer than the {max_days} days allowed "
            "(exp minus the earlier of iat and nbf)",
            code="lifetime-too-long",
            extra={"max_days": max_days},
        )


def _malformed(fields: list[str]) -> AuthorizationRefused:
    return AuthorizationRefused(
        "the authorization payload is not valid: check " + ", ".join(fields),
        code="malformed-authorization",
        extra={"fields": fields},
    )


def parse_grant(
    claims: dict[str, Any],
    requested_scopes: Sequence[str] | None,
    known_scopes: Collection[str] | None = None,
) -> Grant:
    """The grant of verified claims; its scopes must be among ``known_scopes`` (default:
    the installed sources, ``connectors.sdk.discovery.installed_sources``)."""
    known = installed_sources().scopes if known_scopes is None else known_scopes
    try:
        grant = Grant.model_validate(claims)
    except ValidationError as exc:
        fields = sorted({".".join(str(p) for p in err["loc"]) for err in exc.errors()})
        raise _malformed(fields) from None
    if len(set(grant.scopes)) != len(grant.scopes):  # a scope twice
        raise _malformed(["scopes"])
    unknown = sorted(set(grant.scopes) - set(known))
    if unknown:
        raise AuthorizationRefused(
            f"unknown scopes in the authorization: {', '.join(unknown)}",
            code="malformed-authorization",
        )
    seen: set[str] = set()
    for index, member in enumerate(grant.members):
        problem = id_number_problem(member.id_number)
        if problem:
            raise AuthorizationRefused(
                f"member {index}: ID number is invalid: {problem}",
                code="invalid-id-number",
                extra={"member_index": index},
            )
        if normalize(member.id_number) in seen:
            raise AuthorizationRefused(
                f"member {index}: listed twice", code="malformed-authorization"
            )
        seen.add(normalize(member.id_number))
        if not member.consented:
            raise AuthorizationRefused(
                f"member {index} has not consented to the verification",
                code="missing-consent",
                extra={"member_index": index},
            )
    if requested_scopes is not None:
        not_granted = sorted(set(requested_scopes) - set(grant.scopes))
        if not_granted:
            raise AuthorizationRefused(
                f"scopes not granted by the authorization: {', '.join(not_granted)}",
                code="scope-not-granted",
                extra={"scopes": not_granted},
            )
    return grant
