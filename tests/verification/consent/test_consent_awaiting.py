"""A revocation while an agency's answer is awaited: the ticket is closed, no agency is asked
for it any more, and the verification completes without it — a new revision of its report,
the answer not collected marked so, audited, announced — instead of staying open for ever."""

from __future__ import annotations

import types
import uuid
from typing import Any

from sqlalchemy import inspect, select, text, update

from tests.verification.helpers import business_today, fresh_body, supported_body
from tests.verification.test_awaiting_sources import (  # noqa: F401  (fixtures)
    LATER,
    _events,
    _webhook_events,
    bank_later,
    deferred_bank,
)
from tests.verification.test_obligor_pending import (  # noqa: F401 (a fixture)
    TaxLaterFor,
    daughter_tax_later,
)
from verification.audit.log import append_events
from verification.consent.revoke import record_revocation
from verification.db import utcnow
from verification.verifications import repository
from verification.verifications.awaiting import announce_overdue, poll_due
from verification.verifications.models import PendingSource, Verification, VerificationObligor

WITHDRAWN = "source.authorization_withdrawn"


async def _awaiting(api: Any, **extra: Any) -> dict[str, Any]:
    response = await api.http.post(
        "/v1/verifications", json={**fresh_body(api.issuer_key), **extra}, headers=api.auth()
    )
    assert response.status_code == 201, response.text
    report: dict[str, Any] = response.json()
    assert report["status"] == "awaiting_sources"
    return report


async def _revoke(api: Any, authorization_id: str) -> Any:
    return await api.http.post(
        f"/v1/authorizations/{authorization_id}/revocation",
        json={"reason": "application_withdrawn", "withdrawn_on": business_today().isoformat()},
        headers={**api.auth(), "Idempotency-Key": str(uuid.uuid4())},
    )


async def _bank_requests(api: Any, vid: str) -> list[dict[str, Any]]:
    return [
        e for e in await _events(api, vid) if e["action"] == "source_query" and e["scope"] == "bank"
    ]


async def test_revocation_completes_the_awaiting_verification_without_its_answers(
    api,
    bank_later,  # noqa: F811
) -> None:
    # accepted long ago: its decision deadline has passed, so it would be announced overdue
    report = await _awaiting(api, accepted_on="2026-09-01")
    vid, authorization_id = report["id"], report["authorization_id"]
    record = (
        await api.http.get(f"/v1/authorizations/{authorization_id}/uses", headers=api.auth())
    ).json()
    (use,) = record["uses"]
    assert {a["scope"]: a["outcome"] for a in use["agencies"]}["bank"] == "pending"
    asked_before = await _bank_requests(api, vid)

    revoked = await _revoke(api, authorization_id)
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["tickets_closed"] == 3  # the bank's answer for each member
    assert revoked.json()["verifications_completed"] == [vid]

    # the verification ended: completed, the next revision, the bank's answers not collected
    done = (await api.http.get(f"/v1/verifications/{vid}", headers=api.auth())).json()
    assert (done["status"], done["revision"]) == ("completed", 1)
    assert done["outcome"] == "review_required"  # the bank's answers are missing
    bank = [s for s in done["sources"] if s["scope"] == "bank"]
    assert len(bank) == 3
    assert {(s["status"], s["reason_code"]) for s in bank} == {("unavailable", WITHDRAWN)}
    assert {s["reason"] for s in bank} == {"授权已撤回，该部门的答复不再收取，未获得该项数据"}
    assert all(s["attempts"] == 0 and s["requests"] == 0 for s in bank)
    assert all(s["expected_by"] is None and s["expected_back_at"] is None for s in bank)
    # the other agencies' answers are kept as they were
    others = [s for s in report["sources"] if s["scope"] != "bank"]
    assert [s for s in done["sources"] if s["scope"] != "bank"] == others
    english = (
        await api.http.get(f"/v1/verifications/{vid}", headers=api.auth(), params={"lang": "en"})
    ).json()
    assert {s["reason"] for s in english["sources"] if s["scope"] == "bank"} == {
        "the authorization was withdrawn: the agency's answer was not collected"
    }
    page = await api.http.get(f"/v1/verifications/{vid}/report.html", headers=api.auth())
    assert "本报告为临时报告" not in page.text and "授权已撤回" in page.text
    # no longer open: never announced overdue, a retry is refused as for any revoked use
    await announce_overdue(api.runtime, business_today())
    assert await _webhook_events(api, vid) == ["verification.completed"]
    async with api.sessions() as session:
        assert vid not in {
            str(v.id) for v in await repository.overdue_open(session, business_today())
        }
        row = await session.get(Verification, uuid.UUID(vid))
        assert row is not None and (row.status, row.revision) == ("completed", 1)
        tickets = (
            await session.execute(
                select(PendingSource).where(PendingSource.verification_id == uuid.UUID(vid))
            )
        ).scalars()
        assert all(t.resolved_at is not None and t.resolved_revision is None for t in tickets)
    retry = await api.http.post(f"/v1/verifications/{vid}/retry", headers=api.auth())
    assert retry.status_code == 422 and retry.json()["code"] == "authorization-revoked"

    # no agency was asked: no request audited since, and the bank's answer, ready now, is
    # never collected
    await bank_later.post("/_deferred/bank/release")
    await poll_due(api.runtime, utcnow() + LATER)  # counts other tests' too: see below
    assert await _bank_requests(api, vid) == asked_before
    events = await _events(api, vid)
    (withdrawn,) = [e for e in events if e["action"] == "sources_withdrawn"]
    assert withdrawn["revision"] == 1 and withdrawn["pairs"] == ["0:bank", "1:bank", "2:bank"]
    assert "sources_answered" not in [e["action"] for e in events]
    assert [e["revision"] for e in events if e["action"] == "report_created"] == [0, 1]
    assert (await _webhook_events(api, vid)) == ["verification.completed"]
    # the record: the revocation, and no use after it (completing asked no one)
    after = (
        await api.http.get(f"/v1/authorizations/{authorization_id}/uses", headers=api.auth())
    ).json()
    assert after["status"] == "revoked" and after["uses"] == record["uses"]


async def test_a_revocation_from_the_command_line_is_completed_by_the_poll(
    api,
    bank_later,  # noqa: F811
) -> None:
    """The CLI records a revocation with no runtime: the periodic poll completes what it left
    awaiting (as it does for a revocation whose process died before completing)."""
    report = await _awaiting(api)
    vid, authorization_id = report["id"], report["authorization_id"]
    async with api.runtime.transaction() as session:
        _, event = await record_revocation(
            session,
            authorization_id,
            reason="household_withdrew",
            withdrawn_on=business_today(),
            now=utcnow(),
        )
        await append_events(session, [{**event, "actor": "cli"}])
    assert (await api.http.get(f"/v1/verifications/{vid}", headers=api.auth())).json()[
        "status"
    ] == "awaiting_sources"
    # the poll, even before any ticket would be due
    assert await poll_due(api.runtime, utcnow()) >= 1  # the database is shared
    done = (await api.http.get(f"/v1/verifications/{vid}", headers=api.auth())).json()
    assert (done["status"], done["revision"]) == ("completed", 1)
    assert {s["reason_code"] for s in done["sources"] if s["scope"] == "bank"} == {WITHDRAWN}
    assert await _webhook_events(api, vid) == ["verification.completed"]
    await poll_due(api.runtime, utcnow() + LATER)  # once: sources_withdrawn below
    assert [e["action"] for e in await _events(api, vid)].count("sources_withdrawn") == 1


async def test_an_obligors_withdrawn_consent_ends_the_wait_for_their_answer(
    api,
    daughter_tax_later: TaxLaterFor,  # noqa: F811 (the fixture imported above)
) -> None:
    """A support obligor withdraws their own consent while their agency's answer is awaited:
    the obligor's ticket closes, and the verification completes without that answer."""
    later = daughter_tax_later
    created = await api.http.post(
        "/v1/verifications", json=supported_body(api, "elderly_supported"), headers=api.auth()
    )
    assert created.status_code == 201, created.text
    report = created.json()
    vid = report["id"]
    assert report["status"] == "awaiting_sources"
    async with api.sessions() as session:
        consent_id = (
            await session.execute(
                select(VerificationObligor.consent_id).where(
                    VerificationObligor.verification_id == uuid.UUID(vid)
                )
            )
        ).scalar_one()
    revoked = await _revoke(api, consent_id)
    assert revoked.status_code == 200, revoked.text
    assert (revoked.json()["tickets_closed"], revoked.json()["verifications_completed"]) == (
        1,
        [vid],
    )
    done = (await api.http.get(f"/v1/verifications/{vid}", headers=api.auth())).json()
    assert (done["status"], done["revision"]) == ("completed", 1)
    (obligor,) = done["obligors"]["obligors"]
    tax = next(s for s in obligor["sources"] if s["scope"] == "tax")
    assert (tax["status"], tax["reason_code"]) == ("unavailable", WITHDRAWN)
    # the members' answers as they were; the obligor's agency never asked again
    assert done["sources"] == report["sources"]
    later.ready = True
    await poll_due(api.runtime, utcnow() + LATER)  # counts other tests' too: see below
    assert later.collects == 0
    (withdrawn,) = [e for e in await _events(api, vid) if e["action"] == "sources_withdrawn"]
    assert (withdrawn["pairs"], withdrawn["obligor_pairs"]) == ([], ["0:tax"])


async def test_the_sweep_leaves_alone_a_wait_no_withdrawal_closed(
    api,
    bank_later,  # noqa: F811
) -> None:
    """Only a verification whose ticket a withdrawal closed (resolved with no revision) is
    completed without its answers: one left waiting otherwise (its tickets resolved by a
    revision whose completion then failed) is not marked withdrawn."""
    report = await _awaiting(api)
    vid = uuid.UUID(report["id"])
    async with api.runtime.transaction() as session:
        await session.execute(
            update(PendingSource)
            .where(PendingSource.verification_id == vid)
            .values(resolved_at=utcnow(), resolved_revision=0)
        )
    assert vid not in await complete_withdrawn_ids(api)
    await poll_due(api.runtime, utcnow())
    after = (await api.http.get(f"/v1/verifications/{vid}", headers=api.auth())).json()
    assert after["status"] == "awaiting_sources"
    assert "sources_withdrawn" not in [e["action"] for e in await _events(api, str(vid))]


async def complete_withdrawn_ids(api: Any) -> list[uuid.UUID]:
    async with api.runtime.read_session_factory() as session:
        return await repository.awaiting_without_tickets(session, limit=10_000)


class _Capture:
    """A session that keeps the statements ``awaiting_without_tickets`` would run."""

    def __init__(self) -> None:
        self.statements: list[Any] = []

    async def execute(self, statement: Any) -> Any:
        self.statements.append(statement)
        return types.SimpleNamespace(scalars=lambda: types.SimpleNamespace(all=list))


async def test_the_sweep_reads_the_awaiting_verifications_by_their_index(api) -> None:
    """The sweep and a revocation's own read ``verifications`` through
    ``ix_verifications_status_created`` (migration 0027, which the migrated database has):
    the few awaiting rows in order, never the whole table.  On PostgreSQL the plan is asked
    with sequential scans priced out (a test database is too small for the planner to
    prefer an index); SQLite's planner takes it as it is."""
    captured = _Capture()
    await repository.awaiting_without_tickets(captured, limit=100)
    await repository.awaiting_without_tickets(captured, under="A-consent")
    async with api.sessions() as session:
        connection = await session.connection()
        indexes = await connection.run_sync(
            lambda sync: {
                **{
                    i["name"]: i["column_names"] for i in inspect(sync).get_indexes("verifications")
                },
                **{
                    i["name"]: i["column_names"]
                    for i in inspect(sync).get_indexes("verification_obligors")
                },
            }
        )
        assert indexes["ix_verifications_status_created"] == ["status", "created_at", "id"]
        assert indexes["ix_verification_obligors_consent_id"] == ["consent_id"]
        dialect = connection.dialect
        sqlite = dialect.name == "sqlite"
        if not sqlite:
            await session.execute(text("SET LOCAL enable_seqscan = off"))
        for statement in captured.statements:
            sql = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
            explain = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
            plan = "\n".join(
                str(row[-1]) for row in (await session.execute(text(explain + sql))).all()
            )
            assert "ix_verifications_status_created" in plan, plan
