"""Stored authorizations: recorded when first accepted, used again (a retry, a review) only
while they and their signing key are still valid."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, cast

from sqlalchemy import CursorResult, Insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from verification.authorization.grant import Grant
from verification.authorization.issuer_keys import lookup_key
from verification.authorization.jws import RegisteredKey, demo_key_refused
from verification.authorization.models import AuthorizationRecord
from verification.authorization.obligor_consent import ObligorConsent
from verification.authorization.validity import expired
from verification.db import dialect_insert, table
from verification.problems import AuthorizationRefused, Conflict


@functools.cache
def _record_statement(dialect: str) -> Insert:
    """The INSERT that records an authorization unless its id is recorded already, built
    once per dialect (each verification runs it): its values are the parameters it is
    executed with, so no statement is built, and no cache key computed over its values,
    per request."""
    authorizations = table(AuthorizationRecord)
    record = dialect_insert(dialect, authorizations)
    return record.on_conflict_do_nothing(index_elements=[authorizations.c.authorization_id])


# the columns of an authorization's row that recording it writes (``authorization_values``)
AUTHORIZATION_COLUMNS = (
    "authorization_id",
    "content_hash",
    "issuer_code",
    "kid",
    "purpose",
    "region_code",
    "scopes",
    "member_count",
    "not_before",
    "expires_at",
    "first_seen_at",
)


def recorded_values(record: AuthorizationRecord) -> dict[str, Any]:
    """A recorded authorization's row as ``authorization_values`` gave it: for a statement
    that records a use of it (recording it again changes nothing: the same content)."""
    return {column: getattr(record, column) for column in AUTHORIZATION_COLUMNS}


def authorization_values(key: RegisteredKey, grant: Grant, now: dt.datetime) -> dict[str, Any]:
    """The row recording an accepted authorization (``record_authorization``'s values)."""
    return {
        "authorization_id": grant.authorization_id,
        "content_hash": grant.content_hash(),
        "issuer_code": grant.issuer,
        "kid": key.kid,
        "purpose": grant.purpose,
        "region_code": grant.region_code,
        "scopes": grant.scopes,
        "member_count": len(grant.members),
        "not_before": grant.not_before,
        "expires_at": grant.expires_at,
        "first_seen_at": now,
    }


async def record_authorization(
    session: AsyncSession, key: RegisteredKey, grant: Grant, now: dt.datetime
) -> None:
    """Record an accepted authorization; the same ``authorization_id`` again is accepted only
    with the same content (``409 authorization-replayed`` otherwise).

    One INSERT, which does nothing when the id is recorded already (a later use, or a
    concurrent first use that committed first); only then is the recorded content read
    and compared."""
    await _record(
        session,
        authorization_values(key, grant, now),
        audit={"authorization_id": grant.authorization_id, "kid": key.kid},
        extra={},
    )


def consent_values(
    key: RegisteredKey, consent: ObligorConsent, household: Grant, now: dt.datetime
) -> dict[str, Any]:
    """The row recording an accepted support obligor's consent: its own ``authorization_id``
    and content hash (so its id, as a household authorization's, cannot be used again with
    other content); ``purpose`` is the kind (``obligor_consent``), the region the household's
    it supports, ``member_count`` 1 (the one consenting obligor, never a member)."""
    return {
        "authorization_id": consent.authorization_id,
        "content_hash": consent.content_hash(),
        "issuer_code": consent.issuer,
        "kid": key.kid,
        "purpose": consent.kind,
        "region_code": household.region_code,
        "scopes": consent.scopes,
        "member_count": 1,
        "not_before": consent.not_before,
        "expires_at": consent.expires_at,
        "first_seen_at": now,
    }


async def record_obligor_consent(
    session: AsyncSession, values: dict[str, Any], *, obligor_index: int, household_id: str
) -> None:
    """Record obligor ``obligor_index``'s accepted consent (``consent_values``), as
    ``record_authorization`` an authorization: its id used before with other content (another
    consent's, or any household authorization's) is ``409 authorization-replayed``, naming
    the obligor by index."""
    await _record(
        session,
        values,
        audit={
            "authorization_id": household_id,
            "consent_id": values["authorization_id"],
            "kid": values["kid"],
            "obligor_index": obligor_index,
        },
        extra={"obligor_index": obligor_index},
        detail=f"obligor {obligor_index}'s consent: ",
    )


async def _record(
    session: AsyncSession,
    values: dict[str, Any],
    *,
    audit: dict[str, Any],
    extra: dict[str, Any],
    detail: str = "",
) -> None:
    """One INSERT that does nothing when the id is recorded already; then the recorded
    content hash is compared (see ``record_authorization``)."""
    inserted = await session.execute(_record_statement(session.get_bind().dialect.name), values)
    if cast(CursorResult[Any], inserted).rowcount == 1:
        return
    # share-locked until the caller's transaction, which records the use, ends: a
    # withdrawal is seen, or waits for it (as ``usable_authorization(hold=True)``)
    found = (
        await session.execute(
            select(AuthorizationRecord.content_hash, AuthorizationRecord.revoked_at)
            .where(AuthorizationRecord.authorization_id == values["authorization_id"])
            .with_for_update(read=True)
        )
    ).first()
    if found is None:  # recorded and gone again in between (cannot be deleted)
        raise Conflict(
            "this authorization is being used by a concurrent request; retry",
            code="authorization-in-use",
        )
    recorded, withdrawn = found
    if recorded == values["content_hash"] and withdrawn is not None:
        # the same signed authorization presented again after the household withdrew it
        raise revoked(values["authorization_id"], audit=audit)
    if recorded != values["content_hash"]:
        raise AuthorizationRefused(
            detail + "this authorization_id was already used with different content",
            code="authorization-replayed",
            status=409,
            extra=extra or None,
            audit=audit,
        )


async def usable_authorization(
    session: AsyncSession,
    authorization_id: str,
    now: dt.datetime,
    *,
    accept_demo: bool,
    hold: bool = False,
) -> tuple[AuthorizationRecord, RegisteredKey]:
    """A recorded authorization (it must exist: a verification refers to it) and its key,
    refused unless it may still be used at ``now`` (``check_still_valid``).

    ``hold``: read afresh and share-locked until the caller's transaction ends (PostgreSQL's
    ``FOR SHARE``; SQLite's writers are serial) — for the transaction that records a use
    before the agencies are asked.  A household's withdrawal locks the row to write it
    (``consent/revoke.py``), so the two are ordered: a withdrawal committed first is seen
    (and the use refused), one that comes later waits until the use is recorded."""
    authorization = await session.get(
        AuthorizationRecord,
        authorization_id,
        with_for_update={"read": True} if hold else None,
        populate_existing=hold,
    )
    assert authorization is not None
    key = await lookup_key(session, authorization.kid)
    check_still_valid(authorization, key, now, accept_demo=accept_demo)
    assert key is not None  # check_still_valid refuses an authorization whose key is gone
    return authorization, key


def check_still_valid(
    authorization: AuthorizationRecord,
    key: RegisteredKey | None,
    now: dt.datetime,
    *,
    accept_demo: bool,
) -> None:
    """A stored authorization may be used again only while it and its key are valid (and
    its key is not a demo key outside demo mode), and never once the household withdrew it
    (``authorization-revoked``)."""
    audit = {"authorization_id": authorization.authorization_id, "kid": authorization.kid}
    if authorization.revoked_at is not None:
        raise revoked(authorization.authorization_id, audit=audit)
    if key is None or key.revoked:
        raise AuthorizationRefused(
            "the key that signed the authorization has been revoked",
            code="revoked-key",
            audit=audit,
        )
    if key.demo and not accept_demo:
        refusal = demo_key_refused(key.kid)
        refusal.audit_fields.update(audit)
        raise refusal
    if now < authorization.not_before or expired(authorization.expires_at, now):
        raise AuthorizationRefused(
            "the authorization is no longer valid", code="expired", audit=audit
        )


def revoked(authorization_id: str, *, audit: dict[str, Any] | None = None) -> AuthorizationRefused:
    """The refusal of any use of an authorization the household withdrew."""
    return AuthorizationRefused(
        "the household has withdrawn this authorization; it may not be used again",
        code="authorization-revoked",
        audit=audit or {"authorization_id": authorization_id},
    )
