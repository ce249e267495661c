"""The consent-use record (issue #22, items 1 and 2): every use of an authorization, with no
data values; the family's one-time link; the household's revocation."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select, update

from connectors.sdk.discovery import installed_sources
from tests.verification.batches.test_batches_api import finished
from tests.verification.helpers import business_today, fresh_body
from tests.verification.test_retry import Down
from verification.audit.integrity import verify_stored_log
from verification.audit.models import AuditEvent
from verification.audit.tree import issue_checkpoint
from verification.authorization.models import ConsentLink
from verification.batches.models import Batch, BatchItem
from verification.batches.review import review_item
from verification.clients.models import ApiClient
from verification.consent.uses import readable
from verification.db import utcnow
from verification.problems import Forbidden

SCOPES = installed_sources().scopes
# an amount as reports write them (money is never in the record)
AMOUNT = re.compile(r"\d+\.\d{2}\b")
# what a browser sends: the family's page is HTML for it
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


async def _verified_with_bank_down(api: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A first verification of a fresh household with the bank unavailable; its request body
    and report."""
    body = fresh_body(api.issuer_key)
    real = dict(api.runtime.connectors)
    api.runtime.connectors["bank"] = Down()
    try:
        response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    finally:
        api.runtime.connectors.update(real)
    assert response.status_code == 201, response.text
    return body, response.json()


def _personal(body: dict[str, Any]) -> list[str]:
    """The names and ID numbers of the request's members (from its JWS payload)."""
    import base64

    segment = body["authorization"].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    return [v for m in claims["members"] for v in (m["name"], m["id_number"])]


def _no_data_values(text: str, body: dict[str, Any]) -> None:
    for value in _personal(body):
        assert value not in text
    assert not AMOUNT.findall(text), AMOUNT.findall(text)


async def _uses(api: Any, authorization_id: str, **kwargs: Any) -> Any:
    return await api.http.get(f"/v1/authorizations/{authorization_id}/uses", **kwargs)


async def test_the_record_lists_exactly_the_uses_made_with_no_data_values(api) -> None:
    body, report = await _verified_with_bank_down(api)
    authorization_id = report["authorization_id"]
    retried = await api.http.post(f"/v1/verifications/{report['id']}/retry", headers=api.auth())
    assert retried.status_code == 200, retried.text
    enrolled = await api.http.post(
        "/v1/households",
        json={"verification_id": report["id"], "category": "stable"},
        headers=api.auth(),
    )
    assert enrolled.status_code == 201, enrolled.text
    batch = await api.http.post(
        "/v1/batches", json={"household_ids": [enrolled.json()["id"]]}, headers=api.auth()
    )
    assert batch.status_code == 201, batch.text
    assert (await finished(api, batch.json()["id"]))["counts"]["done"] == 1

    response = await _uses(api, authorization_id, headers=api.auth())
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    record = response.json()
    assert record["authorization_id"] == authorization_id
    assert (record["status"], record["status_text"], record["revocation"]) == (
        "active",
        "有效",
        None,
    )
    uses = record["uses"]
    assert [u["purpose"] for u in uses] == ["first_verification", "retry", "batch_review"]
    assert [u["purpose_text"] for u in uses] == ["首次核对", "补充查询（重试）", "定期复核"]
    assert {u["client"] for u in uses} == {"demo case system"}
    first, retry, review = uses
    assert first["verification_id"] == retry["verification_id"] == report["id"]
    assert review["verification_id"] not in (None, report["id"])
    assert [a["scope"] for a in first["agencies"]] == list(SCOPES)
    outcomes = {a["scope"]: a["outcome"] for a in first["agencies"]}
    assert outcomes["bank"] == "unavailable"
    assert set(outcomes.values()) <= {"answered", "not_found", "unavailable"}
    assert [(a["scope"], a["outcome"]) for a in retry["agencies"]] in (
        [("bank", "answered")],
        [("bank", "not_found")],
    )
    assert [a["scope"] for a in review["agencies"]] == list(SCOPES)
    assert "unavailable" not in {a["outcome"] for a in review["agencies"]}
    for use in uses:  # Beijing time: UTC+8
        at = dt.datetime.fromisoformat(use["at"].replace("Z", "+00:00"))
        assert use["at_beijing"] == (at + dt.timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
    assert first["at"] < retry["at"] < review["at"]
    _no_data_values(response.text, body)

    html = await _uses(api, authorization_id, headers={**api.auth(), "Accept": "text/html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert (
        "授权使用记录" in html.text and "首次核对" in html.text and "demo case system" in html.text
    )
    _no_data_values(html.text, body)
    english = await _uses(api, authorization_id, params={"lang": "en"}, headers=api.auth())
    assert [u["purpose_text"] for u in english.json()["uses"]] == [
        "first verification",
        "retry of sources that had failed",
        "periodic review",
    ]

    await api.drain()
    async with api.sessions() as session:
        reads = (
            await session.execute(
                select(AuditEvent.body).where(
                    AuditEvent.action == "consent_record_read",
                    AuditEvent.authorization_id == authorization_id,
                )
            )
        ).scalars()
        assert len(list(reads)) == 3  # each read audited (JSON, HTML, English)


async def test_only_a_case_system_that_used_it_reads_it_within_its_regions(api) -> None:
    _, report = await _verified_with_bank_down(api)
    authorization_id = report["authorization_id"]
    auditor = await _uses(api, authorization_id, headers=api.auth(api.auditor_token))
    assert auditor.status_code == 403
    other = await _uses(api, authorization_id, headers=api.auth(api.other_token))
    assert other.status_code == 404 and other.json()["code"] == "not-found"
    unknown = await _uses(api, "no-such-authorization", headers=api.auth())
    assert unknown.status_code == 404
    link = await api.http.post(
        f"/v1/authorizations/{authorization_id}/family-links",
        headers={**api.auth(api.other_token), "Idempotency-Key": str(uuid.uuid4())},
    )
    assert link.status_code == 404
    revoked = await api.http.post(
        f"/v1/authorizations/{authorization_id}/revocation",
        json={"reason": "household_withdrew", "withdrawn_on": business_today().isoformat()},
        headers={**api.auth(api.other_token), "Idempotency-Key": str(uuid.uuid4())},
    )
    assert revoked.status_code == 404
    # the client that used it, once its regions (or issuers) no longer hold it: refused
    async with api.sessions() as session:
        demo = (
            await session.execute(select(ApiClient).where(ApiClient.name == "demo case system"))
        ).scalar_one()
        moved = ApiClient(
            id=demo.id, name=demo.name, issuers=list(demo.issuers), region_prefixes=["11"]
        )
        try:
            await readable(session, moved, authorization_id)
        except Forbidden as refused:
            assert refused.instance_code == "region-not-permitted"
        else:
            raise AssertionError("a region the client no longer holds was read")
        other_issuer = ApiClient(
            id=demo.id, name=demo.name, issuers=["999999999"], region_prefixes=["45"]
        )
        try:
            await readable(session, other_issuer, authorization_id)
        except Forbidden as refused:
            assert refused.instance_code == "issuer-not-permitted"
        else:
            raise AssertionError("an issuer the client no longer holds was read")


async def _family_link(api: Any, authorization_id: str) -> str:
    response = await api.http.post(
        f"/v1/authorizations/{authorization_id}/family-links",
        headers={**api.auth(), "Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 201, response.text
    link = response.json()
    assert link["window_minutes"] == api.settings.consent_link_window_minutes
    expires = dt.datetime.fromisoformat(link["expires_at"].replace("Z", "+00:00"))
    assert dt.timedelta(hours=23) < expires - utcnow() <= dt.timedelta(hours=24)
    return str(urlsplit(link["url"]).path)


async def _actions(api: Any, authorization_id: str | None, action: str) -> list[dict[str, Any]]:
    await api.drain()
    async with api.sessions() as session:
        query = select(AuditEvent.body).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        if authorization_id is not None:
            query = query.where(AuditEvent.authorization_id == authorization_id)
        return [json.loads(b) for b in (await session.execute(query)).scalars()]


async def test_the_family_link_opens_one_record_for_a_short_window_and_is_audited(api) -> None:
    body, report = await _verified_with_bank_down(api)
    authorization_id = report["authorization_id"]
    path = await _family_link(api, authorization_id)
    assert path.startswith("/family/v1/consent/")
    token = path.rsplit("/", 1)[1]
    assert len(token) >= 40
    async with api.sessions() as session:
        stored = (
            await session.execute(
                select(ConsentLink).where(ConsentLink.authorization_id == authorization_id)
            )
        ).scalar_one()
    assert token not in json.dumps([str(v) for v in vars(stored).values()])  # its hash only

    page = await api.http.get(path, headers=BROWSER)  # no bearer token: the link is it
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store"
    assert "授权使用记录" in page.text and "首次核对" in page.text
    assert authorization_id not in page.text and authorization_id[-4:] in page.text
    assert report["id"] not in page.text
    assert "<a " not in page.text and "href" not in page.text and "<script" not in page.text
    _no_data_values(page.text, body)
    again = await api.http.get(path, headers={"Accept": "application/json"})  # a reload
    assert again.status_code == 200
    assert again.json()["uses"][0]["verification_id"] is None
    assert again.json()["authorization_id"].endswith(authorization_id[-4:])
    # nothing else is reachable with the token: not the case system's routes
    assert (await api.http.get(f"/v1/authorizations/{authorization_id}/uses")).status_code == 401
    assert (
        await api.http.get(
            f"/v1/verifications/{report['id']}", headers={"Authorization": f"Bearer {token}"}
        )
    ).status_code == 401

    opened = await _actions(api, authorization_id, "consent_record_opened")
    assert [e["opening"] for e in opened] == [1, 2]
    assert all(token not in json.dumps(e) for e in opened)

    # the window after the first opening closes: the link is spent
    async with api.runtime.transaction() as session:
        await session.execute(
            update(ConsentLink)
            .where(ConsentLink.token_hash == stored.token_hash)
            .values(open_until=utcnow() - dt.timedelta(seconds=1))
        )
    spent = await api.http.get(path, headers=BROWSER)
    assert spent.status_code == 404 and "链接无效" in spent.text
    assert "授权使用记录" not in spent.text.split("<body>")[1].split("此链接")[0]

    # a link never opened, past its lifetime: the same plain page; an unknown one too
    expired_path = await _family_link(api, authorization_id)
    async with api.runtime.transaction() as session:
        await session.execute(
            update(ConsentLink)
            .where(ConsentLink.first_opened_at.is_(None))
            .values(expires_at=utcnow() - dt.timedelta(seconds=1))
        )
    expired = await api.http.get(expired_path, headers=BROWSER)
    unknown = await api.http.get("/family/v1/consent/" + "x" * 43, headers=BROWSER)
    assert expired.status_code == unknown.status_code == 404
    assert expired.text == unknown.text == spent.text
    problem = await api.http.get(expired_path)  # no Accept: an API client, a problem
    assert problem.status_code == 404 and problem.json()["code"] == "consent-link-invalid"
    english = await api.http.get(expired_path, params={"lang": "en"}, headers=BROWSER)
    assert "Link not valid" in english.text
    refused = await _actions(api, None, "consent_link_refused")
    assert len([e for e in refused if e["request_id"]]) >= 5


async def _held_batch(api: Any, household_id: str) -> uuid.UUID:
    """A batch of one item leased far ahead, so no runner takes it; its id."""
    async with api.sessions() as session:
        client = (
            await session.execute(select(ApiClient).where(ApiClient.name == "demo case system"))
        ).scalar_one()
    batch_id = uuid.uuid4()
    async with api.runtime.transaction() as session:
        session.add(
            Batch(
                id=batch_id,
                client_id=client.id,
                selection="households",
                total=1,
                created_at=utcnow(),
                created_by="test",
            )
        )
        await session.flush()
        session.add(
            BatchItem(
                batch_id=batch_id,
                household_id=uuid.UUID(household_id),
                lease_until=utcnow() + dt.timedelta(days=1),
            )
        )
    return batch_id


async def test_revocation_stops_queued_items_and_refuses_every_later_use(api) -> None:
    body, report = await _verified_with_bank_down(api)  # a bank answer to retry
    authorization_id = report["authorization_id"]
    # the same signed authorization again (its content unchanged): eligible, enrolled
    eligible = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert eligible.status_code == 201 and eligible.json()["outcome"] == "eligible"
    enrolled = await api.http.post(
        "/v1/households",
        json={"verification_id": eligible.json()["id"], "category": "stable"},
        headers=api.auth(),
    )
    assert enrolled.status_code == 201, enrolled.text
    household_id = enrolled.json()["id"]
    batch_id = await _held_batch(api, household_id)
    today = business_today()

    future = await api.http.post(
        f"/v1/authorizations/{authorization_id}/revocation",
        json={
            "reason": "household_withdrew",
            "withdrawn_on": (today + dt.timedelta(days=2)).isoformat(),
        },
        headers={**api.auth(), "Idempotency-Key": str(uuid.uuid4())},
    )
    assert future.status_code == 422 and future.json()["code"] == "withdrawn-in-future"
    revoked = await api.http.post(
        f"/v1/authorizations/{authorization_id}/revocation",
        json={"reason": "household_withdrew", "withdrawn_on": today.isoformat()},
        headers={**api.auth(), "Idempotency-Key": str(uuid.uuid4())},
    )
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["withdrawn_on"] == today.isoformat()
    twice = await api.http.post(
        f"/v1/authorizations/{authorization_id}/revocation",
        json={"reason": "other", "withdrawn_on": today.isoformat()},
        headers={**api.auth(), "Idempotency-Key": str(uuid.uuid4())},
    )
    assert twice.status_code == 409 and twice.json()["code"] == "authorization-revoked"

    # the queued batch item stops: skipped, with the reason; never retried
    assert await review_item(api.runtime, batch_id, uuid.UUID(household_id)) == "skipped"
    assert await review_item(api.runtime, batch_id, uuid.UUID(household_id)) == "already"
    async with api.sessions() as session:
        item = (
            await session.execute(select(BatchItem).where(BatchItem.batch_id == batch_id))
        ).scalar_one()
    assert (item.state, item.error, item.verification_id) == (
        "skipped",
        "authorization-revoked",
        None,
    )
    # a retry, and a new verification presenting the same signed authorization: refused
    retry = await api.http.post(f"/v1/verifications/{report['id']}/retry", headers=api.auth())
    assert retry.status_code == 422 and retry.json()["code"] == "authorization-revoked"
    again = await api.http.post(
        "/v1/verifications",
        json=body,
        headers={**api.auth(), "Idempotency-Key": str(uuid.uuid4())},
    )
    assert again.status_code == 422 and again.json()["code"] == "authorization-revoked"
    assert again.headers["content-type"].startswith("application/problem+json")

    record = (await _uses(api, authorization_id, headers=api.auth())).json()
    assert record["status"] == "revoked" and record["status_text"] == "已撤回"
    assert record["revocation"]["withdrawn_on"] == today.isoformat()
    assert (record["revocation"]["reason"], record["revocation"]["reason_text"]) == (
        "household_withdrew",
        "家庭主动撤回",
    )
    # the two verifications, nothing after the revocation
    assert [u["purpose"] for u in record["uses"]] == ["first_verification"] * 2
    page = await api.http.get(
        f"/v1/authorizations/{authorization_id}/uses",
        headers={**api.auth(), "Accept": "text/html"},
    )
    assert "撤回授权" in page.text and "家庭主动撤回" in page.text

    revocations = await _actions(api, authorization_id, "authorization_revoked")
    assert len(revocations) == 1 and revocations[0]["reason"] == "household_withdrew"
    # the audit log still verifies, chain and checkpoint, after the revocation
    runtime = api.runtime
    key = runtime.audit_key.public_key()
    assert await issue_checkpoint(runtime.transaction, runtime.audit_key, api.settings.audit_origin)
    stored = await verify_stored_log(api.settings.database_url, key, api.settings.audit_origin)
    assert stored.problem is None and stored.checkpoint_size == stored.size > 0
