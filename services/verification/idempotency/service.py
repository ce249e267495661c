"""Storing and replaying the first answer to a request sent with an ``Idempotency-Key``.

A key is scoped to the client that sent it and lives for ``KEY_TTL`` (24 h)
from its first use; a lookup ignores (and deletes) expired keys.  The first
request with a key claims it (``in_progress``), does the work and stores the
response — status, media type and the body encrypted under the key ring,
bound to the client and the key.  A later request with the same key and the
same fingerprint (below) gets that response back without the work being done
again; another fingerprint is
refused with ``idempotency-key-reused`` (422), and a request arriving while
the first is still running with ``idempotency-in-progress`` (409).  A request
that fails or is refused releases its key, so it may be retried as it was.  A
claim whose holder has not finished within ``IdempotencyStore.lease`` (the
process died) is taken over by the next request with that key.

The fingerprint is keyed (ADR 0027).  A request body holds ID numbers, names and
incomes, few enough candidates to guess; an unkeyed SHA-256 of it would let anyone
holding a copy of the database confirm a guessed request by hashing it.  So the
stored ``request_hash`` is ``h1:`` and the base64url HMAC-SHA256, under the key
ring's derived key ``idempotency-fingerprint`` (HKDF of the blind-index key, as the
page cursors' and the cross lists' digests are), of the client, the key, the
method, the path and the canonical JSON body.  Binding the client and the key
means equal requests under other keys or clients store unrelated values.

Rows written before (within their 24 hours) hold the former scheme, the bare hex
SHA-256 of method, path and body, without a prefix: ``RequestFingerprint.matches``
compares a stored value with the scheme it names, and a row matched the old way is
rewritten to ``h1:`` then (its request is at hand).  No migration: the old values
cannot be recomputed under the key (the request bodies are not kept), and deleting
them would make a client's retry of a request already done do it again.  Every
unprefixed row has expired 24 hours after the upgrade; ``_legacy`` may then go.

The key itself is not stored either (ADR 0029).  A client chooses its keys, and one
that puts an ID number or a name in them would otherwise have it kept in clear: the
row's ``key`` is ``h1:`` and the base64url HMAC-SHA256 of the client and the key, under
the derived key ``idempotency-key`` (``stored_key``; the same derivation, by
``_keyed``).  Every lookup, the response's associated data and the release go by that
digest; the key as sent lives only in the request (and the second lookup below, during
the transition).  Rows written before hold the key as
sent (within their 24 hours): ``claim`` looks for the digest, then for the key as sent
(``StoredKey.legacy``); such a row is replayed as it is, and moved to the digest when an
abandoned claim is taken over.  No migration: a migration has no key ring to compute
the digests with.  One day after the upgrade no such row is left (the next claim
deletes it), and the second lookup may go.

Rotation: the derived key follows the blind-index key, which ``verification keys``
never rotates, so rotating a data key leaves every fingerprint valid (only
``response_enc`` moves, by ``reencrypt``).  Were the key file replaced by one with
another blind-index key, the stored fingerprints would no longer match: a repeated
request would be refused as ``idempotency-key-reused`` — never done twice nor
answered with another request's response — until its key expired.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import Response
from pydantic import BaseModel
from sqlalchemy import delete, insert, update
from sqlalchemy.exc import IntegrityError

from verification.data_keys.columns import IDEMPOTENT_RESPONSE
from verification.db import utcnow
from verification.idempotency.models import IdempotencyRecord
from verification.kit.canonical_json import canonical_bytes
from verification.kit.crypto import KeyRing
from verification.problems import Conflict, InvalidRequest
from verification.runtime import Runtime

KEY_TTL = dt.timedelta(hours=24)
MAX_KEY_LENGTH = 255
# printable ASCII, no leading or trailing space (HTTP would strip it)
KEY_PATTERN = r"^[!-~]([ -~]{0,253}[!-~])?$"
_KEY = re.compile(KEY_PATTERN)
_IN_PROGRESS, _COMPLETED = "in_progress", "completed"
FINGERPRINT_PURPOSE = "idempotency-fingerprint"  # the key ring's derived key
KEY_PURPOSE = "idempotency-key"  # the derived key of the stored keys' digests
KEYED_SCHEME = "h1:"  # a stored fingerprint's or key's prefix: HMAC-SHA256 under its key


def _keyed(keyring: KeyRing, purpose: str, message: bytes) -> str:
    """``h1:`` and the base64url (unpadded) HMAC-SHA256 of ``message`` under the key
    ring's derived key for ``purpose``: how a fingerprint and a key are stored."""
    mac = hmac.new(keyring.derived_key(purpose), message, hashlib.sha256).digest()
    return KEYED_SCHEME + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def check_key(key: str) -> str:
    """``key`` if it is a valid ``Idempotency-Key``; a 400 problem otherwise."""
    if not _KEY.fullmatch(key):
        raise InvalidRequest(
            f"the Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable ASCII characters",
            code="invalid-idempotency-key",
            status=400,
        )
    return key


@dataclass(frozen=True)
class RequestFingerprint:
    """What identifies a request under its key: ``stored`` is the keyed value a claim
    stores; ``_legacy`` the former unkeyed one, only ever compared, never stored."""

    stored: str
    _legacy: str = field(repr=False)

    def matches(self, stored: str) -> bool:
        """Whether a stored fingerprint is this request's, in the scheme it names."""
        mine = self.stored if stored.startswith(KEYED_SCHEME) else self._legacy
        return hmac.compare_digest(stored.encode(), mine.encode())


def request_fingerprint(
    keyring: KeyRing, *, client_id: uuid.UUID, key: str, method: str, path: str, body: bytes
) -> RequestFingerprint:
    """The fingerprint of a request: HMAC-SHA256 over the client, the key, the method,
    the path and the body (canonical JSON when it is JSON), under a derived key."""
    try:
        canonical = canonical_bytes(json.loads(body)) if body else b""
    except ValueError:  # not JSON (or NaN): the bytes as sent
        canonical = body
    request = f"{method.upper()}\n{path}\n".encode() + canonical
    keyed = _keyed(keyring, FINGERPRINT_PURPOSE, f"{client_id}\n{key}\n".encode() + request)
    return RequestFingerprint(keyed, _legacy=hashlib.sha256(request).hexdigest())


@dataclass(frozen=True)
class StoredKey:
    """A client's ``Idempotency-Key`` as the table holds it: ``stored``, its keyed digest,
    is what is written and looked up; ``legacy``, the key as sent, is only looked up,
    for the rows written before the keys were digested (ADR 0029)."""

    stored: str
    legacy: str = field(repr=False)


def stored_key(keyring: KeyRing, *, client_id: uuid.UUID, key: str) -> StoredKey:
    """The digest a key is stored as: HMAC-SHA256 of the client and the key, under the
    derived key ``idempotency-key`` — one client's key never looks like another's."""
    return StoredKey(_keyed(keyring, KEY_PURPOSE, f"{client_id}\n{key}".encode()), legacy=key)


@dataclass(frozen=True)
class IdempotentResult:
    """What a route's work produced: the response to store, and the identifiers
    (no personal data) to repeat in the audit event of each replay."""

    response: Response
    audit: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def json(
        cls,
        model: BaseModel,
        status_code: int = 200,
        *,
        audit: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> IdempotentResult:
        """``model`` as the JSON response, serialized once by its own model: the bytes
        sent are the bytes stored and replayed."""
        response = Response(
            model.model_dump_json(),
            status_code=status_code,
            media_type="application/json",
            headers=headers,
        )
        return cls(response, audit=dict(audit or {}))


@dataclass(frozen=True)
class StoredResponse:
    status: int
    media_type: str | None
    body: bytes
    request_id: str  # the request that did the work
    audit: Mapping[str, Any]


class IdempotencyStore:
    def __init__(self, runtime: Runtime) -> None:
        self._rt = runtime

    @property
    def lease(self) -> dt.timedelta:
        """How long a claim may stay in progress before another request takes it over."""
        deadline = self._rt.settings.verification_deadline_seconds
        return dt.timedelta(seconds=max(60.0, 3 * deadline))

    async def claim(
        self,
        client_id: uuid.UUID,
        key: StoredKey,
        fingerprint: RequestFingerprint,
        request_id: str,
        now: dt.datetime | None = None,
    ) -> StoredResponse | None:
        """``None`` when this request now holds the key (``key.stored``) and must do the
        work; the stored response when the work was done before."""
        now = now or utcnow()
        async with self._rt.transaction() as session:
            await session.execute(
                delete(IdempotencyRecord).where(IdempotencyRecord.created_at < now - KEY_TTL)
            )
            row = await session.get(IdempotencyRecord, (client_id, key.stored))
            if row is None:  # a row from before the keys were digested (ADR 0029)
                row = await session.get(IdempotencyRecord, (client_id, key.legacy))
            if row is None:
                try:
                    await session.execute(
                        insert(IdempotencyRecord).values(
                            client_id=client_id,
                            key=key.stored,
                            request_hash=fingerprint.stored,
                            state=_IN_PROGRESS,
                            request_id=request_id,
                            created_at=now,
                        )
                    )
                except IntegrityError:  # a concurrent request claimed it first
                    raise _in_progress() from None
                return None
            if not fingerprint.matches(row.request_hash):
                raise InvalidRequest(
                    "this Idempotency-Key was used for a different request",
                    code="idempotency-key-reused",
                    audit={"first_request_id": row.request_id},
                )
            if row.request_hash != fingerprint.stored:  # a row of the former scheme: now keyed
                row.request_hash = fingerprint.stored
            if row.state == _IN_PROGRESS:
                if row.created_at > now - self.lease:
                    raise _in_progress()
                row.request_id, row.created_at = request_id, now  # its holder died: take it over
                row.key = key.stored  # (a row from before: now under the digest)
                return None
            assert row.response_status is not None and row.response_enc is not None
            return StoredResponse(
                status=row.response_status,
                media_type=row.response_media_type,
                body=IDEMPOTENT_RESPONSE.decrypt(self._rt.keyring, row),
                request_id=row.request_id,
                audit=row.audit_fields or {},
            )

    async def complete(
        self, client_id: uuid.UUID, key: StoredKey, request_id: str, result: IdempotentResult
    ) -> None:
        response = result.response
        sealed = IDEMPOTENT_RESPONSE.encrypt(
            self._rt.keyring, bytes(response.body), client_id=client_id, key=key.stored
        )
        async with self._rt.transaction() as session:
            await session.execute(
                update(IdempotencyRecord)
                .where(*self._held(client_id, key, request_id))
                .values(
                    state=_COMPLETED,
                    completed_at=utcnow(),
                    response_status=response.status_code,
                    response_media_type=response.media_type,
                    response_enc=sealed,
                    audit_fields=dict(result.audit),
                )
            )

    async def release(self, client_id: uuid.UUID, key: StoredKey, request_id: str) -> None:
        async with self._rt.transaction() as session:
            await session.execute(
                delete(IdempotencyRecord).where(*self._held(client_id, key, request_id))
            )

    @staticmethod
    def _held(client_id: uuid.UUID, key: StoredKey, request_id: str) -> tuple[Any, ...]:
        return (
            IdempotencyRecord.client_id == client_id,
            IdempotencyRecord.key == key.stored,
            IdempotencyRecord.state == _IN_PROGRESS,
            IdempotencyRecord.request_id == request_id,
        )


def _in_progress() -> Conflict:
    return Conflict(
        "a request with this Idempotency-Key is still being processed; retry later",
        code="idempotency-in-progress",
    )
