"""The procedural rules through the API: deadlines from the acceptance date (rule 17), the
national source list (rule 15), the adverse-result notice (rule 16), the re-check after a
death (rule 22) in the report, the household and the due list, and the rules the service has
no data for (25, 27) in the effective-policy view."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid
from typing import Any

from sqlalchemy import func, select

from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.evidence import PersonStatus, SourceResult
from tests.verification.batches.test_batches_api import enrolled, finished
from tests.verification.helpers import (
    business_today,
    entry_of,
    fresh_body,
    fresh_members,
    scenario_body,
)
from verification.kit.months import add_months
from verification.procedure.calendar import china
from verification.verifications.models import Verification

CALENDAR = china()
ACCEPTED = dt.date(2026, 9, 28)  # a Monday before the National Day week
# social_insurance and pension: answered by the separately installed social-insurance source
NOT_SUPPORTED = {
    "internet_finance",
    "marriage",
    "funeral",
}


async def _verify(api: Any, body: dict, **params: Any) -> dict:
    response = await api.http.post(
        "/v1/verifications", json=body, params=params, headers=api.auth()
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_deadlines_run_from_the_accepted_date_in_working_days(api) -> None:
    today = business_today()  # at the test's time, not the import's
    report = await _verify(api, {**fresh_body(api.issuer_key), "accepted_on": "2026-09-28"})
    procedure = report["procedure"]
    assert procedure["accepted_on"] == "2026-09-28"
    by_key = {d["parameter"]: d for d in procedure["deadlines"]}
    start = by_key["deadline.investigation_start_working_days"]
    assert start["counted_from"] == "accepted" and start["working_days"] == 3
    assert start["starts_on"] == "2026-09-28"
    assert start["due_on"] == "2026-10-08"  # the National Day week is not counted
    assert "第十五条第一款" in start["citation"]
    assert start["message"]["text"] == (
        "启动家庭经济状况调查：自受理之日（2026-09-28）起3个工作日内，截止2026-10-08。"
        "依据：《最低生活保障审核确认办法》（民发〔2021〕57号） 第十五条第一款"
    )
    total = by_key["deadline.total_working_days"]
    assert total["working_days"] == 30
    assert total["due_on"] == CALENDAR.add_working_days(ACCEPTED, 30).isoformat()
    assert "第二十二条" in total["citation"]
    assert by_key["deadline.total_special_working_days"]["working_days"] == 45
    assert by_key["deadline.total_delegated_working_days"]["working_days"] == 20
    assert by_key["deadline.county_decision_working_days"]["due_on"] is None  # not seen here
    # the 核对 runs from the day the request was received, the assessment date
    check = by_key["deadline.verification_start_working_days"]
    assert check["counted_from"] == "request_received"
    assert check["starts_on"] == report["as_of"]
    if CALENDAR.covers(dt.date.fromisoformat(report["as_of"]) + dt.timedelta(days=20)):
        assert check["due_on"] == CALENDAR.add_working_days(today, 3).isoformat()
    else:  # the next year's holidays are not on record: stated, not guessed
        assert check["due_on"] is None
        assert check["message"]["code"] == "procedure.deadline.not_covered"

    # read again in English: the same dates, the texts in English; the date is stored
    english = await api.http.get(
        f"/v1/verifications/{report['id']}", params={"lang": "en"}, headers=api.auth()
    )
    start_en = next(
        d
        for d in english.json()["procedure"]["deadlines"]
        if d["parameter"] == "deadline.investigation_start_working_days"
    )
    assert start_en["due_on"] == "2026-10-08"
    assert start_en["message"]["text"].startswith(
        "start of the household investigation: within 3 working days of acceptance (2026-09-28)"
    )
    async with api.sessions() as session:
        row = await session.get(Verification, uuid.UUID(report["id"]))
        assert row is not None and row.accepted_on == ACCEPTED


async def test_the_acceptance_date_defaults_to_the_day_received(api) -> None:
    report = await _verify(api, fresh_body(api.issuer_key))
    assert report["procedure"]["accepted_on"] == report["as_of"]
    assert len(report["procedure"]["deadlines"]) == 7


async def test_an_acceptance_date_after_the_request_is_refused_and_audited(api) -> None:
    today = business_today()  # at the test's time, not the import's
    await api.drain()
    async with api.sessions() as session:
        before = (await session.execute(select(func.count()).select_from(Verification))).scalar()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    response = await api.http.post(
        "/v1/verifications",
        json={**fresh_body(api.issuer_key), "accepted_on": tomorrow},
        headers=api.auth(),
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "accepted-on-in-future"
    await api.drain()
    async with api.sessions() as session:
        after = (await session.execute(select(func.count()).select_from(Verification))).scalar()
    assert after == before  # nothing stored
    event = await entry_of(api, response.json()["request_id"])
    assert event["code"] == "accepted-on-in-future"
    # not an RFC 3339 date: refused by the schema
    response = await api.http.post(
        "/v1/verifications",
        json={**fresh_body(api.issuer_key), "accepted_on": "1700000000"},
        headers=api.auth(),
    )
    assert response.status_code == 422


async def test_the_report_lists_the_national_sources_and_the_gaps(api) -> None:
    report = await _verify(api, fresh_body(api.issuer_key))
    sources = {s["source"]: s for s in report["procedure"]["sources"]}
    assert len(sources) == 15
    assert {k for k, s in sources.items() if s["coverage"] == "not_supported"} == NOT_SUPPORTED
    for name in NOT_SUPPORTED:
        assert sources[name]["scope"] is None
        assert sources[name]["message"]["text"].endswith("本服务无法查询，须另行核实")
    assert {k for k, s in sources.items() if s["coverage"] == "queried"} == {
        "hukou",
        "tax",
        "real_estate",
        "provident_fund",
        "vehicles_vessels",
        "bank_deposits",
        "securities",
        "death",
        "social_insurance",
        "pension",
        "business_registration",
        "commercial_insurance",
    }
    # a request limited to two scopes: the others are not queried, and said so
    limited = await _verify(api, {**fresh_body(api.issuer_key), "scopes": ["hukou", "tax"]})
    coverage = {s["source"]: s["coverage"] for s in limited["procedure"]["sources"]}
    assert coverage["bank_deposits"] == "not_queried" and coverage["tax"] == "queried"


async def test_an_ineligible_result_says_the_applicant_is_told_and_may_object(api) -> None:
    report = await _verify(api, scenario_body(api.issuer_key, "income_above"))
    assert report["outcome"] == "ineligible"
    notice = report["procedure"]["adverse_notice"]
    assert notice["code"] == "procedure.adverse_notice.ineligible"
    assert "应当及时告知申请人" in notice["text"] and "组织复查" in notice["text"]
    assert "第十八条第一款" in notice["text"] and "第十八条第二款" in notice["text"]
    english = (
        await api.http.get(
            f"/v1/verifications/{report['id']}",
            headers={**api.auth(), "Accept-Language": "en"},
        )
    ).json()["procedure"]["adverse_notice"]
    assert english["code"] == notice["code"]
    assert english["text"].startswith("The result is not eligible: the applicant is to be told")
    eligible = await _verify(api, fresh_body(api.issuer_key))
    assert eligible["procedure"]["adverse_notice"] is None


async def test_a_deceased_member_calls_for_a_recheck_within_three_months(api) -> None:
    report = await _verify(api, scenario_body(api.issuer_key, "deceased_member"))
    (recheck,) = report["procedure"]["death_rechecks"]
    assert recheck["member_index"] == 1
    assert recheck["date_of_death"] == "2026-03-15"
    assert recheck["due_on"] == "2026-06-15"
    assert recheck["reason"] == "member_deceased" and recheck["months"] == 3
    assert recheck["message"]["text"].startswith("成员2于2026-03-15死亡：应于2026-06-15前")
    assert "一（三）" in recheck["citation"]
    # and, not eligible, the applicant is to be told (once the caseworker confirms)
    assert report["procedure"]["adverse_notice"]["code"] == (
        "procedure.adverse_notice.review_required"
    )


class DiesOn:
    """The hukou connector, reporting one person deceased on a date."""

    def __init__(self, inner: Any, id_number: str, died: dt.date) -> None:
        self.inner, self.id_number, self.died = inner, id_number, died

    async def query(self, person: PersonQuery, context: QueryContext) -> SourceResult:
        result: SourceResult = await self.inner.query(person, context)
        identity = result.evidence.identity
        if person.id_number != self.id_number or identity is None:
            return result
        dead = dataclasses.replace(identity, status=PersonStatus.DECEASED, date_of_death=self.died)
        return dataclasses.replace(
            result, evidence=dataclasses.replace(result.evidence, identity=dead)
        )

    async def aclose(self) -> None:
        return None


async def _review(api: Any, household_id: str) -> dict:
    response = await api.http.post(
        "/v1/batches", json={"household_ids": [household_id]}, headers=api.auth()
    )
    assert response.status_code == 201, response.text
    assert (await finished(api, response.json()["id"]))["counts"]["done"] == 1
    household = await api.http.get(f"/v1/households/{household_id}", headers=api.auth())
    assert household.status_code == 200
    return household.json()


async def _due(api: Any, as_of: dt.date) -> set[str]:
    found: set[str] = set()
    cursor = None
    while True:
        params = {"as_of": as_of.isoformat(), "limit": 500}
        if cursor:
            params["cursor"] = cursor
        page = (await api.http.get("/v1/households/due", params=params, headers=api.auth())).json()
        found |= {h["id"] for h in page["items"]}
        cursor = page["next_cursor"]
        if cursor is None:
            return found


async def test_a_death_found_at_a_review_brings_the_next_review_forward(api) -> None:
    today = business_today()  # at the test's time, not the import's
    members = fresh_members()
    spouse = members[1]["id_number"]
    household = await enrolled(api, verify={"members": members})
    assert household["recheck_due_on"] is None and household["recheck_reason"] is None
    regular = dt.date.fromisoformat(household["next_review_on"])

    died = today - dt.timedelta(days=20)
    due = add_months(died, 3)
    assert due < regular
    original = api.runtime.connectors["hukou"]
    api.runtime.connectors["hukou"] = DiesOn(original, spouse, died)
    try:
        reviewed = await _review(api, household["id"])
        assert reviewed["recheck_reason"] == "member_deceased"
        assert reviewed["recheck_due_on"] == due.isoformat()
        assert reviewed["next_review_on"] == due.isoformat()  # brought forward
        latest = (
            await api.http.get(
                f"/v1/verifications/{reviewed['last_verification_id']}", headers=api.auth()
            )
        ).json()
        assert latest["procedure"]["death_rechecks"][0]["due_on"] == due.isoformat()
        assert latest["procedure"]["deadlines"] == []  # a review is no application
        # the due list: on the re-check day, not the day before
        assert household["id"] in await _due(api, due)
        assert household["id"] not in await _due(api, due - dt.timedelta(days=1))
        # a category change keeps the re-check forward
        patched = await api.http.patch(
            f"/v1/households/{household['id']}",
            json={"category": "three_no"},
            headers=api.auth(),
        )
        assert patched.json()["next_review_on"] == due.isoformat()
        # the next review (the re-check) finds the same death: known, so it is cleared
        again = await _review(api, household["id"])
        assert again["recheck_due_on"] is None and again["recheck_reason"] is None
        assert dt.date.fromisoformat(again["next_review_on"]) > due
    finally:
        api.runtime.connectors["hukou"] = original


async def test_rules_without_data_are_marked_in_the_effective_policy(api) -> None:
    response = await api.http.get(
        "/v1/policies/effective", params={"region": "450102"}, headers=api.auth()
    )
    assert response.status_code == 200, response.text
    shown = {p["key"]: p for p in response.json()["parameters"]}
    for key, article in (
        ("procedure.staff_relative_registration", "第十一条"),
        ("procedure.staff_relative_county_home_visit", "第二十条第二款"),
    ):
        source = shown[key]["source"]
        assert shown[key]["rules"] == [25]
        assert source["citation"]["article"] == article
        assert source["service"] == "case_system"
        assert "业务系统" in source["service_note"]
    other = shown["verification.answer_other_province_requests"]
    assert other["rules"] == [27]
    assert other["source"]["citation"]["article"] == "三（二）"
    assert other["source"]["service"] == "not_supported"
    assert "跨省" in other["source"]["service_note"]


async def test_the_printable_report_states_the_procedure_in_chinese(api) -> None:
    report = await _verify(
        api, {**scenario_body(api.issuer_key, "deceased_member"), "accepted_on": "2026-09-28"}
    )
    path = f"/v1/verifications/{report['id']}/report.html"
    response = await api.http.get(path, headers=api.auth())
    assert response.status_code == 200
    page = response.text
    section = page[page.index("八、办理程序") : page.index("<footer>")]
    assert report["procedure"]["adverse_notice"]["text"] in section
    assert report["procedure"]["death_rechecks"][0]["message"]["text"] in section
    assert "启动家庭经济状况调查：自受理之日（2026-09-28）起3个工作日内，截止2026-10-08" in section
    assert "婚姻登记：本服务无法查询，须另行核实" in section
    assert "社会保险缴纳" not in section  # queried (social insurance): no gap to list
    text = re.sub(r"<[^>]+>", " ", section)
    assert not re.search(r"[A-Za-z]{2,}", text), text
    english = await api.http.get(path, params={"lang": "en"}, headers=api.auth())
    assert "8. Procedure" in english.text
    assert "marriage register: this service cannot query it" in english.text


async def test_a_deadline_crossing_into_an_operators_year_file(api, monkeypatch) -> None:
    """The fixture's made-up 2027 (ADR 0028, tests/verification/calendar_years.py) read as the
    service reads the calendar directory: the total limit from 1 December 2026 is counted
    through it, and the report cites both years' sources."""
    from tests.verification.calendar_years import TOTAL_DUE, with_fixture

    monkeypatch.setattr(api.runtime, "calendar", with_fixture())
    report = await _verify(api, {**fresh_body(api.issuer_key), "accepted_on": "2026-12-01"})
    by_key = {d["parameter"]: d for d in report["procedure"]["deadlines"]}
    total = by_key["deadline.total_working_days"]
    assert total["due_on"] == TOTAL_DUE.isoformat() == "2027-01-19"
    assert total["message"]["code"] == "procedure.deadline.due"
    assert total["calendar"].startswith("2026年：软件包 chinesecalendar ")
    assert "；2027年：运营方文件 2027.toml，《测试夹具" in total["calendar"]
    start = by_key["deadline.investigation_start_working_days"]
    assert start["due_on"] == "2026-12-04"
    assert start["calendar"].startswith("2026年：软件包") and "2027" not in start["calendar"]
    decision = report["decision_deadline"]
    assert decision is not None
    assert decision["due_on"] == "2027-01-19" and decision["provisional"] is False
    assert decision["calendar"] == total["calendar"]
