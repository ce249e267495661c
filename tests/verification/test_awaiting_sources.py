"""Agencies that answer later, on the wire: the real mock bank in its delayed mode answers
202 + ticket, the verification stays open as ``awaiting_sources`` with its tickets stored,
and completes — a new report revision — when the answer arrives, by polling or by the
bank's signed callback (a bad one refused as an RFC 9457 problem, audited, nothing stored).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import select
from typer.testing import CliRunner

from connectors.bank.connector import BankConnector
from connectors.sdk.contract import ConnectorConfig
from mock_sources.server import serve_in_thread
from tests.verification.batches.test_batches_api import enrolled, finished, items
from tests.verification.helpers import business_today, fresh_body, fresh_members, scenario_body
from verification.audit.models import AuditEvent
from verification.cli import app as cli
from verification.db import utcnow
from verification.outbox.models import WebhookEvent
from verification.settings import SourceSettings
from verification.verifications.awaiting import announce_overdue, poll_due
from verification.verifications.callbacks import signature
from verification.verifications.deadline import decision_for
from verification.verifications.models import PendingSource, Verification

SECRET = "bank-callback-secret"
LATER = dt.timedelta(hours=1)  # a poll "now" past every ticket's next_poll_at


@pytest.fixture(scope="module")
def deferred_bank() -> Iterator[str]:
    """A mock agencies server of this module's own (its delayed mode is its state alone)."""
    with serve_in_thread() as url:
        yield url


@pytest.fixture
async def bank_later(api, deferred_bank: str) -> AsyncIterator[httpx.AsyncClient]:
    """The service's bank connector pointed at the module's mock bank, answering later; the
    bank's callback secret set.  Both put back afterwards."""
    settings = api.runtime.settings
    real_connector = api.runtime.connectors["bank"]
    real_sources = dict(settings.sources)
    connector = BankConnector(ConnectorConfig(base_url=f"{deferred_bank}/bank"))
    api.runtime.connectors["bank"] = connector
    settings.sources["bank"] = SourceSettings(callback_secret=SecretStr(SECRET))
    async with httpx.AsyncClient(base_url=deferred_bank) as control:
        assert (await control.put("/_deferred/bank", json={"delay_seconds": 86400})).is_success
        try:
            yield control
        finally:
            # nothing left awaiting: an open verification's members would be "in flight"
            # for every later test of this database that verifies the same people
            await control.post("/_deferred/bank/release")
            await poll_due(api.runtime, utcnow() + 10 * LATER)
            await control.delete("/_deferred/bank")
            api.runtime.connectors["bank"] = real_connector
            settings.sources.clear()
            settings.sources.update(real_sources)
            await connector.aclose()


async def _create(api, **body: Any) -> dict[str, Any]:
    response = await api.http.post(
        "/v1/verifications",
        json={**scenario_body(api.issuer_key, "eligible"), **body},
        headers=api.auth(),
    )
    assert response.status_code == 201, response.text
    report: dict[str, Any] = response.json()
    return report


async def _get(api, vid: str) -> dict[str, Any]:
    response = await api.http.get(f"/v1/verifications/{vid}", headers=api.auth())
    assert response.status_code == 200, response.text
    report: dict[str, Any] = response.json()
    return report


async def _tickets(api, vid: str) -> list[PendingSource]:
    async with api.sessions() as session:
        rows = await session.execute(
            select(PendingSource)
            .where(PendingSource.verification_id == uuid.UUID(vid))
            .order_by(PendingSource.member_index)
        )
        return list(rows.scalars().all())


async def _events(api, vid: str) -> list[dict[str, Any]]:
    await api.drain()
    async with api.sessions() as session:
        rows = await session.execute(
            select(AuditEvent.body)
            .where(AuditEvent.verification_id == vid)
            .order_by(AuditEvent.seq)
        )
        return [json.loads(body) for body in rows.scalars().all()]


async def test_pending_bank_answer_completes_by_polling(api, bank_later) -> None:
    report = await _create(api)
    vid = report["id"]
    assert report["status"] == "awaiting_sources" and report["revision"] == 0
    bank = [s for s in report["sources"] if s["scope"] == "bank"]
    assert bank and {s["status"] for s in bank} == {"pending"}
    assert all(s["reason_code"] == "source.pending" and s["expected_by"] for s in bank)
    assert report["outcome"] == "review_required"  # the bank's answer is still missing
    # the decision's deadline from the acceptance date (today), not overdue
    expected = decision_for(api.runtime, "450102", business_today())
    assert expected is not None
    assert report["decision_deadline"] == {
        "due_on": expected.due_on.isoformat(),
        "working_days": 30,
        "provisional": expected.provisional,
        "calendar": expected.calendar,
    }
    assert report["overdue"] is False

    # the tickets, durable; the verification row says awaiting_sources
    tickets = await _tickets(api, vid)
    assert [t.member_index for t in tickets] == [s["member_index"] for s in bank]
    assert {t.ticket for t in tickets} == {s["reason_params"]["reference"] for s in bank}
    assert all(t.resolved_at is None and t.polls == 0 for t in tickets)
    async with api.sessions() as session:
        row = await session.get(Verification, uuid.UUID(vid))
        assert row is not None and row.status == "awaiting_sources"
        assert row.decision_due_on == expected.due_on

    # the read says the same, the printable report too; a retry waits for the agency
    assert (await _get(api, vid))["status"] == "awaiting_sources"
    page = await api.http.get(f"/v1/verifications/{vid}/report.html", headers=api.auth())
    assert "本报告为临时报告" in page.text and "待答复" in page.text
    assert f"审核确认期限：{expected.due_on.isoformat()}" in page.text
    retry = await api.http.post(f"/v1/verifications/{vid}/retry", headers=api.auth())
    assert retry.status_code == 409 and retry.json()["code"] == "verification-incomplete"

    # a poll before the bank has the answer: asked, audited, postponed; nothing completes
    assert await poll_due(api.runtime, utcnow() + LATER) == 0
    polled = await _tickets(api, vid)
    assert all(t.polls == 1 and t.resolved_at is None for t in polled)
    assert all(t.next_poll_at > tickets[0].next_poll_at for t in polled)
    assert (await _get(api, vid))["revision"] == 0

    # the bank has the answer: the next poll completes the verification, a new revision
    assert (await bank_later.post("/_deferred/bank/release")).json()["released"] == len(bank)
    assert await poll_due(api.runtime, utcnow() + 2 * LATER) == 1
    done = await _get(api, vid)
    assert done["status"] == "completed" and done["revision"] == 1
    assert done["outcome"] == "eligible" and done["overdue"] is False
    page = await api.http.get(f"/v1/verifications/{vid}/report.html", headers=api.auth())
    assert "本报告为临时报告" not in page.text and "待答复" not in page.text
    assert {s["status"] for s in done["sources"] if s["scope"] == "bank"} <= {"ok", "not_found"}
    assert done["sources"] != report["sources"]
    assert all(t.resolved_revision == 1 for t in await _tickets(api, vid))
    # the provisional report it replaced is kept, as it was (ADR 0022, amendment 2)
    listed = (await api.http.get(f"/v1/verifications/{vid}/revisions", headers=api.auth())).json()
    assert [(r["revision"], r["status"], r["kept"]) for r in listed["revisions"]] == [
        (0, "awaiting_sources", True),
        (1, "completed", True),
    ]
    provisional = await api.http.get(
        f"/v1/verifications/{vid}", params={"revision": 0}, headers=api.auth()
    )
    assert provisional.json()["status"] == "awaiting_sources"
    assert provisional.json()["sources"] == report["sources"]
    # nothing is polled any more
    assert await poll_due(api.runtime, utcnow() + 3 * LATER) == 0

    events = await _events(api, vid)
    actions = [e["action"] for e in events]
    assert actions.count("report_created") == 2
    (answered,) = [e for e in events if e["action"] == "sources_answered"]
    assert answered["trigger"] == "poll" and answered["revision"] == 1
    bank_queries = [e for e in events if e["action"] == "source_query" and e["scope"] == "bank"]
    # every request to the bank audited: the query (pending), the early poll, the answer
    assert [e["revision"] for e in bank_queries] == [0] * len(bank) * 2 + [1] * len(bank)
    assert {e["ticket"] for e in bank_queries if e["status"] == "pending"} == {
        t.ticket for t in tickets
    }
    assert {e.get("trigger") for e in bank_queries[len(bank) : 2 * len(bank)]} == {"poll"}

    # and now a retry finds nothing to do
    again = await api.http.post(f"/v1/verifications/{vid}/retry", headers=api.auth())
    assert again.status_code == 409 and again.json()["code"] == "nothing-to-retry"


def _signed(body: bytes, *, secret: str = SECRET, at: float | None = None) -> dict[str, str]:
    stamp = str(int(time.time() if at is None else at))
    return {
        "Content-Type": "application/json",
        "X-Agency-Timestamp": stamp,
        "X-Agency-Signature": signature(secret, stamp, body),
    }


async def _refusals(api, code: str) -> list[dict[str, Any]]:
    """The audited refusals with ``code``, in log order."""
    await api.drain()
    async with api.sessions() as session:
        rows = await session.execute(
            select(AuditEvent.body).where(AuditEvent.body.contains(code)).order_by(AuditEvent.seq)
        )
        return [e for body in rows.scalars().all() if (e := json.loads(body)).get("code") == code]


async def test_callback_completes_and_bad_callbacks_are_refused(api, bank_later) -> None:
    report = await _create(api)
    vid = report["id"]
    tickets = await _tickets(api, vid)
    ticket = tickets[0].ticket
    body = json.dumps({"ticket": ticket}).encode()
    url = "/agency/v1/callbacks/bank"

    async def refused(
        content: bytes,
        headers: dict[str, str],
        status: int,
        code: str,
        *,
        path: str = url,
        audited: bool = True,
    ) -> None:
        before = len(await _refusals(api, code))
        response = await api.http.post(path, content=content, headers=headers)
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert problem["code"] == code and problem["status"] == status
        assert problem["type"].endswith(f"/problems/{code}")
        after = await _refusals(api, code)
        assert len(after) == before + audited
        # this request's refusal (the shared database holds other tests' refusals too)
        mine = [e for e in after if e.get("request_id") == problem["request_id"]]
        assert len(mine) == audited
        if audited:
            assert mine[0]["scope"] == "bank" and mine[0]["actor"] == "agency:bank"
            assert mine[0]["path"] == "/agency/v1/callbacks/{scope}"
        # nothing stored: the verification still awaits, its tickets untouched
        assert [(t.ticket, t.polls, t.resolved_at) for t in await _tickets(api, vid)] == [
            (t.ticket, 0, None) for t in tickets
        ]
        assert (await _get(api, vid))["revision"] == 0

    await refused(body, _signed(body, secret="not-the-secret"), 401, "invalid-callback-signature")
    await refused(body, {"Content-Type": "application/json"}, 401, "invalid-callback-signature")
    stale = _signed(body, at=time.time() - 3600)
    await refused(body, stale, 401, "invalid-callback-signature")
    tampered = json.dumps({"ticket": tickets[-1].ticket + "X"}).encode()
    await refused(tampered, _signed(body), 401, "invalid-callback-signature")
    unknown = json.dumps({"ticket": "BQNOSUCHTICKET"}).encode()
    await refused(unknown, _signed(unknown), 404, "unknown-ticket")
    malformed = b'{"ticket": 1}'
    await refused(malformed, _signed(malformed), 422, "invalid-callback")
    extra = json.dumps({"ticket": tickets[-1].ticket, "status": "done"}).encode()
    await refused(extra, _signed(extra), 422, "invalid-callback")  # unknown fields refused
    other = "/agency/v1/callbacks/tax"  # no secret: takes no callbacks
    # (an unknown source's refusal is counted and logged, not audited: as an unknown route)
    await refused(body, _signed(body), 404, "unknown-callback-source", path=other, audited=False)

    # a good callback before the answer is ready: accepted, audited, still awaiting
    early = await api.http.post(url, content=body, headers=_signed(body))
    assert early.status_code == 200, early.text
    assert early.json() == {"verification_id": vid, "status": "awaiting_sources", "revision": None}

    await bank_later.post("/_deferred/bank/release")
    done = await api.http.post(url, content=body, headers=_signed(body))
    assert done.status_code == 200, done.text
    assert done.json() == {"verification_id": vid, "status": "completed", "revision": 1}
    final = await _get(api, vid)
    assert final["status"] == "completed" and final["revision"] == 1
    assert final["outcome"] == "eligible"

    events = await _events(api, vid)
    callbacks = [e for e in events if e["action"] == "agency_callback"]
    assert [(e["scope"], e["ticket"], e["actor"]) for e in callbacks] == [
        ("bank", ticket, "agency:bank")
    ] * 2
    (answered,) = [e for e in events if e["action"] == "sources_answered"]
    assert answered["trigger"] == "callback"

    # the ticket is resolved: a repeat is an unknown ticket
    repeat = await api.http.post(url, content=body, headers=_signed(body))
    assert repeat.status_code == 404 and repeat.json()["code"] == "unknown-ticket"


async def test_open_verification_past_its_deadline_is_overdue(api, bank_later) -> None:
    report = await _create(api, accepted_on="2026-09-01")
    assert report["status"] == "awaiting_sources"
    assert report["decision_deadline"] == {
        # 30 working days after 2026-09-01: the National Day week (10-01…10-08) out, the
        # make-up weekend days 09-20 and 10-10 (调休上班) in
        "due_on": "2026-10-19",
        "working_days": 30,
        "provisional": False,
        # the calendar the count ran through: the package's 2026
        "calendar": api.runtime.calendar.sources[2026].text(),
    }
    assert report["overdue"] is (business_today() > dt.date(2026, 10, 21))
    assert (await _get(api, report["id"]))["overdue"] is report["overdue"]


async def test_the_cli_lists_overdue_open_verifications(api, bank_later) -> None:
    report = await _create(api, accepted_on="2026-09-01")  # due 2026-10-19, awaiting
    env = {
        "VERIFICATION_DATABASE_URL": api.settings.database_url,
        "VERIFICATION_DATA_DIR": str(api.settings.data_dir),
    }

    def overdue(as_of: str) -> dict[str, Any]:
        args = ["verifications", "overdue", "--as-of", as_of, "--json"]
        result = CliRunner().invoke(cli, args, env=env)
        assert result.exit_code == 0, result.output
        return {row["verification_id"]: row for row in json.loads(result.stdout)}

    assert report["id"] not in await asyncio.to_thread(overdue, "2026-10-19")  # its last day
    listed = (await asyncio.to_thread(overdue, "2026-10-21"))[report["id"]]
    assert listed == {
        "verification_id": report["id"],
        "status": "awaiting_sources",
        "client_id": listed["client_id"],
        "accepted_on": "2026-09-01",
        "decision_due_on": "2026-10-19",
        "provisional": False,
        "days_overdue": 2,
    }
    # once completed it is no longer open, so never overdue
    await bank_later.post("/_deferred/bank/release")
    assert await poll_due(api.runtime, utcnow() + LATER) >= 1
    assert report["id"] not in await asyncio.to_thread(overdue, "2026-10-21")


async def _webhook_events(api, vid: str) -> list[str]:
    async with api.sessions() as session:
        rows = await session.scalars(
            select(WebhookEvent.type)
            .where(WebhookEvent.resource == f"verification:{vid}")
            .order_by(WebhookEvent.created_at)
        )
        return list(rows.all())


async def test_an_overdue_open_verification_is_announced_once(api, bank_later) -> None:
    """The poll of awaited answers publishes ``verification.overdue`` for an open
    verification past its deadline: once, however often it runs, and not on its last day."""
    report = await _create(api, accepted_on="2026-09-01")  # due 2026-10-19, awaiting
    vid = report["id"]
    assert await _webhook_events(api, vid) == []  # a provisional report is not "completed"
    await announce_overdue(api.runtime, dt.date(2026, 10, 19))
    assert await _webhook_events(api, vid) == []
    await announce_overdue(api.runtime, dt.date(2026, 10, 21))
    await announce_overdue(api.runtime, dt.date(2026, 10, 22))
    assert await _webhook_events(api, vid) == ["verification.overdue"]
    # its completion, when the bank's answer arrives, is announced as completed
    await bank_later.post("/_deferred/bank/release")
    assert await poll_due(api.runtime, utcnow() + LATER) >= 1
    assert await _webhook_events(api, vid) == ["verification.overdue", "verification.completed"]


async def test_a_person_in_an_awaiting_verification_is_in_flight_elsewhere(api, bank_later) -> None:
    """A verification awaiting an agency's answer is open for days: a second verification of
    one of its people says so, however old the first (the cutoff that takes an old
    ``running`` one for dead is not for it)."""
    members = fresh_members()
    first = await _create(api, **fresh_body(api.issuer_key, members=members))
    assert first["status"] == "awaiting_sources"
    async with api.sessions() as session, session.begin():
        row = await session.get(Verification, uuid.UUID(first["id"]))
        assert row is not None
        row.created_at = utcnow() - dt.timedelta(days=20)  # long before any alive_since
    others = [members[1], *fresh_members()[:1]]  # shares the spouse, as member 1 (index 0)
    second = await _create(api, **fresh_body(api.issuer_key, members=others))
    in_flight = [
        (f["member_index"], f["detail"])
        for f in second["findings"]
        if f["code"] == "finding.member_verification_in_flight"
    ]
    assert in_flight == [(0, "成员1另有一次核对正在进行")]
    # once both have their answers (completed), nothing of them is in flight
    await bank_later.post("/_deferred/bank/release")
    assert await poll_due(api.runtime, utcnow() + LATER) == 2
    third = await _create(api, **fresh_body(api.issuer_key, members=members))
    assert [f["code"] for f in third["findings"]] == []


async def test_a_review_on_a_provisional_report_says_so(api, bank_later) -> None:
    """A batch review whose bank answer comes later: the item continues the allowance paid
    and says its report is provisional (no increase, cut or stop on it)."""
    assert (await bank_later.delete("/_deferred/bank")).is_success  # answers at once
    household = await enrolled(api, monthly_allowance="1.00")  # complete: an increase
    assert (await bank_later.put("/_deferred/bank", json={"delay_seconds": 86400})).is_success
    response = await api.http.post(
        "/v1/batches", json={"household_ids": [household["id"]]}, headers=api.auth()
    )
    assert response.status_code == 201, response.text
    batch = response.json()
    assert (await finished(api, batch["id"]))["recommendations"] == {"continue": 1}
    [item] = await items(api, batch["id"])
    assert item["state"] == "done" and item["recommendation"] == "continue"
    assert item["new_allowance"] == "1.00"  # the allowance paid continues
    assert item["reasons"][0] == {
        "code": "review.awaiting_sources",
        "params": {},
        "text": (
            "报告为临时报告：有部门将稍后答复，以收到答复后的修订报告为准，暂按现行保障金额继续"
        ),
    }
    assert (await _get(api, item["verification_id"]))["status"] == "awaiting_sources"
    await bank_later.post("/_deferred/bank/release")
    assert await poll_due(api.runtime, utcnow() + LATER) >= 1
