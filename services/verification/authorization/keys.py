"""Issuer and issuer-key records: registering, looking up by kid."""

from __future__ import annotations

import datetime as dt
import json

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from verification.audit.log import append_events
from verification.authorization.jws import RegisteredKey
from verification.authorization.models import Issuer, IssuerKey


class InvalidJwkError(ValueError):
    pass


def public_jwk_json(jwk: dict[str, object]) -> str:
    """Validate an Ed25519 public JWK and return it without any private part."""
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or "x" not in jwk:
        raise InvalidJwkError("issuer keys must be Ed25519 OKP JWKs")
    if "d" in jwk:
        raise InvalidJwkError("register the public key only: the JWK contains a private part")
    key = jwt.PyJWK.from_dict({"kty": "OKP", "crv": "Ed25519", "x": jwk["x"]}).key
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidJwkError("not an Ed25519 public key")
    return json.dumps({"kty": "OKP", "crv": "Ed25519", "x": jwk["x"]}, sort_keys=True)


async def lookup_key(session: AsyncSession, kid: str) -> RegisteredKey | None:
    row = await session.get(IssuerKey, kid)
    if row is None:
        return None
    return RegisteredKey(
        kid=row.kid,
        issuer_code=row.issuer_code,
        public_jwk=row.public_jwk,
        revoked=row.revoked_at is not None,
    )


async def register_key(
    session: AsyncSession,
    *,
    issuer_code: str,
    issuer_name: str,
    kid: str,
    jwk: dict[str, object],
    actor: str,
) -> IssuerKey:
    public = public_jwk_json(jwk)
    if await session.get(Issuer, issuer_code) is None:
        session.add(Issuer(code=issuer_code, name=issuer_name))
    existing = (
        await session.execute(select(IssuerKey).where(IssuerKey.kid == kid))
    ).scalar_one_or_none()
    if existing is not None:
        raise InvalidJwkError(f"kid {kid!r} is already registered")
    row = IssuerKey(kid=kid, issuer_code=issuer_code, public_jwk=public)
    session.add(row)
    await session.flush()
    await append_events(
        session,
        [{"action": "issuer_key_registered", "kid": kid, "issuer": issuer_code, "actor": actor}],
    )
    return row


async def revoke_key(
    session: AsyncSession, kid: str, *, reason: str, actor: str, now: dt.datetime
) -> IssuerKey:
    row = await session.get(IssuerKey, kid)
    if row is None:
        raise LookupError(f"no issuer key {kid!r}")
    if row.revoked_at is None:
        row.revoked_at = now
        row.revoked_reason = reason
        await session.flush()
        await append_events(
            session,
            [
                {
                    "action": "issuer_key_revoked",
                    "kid": kid,
                    "issuer": row.issuer_code,
                    "reason": reason,
                    "actor": actor,
                }
            ],
        )
    return row
