"""Verification of the compact JWS (RFC 7515, EdDSA / Ed25519 per RFC 8037).

The signature check is PyJWT's; nbf/exp are checked here against an explicit
clock (so tests and re-verification can state the time).  Each failure maps
to a refusal code; the ``kid`` is looked up through a caller-given function
so this module stays free of the database.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import jwt

from verification.kit.id_number import contains_id_number
from verification.problems import AuthorizationRefused

CLOCK_SKEW_SECONDS = 30
# a key id: what is registered, and all a refusal may record of the header's kid (which
# must not hold an ID number either: it would be audited)
KID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"
_KID = re.compile(KID_PATTERN)


@dataclass(frozen=True, slots=True)
class RegisteredKey:
    kid: str
    issuer_code: str
    public_jwk: str
    revoked: bool
    demo: bool = False  # made by the demo bootstrap: refused outside demo mode


KeyLookup = Callable[[str], Awaitable[RegisteredKey | None]]


def demo_key_refused(kid: str) -> AuthorizationRefused:
    return AuthorizationRefused(
        "the signing key is a demo key, refused outside demo mode",
        code="demo-key",
        audit={"kid": kid},
    )


def _malformed(detail: str) -> AuthorizationRefused:
    return AuthorizationRefused(detail, code="malformed-authorization", status=400)


async def verify_jws(
    token: str, lookup: KeyLookup, now: dt.datetime, *, accept_demo: bool
) -> tuple[RegisteredKey, dict[str, Any]]:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError:
        raise _malformed("the authorization is not a compact JWS") from None
    if header.get("alg") != "EdDSA":
        raise _malformed("the authorization must be signed with alg EdDSA (Ed25519)")
    kid = header.get("kid")
    if not isinstance(kid, str) or not _KID.fullmatch(kid) or contains_id_number(kid):
        raise _malformed("the authorization's JWS header names no kid (a registered key id)")
    key = await lookup(kid)
    if key is None:
        raise AuthorizationRefused(
            "the signing key (kid) is not registered", code="unknown-key", audit={"kid": kid}
        )
    if key.revoked:
        raise AuthorizationRefused(
            "the signing key (kid) has been revoked", code="revoked-key", audit={"kid": kid}
        )
    if key.demo and not accept_demo:
        raise demo_key_refused(kid)
    try:
        claims = _decode_at(token, jwt.PyJWK.from_json(key.public_jwk).key, now)
    except jwt.InvalidSignatureError:
        raise AuthorizationRefused(
            "the authorization's signature does not verify", code="invalid-signature"
        ) from None
    except jwt.ExpiredSignatureError:
        raise AuthorizationRefused("the authorization has expired", code="expired") from None
    except jwt.ImmatureSignatureError:
        raise AuthorizationRefused(
            "the authorization is not yet valid", code="not-yet-valid"
        ) from None
    except jwt.MissingRequiredClaimError as exc:
        raise _malformed(f"the authorization lacks the {exc.claim} claim") from None
    except (jwt.InvalidTokenError, json.JSONDecodeError):
        raise _malformed("the authorization could not be decoded") from None
    return key, claims


def _decode_at(token: str, public_key: Any, now: dt.datetime) -> dict[str, Any]:
    """Verify the signature, then apply nbf/exp against ``now`` (tests, replays)."""
    claims: dict[str, Any] = jwt.decode(
        token,
        public_key,
        algorithms=["EdDSA"],
        options={
            "require": ["iat", "nbf", "exp"],
            "verify_exp": False,
            "verify_nbf": False,
            "verify_iat": False,
        },
    )
    stamp = now.timestamp()
    if not isinstance(claims["exp"], int) or not isinstance(claims["nbf"], int):
        raise jwt.DecodeError("nbf and exp must be integers")
    if stamp > claims["exp"] + CLOCK_SKEW_SECONDS:
        raise jwt.ExpiredSignatureError
    if stamp < claims["nbf"] - CLOCK_SKEW_SECONDS:
        raise jwt.ImmatureSignatureError
    return claims
