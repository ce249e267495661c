"""Idempotency-Key on POST /v1/verifications and POST /v1/verifications/{id}/retry."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
import uuid
from typing import ClassVar

import pytest
from sqlalchemy import func, select, update

from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.evidence import SourceResult, SourceStatus
from tests.verification.helpers import Counting, scenario_body
from verification.audit.models import AuditEvent
from verification.clients.models import ApiClient
from verification.clients.service import find_client_by_token
from verification.data_keys.columns import IDEMPOTENT_RESPONSE
from verification.db import utcnow
from verification.idempotency.models import IdempotencyRecord
from verification.idempotency.service import (
    FINGERPRINT_PURPOSE,
    KEY_PURPOSE,
    KEY_TTL,
    IdempotencyStore,
    RequestFingerprint,
    StoredKey,
    check_key,
    request_fingerprint,
    stored_key,
)
from verification.kit.canonical_json import canonical_bytes
from verification.kit.crypto import KeyRing
from verification.kit.id_number import check_character
from verification.problems import InvalidRequest
from verification.verifications.models import Verification

CREATE = "/v1/verifications"


class Gate(Counting):
    """Holds every query until released."""

    def __init__(self, inner) -> None:
        super().__init__(inner)
        self.entered, self.opened = asyncio.Event(), asyncio.Event()

    async def query(self, person: PersonQuery, context: QueryContext) -> SourceResult:
        self.entered.set()
        await self.opened.wait()
        return await super().query(person, context)


class Down:
    scope: ClassVar[str] = "bank"

    async def query(self, person: PersonQuery, context: QueryContext) -> SourceResult:
        return SourceResult("bank", SourceStatus.UNAVAILABLE, reason="HTTP 503", attempts=1)

    async def aclose(self) -> None:
        return None


@pytest.fixture
def counted(api):
    real = dict(api.runtime.connectors)
    counters = {scope: Counting(connector) for scope, connector in real.items()}
    api.runtime.connectors.update(counters)
    yield counters
    api.runtime.connectors.update(real)


def _calls(counters: dict[str, Counting]) -> int:
    return sum(c.calls for c in counters.values())


async def _count(api, model) -> int:
    async with api.sessions() as session:
        return (await session.execute(select(func.count()).select_from(model))).scalar_one()


async def _client(api, token: str | None = None) -> ApiClient:
    async with api.sessions() as session:
        client = await find_client_by_token(session, token or api.token, accept_demo=True)
    assert client is not None
    return client


def _fp(
    ring: KeyRing, client_id: uuid.UUID, key: str, body: bytes, *, method: str = "POST"
) -> RequestFingerprint:
    return request_fingerprint(
        ring, client_id=client_id, key=key, method=method, path=CREATE, body=body
    )


def _sk(api, client: ApiClient, key: str) -> StoredKey:
    return stored_key(api.runtime.keyring, client_id=client.id, key=key)


def _key(name: str) -> dict[str, str]:
    return {"Idempotency-Key": f"{name}-{utcnow().timestamp()}"}


async def test_a_repeat_returns_the_stored_response_without_doing_the_work(api, counted) -> None:
    body, key = scenario_body(api.issuer_key, "eligible"), _key("create")
    first = await api.http.post(CREATE, json=body, headers={**api.auth(), **key})
    assert first.status_code == 201, first.text
    assert "idempotency-replayed" not in first.headers
    queried, verifications = _calls(counted), await _count(api, Verification)
    assert queried > 0

    again = await api.http.post(CREATE, json=body, headers={**api.auth(), **key})
    assert again.status_code == 201
    assert again.headers["idempotency-replayed"] == "true"
    assert again.headers["content-type"] == "application/json"
    assert again.headers["cache-control"] == "no-store"
    assert again.content == first.content
    assert _calls(counted) == queried, "a replay queried the agencies again"
    assert await _count(api, Verification) == verifications, "a replay created a verification"

    await api.drain()
    async with api.sessions() as session:
        event = (
            await session.execute(
                select(AuditEvent)
                .where(AuditEvent.action == "idempotent_replay")
                .order_by(AuditEvent.seq.desc())
                .limit(1)
            )
        ).scalar_one()
    recorded = json.loads(event.body)
    assert recorded["verification_id"] == first.json()["id"]
    assert recorded["request_id"] == again.headers["x-request-id"]
    assert recorded["first_request_id"] == first.headers["x-request-id"]
    assert recorded["status"] == 201


async def test_the_same_body_in_another_key_order_is_the_same_request(api) -> None:
    body, key = scenario_body(api.issuer_key, "eligible"), _key("order")
    body["scopes"] = ["hukou", "bank"]
    first = await api.http.post(CREATE, json=body, headers={**api.auth(), **key})
    reordered = json.dumps(dict(reversed(body.items())), indent=2)
    again = await api.http.post(
        CREATE,
        content=reordered,
        headers={**api.auth(), **key, "Content-Type": "application/json"},
    )
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["idempotency-replayed"] == "true"


async def test_the_same_key_with_another_body_is_refused(api, counted) -> None:
    key = _key("reused")
    first = await api.http.post(
        CREATE, json=scenario_body(api.issuer_key, "eligible"), headers={**api.auth(), **key}
    )
    assert first.status_code == 201
    queried = _calls(counted)
    other = await api.http.post(
        CREATE, json=scenario_body(api.issuer_key, "income_above"), headers={**api.auth(), **key}
    )
    assert other.status_code == 422
    assert other.headers["content-type"] == "application/problem+json"
    assert other.json()["code"] == "idempotency-key-reused"
    assert _calls(counted) == queried


async def test_a_repeat_while_the_first_is_running_is_refused(api) -> None:
    real = dict(api.runtime.connectors)
    gate = Gate(real["bank"])
    api.runtime.connectors["bank"] = gate
    body, key = scenario_body(api.issuer_key, "eligible"), _key("inflight")
    try:
        first = asyncio.create_task(api.http.post(CREATE, json=body, headers={**api.auth(), **key}))
        await asyncio.wait_for(gate.entered.wait(), 5)
        during = await api.http.post(CREATE, json=body, headers={**api.auth(), **key})
        assert during.status_code == 409
        assert during.json()["code"] == "idempotency-in-progress"
        gate.opened.set()
        assert (await first).status_code == 201
    finally:
        gate.opened.set()
        api.runtime.connectors.update(real)
    after = await api.http.post(CREATE, json=body, headers={**api.auth(), **key})
    assert after.status_code == 201 and after.headers["idempotency-replayed"] == "true"


async def test_keys_belong_to_one_client(api) -> None:
    body, key = scenario_body(api.issuer_key, "eligible"), _key("per-client")
    mine = await api.http.post(CREATE, json=body, headers={**api.auth(), **key})
    theirs = await api.http.post(CREATE, json=body, headers={**api.auth(api.other_token), **key})
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert "idempotency-replayed" not in theirs.headers
    assert theirs.json()["id"] != mine.json()["id"]


async def test_a_refused_request_releases_its_key(api) -> None:
    key = _key("refused")
    forged = scenario_body(api.issuer_key, "eligible")
    forged["authorization"] = forged["authorization"][:-4] + "AAAA"
    refused = await api.http.post(CREATE, json=forged, headers={**api.auth(), **key})
    assert refused.status_code == 422 and refused.json()["code"] == "invalid-signature"
    fixed = await api.http.post(
        CREATE, json=scenario_body(api.issuer_key, "eligible"), headers={**api.auth(), **key}
    )
    assert fixed.status_code == 201
    assert "idempotency-replayed" not in fixed.headers


@pytest.mark.parametrize(
    "key",
    [b"", b"   ", b"x" * 256, b"caf\xe9", b"tab\there", b" leading", b"trailing "],
    ids=["empty", "blank", "too-long", "latin-1", "control", "leading-space", "trailing-space"],
)
async def test_invalid_keys_are_refused(api, key: bytes) -> None:
    response = await api.http.post(
        CREATE,
        json=scenario_body(api.issuer_key, "eligible"),
        headers=[*api.auth().items(), ("Idempotency-Key", key)],
    )
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid-idempotency-key"


def test_valid_keys() -> None:
    for key in ["a", "x" * 255, "550e8400-e29b-41d4-a716-446655440000", "order #42 / retry"]:
        assert check_key(key) == key
    with pytest.raises(InvalidRequest):
        check_key("x" * 256)


async def test_an_expired_key_is_ignored(api) -> None:
    client, key = await _client(api), _key("expired")["Idempotency-Key"]
    store = IdempotencyStore(api.runtime)
    long_ago = utcnow() - KEY_TTL - dt.timedelta(minutes=1)
    other = _fp(api.runtime.keyring, client.id, key, b"{}")
    assert await store.claim(client.id, _sk(api, client, key), other, "old", now=long_ago) is None
    response = await api.http.post(
        CREATE,
        json=scenario_body(api.issuer_key, "eligible"),
        headers={**api.auth(), "Idempotency-Key": key},
    )
    assert response.status_code == 201, response.text
    assert "idempotency-replayed" not in response.headers


async def test_an_abandoned_claim_is_taken_over(api) -> None:
    client, key = await _client(api), _key("abandoned")["Idempotency-Key"]
    body = scenario_body(api.issuer_key, "eligible")
    store = IdempotencyStore(api.runtime)
    sent = json.dumps(body).encode()
    fingerprint = _fp(api.runtime.keyring, client.id, key, sent)
    stale = utcnow() - store.lease - dt.timedelta(seconds=1)
    held = _sk(api, client, key)
    assert await store.claim(client.id, held, fingerprint, "dead-request", now=stale) is None
    response = await api.http.post(
        CREATE, json=body, headers={**api.auth(), "Idempotency-Key": key}
    )
    assert response.status_code == 201, response.text

    fresh = _key("fresh")["Idempotency-Key"]
    live = _fp(api.runtime.keyring, client.id, fresh, sent)
    assert await store.claim(client.id, _sk(api, client, fresh), live, "live-request") is None
    busy = await api.http.post(CREATE, json=body, headers={**api.auth(), "Idempotency-Key": fresh})
    assert busy.status_code == 409 and busy.json()["code"] == "idempotency-in-progress"


async def test_the_stored_response_is_encrypted(api) -> None:
    client, key = await _client(api), _key("sealed")
    response = await api.http.post(
        CREATE, json=scenario_body(api.issuer_key, "eligible"), headers={**api.auth(), **key}
    )
    report = response.json()
    async with api.sessions() as session:
        row = await session.get(
            IdempotencyRecord, (client.id, _sk(api, client, key["Idempotency-Key"]).stored)
        )
    assert row is not None and row.state == "completed" and row.response_status == 201
    assert row.response_enc is not None and row.response_enc.startswith("v1.")
    for plain in (report["id"], report["members"][0]["name_masked"], report["authorization_id"]):
        assert plain not in row.response_enc
    assert row.request_hash.startswith("h1:")  # keyed (see the tests below)


async def test_retry_with_a_key_is_replayed_without_querying_again(api) -> None:
    real = dict(api.runtime.connectors)
    api.runtime.connectors["bank"] = Down()
    try:
        created = await api.http.post(
            CREATE, json=scenario_body(api.issuer_key, "eligible"), headers=api.auth()
        )
    finally:
        api.runtime.connectors.update(real)
    path = f"/v1/verifications/{created.json()['id']}/retry"
    counters = {scope: Counting(connector) for scope, connector in real.items()}
    api.runtime.connectors.update(counters)
    key = _key("retry")
    try:
        first = await api.http.post(path, headers={**api.auth(), **key})
        queried = _calls(counters)
        again = await api.http.post(path, headers={**api.auth(), **key})
        elsewhere = await api.http.post(
            f"/v1/verifications/{created.json()['id']}/retry",
            json={"unexpected": True},
            headers={**api.auth(), **key},
        )
    finally:
        api.runtime.connectors.update(real)
    assert first.status_code == 200 and first.json()["revision"] == 1
    assert queried == 3  # the bank, for each of the three members
    assert again.status_code == 200 and again.headers["idempotency-replayed"] == "true"
    assert again.json() == first.json()
    assert _calls(counters) == queried
    assert elsewhere.status_code == 422
    assert elsewhere.json()["code"] == "idempotency-key-reused"


async def test_without_a_key_every_request_does_the_work(api) -> None:
    body = scenario_body(api.issuer_key, "eligible")
    first = await api.http.post(CREATE, json=body, headers=api.auth())
    again = await api.http.post(CREATE, json=body, headers=api.auth())
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json()["id"] != again.json()["id"]


# ----------------------------------------------------------- the fingerprint is keyed


def _unkeyed(body: dict[str, object], path: str = CREATE) -> str:
    """The former fingerprint: SHA-256 of method, path and canonical JSON body — what anyone
    holding the database could recompute from a guessed request."""
    return hashlib.sha256(f"POST\n{path}\n".encode() + canonical_bytes(body)).hexdigest()


async def _row(api, client: ApiClient, key: str) -> IdempotencyRecord:
    """The row of a key sent by ``client`` (stored under its digest)."""
    async with api.sessions() as session:
        row = await session.get(IdempotencyRecord, (client.id, _sk(api, client, key).stored))
    assert row is not None
    return row


async def test_the_stored_fingerprint_is_not_a_hash_of_the_request(api) -> None:
    client, key = await _client(api), _key("keyed")
    body = scenario_body(api.issuer_key, "eligible")
    first = await api.http.post(CREATE, json=body, headers={**api.auth(), **key})
    assert first.status_code == 201, first.text
    guessed = _unkeyed(body)
    async with api.sessions() as session:
        stored = (await session.execute(select(IdempotencyRecord.request_hash))).scalars().all()
    assert stored and guessed not in stored
    row = await _row(api, client, key["Idempotency-Key"])
    assert guessed not in repr(vars(row))
    # it is the HMAC under the key ring's derived key, of the client, the key and the request
    mac = hmac.new(
        api.runtime.keyring.derived_key(FINGERPRINT_PURPOSE),
        f"{client.id}\n{key['Idempotency-Key']}\nPOST\n{CREATE}\n".encode() + canonical_bytes(body),
        hashlib.sha256,
    ).digest()
    assert row.request_hash == "h1:" + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
    assert len(row.request_hash) == 46  # fits the column (64) as it is: no migration


def test_a_fingerprint_is_bound_to_its_key_ring_client_and_key() -> None:
    ring, client = KeyRing.generate(), uuid.uuid4()
    body = b'{"b": 1, "a": [1, 2]}'

    def of(ring: KeyRing = ring, client: uuid.UUID = client, key: str = "k") -> str:
        return _fp(ring, client, key, body, method="post").stored

    assert of() == _fp(ring, client, "k", b'{"a":[1,2],"b":1}').stored  # canonical JSON
    assert len({of(), of(key="k2"), of(client=uuid.uuid4()), of(KeyRing.generate())}) == 4
    fingerprint = _fp(ring, client, "k", body)
    unkeyed = hashlib.sha256(f"POST\n{CREATE}\n".encode() + b'{"a":[1,2],"b":1}').hexdigest()
    assert unkeyed not in repr(fingerprint)
    assert fingerprint.matches(fingerprint.stored) and fingerprint.matches(unkeyed)
    assert not fingerprint.matches("h1:" + unkeyed) and not fingerprint.matches(of(key="k2"))
    assert not fingerprint.matches(unkeyed.replace(unkeyed[0], "x"))


async def test_a_row_fingerprinted_the_former_way_still_replays(api, counted) -> None:
    """A row written before the fingerprint was keyed (within its 24 hours): the same
    request replays, and the row is keyed from then on; another body is refused."""
    client, key = await _client(api), _key("legacy")
    body = scenario_body(api.issuer_key, "eligible")
    first = await api.http.post(CREATE, json=body, headers={**api.auth(), **key})
    assert first.status_code == 201, first.text
    other_key = _key("legacy-other")
    other_first = await api.http.post(CREATE, json=body, headers={**api.auth(), **other_key})
    assert other_first.status_code == 201, other_first.text
    async with api.runtime.transaction() as session:  # as the former code stored them
        for k in (key, other_key):
            await session.execute(
                update(IdempotencyRecord)
                .where(IdempotencyRecord.client_id == client.id)
                .where(IdempotencyRecord.key == _sk(api, client, k["Idempotency-Key"]).stored)
                .values(request_hash=_unkeyed(body))
            )
    queried, verifications = _calls(counted), await _count(api, Verification)

    again = await api.http.post(CREATE, json=body, headers={**api.auth(), **key})
    assert again.status_code == 201 and again.headers["idempotency-replayed"] == "true"
    assert again.content == first.content
    upgraded = await _row(api, client, key["Idempotency-Key"])
    assert upgraded.request_hash.startswith("h1:") and upgraded.request_hash != _unkeyed(body)
    once_more = await api.http.post(CREATE, json=body, headers={**api.auth(), **key})
    assert once_more.headers["idempotency-replayed"] == "true"

    other = scenario_body(api.issuer_key, "income_above")
    refused = await api.http.post(CREATE, json=other, headers={**api.auth(), **other_key})
    assert refused.status_code == 422 and refused.json()["code"] == "idempotency-key-reused"
    assert (await _row(api, client, other_key["Idempotency-Key"])).request_hash == _unkeyed(body)
    assert _calls(counted) == queried and await _count(api, Verification) == verifications


async def test_rotation_of_the_data_keys_leaves_fingerprints_valid(api) -> None:
    """The fingerprint's key derives from the blind-index key, which the key rotation keeps;
    only the stored response moves to the new data key (``reencrypt``).  A fingerprint
    under another blind-index key (never made by ``verification keys``) matches no stored
    one: the claim is refused, never answered with another request's response.  (Such a
    key file finds no stored key either: ADR 0029.)"""
    client, key = await _client(api), _key("rotation")
    body = scenario_body(api.issuer_key, "eligible")
    sent = json.dumps(body).encode()
    first = await api.http.post(CREATE, json=body, headers={**api.auth(), **key})
    assert first.status_code == 201, first.text
    stored = (await _row(api, client, key["Idempotency-Key"])).request_hash
    ring = api.runtime.keyring
    rotated = ring.with_new_data_key().without_data_key(ring.active_key_id)
    after = _fp(rotated, client.id, key["Idempotency-Key"], sent)
    assert after.stored == stored

    foreign = KeyRing(ring.data_keys, ring.active_key_id, secrets.token_bytes(32))
    elsewhere = _fp(foreign, client.id, key["Idempotency-Key"], sent)
    assert not elsewhere.matches(stored)
    with pytest.raises(InvalidRequest) as refused:
        await IdempotencyStore(api.runtime).claim(
            client.id, _sk(api, client, key["Idempotency-Key"]), elsewhere, "under-another-key"
        )
    assert refused.value.instance_code == "idempotency-key-reused"
    row = await _row(api, client, key["Idempotency-Key"])
    assert (row.request_hash, row.state) == (stored, "completed")  # untouched
    again = await api.http.post(CREATE, json=body, headers={**api.auth(), **key})
    assert again.headers["idempotency-replayed"] == "true" and again.content == first.content
    # the key's digest derives from the blind-index key too: the rotation keeps it
    assert (
        _sk(api, client, key["Idempotency-Key"]).stored
        == stored_key(rotated, client_id=client.id, key=key["Idempotency-Key"]).stored
    )


# ----------------------------------------------------------- the key is stored as a digest

# a valid ID number of nobody in the scenarios, as a careless client's Idempotency-Key
ID_KEY = "44030519851122761" + check_character("44030519851122761")


def test_a_stored_key_is_bound_to_its_key_ring_and_client() -> None:
    ring, client = KeyRing.generate(), uuid.uuid4()
    mine = stored_key(ring, client_id=client, key=ID_KEY)
    mac = hmac.new(ring.derived_key(KEY_PURPOSE), f"{client}\n{ID_KEY}".encode(), hashlib.sha256)
    assert mine.stored == "h1:" + base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()
    assert mine.legacy == ID_KEY and ID_KEY not in repr(mine)
    others = {
        stored_key(ring, client_id=uuid.uuid4(), key=ID_KEY).stored,
        stored_key(KeyRing.generate(), client_id=client, key=ID_KEY).stored,
        stored_key(ring, client_id=client, key=ID_KEY + "0").stored,
        _fp(ring, client, ID_KEY, b"").stored,  # another derived key than the fingerprint's
    }
    assert mine.stored not in others and len(others) == 4
    assert len(mine.stored) == 46  # fits the column (255) as it is: no migration


async def _every_stored_value(api) -> str:
    """Every column of every idempotency row, as text: what a copy of the database holds."""
    async with api.sessions() as session:
        rows = (await session.execute(select(IdempotencyRecord.__table__))).all()
    return repr([tuple(row) for row in rows])


async def test_an_id_number_as_key_is_stored_as_a_digest_and_never_echoed(
    api, counted, leak_watch
) -> None:
    client, key = await _client(api), {"Idempotency-Key": ID_KEY}
    body = scenario_body(api.issuer_key, "eligible")
    mark = len(leak_watch.leaks)
    first = await api.http.post(CREATE, json=body, headers={**api.auth(), **key})
    assert first.status_code == 201, first.text
    queried = _calls(counted)

    stored = await _every_stored_value(api)
    assert ID_KEY not in stored and ID_KEY[:-1] not in stored
    row = await _row(api, client, ID_KEY)  # found under the digest
    assert row.key == _sk(api, client, ID_KEY).stored and row.state == "completed"
    async with api.sessions() as session:
        assert await session.get(IdempotencyRecord, (client.id, ID_KEY)) is None

    again = await api.http.post(CREATE, json=body, headers={**api.auth(), **key})
    assert again.status_code == 201 and again.headers["idempotency-replayed"] == "true"
    assert again.content == first.content and _calls(counted) == queried

    other = scenario_body(api.issuer_key, "income_above")
    reused = await api.http.post(CREATE, json=other, headers={**api.auth(), **key})
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency-key-reused"
    invalid = await api.http.post(
        CREATE, json=body, headers=[*api.auth().items(), ("Idempotency-Key", f"{ID_KEY}\t")]
    )
    assert invalid.status_code == 400 and invalid.json()["code"] == "invalid-idempotency-key"
    for response in (first, again, reused, invalid):
        assert ID_KEY not in response.text and ID_KEY not in repr(response.headers)
    await api.drain()
    async with api.sessions() as session:
        recent = (
            await session.execute(select(AuditEvent.body).order_by(AuditEvent.seq.desc()).limit(8))
        ).scalars()
        assert not [b for b in recent if ID_KEY in b]
    assert leak_watch.withdraw(mark) == []  # no log line, no response held it
    assert ID_KEY not in await _every_stored_value(api)


async def _as_stored_before(api, client: ApiClient, key: str) -> None:
    """Put a key's row back as the former code stored it: under the key as sent, its
    response bound to the key as sent."""
    digest = _sk(api, client, key).stored
    async with api.runtime.transaction() as session:
        row = await session.get(IdempotencyRecord, (client.id, digest))
        assert row is not None
        values: dict[str, object] = {"key": key}
        if row.response_enc is not None:
            plain = IDEMPOTENT_RESPONSE.decrypt(api.runtime.keyring, row)
            values["response_enc"] = IDEMPOTENT_RESPONSE.encrypt(
                api.runtime.keyring, plain, client_id=client.id, key=key
            )
        await session.execute(
            update(IdempotencyRecord)
            .where(IdempotencyRecord.client_id == client.id, IdempotencyRecord.key == digest)
            .values(**values)
        )


async def test_a_row_under_the_key_as_sent_still_replays_until_it_expires(api, counted) -> None:
    """A row written before the keys were digested (within its 24 hours): the same request
    replays from it, another body is refused, an abandoned claim is taken over and moved to
    the digest."""
    client, key = await _client(api), _key("as-sent")["Idempotency-Key"]
    body = scenario_body(api.issuer_key, "eligible")
    first = await api.http.post(CREATE, json=body, headers={**api.auth(), "Idempotency-Key": key})
    assert first.status_code == 201, first.text
    await _as_stored_before(api, client, key)
    queried, verifications = _calls(counted), await _count(api, Verification)

    again = await api.http.post(CREATE, json=body, headers={**api.auth(), "Idempotency-Key": key})
    assert again.status_code == 201 and again.headers["idempotency-replayed"] == "true"
    assert again.content == first.content
    other = scenario_body(api.issuer_key, "income_above")
    reused = await api.http.post(CREATE, json=other, headers={**api.auth(), "Idempotency-Key": key})
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency-key-reused"
    assert _calls(counted) == queried and await _count(api, Verification) == verifications

    # an abandoned claim of the former code: taken over, and from then on under the digest
    store, abandoned = IdempotencyStore(api.runtime), _key("as-sent-abandoned")["Idempotency-Key"]
    sent = json.dumps(body).encode()
    stale = utcnow() - store.lease - dt.timedelta(seconds=1)
    fingerprint = _fp(api.runtime.keyring, client.id, abandoned, sent)
    held = _sk(api, client, abandoned)
    assert await store.claim(client.id, held, fingerprint, "dead-request", now=stale) is None
    await _as_stored_before(api, client, abandoned)
    taken = await api.http.post(
        CREATE, json=body, headers={**api.auth(), "Idempotency-Key": abandoned}
    )
    assert taken.status_code == 201 and "idempotency-replayed" not in taken.headers
    row = await _row(api, client, abandoned)
    assert row.state == "completed" and row.request_id == taken.headers["x-request-id"]
    async with api.sessions() as session:
        assert await session.get(IdempotencyRecord, (client.id, abandoned)) is None
    replayed = await api.http.post(
        CREATE, json=body, headers={**api.auth(), "Idempotency-Key": abandoned}
    )
    assert replayed.headers["idempotency-replayed"] == "true"
    assert replayed.content == taken.content
