"""An obligor's agency that answers later (``pending``) is awaited as a member's (ADR 0011,
0015): the verification is ``awaiting_sources`` with the obligor's ticket stored (subject
``obligor``), its provisional report says the answer is awaited, and the poll loop or the
agency's signed callback collects the answer into the obligor's answers and completes the
verification — a new revision whose obligor section uses the collected answer.  Audit
events name the obligor by index and under their own consent, never by ID number."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any, ClassVar

import pytest
from sqlalchemy import select

from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.errors import ReasonCode
from connectors.sdk.evidence import SourceResult, SourceStatus, Ticket
from tests.verification.helpers import supported, supported_body
from tests.verification.test_awaiting_sources import (  # noqa: F401 (fixtures)
    LATER,
    _events,
    _get,
    _signed,
    _tickets,
    bank_later,
    deferred_bank,
)
from verification.db import utcnow
from verification.verifications.awaiting import poll_due
from verification.verifications.models import ObligorSourceQuery


class TaxLaterFor:
    """The tax agency accepting the query about one person and answering later: its answer
    is ready once ``ready`` is set (then the answer the agency would have given at once)."""

    scope: ClassVar[str] = "tax"

    def __init__(self, real: Any, id_number: str) -> None:
        self.real, self.id_number = real, id_number
        self.calls = self.collects = 0
        self.ready = False

    def _pending(self) -> SourceResult:
        return SourceResult(
            "tax",
            SourceStatus.PENDING,
            reason="accepted; answers later",
            attempts=1,
            reason_code=ReasonCode.PENDING,
            reason_params={"reference": "T-0001"},
            ticket=Ticket("T-0001", dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)),
        )

    async def query(self, person: PersonQuery, context: QueryContext) -> SourceResult:
        if person.id_number != self.id_number:
            return await self.real.query(person, context)
        self.calls += 1
        return self._pending()

    async def collect(
        self, ticket: Ticket, person: PersonQuery, context: QueryContext
    ) -> SourceResult:
        assert ticket.reference == "T-0001" and person.id_number == self.id_number
        self.collects += 1
        return await self.real.query(person, context) if self.ready else self._pending()

    async def aclose(self) -> None:
        return None


@pytest.fixture
def daughter_tax_later(api, monkeypatch: pytest.MonkeyPatch) -> TaxLaterFor:
    """The tax agency answers the daughter of scenario ``elderly_supported`` (her support
    obligor) later, everyone else at once; the real connector again after the test."""
    daughter = supported("elderly_supported").obligors[0].person
    later = TaxLaterFor(api.runtime.connectors["tax"], daughter.id_number)
    monkeypatch.setitem(api.runtime.connectors, "tax", later)
    return later


def _rule(report: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in report["rules"] if r["rule"] == "obligor_support_assessed")


async def _obligor_revisions(api, vid: str, scope: str) -> list[int]:
    async with api.sessions() as session:
        rows = await session.execute(
            select(ObligorSourceQuery.revision)
            .where(
                ObligorSourceQuery.verification_id == uuid.UUID(vid),
                ObligorSourceQuery.scope == scope,
            )
            .order_by(ObligorSourceQuery.revision)
        )
        return list(rows.scalars().all())


async def test_an_obligors_later_answer_is_awaited_and_collected_by_polling(
    api,
    daughter_tax_later: TaxLaterFor,
) -> None:
    daughter = supported("elderly_supported").obligors[0].person
    later = daughter_tax_later
    created = await api.http.post(
        "/v1/verifications", json=supported_body(api, "elderly_supported"), headers=api.auth()
    )
    assert created.status_code == 201, created.text
    report = created.json()
    vid = report["id"]
    assert later.calls == 1
    # held awaiting the obligor's agency, as for a member's; the members' answered
    assert report["status"] == "awaiting_sources" and report["revision"] == 0
    assert report["outcome"] == "review_required"
    assert {s["status"] for s in report["sources"]} <= {"ok", "not_found"}
    (obligor,) = report["obligors"]["obligors"]
    tax = next(s for s in obligor["sources"] if s["scope"] == "tax")
    assert tax["status"] == "pending"
    rule = _rule(report)
    assert rule["result"] == "not_assessable"
    assert "稍后答复" in rule["detail"] and "等待" in rule["detail"]
    english = await api.http.get(
        f"/v1/verifications/{vid}", params={"lang": "en"}, headers=api.auth()
    )
    rule_en = _rule(english.json())
    assert "answers later" in rule_en["detail"] and "awaits" in rule_en["detail"]
    # the obligor's ticket, by obligor index: never a member's
    (ticket,) = await _tickets(api, vid)
    assert (ticket.subject, ticket.member_index, ticket.scope) == ("obligor", 0, "tax")
    assert ticket.ticket == "T-0001" and ticket.resolved_at is None
    # a retry waits for the agency, as for a member's later answer
    retry = await api.http.post(f"/v1/verifications/{vid}/retry", headers=api.auth())
    assert retry.status_code == 409 and retry.json()["code"] == "verification-incomplete"

    # polled before the answer is ready: asked, postponed, nothing completes
    assert await poll_due(api.runtime, utcnow() + LATER) == 0
    assert later.collects == 1
    (polled,) = await _tickets(api, vid)
    assert polled.polls == 1 and polled.resolved_at is None
    assert (await _get(api, vid))["revision"] == 0

    # ready: the next poll collects it into the obligor's answers and completes
    later.ready = True
    assert await poll_due(api.runtime, utcnow() + 2 * LATER) == 1
    assert later.calls == 1 and later.collects == 2  # collected, never asked anew
    done = await _get(api, vid)
    assert done["status"] == "completed" and done["revision"] == 1
    # the same outcome as when the agency answers at once (test_obligors)
    assert done["outcome"] == "ineligible"
    assert done["obligors"]["support_monthly"] == "525.01"
    assert _rule(done)["result"] == "passed"
    (obligor,) = done["obligors"]["obligors"]
    assert next(s for s in obligor["sources"] if s["scope"] == "tax")["status"] == "ok"
    assert all(s["status"] != "pending" for s in done["sources"])  # nothing of hers here
    assert await _obligor_revisions(api, vid, "tax") == [0, 1]
    (resolved,) = await _tickets(api, vid)
    assert resolved.resolved_revision == 1
    assert await poll_due(api.runtime, utcnow() + 3 * LATER) == 0

    events = await _events(api, vid)
    (answered,) = [e for e in events if e["action"] == "sources_answered"]
    assert answered["trigger"] == "poll" and answered["pairs"] == []
    assert answered["obligor_pairs"] == ["0:tax"]
    hers = [
        e
        for e in events
        if e["action"] == "source_query" and e.get("subject") == "obligor" and e["scope"] == "tax"
    ]
    # the query (pending), the early poll (pending), the answer's requests: under her own
    # consent
    assert [(e["revision"], e["status"]) for e in hers[:2]] == [(0, "pending")] * 2
    assert hers[2:] and {(e["revision"], e["status"]) for e in hers[2:]} == {(1, "ok")}
    assert all(e["obligor_index"] == 0 and e["supports_authorization_id"] for e in hers)
    assert all(e["authorization_id"] != e["supports_authorization_id"] for e in hers)
    assert not any(daughter.id_number in json.dumps(e, ensure_ascii=False) for e in events)


async def test_an_obligors_later_bank_answer_is_collected_by_the_callback(
    api,
    bank_later,  # noqa: F811 (the fixture imported above)
) -> None:
    """The real mock bank answering later, for the members and the obligor alike: the
    bank's signed callback for the obligor's ticket collects every open ticket."""
    daughter = supported("elderly_supported").obligors[0].person
    created = await api.http.post(
        "/v1/verifications", json=supported_body(api, "elderly_supported"), headers=api.auth()
    )
    assert created.status_code == 201, created.text
    report = created.json()
    vid = report["id"]
    assert report["status"] == "awaiting_sources"
    (obligor,) = report["obligors"]["obligors"]
    assert next(s for s in obligor["sources"] if s["scope"] == "bank")["status"] == "pending"
    tickets = await _tickets(api, vid)
    (hers,) = [t for t in tickets if t.subject == "obligor"]
    assert (hers.member_index, hers.scope) == (0, "bank")
    members = [t for t in tickets if t.subject == "member"]
    assert members and all(t.scope == "bank" for t in members)

    await bank_later.post("/_deferred/bank/release")
    body = json.dumps({"ticket": hers.ticket}).encode()
    done = await api.http.post("/agency/v1/callbacks/bank", content=body, headers=_signed(body))
    assert done.status_code == 200, done.text
    assert done.json() == {"verification_id": vid, "status": "completed", "revision": 1}
    final = await _get(api, vid)
    assert final["status"] == "completed" and final["revision"] == 1
    assert final["outcome"] == "ineligible"
    assert final["obligors"]["support_monthly"] == "525.01"
    (obligor,) = final["obligors"]["obligors"]
    assert next(s for s in obligor["sources"] if s["scope"] == "bank")["status"] in {
        "ok",
        "not_found",
    }
    assert await _obligor_revisions(api, vid, "bank") == [0, 1]
    assert all(t.resolved_revision == 1 for t in await _tickets(api, vid))

    events = await _events(api, vid)
    (answered,) = [e for e in events if e["action"] == "sources_answered"]
    assert answered["trigger"] == "callback" and answered["obligor_pairs"] == ["0:bank"]
    assert answered["pairs"] == [f"{t.member_index}:bank" for t in members]
    assert not any(daughter.id_number in json.dumps(e, ensure_ascii=False) for e in events)
