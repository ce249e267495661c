"""Webhooks: endpoints, the outbox written with the change it announces, signed deliveries,
retries on a test clock, order per resource, redelivery and secret rotation (both
databases).  The sender is driven round by round (``Sender.deliver_due(now)``) against an
``httpx.MockTransport``: no sleeps, no wall-clock windows."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, get_args

import httpx
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select, union_all, update
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.verification.helpers import fresh_body
from tests.verification.test_retry import Down  # a bank that does not answer
from verification import monitoring
from verification.audit.models import AuditEvent, AuditPending
from verification.clients.models import Role
from verification.clients.service import create_client
from verification.db import utcnow
from verification.outbox import publish
from verification.outbox.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from verification.problems import InvalidRequest
from verification.verifications import report_round
from verification.verifications.models import SourceQuery, Verification
from verification.webhooks import repository, signing
from verification.webhooks.addresses import check_url
from verification.webhooks.schedule import MAX_ATTEMPTS, RETRY_DELAYS
from verification.webhooks.schemas import EventTypeName
from verification.webhooks.sender import Sender

SECOND = dt.timedelta(seconds=1)


@dataclass
class Receiver:
    """The endpoint's side: every request, and what to answer (a status per call, then 204)."""

    answers: list[int] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.answers.pop(0) if self.answers else 204)

    def events(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests]


@dataclass
class Caller:
    """A case system of its own (so no other test's events reach its endpoints)."""

    api: Any
    client_id: uuid.UUID
    token: str

    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def register(self, *types: str, url: str = "http://127.0.0.1/hook") -> dict[str, Any]:
        response = await self.api.http.post(
            "/v1/webhooks/endpoints",
            json={"url": url, "event_types": list(types or publish.EVENT_TYPES)},
            headers=self.auth(),
        )
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        assert created["secret"].startswith("whsec_")
        return created

    async def verify(self) -> dict[str, Any]:
        response = await self.api.http.post(
            "/v1/verifications", json=fresh_body(self.api.issuer_key), headers=self.auth()
        )
        assert response.status_code == 201, response.text
        report: dict[str, Any] = response.json()
        return report

    async def deliveries(self, endpoint_id: str) -> list[dict[str, Any]]:
        response = await self.api.http.get(
            f"/v1/webhooks/endpoints/{endpoint_id}/deliveries", headers=self.auth()
        )
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return items


@pytest.fixture
async def caller(api: Any) -> AsyncIterator[Caller]:
    async with api.sessions() as session, session.begin():
        # the endpoints other tests registered on this database (the demo case system's,
        # tests/verification/test_idempotent_posts.py) receive nothing from this test's
        # sender: tests of one database run one after another
        await session.execute(update(WebhookEndpoint).values(status="disabled"))
        client, token = await create_client(
            session,
            name=f"webhooks {uuid.uuid4().hex[:8]}",
            role=Role.CASE_SYSTEM,
            issuers=[api.issuer_key.issuer],
            region_prefixes=["45"],
            actor="test",
        )
    yield Caller(api, client.id, token)
    # its endpoints stop receiving: later tests' senders find nothing of this one due
    async with api.sessions() as session, session.begin():
        await session.execute(
            update(WebhookEndpoint)
            .where(WebhookEndpoint.client_id == client.id)
            .values(status="disabled")
        )


def sender(api: Any, receiver: Receiver) -> Sender:
    return Sender(api.runtime, transport=httpx.MockTransport(receiver))


def verified(request: httpx.Request, secret: str) -> bool:
    return signing.verify(
        secret,
        request.headers["webhook-id"],
        int(request.headers["webhook-timestamp"]),
        request.content,
        request.headers["webhook-signature"],
    )


# ---- signatures, addresses, schedule (pure) ------------------------------------------------


def test_the_signature_is_the_standard_webhooks_reference_vector() -> None:
    """The vector of the Standard Webhooks reference libraries' tests."""
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert signing.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body) == expected
    headers = signing.headers([secret], "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
    assert headers["webhook-signature"] == expected
    assert signing.verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, expected)
    assert not signing.verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265331, body, expected)
    assert not signing.verify(
        signing.new_secret(), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, expected
    )


def test_several_secrets_give_space_separated_signatures_each_verifying() -> None:
    old, new = signing.new_secret(), signing.new_secret()
    header = signing.headers([old, new], "evt", 1, b"{}")["webhook-signature"]
    assert len(header.split(" ")) == 2
    assert signing.verify(old, "evt", 1, b"{}", header)
    assert signing.verify(new, "evt", 1, b"{}", header)


def test_the_retry_schedule_backs_off_for_about_three_days() -> None:
    assert RETRY_DELAYS[0] == 5 * SECOND
    assert list(RETRY_DELAYS) == sorted(RETRY_DELAYS)
    total = sum(RETRY_DELAYS, dt.timedelta())
    assert dt.timedelta(days=2, hours=12) < total < dt.timedelta(days=3)
    assert len(RETRY_DELAYS) + 1 == MAX_ATTEMPTS


@pytest.mark.parametrize(
    ("url", "demo", "allowed"),
    [
        ("https://hooks.example.cn/x?y=1", False, True),
        ("https://hooks.example.cn/x", True, True),
        ("http://hooks.example.cn/x", True, False),  # plain http to a remote host: never
        ("http://127.0.0.1:8123/hook", True, True),  # loopback in demo mode
        ("http://localhost/hook", True, True),
        ("http://[::1]/hook", True, True),
        ("http://127.0.0.1:8123/hook", False, False),  # production: https only
        ("https://127.0.0.1/hook", False, False),  # production: no loopback
        ("https://localhost/hook", False, False),
        ("https://10.1.2.3/hook", False, False),  # production: no private address
        ("https://169.254.169.254/latest", False, False),  # the cloud metadata address
        ("https://user:pw@hooks.example.cn/x", False, False),
        ("ftp://hooks.example.cn/x", True, False),
        ("https:///x", True, False),
        ("https://hooks.example.cn:99999/x", True, False),
    ],
)
def test_endpoint_addresses(url: str, demo: bool, allowed: bool) -> None:
    if allowed:
        assert check_url(url, demo=demo) == url
    else:
        with pytest.raises(InvalidRequest) as refused:
            check_url(url, demo=demo)
        assert refused.value.instance_code == "webhook-url-not-allowed"


# ---- through the API and the database ------------------------------------------------------


async def test_a_completed_verification_is_delivered_signed_with_ids_only(caller: Caller) -> None:
    api = caller.api
    endpoint = await caller.register("verification.completed", "verification.revised")
    report = await caller.verify()
    receiver = Receiver()
    out = sender(api, receiver)
    try:
        assert await out.deliver_due(utcnow() + SECOND) == 1
        assert await out.deliver_due(utcnow() + SECOND) == 0  # delivered: nothing due
    finally:
        await out.aclose()
    [request] = receiver.requests
    assert verified(request, endpoint["secret"])
    # the reference implementation accepts it as a consumer would (its clock, its tolerance)
    event = Webhook(endpoint["secret"]).verify(request.content, dict(request.headers))
    with pytest.raises(WebhookVerificationError):
        Webhook(signing.new_secret()).verify(request.content, dict(request.headers))
    assert event == json.loads(request.content)
    assert event["type"] == "verification.completed"
    assert event["data"] == {"verification_id": report["id"], "status": "completed", "revision": 0}
    # ids and statuses only: nothing of the household travels
    assert not {"members", "name", "id_number", "report"} & set(json.dumps(event).split('"'))
    async with api.sessions() as session:
        stored = await session.scalar(
            select(WebhookEvent).where(WebhookEvent.resource == f"verification:{report['id']}")
        )
    assert stored is not None and request.headers["webhook-id"] == str(stored.id)
    [logged] = await caller.deliveries(endpoint["id"])
    assert logged["status"] == "succeeded" and logged["event_id"] == str(stored.id)
    [attempt] = logged["attempt_log"]
    assert attempt["status_code"] == 204 and attempt["error"] is None
    assert attempt["latency_ms"] >= 0


async def test_the_event_commits_with_the_report_or_not_at_all(
    caller: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The round's transaction fails after the event was written: neither the report nor
    the event is stored.  (On PostgreSQL the round is then written in the transaction of
    the portable path too: its single statement is tested below.)"""
    api = caller.api
    monkeypatch.setattr(api.runtime.transaction, "autocommits", False)
    await caller.register("verification.completed")
    written: list[uuid.UUID | None] = []
    real = publish.verification_completed

    async def then_fail(session: Any, **kwargs: Any) -> None:
        written.append(await real(session, **kwargs))
        raise RuntimeError("the process dies before the commit")

    monkeypatch.setattr(report_round.publish, "verification_completed", then_fail)
    with pytest.raises(RuntimeError):
        await api.http.post(
            "/v1/verifications", json=fresh_body(api.issuer_key), headers=caller.auth()
        )
    monkeypatch.undo()
    [event_id] = written
    assert event_id is not None
    async with api.sessions() as session:
        assert await session.get(WebhookEvent, event_id) is None
        deliveries = await session.scalar(
            select(func.count()).where(WebhookDelivery.event_id == event_id)
        )
        statuses = set(
            await session.scalars(
                select(Verification.status).where(Verification.client_id == caller.client_id)
            )
        )
    assert deliveries == 0
    assert statuses == {"running"}  # the report was not written either


async def test_the_single_statement_round_writes_all_or_nothing(
    caller: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL's round in one statement (``single_statement``) fails at its webhook
    event: neither the report, nor the answers, nor the round's audit entries are stored."""
    api = caller.api
    if not api.runtime.transaction.autocommits:
        pytest.skip("the round is one statement on PostgreSQL only")
    await caller.register("verification.completed")
    real = publish.completed_row

    def invalid(**kwargs: Any) -> dict[str, Any]:
        return {**real(**kwargs), "type": None}  # NOT NULL: the statement fails there

    monkeypatch.setattr(report_round.publish, "completed_row", invalid)
    response = await api.http.post(
        "/v1/verifications", json=fresh_body(api.issuer_key), headers=caller.auth()
    )
    assert response.status_code == 500
    monkeypatch.undo()
    async with api.sessions() as session:
        [(vid, status)] = (
            await session.execute(
                select(Verification.id, Verification.status).where(
                    Verification.client_id == caller.client_id
                )
            )
        ).all()
        answers = await session.scalar(
            select(func.count()).where(SourceQuery.verification_id == vid)
        )
        events = await session.scalar(
            select(func.count()).where(WebhookEvent.resource.contains(str(vid)))
        )
        # pending or integrated, in one statement (one snapshot): read apart, an entry the
        # integrator moves between the two reads would be counted twice
        entries = list(
            await session.scalars(
                union_all(
                    select(AuditPending.action).where(AuditPending.verification_id == str(vid)),
                    select(AuditEvent.action).where(AuditEvent.verification_id == str(vid)),
                )
            )
        )
    assert status == "running"
    assert answers == 0
    assert events == 0
    assert entries == ["authorization_accepted"]  # recorded before any agency was asked


async def test_a_failing_endpoint_is_retried_on_the_schedule_then_disabled(
    caller: Caller,
) -> None:
    api = caller.api
    endpoint = await caller.register("verification.completed")
    await caller.verify()
    receiver = Receiver(answers=[500] * MAX_ATTEMPTS)
    out = sender(api, receiver)
    now = utcnow() + SECOND
    try:
        for delay in (*RETRY_DELAYS, None):
            assert await out.deliver_due(now) == 1
            if delay is None:
                break
            # not due a second before the schedule says, due at it
            assert await out.deliver_due(now + delay - SECOND) == 0
            now += delay
        assert await out.deliver_due(now + dt.timedelta(days=30)) == 0  # given up
    finally:
        await out.aclose()
    assert len(receiver.requests) == MAX_ATTEMPTS
    assert len({r.headers["webhook-id"] for r in receiver.requests}) == 1  # one event id
    [logged] = await caller.deliveries(endpoint["id"])
    assert logged["status"] == "failed" and logged["attempts"] == MAX_ATTEMPTS
    assert [a["status_code"] for a in logged["attempt_log"]] == [500] * MAX_ATTEMPTS
    response = await api.http.get(f"/v1/webhooks/endpoints/{endpoint['id']}", headers=caller.auth())
    assert response.json()["status"] == "disabled"
    assert response.json()["disabled_reason"] == "deliveries-failing"


async def test_a_resource_s_events_go_out_in_order(caller: Caller) -> None:
    """The second event of a verification waits until the first succeeded; another
    verification's event does not wait."""
    api = caller.api
    await caller.register()
    first, other = uuid.uuid4(), uuid.uuid4()
    async with api.runtime.transaction() as session:
        await publish.verification_completed(
            session, client_id=caller.client_id, verification_id=first
        )
    async with api.runtime.transaction() as session:
        await publish.verification_revised(
            session, client_id=caller.client_id, verification_id=first, revision=1
        )
        await publish.verification_completed(
            session, client_id=caller.client_id, verification_id=other
        )
    receiver = Receiver(answers=[503])  # the first request fails once
    out = sender(api, receiver)
    now = utcnow() + SECOND
    try:
        assert await out.deliver_due(now) == 2  # first's completed, other's completed
        assert await out.deliver_due(now + SECOND) == 0  # first's revised waits its turn
        assert await out.deliver_due(now + RETRY_DELAYS[0]) == 1  # first's completed again
        assert await out.deliver_due(now + RETRY_DELAYS[0]) == 1  # then first's revised
    finally:
        await out.aclose()
    sent = [(e["data"]["verification_id"], e["type"]) for e in receiver.events()]
    assert sorted(sent[:2]) == sorted(
        [(str(first), "verification.completed"), (str(other), "verification.completed")]
    )
    assert sent[2:] == [
        (str(first), "verification.completed"),
        (str(first), "verification.revised"),
    ]


async def test_redelivery_sends_the_same_event_id_again(caller: Caller) -> None:
    api = caller.api
    endpoint = await caller.register("verification.completed")
    await caller.verify()
    receiver = Receiver()
    out = sender(api, receiver)
    try:
        assert await out.deliver_due(utcnow() + SECOND) == 1
        [delivered] = await caller.deliveries(endpoint["id"])
        response = await api.http.post(
            f"/v1/webhooks/endpoints/{endpoint['id']}/deliveries/{delivered['id']}/redeliver",
            headers=caller.auth(),
        )
        assert response.status_code == 202, response.text
        again = response.json()
        assert again["status"] == "pending" and again["redelivery_of"] == delivered["id"]
        assert again["event_id"] == delivered["event_id"]
        assert await out.deliver_due(utcnow() + SECOND) == 1
    finally:
        await out.aclose()
    first, second = receiver.requests
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivered["event_id"]
    assert first.content == second.content
    assert [d["status"] for d in await caller.deliveries(endpoint["id"])] == [
        "succeeded",
        "succeeded",
    ]
    missing = await api.http.post(
        f"/v1/webhooks/endpoints/{endpoint['id']}/deliveries/999999999/redeliver",
        headers=caller.auth(),
    )
    assert missing.status_code == 404


async def test_the_delivery_log_pages_newest_first_and_refuses_a_cursor_not_its_own(
    caller: Caller,
) -> None:
    api = caller.api
    endpoint = await caller.register("verification.completed")
    await caller.verify()
    out = sender(api, Receiver())
    try:
        assert await out.deliver_due(utcnow() + SECOND) == 1
    finally:
        await out.aclose()
    [original] = await caller.deliveries(endpoint["id"])
    log = f"/v1/webhooks/endpoints/{endpoint['id']}/deliveries"
    again = await api.http.post(f"{log}/{original['id']}/redeliver", headers=caller.auth())
    assert again.status_code == 202, again.text

    first = await api.http.get(log, params={"limit": 1}, headers=caller.auth())
    assert first.status_code == 200, first.text
    assert [d["id"] for d in first.json()["items"]] == [again.json()["id"]]  # newest first
    cursor = first.json()["next_cursor"]
    assert cursor is not None and "next" not in first.json()
    second = await api.http.get(log, params={"limit": 1, "cursor": cursor}, headers=caller.auth())
    assert [d["id"] for d in second.json()["items"]] == [original["id"]]
    assert second.json()["next_cursor"] is None
    whole = await api.http.get(log, headers=caller.auth())  # default limit 50
    assert [d["id"] for d in whole.json()["items"]] == [again.json()["id"], original["id"]]

    for params in ({"cursor": "bm90IGpzb24"}, {"cursor": "InRleHQi"}):  # not JSON; not an id
        refused = await api.http.get(log, params=params, headers=caller.auth())
        assert refused.status_code == 422
        assert refused.json()["code"] == "invalid-cursor"
    too_many = await api.http.get(log, params={"limit": 101}, headers=caller.auth())
    assert too_many.status_code == 422 and too_many.json()["code"] == "invalid-request"


async def test_a_rotated_secret_signs_beside_the_new_one_until_the_grace_ends(
    caller: Caller,
) -> None:
    api = caller.api
    endpoint = await caller.register("verification.completed")
    old = endpoint["secret"]
    response = await api.http.post(
        f"/v1/webhooks/endpoints/{endpoint['id']}/rotate-secret", headers=caller.auth()
    )
    assert response.status_code == 200, response.text
    rotated = response.json()
    new = rotated["secret"]
    assert new != old
    grace_ends = dt.datetime.fromisoformat(rotated["previous_expires_at"])
    await caller.verify()
    await caller.verify()
    receiver = Receiver()
    out = sender(api, receiver)
    try:
        assert await out.deliver_due(utcnow() + SECOND) == 2
    finally:
        await out.aclose()
    for request in receiver.requests:
        assert len(request.headers["webhook-signature"].split(" ")) == 2
        assert verified(request, old) and verified(request, new)
        for secret in (old, new):  # a consumer holding either secret accepts it
            Webhook(secret).verify(request.content, dict(request.headers))
    # after the grace period only the new secret signs
    await caller.verify()
    receiver = Receiver()
    out = sender(api, receiver)
    try:
        assert await out.deliver_due(grace_ends + SECOND) == 1
    finally:
        await out.aclose()
    [late] = receiver.requests
    assert len(late.headers["webhook-signature"].split(" ")) == 1
    assert verified(late, new) and not verified(late, old)
    view = await api.http.get(f"/v1/webhooks/endpoints/{endpoint['id']}", headers=caller.auth())
    assert len(view.json()["secrets"]) == 2  # read now: the old one still within its grace


async def test_endpoints_belong_to_their_client(caller: Caller) -> None:
    api = caller.api
    endpoint = await caller.register("batch.completed")
    path = f"/v1/webhooks/endpoints/{endpoint['id']}"
    stranger = api.auth(api.other_token)
    assert (await api.http.get(path, headers=stranger)).status_code == 404
    assert (await api.http.delete(path, headers=stranger)).status_code == 404
    assert (await api.http.post(f"{path}/rotate-secret", headers=stranger)).status_code == 404
    listed = await api.http.get("/v1/webhooks/endpoints", headers=caller.auth())
    assert [e["id"] for e in listed.json()["items"]] == [endpoint["id"]]
    assert "secret" not in listed.json()["items"][0]  # shown once, at creation
    refused = await api.http.post(
        "/v1/webhooks/endpoints",
        json={"url": "http://hooks.example.cn/x", "event_types": ["batch.completed"]},
        headers=caller.auth(),
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == "webhook-url-not-allowed"
    deleted = await api.http.delete(path, headers=caller.auth())
    assert deleted.status_code == 204
    assert (await api.http.get(path, headers=caller.auth())).status_code == 404


async def test_the_event_type_catalogue(caller: Caller) -> None:
    response = await caller.api.http.get(
        "/v1/webhooks/event-types", headers=caller.auth(), params={"lang": "en"}
    )
    assert response.status_code == 200
    listed = response.json()["items"]
    assert [e["type"] for e in listed] == list(publish.EVENT_TYPES)
    assert all(e["description"] and e["data"] for e in listed)
    assert get_args(EventTypeName) == publish.EVENT_TYPES  # what an endpoint may subscribe to


async def test_a_batch_s_end_publishes_batch_completed_once(caller: Caller) -> None:
    api = caller.api
    endpoint = await caller.register("batch.completed")
    households = []
    for _ in range(2):
        report = await caller.verify()
        response = await api.http.post(
            "/v1/households",
            json={"verification_id": report["id"], "category": "stable"},
            headers=caller.auth(),
        )
        assert response.status_code == 201, response.text
        households.append(response.json()["id"])
    response = await api.http.post(
        "/v1/batches", json={"household_ids": households}, headers=caller.auth()
    )
    assert response.status_code == 201, response.text
    batch_id = response.json()["id"]
    async with asyncio.timeout(60):
        while True:
            view = (await api.http.get(f"/v1/batches/{batch_id}", headers=caller.auth())).json()
            if view["status"] != "running":
                break
            await asyncio.sleep(0.1)
    assert view["status"] == "completed"
    async with api.sessions() as session:
        events = list(
            await session.scalars(
                select(WebhookEvent).where(WebhookEvent.resource == f"batch:{batch_id}")
            )
        )
    assert [(e.type, e.data) for e in events] == [
        ("batch.completed", {"batch_id": batch_id, "status": "completed"})
    ]
    receiver = Receiver()
    out = sender(api, receiver)
    try:
        assert await out.deliver_due(utcnow() + SECOND) == 1
    finally:
        await out.aclose()
    assert [e["type"] for e in receiver.events()] == ["batch.completed"]
    [delivery] = await caller.deliveries(endpoint["id"])
    assert delivery["event_type"] == "batch.completed" and delivery["status"] == "succeeded"


async def test_overdue_is_published_once_per_deadline(caller: Caller) -> None:
    api = caller.api
    verification, deadline = uuid.uuid4(), dt.date(2026, 12, 31)
    published = []
    for day in (deadline, deadline, deadline + dt.timedelta(days=30)):
        async with api.runtime.transaction() as session:
            published.append(
                await publish.verification_overdue(
                    session, client_id=caller.client_id, verification_id=verification, deadline=day
                )
            )
    assert published[0] is not None and published[1] is None and published[2] is not None
    async with api.sessions() as session:
        data = list(
            await session.scalars(
                select(WebhookEvent.data)
                .where(WebhookEvent.resource == f"verification:{verification}")
                .order_by(WebhookEvent.created_at)
            )
        )
    assert [d["deadline"] for d in data] == ["2026-12-31", "2027-01-30"]


async def test_a_sender_that_died_mid_request_is_followed_by_another_sending_it_again(
    caller: Caller,
) -> None:
    """At least once: a lease that runs out (its sender died after sending, before
    recording) is taken by the next round, which sends the same event id again."""
    api = caller.api
    await caller.register("verification.completed")
    await caller.verify()
    now = utcnow() + SECOND
    receiver = Receiver()
    dying = sender(api, receiver)
    try:
        async with api.runtime.transaction() as session:  # the first half of a round
            await repository.fan_out(session, now, 10)
            [leased] = await repository.claim_due(session, now, now + 40 * SECOND, 10)
        assert await dying.deliver_due(now + 39 * SECOND) == 0  # still leased
        assert await dying.deliver_due(now + 41 * SECOND) == 1  # lease ran out: sent
    finally:
        await dying.aclose()
    [request] = receiver.requests
    assert request.headers["webhook-id"] == str(leased.event_id)


async def test_a_disabled_endpoint_holds_its_deliveries_until_enabled(caller: Caller) -> None:
    api = caller.api
    endpoint = await caller.register("verification.completed")
    path = f"/v1/webhooks/endpoints/{endpoint['id']}"
    receiver = Receiver()
    out = sender(api, receiver)
    try:
        await caller.verify()
        # a round at a moment before the event: it is fanned out, nothing is due yet
        assert await out.deliver_due(utcnow() - dt.timedelta(minutes=1)) == 0
        disabled = await api.http.patch(path, json={"enabled": False}, headers=caller.auth())
        assert disabled.json()["status"] == "disabled"
        assert disabled.json()["disabled_reason"] == "client"
        assert await out.deliver_due(utcnow() + SECOND) == 0  # held
        enabled = await api.http.patch(path, json={"enabled": True}, headers=caller.auth())
        assert enabled.json()["status"] == "enabled"
        assert await out.deliver_due(utcnow() + SECOND) == 1  # resumed
    finally:
        await out.aclose()
    assert [e["type"] for e in receiver.events()] == ["verification.completed"]


async def test_an_endpoint_receives_no_event_from_before_its_registration(
    caller: Caller,
) -> None:
    api = caller.api
    before = await caller.verify()  # its event is not fanned out yet when the endpoint comes
    await caller.register("verification.completed")
    after = await caller.verify()
    receiver = Receiver()
    out = sender(api, receiver)
    try:
        assert await out.deliver_due(utcnow() + SECOND) == 1
    finally:
        await out.aclose()
    assert [e["data"]["verification_id"] for e in receiver.events()] == [after["id"]]
    assert before["id"] != after["id"]


async def test_a_retry_publishes_verification_revised_after_completed(caller: Caller) -> None:
    api = caller.api
    await caller.register("verification.completed", "verification.revised")
    real = dict(api.runtime.connectors)
    api.runtime.connectors["bank"] = Down()
    try:
        report = await caller.verify()
    finally:
        api.runtime.connectors.update(real)
    retried = await api.http.post(f"/v1/verifications/{report['id']}/retry", headers=caller.auth())
    assert retried.status_code == 200, retried.text
    assert retried.json()["revision"] == 1
    receiver = Receiver()
    out = sender(api, receiver)
    try:
        assert await out.deliver_due(utcnow() + SECOND) == 1  # the same resource: one at a time
        assert await out.deliver_due(utcnow() + SECOND) == 1
    finally:
        await out.aclose()
    assert [(e["type"], e["data"]["revision"]) for e in receiver.events()] == [
        ("verification.completed", 0),
        ("verification.revised", 1),
    ]


# ---- operations: the backlog gauges, the attempt counter, retention -----------------------


def _attempts(outcome: str) -> float:
    return REGISTRY.get_sample_value("webhook_attempts_total", {"outcome": outcome}) or 0.0


async def test_the_backlog_gauges_and_the_attempt_counter(caller: Caller) -> None:
    api = caller.api
    await caller.register("verification.completed")
    await caller.verify()
    receiver = Receiver(answers=[500])
    out = sender(api, receiver)
    now = utcnow() + SECOND
    before = {outcome: _attempts(outcome) for outcome in ("succeeded", "http_error")}
    try:
        assert await out.deliver_due(now) == 1  # answered 500: failing, retried in 5 s
        assert _attempts("http_error") == before["http_error"] + 1
        async with api.sessions() as session:
            retry_at = await session.scalar(
                select(WebhookDelivery.next_attempt_at)
                .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
                .where(WebhookEndpoint.client_id == caller.client_id)
            )
            assert retry_at == now + RETRY_DELAYS[0]
            # every other test's endpoint is disabled: the backlog is this caller's
            waiting = await monitoring.webhook_backlog(session, now)
            due = await monitoring.webhook_backlog(session, retry_at)
        assert waiting == {"webhooks_due": 0, "webhooks_failing": 1, "webhooks_due_since": None}
        assert due == {"webhooks_due": 1, "webhooks_failing": 1, "webhooks_due_since": retry_at}
        assert await monitoring.probe(api.runtime)  # published (read at the real time)
        assert REGISTRY.get_sample_value("webhook_deliveries_backlog", {"state": "failing"}) == 1
        assert await out.deliver_due(retry_at) == 1  # answered 204
        assert _attempts("succeeded") == before["succeeded"] + 1
        async with api.sessions() as session:
            done = await monitoring.webhook_backlog(session, retry_at + SECOND)
        assert done == {"webhooks_due": 0, "webhooks_failing": 0, "webhooks_due_since": None}
    finally:
        await out.aclose()


async def _stored_of(api: Any, event_ids: list[uuid.UUID]) -> tuple[int, int, int]:
    async with api.sessions() as session:
        events = await session.scalar(
            select(func.count()).select_from(WebhookEvent).where(WebhookEvent.id.in_(event_ids))
        )
        deliveries = select(WebhookDelivery.id).where(WebhookDelivery.event_id.in_(event_ids))
        delivered = await session.scalar(select(func.count()).select_from(deliveries.subquery()))
        attempts = await session.scalar(
            select(func.count())
            .select_from(WebhookAttempt)
            .where(WebhookAttempt.delivery_id.in_(deliveries))
        )
    return int(events or 0), int(delivered or 0), int(attempts or 0)


async def test_old_finished_deliveries_and_their_events_are_pruned(caller: Caller) -> None:
    api = caller.api
    settings = api.runtime.settings
    endpoint = await caller.register("verification.completed")
    await caller.verify()
    receiver = Receiver(answers=[204, 500])
    out = sender(api, receiver)
    now = utcnow() + SECOND
    try:
        assert await out.deliver_due(now) == 1  # the first: delivered
        await caller.verify()
        assert await out.deliver_due(now + SECOND) == 1  # the second: failing, pending
        first, second = sorted(
            await caller.deliveries(endpoint["id"]), key=lambda d: d["status"] != "succeeded"
        )
        assert (first["status"], second["status"]) == ("succeeded", "pending")
        kept, gone = uuid.UUID(second["event_id"]), uuid.UUID(first["event_id"])
        assert await _stored_of(api, [gone]) == (1, 1, 1)

        days = dt.timedelta(days=settings.webhook_retention_days)
        assert settings.webhook_retention_days == 30  # the default
        # not yet: delivered less than the retention ago
        await out.prune(now + days - SECOND)
        assert await _stored_of(api, [gone]) == (1, 1, 1)
        # 0 keeps everything, however old
        settings.webhook_retention_days = 0
        try:
            assert await out.prune(now + 10 * days) == repository.Pruned(0, 0)
        finally:
            settings.webhook_retention_days = 30
        assert await _stored_of(api, [gone]) == (1, 1, 1)

        pruned = await out.prune(now + days + SECOND)
        assert pruned.deliveries >= 1 and pruned.events >= 1
        assert await _stored_of(api, [gone]) == (0, 0, 0)
        # a pending delivery keeps its event and attempts, however old
        assert await _stored_of(api, [kept]) == (1, 1, 1)
        await out.prune(now + 10 * days)
        assert await _stored_of(api, [kept]) == (1, 1, 1)
    finally:
        await out.aclose()


async def test_changes_at_once_to_one_endpoint_are_made_one_after_the_other(
    caller: Caller,
) -> None:
    """Rotations at once: each expires the secrets before it (one stays without an end, the
    last); deletions at once: one deletes (204), the others find none (404), and the log
    records one deletion.  An outside run rotated three times at once (three secrets
    without an end) and deleted three times at once (three 204s, three entries)."""
    api = caller.api
    endpoint = await caller.register("verification.completed")
    path = f"/v1/webhooks/endpoints/{endpoint['id']}"
    rotated = await asyncio.gather(
        *[api.http.post(f"{path}/rotate-secret", headers=caller.auth()) for _ in range(3)]
    )
    assert [r.status_code for r in rotated] == [200, 200, 200]
    secrets = (await api.http.get(path, headers=caller.auth())).json()["secrets"]
    assert len(secrets) == 4
    assert [s["expires_at"] for s in secrets].count(None) == 1

    deleted = await asyncio.gather(
        *[api.http.delete(path, headers=caller.auth()) for _ in range(3)]
    )
    assert sorted(r.status_code for r in deleted) == [204, 404, 404]
    await api.drain()
    async with api.sessions() as session:
        entries = (
            await session.execute(
                select(AuditEvent.body).where(AuditEvent.action == "webhook_endpoint_deleted")
            )
        ).scalars()
        assert sum(endpoint["id"] in body for body in entries) == 1
