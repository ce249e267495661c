"""Appeals (复议) through the API, on SQLite and PostgreSQL: filing, refusals, decisions, and
the revision an upheld appeal makes, citing it."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from sqlalchemy import select, update

from connectors.sdk.discovery import installed_sources
from tests.verification.helpers import Counting, scenario_body
from tests.verification.test_retry import Down
from verification.appeals import file as file_module
from verification.appeals.models import Appeal
from verification.appeals.repository import appeal_counts
from verification.audit.models import AuditEvent
from verification.clients.models import ApiClient, Role
from verification.clients.service import create_client
from verification.verifications.models import SourceQuery

_EVIDENCE = {
    "kind": "income",
    "member_index": 0,
    "description": "工资已于2026年5月停发，附单位证明",
    "amount": "0.00",
}


def _key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


async def _verified(api, *, bank_down: bool = False, token: str | None = None) -> dict[str, Any]:
    real = dict(api.runtime.connectors)
    if bank_down:
        api.runtime.connectors["bank"] = Down()
    try:
        created = await api.http.post(
            "/v1/verifications",
            json=scenario_body(api.issuer_key, "eligible"),
            headers={**api.auth(token), **_key()},
        )
    finally:
        api.runtime.connectors.update(real)
    assert created.status_code == 201, created.text
    return created.json()


async def _file(api, vid: str, body: dict[str, Any], token: str | None = None) -> Any:
    return await api.http.post(
        f"/v1/verifications/{vid}/appeals", json=body, headers={**api.auth(token), **_key()}
    )


async def _events(api, text: str) -> list[dict[str, Any]]:
    """The integrated audit entries that mention ``text``, in log order (every pending one
    integrated)."""
    await api.drain()
    async with api.sessions() as session:
        rows = (await session.execute(select(AuditEvent).order_by(AuditEvent.seq))).scalars().all()
    return [json.loads(e.body) for e in rows if text in e.body]


async def test_an_upheld_appeal_requeries_its_sources_and_makes_a_revision_citing_it(api) -> None:
    report = await _verified(api, bank_down=True)
    assert report["outcome"] == "review_required" and report["revision"] == 0
    vid = report["id"]
    filed = await _file(
        api,
        vid,
        {
            "disputed": {"scopes": ["bank"], "figures": ["per_capita_monthly"]},
            "evidence": [_EVIDENCE],
            "requery_scopes": ["bank"],
        },
    )
    assert filed.status_code == 201, filed.text
    assert filed.headers["cache-control"] == "no-store"
    appeal = filed.json()
    today = dt.date.fromisoformat(appeal["filed_on"])
    assert appeal["status"] == "filed" and appeal["decision"] is None
    assert appeal["report_revision"] == 0 and appeal["overdue"] is False
    assert appeal["filing_due_on"] == (today + dt.timedelta(days=30)).isoformat()
    assert appeal["decision_deadline"]["working_days"] == 10
    assert appeal["decision_deadline"]["due_on"] > appeal["filed_on"]
    assert appeal["evidence"] == [{**_EVIDENCE, "dated": None}]

    # the evidence is encrypted at rest
    async with api.sessions() as session:
        stored = await session.get(Appeal, uuid.UUID(appeal["id"]))
    assert stored is not None and stored.evidence_enc is not None
    assert "工资" not in stored.evidence_enc and stored.evidence_count == 1

    # one appeal at a time
    again = await _file(api, vid, {"disputed": {"scopes": ["bank"]}})
    assert again.status_code == 409 and again.json()["code"] == "appeal-open"

    real = dict(api.runtime.connectors)
    counters = {scope: Counting(connector) for scope, connector in real.items()}
    api.runtime.connectors.update(counters)
    try:
        decided = await api.http.post(
            f"/v1/appeals/{appeal['id']}/decision",
            json={
                "decision": "upheld",
                "reason_codes": ["requery_changed_answer", "evidence_noted"],
                "note": "银行补查后存款低于限额",
            },
            headers={**api.auth(), **_key()},
        )
    finally:
        api.runtime.connectors.update(real)
    assert decided.status_code == 200, decided.text
    # only the bank is asked again, for each of the three members
    assert {scope: c.calls for scope, c in counters.items() if c.calls} == {"bank": 3}
    outcome = decided.json()
    assert outcome["status"] == "decided"
    assert outcome["decision"]["decision"] == "upheld"
    assert outcome["decision"]["result_revision"] == 1
    assert outcome["decision"]["note"] == "银行补查后存款低于限额"
    assert [r["code"] for r in outcome["decision"]["reasons"]] == [
        "procedure.appeal_reason.requery_changed_answer",
        "procedure.appeal_reason.evidence_noted",
    ]
    assert outcome["decision"]["reasons"][0]["text"] == "重新查询后数据源的答复有变化"

    revised = (await api.http.get(f"/v1/verifications/{vid}", headers=api.auth())).json()
    assert revised["revision"] == 1 and revised["outcome"] == "eligible"
    assert revised["appeal"] == {
        "id": appeal["id"],
        "decision": "upheld",
        "decided_on": outcome["decision"]["decided_on"],
        "appealed_revision": 0,
        "requeried_scopes": ["bank"],
        "evidence_items": 1,
        "evidence_assessed": False,
    }
    assert len(revised["sources"]) == 3 * len(installed_sources().scopes)
    # the appealed report is kept as it was, beside the revision the appeal made
    appealed = await api.http.get(
        f"/v1/verifications/{vid}", params={"revision": 0}, headers=api.auth()
    )
    assert appealed.status_code == 200, appealed.text
    assert appealed.json()["outcome"] == "review_required" and "appeal" not in {
        k for k, v in appealed.json().items() if v is not None
    }
    page = await api.http.get(
        f"/v1/verifications/{vid}", headers={**api.auth(), "Accept": "text/html"}
    )
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert f"本版本依据复议（编号 {appeal['id']}）的决定作出：复议成立" in page.text
    assert "复议附新证据 1 项" in page.text

    async with api.sessions() as session:
        rows = (
            (
                await session.execute(
                    select(SourceQuery).where(SourceQuery.verification_id == uuid.UUID(vid))
                )
            )
            .scalars()
            .all()
        )
        stored = await session.get(Appeal, uuid.UUID(appeal["id"]))
    assert sorted((r.revision, r.scope) for r in rows if r.revision == 1) == [(1, "bank")] * 3
    assert stored is not None and stored.reasons_enc is not None
    assert "银行" not in stored.reasons_enc

    events = await _events(api, appeal["id"])
    actions = [e["action"] for e in events]
    assert actions[:1] == ["appeal_filed"]
    assert {"appeal_filed", "appeal_requery", "appeal_decided"} <= set(actions)
    requery = next(e for e in events if e["action"] == "appeal_requery")
    assert requery["pairs"] == ["0:bank", "1:bank", "2:bank"] and requery["revision"] == 1
    decided_event = next(e for e in events if e["action"] == "appeal_decided")
    assert decided_event["result_revision"] == 1 and decided_event["decision"] == "upheld"
    # no personal data in the appeal's events: not the evidence's words, nor the note's
    for event in events:
        body = json.dumps(event, ensure_ascii=False)
        assert "工资" not in body and "银行补查" not in body
    vid_events = await _events(api, vid)
    assert [e["revision"] for e in vid_events if e["action"] == "report_created"] == [0, 1]

    # decided once only
    twice = await api.http.post(
        f"/v1/appeals/{appeal['id']}/decision",
        json={"decision": "rejected", "reason_codes": ["findings_confirmed"]},
        headers={**api.auth(), **_key()},
    )
    assert twice.status_code == 409 and twice.json()["code"] == "appeal-decided"

    listed = await api.http.get(f"/v1/verifications/{vid}/appeals", headers=api.auth())
    assert [a["id"] for a in listed.json()["items"]] == [appeal["id"]]
    assert "appeals_listed" in [e["action"] for e in await _events(api, vid)]


async def test_a_rejected_appeal_leaves_the_report_as_it_is(api) -> None:
    report = await _verified(api)
    vid = report["id"]
    finding_codes = [f["code"] for f in report["findings"]]
    disputed: dict[str, Any] = {"scopes": ["hukou"]}
    if finding_codes:
        disputed["findings"] = finding_codes[:1]
    appeal = (await _file(api, vid, {"disputed": disputed})).json()
    decided = await api.http.post(
        f"/v1/appeals/{appeal['id']}/decision",
        json={"decision": "rejected", "reason_codes": ["findings_confirmed"]},
        headers={**api.auth(), **_key()},
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["decision"]["result_revision"] is None
    assert decided.json()["decision"]["reasons"][0]["text"] == "经复查，核对结果无误"
    current = (await api.http.get(f"/v1/verifications/{vid}", headers=api.auth())).json()
    assert current["revision"] == 0 and current["appeal"] is None
    read = await api.http.get(f"/v1/appeals/{appeal['id']}", headers=api.auth())
    assert read.json()["decision"]["decision"] == "rejected"
    english = await api.http.get(
        f"/v1/appeals/{appeal['id']}", headers={**api.auth(), "Accept-Language": "en"}
    )
    assert english.json()["decision"]["reasons"][0]["text"].startswith("on re-examination")
    actions = [e["action"] for e in await _events(api, appeal["id"])]
    assert "appeal_requery" not in actions and "appeal_read" in actions
    # a new appeal may be filed once the first is decided
    assert (await _file(api, vid, {"disputed": {"scopes": ["bank"]}})).status_code == 201


async def test_an_item_the_report_does_not_have_is_refused(api) -> None:
    report = await _verified(api)
    vid = report["id"]
    refused = await _file(
        api,
        vid,
        {
            "disputed": {"findings": ["finding.no_such_thing"], "figures": ["per_capita_monthly"]},
            "requery_scopes": ["bank"],
        },
    )
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["code"] == "appeal-item-unknown"
    assert problem["unknown"] == [{"item": "findings", "value": "finding.no_such_thing"}]
    nothing = await _file(api, vid, {"disputed": {}})
    assert nothing.status_code == 422
    of_vid = select(Appeal).where(Appeal.verification_id == uuid.UUID(vid))
    async with api.sessions() as session:
        count = len((await session.execute(of_vid)).scalars().all())
    assert count == 0  # a refusal stores nothing
    refusals = [e for e in await _events(api, vid) if e["action"] == "request_refused"]
    assert any(e.get("code") == "appeal-item-unknown" for e in refusals)


async def test_a_late_appeal_is_refused(api, monkeypatch) -> None:
    report = await _verified(api)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=45)
    monkeypatch.setattr(file_module, "utcnow", lambda: later)
    refused = await _file(api, report["id"], {"disputed": {"scopes": ["bank"]}})
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["code"] == "appeal-filing-late"
    reported_on = dt.date.fromisoformat(problem["reported_on"])
    assert problem["filing_due_on"] == (reported_on + dt.timedelta(days=30)).isoformat()


async def test_roles_clients_and_regions_are_respected(api) -> None:
    report = await _verified(api)
    vid = report["id"]
    body = {"disputed": {"scopes": ["bank"]}}
    auditor = await _file(api, vid, body, token=api.auditor_token)
    assert auditor.status_code == 403
    foreign = await _file(api, vid, body, token=api.other_token)
    assert foreign.status_code == 404
    appeal = (await _file(api, vid, body)).json()
    assert (
        await api.http.get(f"/v1/appeals/{appeal['id']}", headers=api.auth(api.other_token))
    ).status_code == 404
    assert (
        await api.http.get(f"/v1/appeals/{appeal['id']}", headers=api.auth(api.auditor_token))
    ).status_code == 403

    # a client whose regions no longer cover the verification's is refused
    async with api.sessions() as session, session.begin():
        client, token = await create_client(
            session,
            name=f"narrowed {uuid.uuid4()}",
            role=Role.CASE_SYSTEM,
            issuers=[api.issuer_key.issuer],
            region_prefixes=["45"],
            actor="test",
        )
    own = await _verified(api, token=token)
    async with api.sessions() as session, session.begin():
        await session.execute(
            update(ApiClient).where(ApiClient.id == client.id).values(region_prefixes=["44"])
        )
    api.runtime.token_cache.clear()
    narrowed = await _file(api, own["id"], body, token=token)
    assert narrowed.status_code == 403 and narrowed.json()["code"] == "region-not-permitted"


async def test_the_counts_of_a_region(api) -> None:
    report = await _verified(api)
    appeal = (await _file(api, report["id"], {"disputed": {"scopes": ["bank"]}})).json()
    filed_on = dt.date.fromisoformat(appeal["filed_on"])
    period = (filed_on, filed_on + dt.timedelta(days=1))
    async with api.sessions() as session:
        before = await appeal_counts(session, "45", period, today=filed_on)
        far = await appeal_counts(session, "45", period, today=filed_on + dt.timedelta(days=60))
        elsewhere = await appeal_counts(session, "44", period, today=filed_on)
    assert before.filed >= 1 and before.open >= 1 and before.overdue == 0
    assert far.overdue == far.open >= 1  # every open one is overdue 60 days on
    assert elsewhere.filed == 0
    assert set(before.decided) == {"upheld", "partly_upheld", "rejected"}
    await api.http.post(
        f"/v1/appeals/{appeal['id']}/decision",
        json={"decision": "partly_upheld", "reason_codes": ["evidence_noted"]},
        headers={**api.auth(), **_key()},
    )
    async with api.sessions() as session:
        after = await appeal_counts(session, "45", period, today=filed_on)
    assert after.decided["partly_upheld"] == before.decided["partly_upheld"] + 1
    assert after.open == before.open - 1 and after.filed == before.filed
