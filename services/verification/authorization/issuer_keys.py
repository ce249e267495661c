"""Issuer and issuer-key records: registering, listing, revoking, looking up by kid.

Rotation is registering a new ``kid`` for the same issuer: the old key keeps
verifying until it is revoked, so an issuing office can switch over without a
gap.  Only the public part of a key is ever accepted or stored (``kty``,
``crv``, ``x`` of an Ed25519 OKP JWK); audit events name the kid and issuer
and carry no key material.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from verification.audit.log import append_events
from verification.authorization.jws import KID_PATTERN, RegisteredKey
from verification.authorization.models import Issuer, IssuerKey
from verification.clients.service import is_issuer_code
from verification.db import dialect_insert
from verification.kit.id_number import contains_id_number
from verification.kit.lookup_cache import LookupCache, credentials_changed
from verification.kit.masking import mask_text
from verification.problems import Conflict, InvalidRequest, NotFound

ISSUER_NAME_MAX = 200
REASON_MAX = 500
_KID = re.compile(KID_PATTERN)
_X = re.compile(r"^[A-Za-z0-9_-]{43}$")  # 32 bytes, base64url without padding
# members that carry private or symmetric key material in any JWK type (RFC 7518 §6)
_PRIVATE_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})


class InvalidJwkError(InvalidRequest, ValueError):
    """The JWK is not a public Ed25519 OKP key (422)."""

    code = "invalid-jwk"


class UnknownKeyError(NotFound, LookupError):
    """No such key (for this issuer) (404)."""

    code = "no-such-key"


def public_jwk_json(jwk: Mapping[str, object]) -> str:
    """Validate an Ed25519 public JWK and return it without any private part.

    Error details never quote the key's members.
    """
    if _PRIVATE_MEMBERS & set(jwk):
        raise InvalidJwkError(
            "register the public key only: the JWK contains a private part",
            code="jwk-has-private-part",
        )
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise InvalidJwkError(
            "issuer keys must be Ed25519 OKP JWKs (kty OKP, crv Ed25519)", code="unsupported-jwk"
        )
    if jwk.get("alg", "EdDSA") != "EdDSA" or jwk.get("use", "sig") != "sig":
        raise InvalidJwkError("the JWK must be for EdDSA signatures (alg EdDSA, use sig)")
    x = jwk.get("x")
    if not isinstance(x, str) or not _X.fullmatch(x):
        raise InvalidJwkError("the JWK's x must be a 32-byte public key in base64url")
    try:
        Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(x + "="))
    except (ValueError, binascii.Error):
        raise InvalidJwkError("the JWK's x is not an Ed25519 public key") from None
    return json.dumps({"kty": "OKP", "crv": "Ed25519", "x": x}, sort_keys=True)


def _event(
    action: str,
    row: IssuerKey,
    *,
    actor: str,
    client_id: str | None,
    request_id: str | None,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "action": action,
        "kid": row.kid,
        "issuer": row.issuer_code,
        "actor": actor,
    }
    if client_id:
        event["client_id"] = client_id
    if request_id:
        event["request_id"] = request_id
    return event


async def lookup_key(session: AsyncSession, kid: str) -> RegisteredKey | None:
    row = await session.get(IssuerKey, kid)
    if row is None:
        return None
    return RegisteredKey(
        kid=row.kid,
        issuer_code=row.issuer_code,
        public_jwk=row.public_jwk,
        revoked=row.revoked_at is not None,
        demo=row.demo,
    )


class CachedKeys:
    """``lookup_key`` for the verifications, its keys kept ``seconds``
    (``kit.lookup_cache``: a key revoked by another process is refused here within that
    time; by this process, at once).  A kid not registered is looked up every time, so a
    key registered for a rotation verifies at once."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], cache: LookupCache[str, RegisteredKey]
    ) -> None:
        self._sessions = sessions
        self._cache = cache  # the runtime's (Runtime.key_cache), shared by every verification

    async def __call__(self, kid: str) -> RegisteredKey | None:
        key = self._cache.get(kid, refresh=lambda: self._lookup(kid))
        if key is None:
            key = await self._lookup(kid)
            if key is not None:
                self._cache.put(kid, key)
        return key

    async def _lookup(self, kid: str) -> RegisteredKey | None:
        async with self._sessions() as session:
            return await lookup_key(session, kid)


async def list_issuers(session: AsyncSession) -> list[tuple[Issuer, list[IssuerKey]]]:
    """Every issuer with its keys (oldest first), revoked ones included."""
    issuers = (await session.execute(select(Issuer).order_by(Issuer.code))).scalars().all()
    keys = (
        (
            await session.execute(
                select(IssuerKey).order_by(
                    IssuerKey.issuer_code, IssuerKey.created_at, IssuerKey.kid
                )
            )
        )
        .scalars()
        .all()
    )
    by_issuer: dict[str, list[IssuerKey]] = {issuer.code: [] for issuer in issuers}
    for key in keys:
        by_issuer.setdefault(key.issuer_code, []).append(key)
    return [(issuer, by_issuer[issuer.code]) for issuer in issuers]


async def valid_kids(session: AsyncSession, issuer_code: str) -> list[str]:
    """The ids of the issuer's keys not revoked, oldest first."""
    found = await session.execute(
        select(IssuerKey.kid)
        .where(IssuerKey.issuer_code == issuer_code, IssuerKey.revoked_at.is_(None))
        .order_by(IssuerKey.created_at, IssuerKey.kid)
    )
    return list(found.scalars())


async def _refuse_registered(
    session: AsyncSession, kid: str, issuer_code: str, public: str, audit: dict[str, Any]
) -> None:
    """Refuse a kid registered already, or a public key registered already under another
    kid, revoked or not: revoking a kid must end every use of its key pair (ADR 0031)."""
    existing = await session.get(IssuerKey, kid)
    if existing is not None:
        if existing.issuer_code != issuer_code:
            raise Conflict(
                "this kid is registered to another issuer; choose a new kid",
                code="kid-of-another-issuer",
                audit=audit,
                extra={"kid": kid, "issuer": existing.issuer_code},
            )
        raise Conflict(
            "this kid is already registered; rotate by registering a new kid",
            code="duplicate-kid",
            audit=audit,
            extra={"kid": kid, "issuer": existing.issuer_code},
        )
    same_key = (
        await session.execute(select(IssuerKey.kid).where(IssuerKey.public_jwk == public))
    ).first()
    if same_key is not None:
        raise Conflict(
            "this public key is already registered under another kid; generate a new key pair",
            code="key-already-registered",
            audit={**audit, "existing_kid": same_key.kid},
            extra={"kid": same_key.kid},
        )


async def register_key(
    session: AsyncSession,
    *,
    issuer_code: str,
    issuer_name: str | None,
    kid: str,
    jwk: Mapping[str, object],
    actor: str,
    client_id: str | None = None,
    request_id: str | None = None,
    demo: bool = False,
) -> IssuerKey:
    """Register a public key under ``kid`` for the issuer (created, with its name, if new).

    Registering another kid for an issuer that has keys is rotation: both keys
    verify until the old one is revoked.  ``demo`` marks the demo bootstrap's key.
    """
    audit = {"kid": kid[:128], "issuer": issuer_code[:32]}
    if not is_issuer_code(issuer_code):
        raise InvalidRequest(
            "issuer codes are 1 to 32 letters, digits, '-' or '_', and hold no ID number",
            code="invalid-issuer-code",
            audit=audit,
        )
    if not _KID.fullmatch(kid) or contains_id_number(kid):
        raise InvalidRequest(
            "a kid is 1 to 128 letters, digits, '.', '_', ':' or '-', and holds no ID number",
            code="invalid-kid",
            audit=audit,
        )
    try:
        public = public_jwk_json(jwk)
    except InvalidJwkError as refusal:
        refusal.audit_fields.update(audit)
        raise
    if "kid" in jwk and jwk["kid"] != kid:
        raise InvalidJwkError(
            "the JWK names another kid than the one being registered",
            code="kid-mismatch",
            audit=audit,
        )
    await _refuse_registered(session, kid, issuer_code, public, audit)
    if await session.get(Issuer, issuer_code) is None:
        name = (issuer_name or "").strip()
        if not name or len(name) > ISSUER_NAME_MAX:
            raise InvalidRequest(
                f"the issuer is new: give its name (1 to {ISSUER_NAME_MAX} characters)",
                code="issuer-name-required",
                audit=audit,
            )
        # two first keys of a new issuer registered at once: the first to commit names it
        await session.execute(
            dialect_insert(session.get_bind().dialect.name, Issuer)
            .values(code=issuer_code, name=mask_text(name))
            .on_conflict_do_nothing(index_elements=["code"])
        )
    row = IssuerKey(kid=kid, issuer_code=issuer_code, public_jwk=public, demo=demo)
    try:
        async with session.begin_nested():  # on a refusal, the row leaves the session
            session.add(row)
            await session.flush()
    except IntegrityError:
        # a concurrent registration of this kid, or of this public key under another kid
        # (``uq_issuer_keys_active_public_jwk``), committed first: refused as the checks
        # above refuse it when it came earlier
        await _refuse_registered(session, kid, issuer_code, public, audit)
        raise
    credentials_changed(session)
    event = _event(
        "issuer_key_registered", row, actor=actor, client_id=client_id, request_id=request_id
    )
    await append_events(session, [{**event, "demo": True} if demo else event])
    return row


async def revoke_key(
    session: AsyncSession,
    kid: str,
    *,
    reason: str,
    actor: str,
    now: dt.datetime,
    issuer_code: str | None = None,
    client_id: str | None = None,
    request_id: str | None = None,
) -> IssuerKey:
    """Revoke the key (idempotent): authorizations it signed are refused from then on.

    With ``issuer_code`` the key must belong to that issuer.  The reason is
    required and stored with personal identifiers masked.
    """
    audit = {"kid": kid[:128], **({"issuer": issuer_code[:32]} if issuer_code else {})}
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX:
        raise InvalidRequest(
            f"give a reason of 1 to {REASON_MAX} characters", code="reason-required", audit=audit
        )
    row = (
        await session.execute(select(IssuerKey).where(IssuerKey.kid == kid).with_for_update())
    ).scalar_one_or_none()
    if row is None or (issuer_code is not None and row.issuer_code != issuer_code):
        owner = f"issuer {issuer_code!r} has" if issuer_code else "there is"
        raise UnknownKeyError(f"{owner} no key {kid!r}", audit=audit)
    if row.revoked_at is None:
        row.revoked_at = now
        row.revoked_reason = mask_text(reason)
        credentials_changed(session)
        await session.flush()
        await append_events(
            session,
            [
                {
                    **_event(
                        "issuer_key_revoked",
                        row,
                        actor=actor,
                        client_id=client_id,
                        request_id=request_id,
                    ),
                    "reason": row.revoked_reason,
                }
            ],
        )
    return row
