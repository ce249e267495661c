"""Verification of the compact JWS (RFC 7515, EdDSA / Ed25519 per RFC 8037).

The signature check is PyJWT's; the header and the time claims are checked
here, the times against an explicit clock (so tests and re-verification can
state the time).  Each failure maps to a refusal code; the ``kid`` is looked
up through a caller-given function so this module stays free of the database.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import jwt

from verification.kit.id_number import contains_id_number
from verification.kit.nul import contains_nul
from verification.problems import AuthorizationRefused

CLOCK_SKEW_SECONDS = 30
# header.payload.signature, each base64url without padding (RFC 7515 §7.1)
COMPACT_JWS_PATTERN = r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"
MAX_JWS_LENGTH = 65536
_COMPACT_JWS = re.compile(COMPACT_JWS_PATTERN)
# iat, nbf and exp are integer NumericDates (seconds since the epoch, UTC) in this range
EARLIEST_TIME = int(dt.datetime(2000, 1, 1, tzinfo=dt.UTC).timestamp())
LATEST_TIME = int(dt.datetime(2100, 1, 1, tzinfo=dt.UTC).timestamp())
TIME_CLAIMS = ("iat", "nbf", "exp")
# a key id: what is registered, and all a refusal may record of the header's kid (which
# must not hold an ID number either: it would be audited)
KID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"
_KID = re.compile(KID_PATTERN)
# the published contract of the header and payload: the JSON Schema
# openapi/authorization.schema.json (this is its $id), which
# tests/integrators/test_authorization_schema.py holds to these checks and grant.py's
AUTHORIZATION_SCHEMA_ID = "https://verification.example.cn/schemas/authorization/v1.json"
AUTHORIZATION_EXTERNAL_DOCS = {
    "description": "授权核对委托书: the JSON Schema of the JWS header and payload "
    "(openapi/authorization.schema.json, version 1); how to sign one: "
    "docs/integrators/signing-authorizations.md",
    "url": AUTHORIZATION_SCHEMA_ID,
}


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


def _nul(part: str) -> AuthorizationRefused:
    return AuthorizationRefused(
        f"the authorization's JWS {part} contains a NUL character (U+0000), which is never "
        "accepted",
        code="nul-character",
    )


async def verify_jws(
    token: str, lookup: KeyLookup, now: dt.datetime, *, accept_demo: bool
) -> tuple[RegisteredKey, dict[str, Any]]:
    header = _protected_header(token)
    if contains_nul(header):
        raise _nul("header")
    if "crit" in header:
        # RFC 7515 §4.1.11: a JWS naming an extension the recipient does not understand
        # is invalid; this service understands none
        raise AuthorizationRefused(
            "the authorization's JWS header lists critical extensions (crit); none are supported",
            code="unsupported-critical-header",
            status=400,
        )
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
        claims: dict[str, Any] = jwt.decode(
            token,
            _public_key(key.public_jwk),
            algorithms=["EdDSA"],
            options={
                "require": list(TIME_CLAIMS),
                "verify_exp": False,
                "verify_nbf": False,
                "verify_iat": False,
            },
        )
    except jwt.InvalidSignatureError:
        raise AuthorizationRefused(
            "the authorization's signature does not verify", code="invalid-signature"
        ) from None
    except jwt.MissingRequiredClaimError as exc:
        raise _malformed(f"the authorization lacks the {exc.claim} claim") from None
    except (jwt.InvalidTokenError, json.JSONDecodeError):
        raise _malformed("the authorization could not be decoded") from None
    if contains_nul(claims):
        raise _nul("payload")
    check_times(claims, now)
    return key, claims


def _protected_header(token: str) -> dict[str, Any]:
    """The JWS header, before any other check (PyJWT's reader refuses some headers with
    errors that do not say which rule they broke)."""
    if len(token) > MAX_JWS_LENGTH or not _COMPACT_JWS.fullmatch(token):
        raise _malformed("the authorization is not a compact JWS (header.payload.signature)")
    segment = token.split(".", 1)[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except ValueError:  # binascii.Error, UnicodeDecodeError and JSONDecodeError
        raise _malformed("the authorization's JWS header is not base64url JSON") from None
    if not isinstance(header, dict):
        raise _malformed("the authorization's JWS header is not a JSON object")
    return header


@functools.lru_cache(maxsize=256)
def _public_key(public_jwk: str) -> Any:
    """The verifying key of a registered public JWK, parsed once: every verification signed
    with that key checks its signature with it."""
    return jwt.PyJWK.from_json(public_jwk).key


def check_times(claims: dict[str, Any], now: dt.datetime) -> None:
    """iat, nbf and exp: integer NumericDates in a sane range; iat not after ``now`` and
    ``now`` within nbf..exp, each with the clock-skew allowance."""
    for name in TIME_CLAIMS:
        value = claims[name]
        if type(value) is not int or not EARLIEST_TIME <= value <= LATEST_TIME:
            raise _malformed(
                f"the authorization's {name} must be an integer NumericDate "
                "between 2000-01-01 and 2100-01-01 (seconds since the epoch, UTC)"
            )
    stamp = now.timestamp()
    if claims["iat"] > stamp + CLOCK_SKEW_SECONDS:
        raise AuthorizationRefused(
            "the authorization's iat lies in the future (beyond the "
            f"{CLOCK_SKEW_SECONDS} s clock-skew allowance)",
            code="issued-in-future",
        )
    if stamp > claims["exp"] + CLOCK_SKEW_SECONDS:
        raise AuthorizationRefused("the authorization has expired", code="expired")
    if stamp < claims["nbf"] - CLOCK_SKEW_SECONDS:
        raise AuthorizationRefused("the authorization is not yet valid", code="not-yet-valid")
