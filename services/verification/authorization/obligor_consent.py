"""An obligor's own consent (赡养、抚养、扶养义务人授权核对同意书), free of I/O.

A support obligor outside the household (a parent, an adult child, a spouse living
apart, …) consents for themselves: their own JWS, signed by an issuer's registered key
like the household's authorization, naming the household's authorization it supports
(``supports_authorization_id``) — so a consent given for one household cannot be used for
another.  Its claims (``kind`` = ``obligor_consent``):

    {"kind": "obligor_consent", "authorization_id": "...", "issuer": "...",
     "supports_authorization_id": "<the household's authorization_id>",
     "obligor": {"id_number": "...", "name": "...", "relation": "adult_child",
                 "consented": true},
     "scopes": [...], "iat": ..., "nbf": ..., "exp": ...}

``parse_obligor_consent`` applies every content rule that needs no database; each
failure is an ``AuthorizationRefused`` with a stable code (``obligor-consent-invalid``,
``obligor-consent-unbound``, ``obligor-is-member``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from verification.assessment.obligors import ObligorRelation
from verification.authorization.grant import SECONDS_PER_DAY, Grant
from verification.kit.canonical_json import canonical_bytes
from verification.kit.id_number import id_number_problem, no_id_number, normalize
from verification.problems import AuthorizationRefused

MAX_OBLIGORS = 10


class ConsentingObligor(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id_number: Annotated[str, Field(min_length=1, max_length=32)]
    name: Annotated[str, Field(min_length=1, max_length=64)]
    relation: ObligorRelation
    consented: bool


class ObligorConsent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["obligor_consent"]
    authorization_id: Annotated[
        str,
        Field(min_length=8, max_length=128, pattern=r"^[A-Za-z0-9._:-]+$"),
        AfterValidator(no_id_number),
    ]
    issuer: Annotated[str, Field(min_length=1, max_length=32)]
    supports_authorization_id: Annotated[str, Field(min_length=8, max_length=128)]
    obligor: ConsentingObligor
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

    def content_hash(self) -> str:
        """As ``Grant.content_hash``: what ``authorizations`` records to refuse the id's
        reuse with other content."""
        return hashlib.sha256(canonical_bytes(self.model_dump(mode="json"))).hexdigest()


def invalid(index: int, detail: str, reason: str) -> AuthorizationRefused:
    """The refusal of obligor ``index``'s consent (``reason``: the underlying check's code)."""
    return AuthorizationRefused(
        f"obligor {index}'s consent: {detail}",
        code="obligor-consent-invalid",
        extra={"obligor_index": index, "reason": reason},
        audit={"obligor_index": index, "reason": reason},
    )


def parse_obligor_consent(
    index: int,
    claims: dict[str, Any],
    household: Grant,
    known_scopes: Collection[str],
    max_days: int,
) -> ObligorConsent:
    """Obligor ``index``'s consent, of already signature-verified claims, for ``household``."""
    try:
        consent = ObligorConsent.model_validate(claims)
    except ValidationError as exc:
        fields = sorted({".".join(str(p) for p in err["loc"]) for err in exc.errors()})
        raise invalid(
            index, "the payload is not valid: check " + ", ".join(fields), "malformed"
        ) from None
    if consent.supports_authorization_id != household.authorization_id:
        raise AuthorizationRefused(
            f"obligor {index}'s consent supports another household's authorization",
            code="obligor-consent-unbound",
            extra={"obligor_index": index},
            audit={"obligor_index": index},
        )
    if problem := id_number_problem(consent.obligor.id_number):
        raise invalid(index, f"ID number is invalid: {problem}", "invalid-id-number")
    if not consent.obligor.consented:
        raise invalid(index, "the obligor has not consented", "missing-consent")
    if len(set(consent.scopes)) != len(consent.scopes) or set(consent.scopes) - set(known_scopes):
        raise invalid(index, "unknown or repeated scopes", "malformed")
    if consent.exp - min(consent.iat, consent.nbf) > max_days * SECONDS_PER_DAY:
        raise invalid(index, f"valid for longer than {max_days} days", "lifetime-too-long")
    members = {normalize(m.id_number) for m in household.members}
    if normalize(consent.obligor.id_number) in members:
        raise AuthorizationRefused(
            f"obligor {index} is a member of the household: a member is verified as one",
            code="obligor-is-member",
            extra={"obligor_index": index},
            audit={"obligor_index": index},
        )
    return consent
