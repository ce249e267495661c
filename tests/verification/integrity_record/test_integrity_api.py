"""/v1/integrity-entries: the integrity record through the API (SQLite and PostgreSQL:
``VERIFICATION_TEST_DATABASE_URL``), its refusals, its audit, and the finding it puts in
later verifications of the same people."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from sqlalchemy import select, text, update

from tests.verification.helpers import business_today, fresh_members
from tests.verification.integrity_record.entries import (
    ENTRIES,
    EVIDENCE,
    EXPLANATION,
    confirmed_entry,
    post,
    proposed_entry,
    verify,
)
from verification.audit.models import AuditEvent
from verification.integrity_record.models import IntegrityEntry
from verification.kit.months import add_months
from verification.people.models import IntegrityListedPerson


async def _events(api, prefix: str) -> list[dict]:
    await api.drain()
    async with api.sessions() as session:
        rows = (
            await session.execute(
                select(AuditEvent)
                .where(AuditEvent.action.startswith(prefix))
                .order_by(AuditEvent.seq)
            )
        ).scalars()
        return [json.loads(row.body) for row in rows]


def _listed(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["code"] == "finding.member_integrity_listed"]


# ---------------------------------------------------------------------------- lifecycle


async def test_an_entry_runs_its_lifecycle_every_step_audited(api) -> None:
    today = business_today()  # at the test's time, not the import's
    report, _members, entry = await proposed_entry(api)
    assert entry["status"] == "proposed"
    assert entry["verification_id"] == report["id"] and entry["revision"] == report["revision"]
    assert entry["finding"]["code"] == "finding.financial_assets"
    assert entry["finding"]["declared"] == "0.00"
    assert entry["member_count"] == 2
    assert entry["listed_until"] is None and entry["notice"] is None
    base = f"{ENTRIES}/{entry['id']}"

    notified = await post(
        api, f"{base}/notice", {"notified_on": today.isoformat(), "channel": "sms"}
    )
    assert notified.status_code == 200, notified.text
    notice = notified.json()["notice"]
    assert notice["channel"] == "sms" and notice["notified_on"] == today.isoformat()
    assert "拟依规定记入诚信记录" in notice["text"] and "申报金融资产 0.00 元" in notice["text"]
    assert "36 个月" in notice["text"] and "integrity record" in notice["text_en"]

    said = {"reason": EXPLANATION, "evidence": [{"description": EVIDENCE}]}
    explained = await post(api, f"{base}/explanation", said)
    assert explained.status_code == 200, explained.text
    assert explained.json()["status"] == "explained"
    assert explained.json()["explanation"]["reason"] == EXPLANATION

    confirmed = (await post(api, f"{base}/confirm")).json()
    assert confirmed["status"] == "confirmed"
    assert confirmed["decided_on"] == confirmed["listed_from"] == today.isoformat()
    assert confirmed["period_months"] == 36 and confirmed["period_example"] is True
    last = dt.date.fromisoformat(confirmed["listed_until"])
    assert last == add_months(today, 36) - dt.timedelta(days=1)

    withdrawn = await post(
        api, f"{base}/withdraw", {"reason_code": "source_data_wrong", "note": "银行数据更正"}
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["closing_reason"] == "source_data_wrong"
    assert withdrawn.json()["closing_note"] == "银行数据更正"

    read = await api.http.get(base, headers=api.auth())
    assert read.status_code == 200 and read.json()["status"] == "withdrawn"

    events = [e for e in await _events(api, "integrity_") if e.get("entry_id") == entry["id"]]
    assert [e["action"] for e in events] == [
        "integrity_entry_proposed",
        "integrity_notice_recorded",
        "integrity_explanation_recorded",
        "integrity_entry_confirmed",
        "integrity_entry_withdrawn",
        "integrity_entry_read",
    ]
    assert events[3]["listed_until"] == last.isoformat()
    assert events[4]["reason_code"] == "source_data_wrong"
    dumped = json.dumps(events, ensure_ascii=False)
    assert EXPLANATION not in dumped and EVIDENCE not in dumped and "银行数据更正" not in dumped


async def test_a_report_without_an_understatement_cannot_be_cited(api) -> None:
    members = fresh_members()
    # declared more than the sources show: a finding, not an understatement
    report = await verify(api, members, {"financial_assets_total": "50000.00"})
    (index,) = [
        i for i, f in enumerate(report["findings"]) if f["code"] == "finding.financial_assets"
    ]
    for finding_index in (index, 99):
        refused = await post(
            api, ENTRIES, {"verification_id": report["id"], "finding_index": finding_index}
        )
        assert refused.status_code == 409
        assert refused.json()["code"] == "integrity-finding-not-understated"


async def test_a_finding_is_cited_once(api) -> None:
    report, _members, entry = await proposed_entry(api)
    again = await post(
        api, ENTRIES, {"verification_id": report["id"], "finding_index": entry["finding_index"]}
    )
    assert again.status_code == 409
    assert again.json()["code"] == "integrity-entry-exists"
    assert again.json()["entry_id"] == entry["id"]


async def test_illegal_steps_are_409_and_change_nothing(api) -> None:
    today = business_today()  # at the test's time, not the import's
    _report, _members, entry = await proposed_entry(api)
    base = f"{ENTRIES}/{entry['id']}"
    # no confirmation before the household is told
    refused = await post(api, f"{base}/confirm")
    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "integrity-transition-not-allowed"
    assert (body["status"], body["step"]) == ("proposed", "confirm")
    assert (await post(api, f"{base}/withdraw", {"reason_code": "other"})).status_code == 409
    future = (today + dt.timedelta(days=1)).isoformat()
    late = await post(api, f"{base}/notice", {"notified_on": future, "channel": "post"})
    assert late.status_code == 422 and late.json()["code"] == "integrity-notice-date"
    read = (await api.http.get(base, headers=api.auth())).json()
    assert read["status"] == "proposed" and read["notice"] is None
    refusals = [
        e
        for e in await _events(api, "request_refused")
        if e.get("entry_id") == entry["id"] and e["code"] == "integrity-transition-not-allowed"
    ]
    assert [(e["step"], e["status"], e["path"]) for e in refusals] == [
        ("confirm", "proposed", "/v1/integrity-entries/{entry_id}/confirm"),
        ("withdraw", "proposed", "/v1/integrity-entries/{entry_id}/withdraw"),
    ]
    dismissed = await post(api, f"{base}/dismiss", {"reason_code": "explanation_accepted"})
    assert dismissed.status_code == 200 and dismissed.json()["status"] == "dismissed"
    assert (await post(api, f"{base}/confirm")).status_code == 409


async def test_wrong_role_and_other_regions_are_refused(api) -> None:
    _report, _members, entry = await proposed_entry(api)
    base = f"{ENTRIES}/{entry['id']}"
    wrong = await api.http.get(base, headers=api.auth(api.auditor_token))
    assert wrong.status_code == 403 and wrong.json()["code"] == "wrong-role"
    # another case system of the same region reaches the entry (the region's caseworkers)
    assert (await api.http.get(base, headers=api.auth(api.other_token))).status_code == 200
    # the entry's region moved out of the clients' prefixes (45…): nobody of 45 reaches it
    async with api.sessions() as session, session.begin():
        await session.execute(
            update(IntegrityEntry)
            .where(IntegrityEntry.id == uuid.UUID(entry["id"]))
            .values(region_code="150102")
        )
    assert (await api.http.get(base, headers=api.auth())).status_code == 404
    assert (await post(api, f"{base}/dismiss", {"reason_code": "other"})).status_code == 404
    page = (await api.http.get(ENTRIES, headers=api.auth(), params={"limit": 500})).json()
    assert entry["id"] not in {item["id"] for item in page["items"]}


async def test_the_list_pages_and_filters_by_status(api) -> None:
    today = business_today()  # at the test's time, not the import's
    _r, _m, confirmed = await confirmed_entry(api)
    _r2, _m2, proposed = await proposed_entry(api)
    seen: list[dict] = []
    url: str | None = f"{ENTRIES}?limit=1&created_from={today - dt.timedelta(days=2)}T00:00:00Z"
    while url is not None:
        response = await api.http.get(url, headers=api.auth())
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= 1
        seen += page["items"]
        url = page["next"]
    ids = [item["id"] for item in seen]
    assert confirmed["id"] in ids and proposed["id"] in ids and len(ids) == len(set(ids))
    only = (
        await api.http.get(
            ENTRIES, params={"status": "confirmed", "limit": 500}, headers=api.auth()
        )
    ).json()
    assert all(item["status"] == "confirmed" for item in only["items"])
    assert confirmed["id"] in {item["id"] for item in only["items"]}


# ---------------------------------------------------------------- later verifications


async def test_a_confirmed_entry_shows_in_later_verifications_of_the_same_people(api) -> None:
    _report, members, entry = await confirmed_entry(api)
    # the spouse alone, in a new household with a stranger
    stranger = fresh_members()[0]
    later = await verify(api, [members[1], stranger])
    (finding,) = _listed(later)
    assert finding["member_index"] == 0 and finding["subject"] == "member"
    assert finding["params"]["listed_until"] == entry["listed_until"]
    assert "诚信记录" in finding["detail"] and "不单独改变核对结论" in finding["detail"]
    # it informs only: the outcome is the rules'
    plain = await verify(api, fresh_members()[:2])
    assert later["outcome"] == plain["outcome"] == "eligible"
    # the printable report says so too
    html = await api.http.get(f"/v1/verifications/{later['id']}/report.html", headers=api.auth())
    assert html.status_code == 200 and "诚信记录" in html.text
    # another person: nothing
    assert _listed(await verify(api, fresh_members()[:2])) == []


async def test_an_expired_or_withdrawn_entry_no_longer_shows(api) -> None:
    today = business_today()  # at the test's time, not the import's
    _report, members, entry = await confirmed_entry(api)
    yesterday = today - dt.timedelta(days=1)
    # the entry as if confirmed three years ago: its last day was yesterday
    async with api.sessions() as session, session.begin():
        for model, key in (
            (IntegrityEntry, IntegrityEntry.id),
            (IntegrityListedPerson, IntegrityListedPerson.entry_id),
        ):
            await session.execute(
                update(model)
                .where(key == uuid.UUID(entry["id"]))
                .values(listed_from=yesterday - dt.timedelta(days=1095), listed_until=yesterday)
            )
    base = f"{ENTRIES}/{entry['id']}"
    assert (await api.http.get(base, headers=api.auth())).json()["status"] == "expired"
    refused = await post(api, f"{base}/withdraw", {"reason_code": "other"})
    assert refused.status_code == 409 and refused.json()["status"] == "expired"
    assert _listed(await verify(api, members)) == []
    expired = (
        await api.http.get(ENTRIES, params={"status": "expired", "limit": 500}, headers=api.auth())
    ).json()
    assert entry["id"] in {item["id"] for item in expired["items"]}

    _report2, members2, entry2 = await confirmed_entry(api)
    assert _listed(await verify(api, members2))
    await post(api, f"{ENTRIES}/{entry2['id']}/withdraw", {"reason_code": "appeal_upheld"})
    assert _listed(await verify(api, members2)) == []


# ---------------------------------------------------------------- nothing in clear


async def test_no_id_number_name_or_explanation_lies_in_clear(api) -> None:
    today = business_today()  # at the test's time, not the import's
    _report, members, entry = await proposed_entry(api)
    base = f"{ENTRIES}/{entry['id']}"
    await post(api, f"{base}/notice", {"notified_on": today.isoformat(), "channel": "post"})
    said = {
        "reason": EXPLANATION + members[0]["id_number"],
        "evidence": [{"description": EVIDENCE}],
    }
    await post(api, f"{base}/explanation", said)
    await post(api, f"{base}/confirm")
    await api.drain()
    needles = [m["id_number"] for m in members] + [m["name"] for m in members]
    needles += [EXPLANATION, EVIDENCE]
    async with api.sessions() as session:
        for table in ("integrity_entries", "integrity_listed_people"):
            if api.settings.database_url.startswith("sqlite"):
                rows = (await session.execute(text(f"SELECT * FROM {table}"))).all()
                dumped = "\n".join(repr(tuple(row)) for row in rows)
            else:
                rows = (await session.execute(text(f"SELECT t::text FROM {table} t"))).all()
                dumped = "\n".join(row[0] for row in rows)
            assert entry["id"].replace("-", "") in dumped.replace("-", "")
            for needle in needles:
                assert needle not in dumped, (table, needle)
    events = json.dumps(await _events(api, "integrity_"), ensure_ascii=False)
    for needle in needles:
        assert needle not in events
