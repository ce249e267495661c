"""Batches at their edges: refusals, cancelling, expired authorizations, ended households,
paging, and another client's batch."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import event, select, update

from connectors.sdk.discovery import installed_sources
from tests.verification.batches.seeding import seed_households
from tests.verification.batches.test_batches_api import finished, items
from verification.audit.models import AuditEvent
from verification.authorization.models import AuthorizationRecord
from verification.batches import review as batch_review
from verification.batches.jobs import review_items
from verification.batches.models import Batch, BatchItem
from verification.batches.review import review_item
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.households.models import EnrolledHousehold
from verification.runtime import Runtime

SCOPES = installed_sources().scopes  # the installed sources

FAR = dt.timedelta(days=1)


async def _client(api: Any) -> ApiClient:
    async with api.sessions() as session:
        return (
            await session.execute(select(ApiClient).where(ApiClient.name == "demo case system"))
        ).scalar_one()


async def _households(api: Any, count: int) -> list[uuid.UUID]:
    return await seed_households(api.runtime, await _client(api), api.issuer_key, count)


async def _held_item(api: Any, *household_ids: uuid.UUID) -> uuid.UUID:
    """A batch whose items are leased far ahead, so no runner takes them; its id."""
    client = await _client(api)
    batch_id = uuid.uuid4()
    async with api.runtime.transaction() as session:
        session.add(
            Batch(
                id=batch_id,
                client_id=client.id,
                selection="households",
                total=len(household_ids),
                created_at=utcnow(),
                created_by="test",
            )
        )
        await session.flush()
        for household_id in household_ids:
            session.add(
                BatchItem(batch_id=batch_id, household_id=household_id, lease_until=utcnow() + FAR)
            )
    return batch_id


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"household_ids": [], "due": {}},
        {"household_ids": []},
        {"household_ids": ["not-a-uuid"]},
        {"due": {"region": "45x"}},
        {"due": {"as_of": "2026-13-01"}},
        {"due": {}, "extra": 1},
    ],
)
async def test_malformed_batches_are_refused(api, body: dict) -> None:
    response = await api.http.post("/v1/batches", json=body, headers=api.auth())
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"


async def test_unknown_ended_and_queued_households_are_refused_and_nothing_is_stored(api) -> None:
    first, second = await _households(api, 2)
    async with api.sessions() as session:
        batches_before = len(list((await session.execute(select(Batch.id))).scalars()))

    unknown = await api.http.post(
        "/v1/batches", json={"household_ids": [str(uuid.uuid4())]}, headers=api.auth()
    )
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "unknown-households"

    ended = await api.http.post(
        f"/v1/households/{first}/end", json={"reason": "moved away"}, headers=api.auth()
    )
    assert ended.status_code == 200
    refused = await api.http.post(
        "/v1/batches", json={"household_ids": [str(first)]}, headers=api.auth()
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "households-ended"

    await _held_item(api, second)
    queued = await api.http.post(
        "/v1/batches", json={"household_ids": [str(second)]}, headers=api.auth()
    )
    assert queued.status_code == 409
    assert queued.json()["code"] == "households-queued"

    await api.drain()
    async with api.sessions() as session:
        batches_after = len(list((await session.execute(select(Batch.id))).scalars()))
        refusals = (
            (
                await session.execute(
                    select(AuditEvent.body).where(AuditEvent.action == "request_refused")
                )
            )
            .scalars()
            .all()
        )
    assert batches_after == batches_before + 1  # only the held one made here
    # each of these three refusals audited (not just any three: other tests refuse too)
    codes = {(e.get("request_id"), e.get("code")) for e in map(json.loads, refusals)}
    for response in (unknown, refused, queued):
        assert (response.headers["x-request-id"], response.json()["code"]) in codes


async def test_another_client_sees_nothing_of_a_batch(api) -> None:
    (household,) = await _households(api, 1)
    created = await api.http.post(
        "/v1/batches", json={"household_ids": [str(household)]}, headers=api.auth()
    )
    batch_id = created.json()["id"]
    other = api.auth(api.other_token)
    for method, path in (
        ("GET", f"/v1/batches/{batch_id}"),
        ("GET", f"/v1/batches/{batch_id}/items"),
        ("POST", f"/v1/batches/{batch_id}/cancel"),
    ):
        response = await api.http.request(method, path, headers=other)
        assert response.status_code == 404, (path, response.text)
    refused = await api.http.post(
        "/v1/batches", json={"household_ids": [str(household)]}, headers=other
    )
    assert refused.status_code == 404
    await finished(api, batch_id)


async def test_an_expired_authorization_fails_the_item_and_leaves_the_household(api) -> None:
    (household_id,) = await _households(api, 1)
    async with api.runtime.transaction() as session:
        household = await session.get(EnrolledHousehold, household_id)
        assert household is not None
        await session.execute(
            update(AuthorizationRecord)
            .where(AuthorizationRecord.authorization_id == household.authorization_id)
            .values(expires_at=utcnow() - dt.timedelta(days=1))
        )
        before = (household.next_review_on, household.last_verification_id)
    created = await api.http.post(
        "/v1/batches", json={"household_ids": [str(household_id)]}, headers=api.auth()
    )
    view = await finished(api, created.json()["id"])
    assert view["counts"]["failed"] == 1
    (item,) = await items(api, created.json()["id"], state="failed")
    assert item["error"] == "expired"
    assert item["verification_id"] is None and item["recommendation"] is None
    after = (await api.http.get(f"/v1/households/{household_id}", headers=api.auth())).json()
    assert (
        dt.date.fromisoformat(after["next_review_on"]),
        uuid.UUID(after["last_verification_id"]),
    ) == before


async def test_an_item_of_an_ended_household_is_skipped(api) -> None:
    (household_id,) = await _households(api, 1)
    batch_id = await _held_item(api, household_id)
    ended = await api.http.post(
        f"/v1/households/{household_id}/end", json={"reason": "deceased"}, headers=api.auth()
    )
    assert ended.status_code == 200
    assert await review_item(api.runtime, batch_id, household_id) == "skipped"
    assert await review_item(api.runtime, batch_id, household_id) == "already"
    (item,) = await items(api, str(batch_id))
    assert item["state"] == "skipped"
    assert item["error"] == "household-ended"


async def test_an_item_that_kept_failing_gives_up(api) -> None:
    (household_id,) = await _households(api, 1)
    batch_id = await _held_item(api, household_id)
    async with api.runtime.transaction() as session:
        await session.execute(
            update(BatchItem)
            .where(BatchItem.batch_id == batch_id)
            .values(state="running", attempts=api.settings.batch_max_attempts)
        )
    assert await review_item(api.runtime, batch_id, household_id) == "failed"
    (item,) = await items(api, str(batch_id))
    assert item["state"] == "failed"
    assert item["error"] == "gave-up"
    household = (await api.http.get(f"/v1/households/{household_id}", headers=api.auth())).json()
    assert household["last_verification_id"] == household["verification_id"]


async def test_a_start_that_keeps_failing_still_counts_its_attempts(
    api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The claim and the start of the review share a transaction; when the start fails,
    the attempt is counted on its own, so the item still gives up in the end."""
    (household_id,) = await _households(api, 1)
    batch_id = await _held_item(api, household_id)

    async def broken_start(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the start failed")

    monkeypatch.setattr(batch_review, "start_review", broken_start)
    for attempt in range(1, api.settings.batch_max_attempts + 1):
        with pytest.raises(RuntimeError, match="the start failed"):
            await review_item(api.runtime, batch_id, household_id)
        async with api.runtime.read_session_factory() as session:
            item = (
                await session.execute(select(BatchItem).where(BatchItem.batch_id == batch_id))
            ).scalar_one()
        assert (item.attempts, item.state, item.verification_id) == (attempt, "pending", None)
    assert await review_item(api.runtime, batch_id, household_id) == "failed"
    (item_view,) = await items(api, str(batch_id))
    assert (item_view["state"], item_view["error"]) == ("failed", "gave-up")


async def test_cancelling_stops_the_items_not_started(api, mock_sources_url: str) -> None:
    households = await _households(api, 24)  # more than the runner's 16 at once
    async with httpx.AsyncClient(base_url=mock_sources_url) as mock:
        for agency in SCOPES:  # the mock agencies are named as the scopes
            await mock.put(f"/_faults/{agency}", json={"latency_ms": 300})
        try:
            created = await api.http.post(
                "/v1/batches",
                json={"household_ids": [str(h) for h in households]},
                headers=api.auth(),
            )
            batch_id = created.json()["id"]
            cancelled = await api.http.post(f"/v1/batches/{batch_id}/cancel", headers=api.auth())
            assert cancelled.status_code == 200, cancelled.text
            assert cancelled.json()["status"] == "cancelled"
            again = await api.http.post(f"/v1/batches/{batch_id}/cancel", headers=api.auth())
            assert again.status_code == 409, again.text
            assert again.json()["code"] == "batch-finished"
            view = await finished(api, batch_id)  # no longer "running" at once
        finally:
            await mock.delete("/_faults")
    # items already running finish; the rest never start
    while view["counts"]["running"]:
        view = (await api.http.get(f"/v1/batches/{batch_id}", headers=api.auth())).json()
    counts = view["counts"]
    assert counts["cancelled"] >= 1
    assert counts["done"] + counts["cancelled"] == 24
    assert counts["pending"] == 0


async def test_cancelling_a_cancelled_batch_is_refused_and_audited(api) -> None:
    households = await _households(api, 2)
    batch_id = await _held_item(api, *households)  # pending, leased far ahead: never run
    path = f"/v1/batches/{batch_id}/cancel"
    first = await api.http.post(path, headers=api.auth())
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "cancelled"
    assert first.json()["counts"]["cancelled"] == 2

    again = await api.http.post(path, headers=api.auth())
    assert again.status_code == 409, again.text
    assert again.headers["content-type"] == "application/problem+json"
    assert again.json()["code"] == "batch-finished"
    view = (await api.http.get(f"/v1/batches/{batch_id}", headers=api.auth())).json()
    assert view["cancelled_at"] == first.json()["cancelled_at"]  # nothing changed
    assert view["counts"]["cancelled"] == 2
    await api.drain()
    async with api.sessions() as session:
        events = [
            json.loads(body)
            for body in (
                await session.execute(
                    select(AuditEvent.body)
                    .where(AuditEvent.action.in_(("batch_cancelled", "request_refused")))
                    .order_by(AuditEvent.seq)
                )
            ).scalars()
        ]
    mine = [e for e in events if e.get("batch_id") == str(batch_id)]
    assert [(e["action"], e.get("code")) for e in mine] == [
        ("batch_cancelled", None),
        ("request_refused", "batch-finished"),
    ]
    assert mine[1]["client_id"] == str((await _client(api)).id)


async def test_items_page_by_cursor_and_filter(api) -> None:
    households = await _households(api, 5)
    created = await api.http.post(
        "/v1/batches", json={"household_ids": [str(h) for h in households]}, headers=api.auth()
    )
    batch_id = created.json()["id"]
    await finished(api, batch_id)
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (
            await api.http.get(f"/v1/batches/{batch_id}/items", params=params, headers=api.auth())
        ).json()
        seen += [i["household_id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(str(h) for h in households)
    assert len(await items(api, batch_id, recommendation="stop")) == 0
    assert len(await items(api, batch_id, state="done")) == 5
    late = await api.http.post(f"/v1/batches/{batch_id}/cancel", headers=api.auth())
    assert late.status_code == 409
    assert late.json()["code"] == "batch-finished"
    bad = await api.http.get(
        f"/v1/batches/{batch_id}/items", params={"cursor": "bm90IGpzb24"}, headers=api.auth()
    )
    assert bad.status_code == 422
    assert bad.json()["code"] == "invalid-cursor"  # base64url, but not a cursor it issued
    misshapen = await api.http.get(
        f"/v1/batches/{batch_id}/items", params={"cursor": "!!"}, headers=api.auth()
    )
    assert misshapen.status_code == 422  # not the documented format at all
    assert [e["location"] for e in misshapen.json()["errors"]] == ["query.cursor"]


async def test_a_job_of_failing_items_ends_them_all_within_its_retry_budget(
    api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A procrastinate job holds several items and is retried whole while one raises; every
    run counts an attempt of every item it leaves unfinished, so the job's budget
    (``batch_max_attempts + 1`` runs) always suffices to end them all: no item is left
    running when procrastinate gives up on the job."""
    households = await _households(api, 3)
    batch_id = await _held_item(api, *households)
    flaky = households[1]  # the other two always fail; this one once, then succeeds
    runs: dict[uuid.UUID, int] = {}
    original = batch_review.start_review

    async def start(rt: Any, session: Any, client: Any, *args: Any, **kw: Any):
        household_id = uuid.UUID(kw["audit"]["household_id"])
        runs[household_id] = runs.get(household_id, 0) + 1
        if household_id != flaky or runs[household_id] == 1:
            raise RuntimeError("the start failed")
        return await original(rt, session, client, *args, **kw)

    monkeypatch.setattr(batch_review, "start_review", start)
    budget = api.settings.batch_max_attempts + 1  # as build_app configures the task
    for _ in range(budget - 1):
        with pytest.raises(ExceptionGroup):
            await review_items(api.runtime, batch_id, households)
    await review_items(api.runtime, batch_id, households)  # the last run raises no more
    states = {
        item["household_id"]: (item["state"], item["error"])
        for item in await items(api, str(batch_id))
    }
    assert states == {
        str(households[0]): ("failed", "gave-up"),
        str(flaky): ("done", None),
        str(households[2]): ("failed", "gave-up"),
    }


async def test_a_review_asks_the_database_little(api) -> None:
    """Statements are what a review costs most on a busy worker: the claim's one joined
    SELECT brings the rows start_review looks up by primary key (the last verification,
    its authorization, the issuer key), so they are not asked for again — but for the
    authorization's one read again, share-locked, where the use is recorded — and the whole
    review stays within its statement budget: 8 on PostgreSQL, where each of its two
    transactions writes its verification's rows and its audit entries in one statement as
    a new verification's do (``single_statement``: the start, share-locking the
    authorization; the report, the answers and ``verification.completed``), 13 on SQLite
    (where those are four each, and the lookup of the members' other households goes to the
    reader engine), each transaction recording its audit entries in one statement (the
    integrator moves them into the log later; the appends of old took four statements a
    transaction on SQLite); and the webhooks' (ADR 0012): whether the batch is complete
    (one statement; two on PostgreSQL, which locks the batch's row first) and, this item
    being the batch's last, its ``batch.completed`` event."""
    (household_id,) = await _households(api, 1)
    batch_id = await _held_item(api, household_id)
    runtime = Runtime.build(api.settings)  # an engine of its own: only this review's statements
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            statements.append(" ".join(statement.split()))

    event.listen(runtime.engine.sync_engine, "before_cursor_execute", seen)
    try:
        assert await review_item(runtime, batch_id, household_id) == "done"
    finally:
        await runtime.aclose()
    pk_lookups = [
        s for s in statements if s.startswith(("SELECT verifications.", "SELECT issuer_keys."))
    ]
    assert pk_lookups == []
    # the authorization is read once more, share-locked, in the transaction that records
    # the review's use of it, so that a withdrawal meanwhile is seen (ADR 0031)
    postgresql = api.runtime.engine.dialect.name == "postgresql"
    held = [
        s
        for s in statements
        if ("FOR SHARE" in s and "FROM authorizations" in s)  # PostgreSQL
        or s.startswith("SELECT authorizations.")  # SQLite: no lock clause, a serial writer
    ]
    assert len(held) == 1, held
    budget = 8 + 4 if postgresql else 13 + 3
    assert len(statements) <= budget, "\n".join(statements)
    recording = [s for s in statements if "INSERT INTO audit_pending" in s]
    assert len(recording) == 2
    if postgresql:  # each transaction's rows and entries: one statement
        assert recording[0] == held[0] and recording[0].startswith("WITH recorded AS (INSERT")
        assert recording[1].startswith("WITH completed AS (UPDATE verifications")


async def test_batches_made_at_once_queue_a_household_once(api) -> None:
    """Batches of the same households made at once (a double click, two case-system
    workers): one queues them, each other answers ``409 households-queued``; the database
    holds one pending item a household (``uq_batch_items_one_pending``).  An outside run
    made three at once: three batches each queued the household."""
    households = [str(h) for h in await _households(api, 2)]
    answers = await asyncio.gather(
        *[
            api.http.post("/v1/batches", json={"household_ids": households}, headers=api.auth())
            for _ in range(3)
        ]
    )
    assert sorted(a.status_code for a in answers) == [201, 409, 409], [a.text for a in answers]
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {"households-queued"}
    async with api.sessions() as session:
        queued = (
            await session.execute(
                select(BatchItem.household_id).where(
                    BatchItem.household_id.in_([uuid.UUID(h) for h in households])
                )
            )
        ).scalars()
        assert sorted(map(str, queued)) == sorted(households)  # one item each, in one batch
    # the batch runs in the background: let it end, so its entries land within this test
    [made] = [a.json()["id"] for a in answers if a.status_code == 201]
    assert (await finished(api, made))["counts"]["done"] == len(households)
