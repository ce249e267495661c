"""The retention purge (issue #22 item 3, ADR 0024): a dry run changes nothing; the purge
removes the personal data of old ended cases and old never-enrolled verifications only;
a purged report is ``410 purged`` (audited); the audit log still verifies; the statistics
still count; no ciphertext of a purged verification is left; the CLI as a subprocess.

The suite's database is shared, its rows made today: the verifications here are dated
decades back (``_age``) and the schedule is 30 years, so only these are ever due.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text, update

from tests.verification.consent.test_consent_api import _personal
from tests.verification.helpers import business_today, fresh_body
from tests.verification.processes import process_env
from verification.appeals.models import Appeal
from verification.audit.integrity import verify_stored_log
from verification.audit.models import AuditEvent
from verification.audit.tree import issue_checkpoint
from verification.clients.models import Role
from verification.clients.service import create_client
from verification.db import is_sqlite
from verification.households.models import EnrolledHousehold
from verification.retention.periods import Overrides
from verification.retention.purge import plan, purge, years_before
from verification.verifications.models import (
    SourceQuery,
    Verification,
    VerificationMember,
)

VERIFICATION = Path(sys.executable).parent / "verification"
SCHEDULE = Overrides(years_after_case_end=30, years_never_enrolled=30)


async def _verified(api: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    body = fresh_body(api.issuer_key)
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 201, response.text
    return body, response.json()


async def _enrolled(api: Any, verification_id: str) -> str:
    response = await api.http.post(
        "/v1/households",
        json={"verification_id": verification_id, "category": "stable"},
        headers=api.auth(),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _ended(api: Any, household_id: str, years_ago: int) -> None:
    response = await api.http.post(
        f"/v1/households/{household_id}/end", json={"reason": "moved away"}, headers=api.auth()
    )
    assert response.status_code == 200, response.text
    async with api.runtime.transaction() as session:
        await session.execute(
            update(EnrolledHousehold)
            .where(EnrolledHousehold.id == uuid.UUID(household_id))
            .values(ended_on=years_before(business_today(), years_ago))
        )


async def _age(api: Any, verification_id: str, years_ago: int) -> None:
    async with api.runtime.transaction() as session:
        row = await session.get(Verification, uuid.UUID(verification_id))
        assert row is not None
        row.created_at -= dt.timedelta(days=366 * years_ago)


async def _appealed(api: Any, verification_id: str) -> str:
    """An appeal with evidence, rejected with the caseworker's note: both kept encrypted."""
    filed = await api.http.post(
        f"/v1/verifications/{verification_id}/appeals",
        json={
            "disputed": {"scopes": ["bank"]},
            "evidence": [{"kind": "other", "description": "家庭情况说明"}],
        },
        headers={**api.auth(), "Idempotency-Key": str(uuid.uuid4())},
    )
    assert filed.status_code == 201, filed.text
    appeal_id = str(filed.json()["id"])
    decided = await api.http.post(
        f"/v1/appeals/{appeal_id}/decision",
        json={"decision": "rejected", "reason_codes": ["findings_confirmed"], "note": "复查无误"},
        headers={**api.auth(), "Idempotency-Key": str(uuid.uuid4())},
    )
    assert decided.status_code == 200, decided.text
    return appeal_id


async def _appeal_words(api: Any, appeal_id: str) -> tuple[bool, bool]:
    """Whether the appeal still holds its evidence, and its reasons' note."""
    async with api.sessions() as session:
        appeal = await session.get(Appeal, uuid.UUID(appeal_id))
        assert appeal is not None
        return appeal.evidence_enc is not None, appeal.reasons_enc is not None


async def _row(api: Any, verification_id: str) -> Verification:
    async with api.sessions() as session:
        row = await session.get(Verification, uuid.UUID(verification_id))
        assert row is not None
        return row


async def _leftovers(api: Any, verification_id: str) -> dict[str, int]:
    """What personal data of the verification is still stored: ciphertext and rows."""
    vid = uuid.UUID(verification_id)
    async with api.sessions() as session:
        row = await session.get(Verification, vid)
        assert row is not None
        members = await session.scalar(
            select(func.count()).where(VerificationMember.verification_id == vid)
        )
        evidence = await session.scalar(
            select(func.count(SourceQuery.evidence_enc)).where(SourceQuery.verification_id == vid)
        )
        answers = await session.scalar(
            select(func.count()).where(SourceQuery.verification_id == vid)
        )
    return {
        "declaration": int(row.declaration_enc is not None),
        "report": int(row.report_enc is not None),
        "members": int(members or 0),
        "evidence": int(evidence or 0),
        "answers": int(answers or 0),
    }


# the audit log's tables: never rewritten, their entries name members by blind index and
# masked ID number only
AUDIT_LOG = frozenset({"audit_events", "audit_pending"})


async def _traces(api: Any, verification_ids: list[str]) -> set[str]:
    """The blind indexes of these verifications' members: each names one person.  (Not
    their masked ID numbers: a masked number keeps the region and the last four digits, so
    another test's member in the shared database may well have the same one; the members'
    own rows, masked numbers and all, are counted by ``_leftovers``.)"""
    ids = [uuid.UUID(vid) for vid in verification_ids]
    async with api.sessions() as session:
        rows = await session.execute(
            select(VerificationMember.person_index).where(
                VerificationMember.verification_id.in_(ids)
            )
        )
        return {str(value) for value in rows.scalars()}


async def _tables_holding(api: Any, needles: set[str]) -> set[str]:
    """The tables with a row whose text holds any of ``needles``."""
    sqlite = is_sqlite(api.settings.database_url)
    found: set[str] = set()
    async with api.runtime.engine.connect() as connection:
        query = (
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            if sqlite
            else "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        )
        for table in (await connection.execute(text(query))).scalars().all():
            statement = f'SELECT * FROM "{table}"' if sqlite else f'SELECT t::text FROM "{table}" t'
            for row in await connection.execute(text(statement)):
                row_text = " ".join(str(value) for value in row)
                if any(needle in row_text for needle in needles):
                    found.add(table)
                    break
    return found


async def _events(api: Any, action: str) -> list[dict[str, Any]]:
    await api.drain()
    async with api.sessions() as session:
        rows = await session.execute(
            select(AuditEvent.body).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        )
        return [json.loads(body) for body in rows.scalars()]


async def _statistics(api: Any) -> list[dict[str, Any]]:
    """The supervisor's view of today's verifications in 4501 (its sections)."""
    async with api.runtime.transaction() as session:
        _client, token = await create_client(
            session,
            name=f"监督 {uuid.uuid4().hex[:6]}",
            role=Role.SUPERVISOR,
            issuers=[],
            region_prefixes=["4501"],
            actor="test",
        )
    today = business_today()
    response = await api.http.get(
        "/v1/statistics",
        params={
            "region": "4501",
            "from": today.isoformat(),
            "to": (today + dt.timedelta(days=1)).isoformat(),
        },
        headers=api.auth(token),
    )
    assert response.status_code == 200, response.text
    sections: list[dict[str, Any]] = response.json()["sections"]
    return sections


async def test_only_old_ended_and_old_unenrolled_cases_are_purged_and_the_log_verifies(
    api,
) -> None:
    # old: a household whose case ended 31 years ago (its first verification)
    old_body, old = await _verified(api)
    await _ended(api, await _enrolled(api, old["id"]), years_ago=31)
    # recent: a case that ended 29 years ago; active: a household still receiving aid
    _body, recent = await _verified(api)
    await _ended(api, await _enrolled(api, recent["id"]), years_ago=29)
    _body, active = await _verified(api)
    await _enrolled(api, active["id"])
    await _age(api, active["id"], years_ago=40)  # its age alone does not make it due
    # never enrolled: one made 31 years ago, one 29 years ago
    lone_body, lone = await _verified(api)
    await _age(api, lone["id"], years_ago=31)
    _body, young = await _verified(api)
    await _age(api, young["id"], years_ago=29)
    kept = [recent["id"], active["id"], young["id"]]
    # an appeal of each of a purged and a kept one: its evidence and note are words about
    # the household, kept encrypted beside its answers
    old_appeal = await _appealed(api, old["id"])
    recent_appeal = await _appealed(api, recent["id"])
    assert await _appeal_words(api, old_appeal) == (True, True)
    before = {vid: await _leftovers(api, vid) for vid in [old["id"], lone["id"], *kept]}
    assert all(v["report"] and v["members"] and v["evidence"] for v in before.values())
    statistics = await _statistics(api)
    # the five above among the eligible applications assessed today (5 or more: never
    # suppressed, as a count from 1 to 4 is)
    cells = {c["key"]: c["count"] for c in statistics[0]["groups"][0]["cells"]}
    assert cells["eligible"] >= 5
    today = business_today()

    # the dry run: exactly the two, with why; nothing changes, nothing is recorded
    dry = await plan(api.runtime, today, SCHEDULE)
    found = {d.id: d.reason for d in dry.verifications}
    assert found.get(uuid.UUID(old["id"])) == "case_ended"
    assert found.get(uuid.UUID(lone["id"])) == "never_enrolled"
    assert not {uuid.UUID(vid) for vid in kept} & found.keys()
    assert dry.counts["reports"] >= 2 and dry.counts["members"] >= 2
    purges_before = len(await _events(api, "retention_purge"))
    for vid, leftovers in before.items():
        assert await _leftovers(api, vid) == leftovers
    assert (await _row(api, old["id"])).purged_at is None

    traces = await _traces(api, [old["id"], lone["id"]])
    assert await _tables_holding(api, traces) >= {"verification_members"}

    done = await purge(api.runtime, today, SCHEDULE, "test:retention")
    assert {d.id: d.reason for d in done.verifications} == found
    for vid in (old["id"], lone["id"]):
        row = await _row(api, vid)
        assert row.purged_at is not None
        # ids, status, dates and outcome stay; the agency answers' rows stay, evidence gone
        assert row.status == "completed" and row.outcome is not None
        assert await _leftovers(api, vid) == {
            "declaration": 0,
            "report": 0,
            "members": 0,
            "evidence": 0,
            "answers": before[vid]["answers"],
        }
    for vid in kept:
        assert await _leftovers(api, vid) == before[vid]
    # the purged one's appeal keeps its decision, not its words; the kept one's keeps both
    assert await _appeal_words(api, old_appeal) == (False, False)
    assert await _appeal_words(api, recent_appeal) == (True, True)
    # the members' blind indexes are left only in the audit log
    assert await _tables_holding(api, traces) <= AUDIT_LOG
    # the statistics count the purged verifications and their agencies' answers as before
    assert await _statistics(api) == statistics

    # one audit event, with counts and ids and no personal data; a second run finds nothing
    events = (await _events(api, "retention_purge"))[purges_before:]
    assert len(events) == 1
    event = events[0]
    assert {old["id"], lone["id"]} <= {v["id"] for v in event["verifications"]}
    assert event["overrides"] == {"years_after_case_end": 30, "years_never_enrolled": 30}
    # each region's periods as applied: the operator's, for every region of the batch
    assert {v["region"] for v in event["verifications"]} == {
        s["region"] for s in event["schedules"]
    }
    for applied in event["schedules"]:
        assert applied["years_after_case_end"] == {"years": 30, "source": "override"}
        assert applied["years_never_enrolled"] == {"years": 30, "source": "override"}
    assert event["counts"]["reports"] == len(event["verifications"])
    text = json.dumps(event, ensure_ascii=False)
    for value in [*_personal(old_body), *_personal(lone_body)]:
        assert value not in text
    again = await purge(api.runtime, today, SCHEDULE, "test:retention")
    assert not again.verifications
    assert len(await _events(api, "retention_purge")) == purges_before + 1

    # a purged report, its receipt, its signed report and a retry: 410 purged, each refusal
    # audited
    for response in [
        await api.http.get(f"/v1/verifications/{old['id']}", headers=api.auth()),
        await api.http.get(f"/v1/verifications/{old['id']}/report.html", headers=api.auth()),
        await api.http.get(f"/v1/verifications/{old['id']}/receipt", headers=api.auth()),
        await api.http.get(f"/v1/verifications/{old['id']}/signed-report", headers=api.auth()),
        await api.http.post(f"/v1/verifications/{old['id']}/retry", headers=api.auth()),
        await api.http.post(
            f"/v1/verifications/{old['id']}/appeals",
            json={
                "disputed": {"scopes": ["tax"]},
                "evidence": [{"kind": "expense", "description": "医疗费用单据三张"}],
            },
            headers={**api.auth(), "Idempotency-Key": str(uuid.uuid4())},
        ),
        await api.http.post(
            "/v1/households",
            json={"verification_id": lone["id"], "category": "stable"},
            headers=api.auth(),
        ),
    ]:
        assert response.status_code == 410, response.text
        assert response.json()["code"] == "purged"
    refused = [
        e.get("verification_id")
        for e in await _events(api, "request_refused")
        if e.get("code") == "purged"
    ]
    assert (refused.count(old["id"]), refused.count(lone["id"])) == (6, 1)
    assert (await api.http.get(f"/v1/verifications/{recent['id']}", headers=api.auth())).is_success

    # the audit log, chain and checkpoint, still verifies after the purge
    runtime = api.runtime
    key = runtime.audit_key.public_key()
    await api.drain()  # the refusals above, recorded after their answers
    assert await issue_checkpoint(runtime.transaction, runtime.audit_key, api.settings.audit_origin)
    stored = await verify_stored_log(api.settings.database_url, key, api.settings.audit_origin)
    assert stored.problem is None and stored.checkpoint_size == stored.size > 0


async def _cli(api: Any, *args: str, overrides: bool = True) -> subprocess.CompletedProcess[str]:
    """The CLI as a subprocess, in a thread: the app's own tasks (the audit integrator)
    go on meanwhile, so none holds SQLite's write lock while the test waits.  With
    ``overrides``, both periods 30 years for every region."""
    # the suite's data directory: its keys, the audit log's signing key among them (the
    # checkout's ./var would be another key: the command's checkpoint would not verify)
    env = process_env(api.settings, VERIFICATION_MODE="demo")
    return await asyncio.to_thread(
        subprocess.run,
        [
            str(VERIFICATION),
            "retention",
            "purge",
            *(
                ["--years-after-case-end", "30", "--years-never-enrolled", "30"]
                if overrides
                else []
            ),
            *args,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_the_cli_dry_run_then_purge(api) -> None:
    body, old = await _verified(api)
    await _ended(api, await _enrolled(api, old["id"]), years_ago=31)
    dry = await _cli(api, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    shown = json.loads(dry.stdout)
    assert shown["dry_run"] is True and old["id"] in shown["verification_ids"]
    assert shown["reasons"]["case_ended"] >= 1 and shown["counts"]["members"] >= 1
    for value in _personal(body):
        assert value not in dry.stdout
    assert (await _row(api, old["id"])).purged_at is None

    done = await _cli(api, "--as-of", business_today().isoformat())
    assert done.returncode == 0, done.stderr
    assert old["id"] in json.loads(done.stdout)["verification_ids"]
    assert (await _row(api, old["id"])).purged_at is not None
    third = await _cli(api)
    assert third.returncode == 0, third.stderr
    assert json.loads(third.stdout)["verification_ids"] == []
    gone = await api.http.get(f"/v1/verifications/{old['id']}", headers=api.auth())
    assert gone.status_code == 410 and gone.json()["code"] == "purged"
    events = await _events(api, "retention_purge")
    assert any(
        e["actor"] == "cli" and old["id"] in {v["id"] for v in e["verifications"]} for e in events
    )


async def test_each_batch_is_its_own_transaction_and_audit_event(api, monkeypatch) -> None:
    import verification.retention.purge as purge_module

    monkeypatch.setattr(purge_module, "BATCH", 1)
    ids = []
    for _ in range(2):
        _body, report = await _verified(api)
        await _ended(api, await _enrolled(api, report["id"]), years_ago=31)
        ids.append(report["id"])
    before = len(await _events(api, "retention_purge"))
    done = await purge(api.runtime, business_today(), SCHEDULE, "test:batches")
    assert {str(d.id) for d in done.verifications} >= set(ids)
    events = (await _events(api, "retention_purge"))[before:]
    assert len(events) == len(done.verifications) >= 2
    assert all(len(e["verifications"]) == 1 and e["counts"]["verifications"] == 1 for e in events)
    for vid in ids:
        assert (await _row(api, vid)).purged_at is not None
