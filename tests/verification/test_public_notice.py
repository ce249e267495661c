"""GET /v1/verifications/{id}/public-notice: the 公示 carries exactly what
``publication.fields`` lists (办法 第二十四条) and its period (``publicity.notice_days``,
办法 第十九条)."""

from __future__ import annotations

import datetime as dt
import json
import re

from sqlalchemy import select

from tests.verification.helpers import business_today, scenario_body
from verification.audit.models import AuditEvent

# the notice: what is published, which fields the rule lists (and where), and the period
NOTICE = {"published", "fields", "fields_basis", "notice_period"}
FIELDS = ["applicant_name", "household_size", "allowance_amount"]


async def _verify(api, body: dict) -> dict:
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 201, response.text
    return response.json()


async def _last_event(api, action: str) -> dict:
    await api.drain()
    async with api.sessions() as session:
        row = (
            await session.execute(
                select(AuditEvent)
                .where(AuditEvent.action == action)
                .order_by(AuditEvent.seq.desc())
                .limit(1)
            )
        ).scalar_one()
    return json.loads(row.body)


async def test_an_eligible_household_is_published_with_only_the_allowed_fields(api) -> None:
    report = await _verify(api, scenario_body(api.issuer_key, "eligible"))
    response = await api.http.get(
        f"/v1/verifications/{report['id']}/public-notice", headers=api.auth()
    )
    assert response.status_code == 200, response.text
    notice = response.json()
    assert set(notice) == NOTICE
    assert notice["published"] == {
        "applicant_name": "韦*强",
        "household_size": 3,
        "allowance_amount": "424.99",
    }
    assert notice["fields"] == FIELDS
    assert notice["fields_basis"].endswith("第二十四条")
    today = business_today()
    assert notice["notice_period"] == {
        "days": 7,
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=6)).isoformat(),
        "basis": "《最低生活保障审核确认办法》（民发〔2021〕57号） 第十九条第一款",
    }
    text = response.text
    assert not re.search(r"\d{6}\*{8}|\d{17}[\dX]", text), "an ID number in the notice"
    withheld = ("韦国强", "黄秀兰", "3000.00", "300.00", "bank", "tax", report["id"])
    unrelated = ("450102", report["policy"]["id"], report["authorization_id"], "income")
    for value in (*withheld, *unrelated):
        assert value not in text, value

    event = await _last_event(api, "public_notice_read")
    assert event["verification_id"] == report["id"]
    assert event["request_id"] == response.headers["x-request-id"]
    assert event["authorization_id"] == report["authorization_id"]


async def test_a_single_person_household_names_the_member_assessed_alone(api) -> None:
    body = scenario_body(api.issuer_key, "two_houses")
    body["declaration"] = {
        "members": [{"member_index": 1, "severe_disability": True}],
        "single_person_member": 1,
    }
    report = await _verify(api, body)
    assert report["outcome"] == "eligible"
    notice = (
        await api.http.get(f"/v1/verifications/{report['id']}/public-notice", headers=api.auth())
    ).json()
    assert notice["published"] == {
        "applicant_name": "韦*玲",
        "household_size": 1,
        "allowance_amount": "208.33",
    }


async def test_the_notice_period_starts_when_posted_and_not_before_the_verification(api) -> None:
    report = await _verify(api, scenario_body(api.issuer_key, "eligible"))
    path = f"/v1/verifications/{report['id']}/public-notice"
    posted = business_today() + dt.timedelta(days=3)
    notice = (
        await api.http.get(path, params={"starts_on": posted.isoformat()}, headers=api.auth())
    ).json()
    assert notice["notice_period"]["starts_on"] == posted.isoformat()
    assert notice["notice_period"]["ends_on"] == (posted + dt.timedelta(days=6)).isoformat()
    before = dt.date.fromisoformat(report["as_of"]) - dt.timedelta(days=1)
    response = await api.http.get(
        path, params={"starts_on": before.isoformat()}, headers=api.auth()
    )
    assert response.status_code == 422
    assert response.json()["code"] == "notice-before-verification"
    event = await _last_event(api, "request_refused")
    assert event["code"] == "notice-before-verification"
    assert event["verification_id"] == report["id"]


async def test_a_household_that_is_not_eligible_is_not_publishable(api) -> None:
    for scenario in ("income_above", "unknown_person"):
        report = await _verify(api, scenario_body(api.issuer_key, scenario))
        assert report["outcome"] != "eligible"
        response = await api.http.get(
            f"/v1/verifications/{report['id']}/public-notice", headers=api.auth()
        )
        assert response.status_code == 409
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["code"] == "not-publishable"
        assert problem["type"].endswith("/not-publishable")
        event = await _last_event(api, "request_refused")
        assert event["code"] == "not-publishable"
        assert event["verification_id"] == report["id"]


async def test_only_the_creator_sees_the_notice(api) -> None:
    report = await _verify(api, scenario_body(api.issuer_key, "eligible"))
    path = f"/v1/verifications/{report['id']}/public-notice"
    assert (await api.http.get(path, headers=api.auth(api.other_token))).status_code == 404
    assert (await api.http.get(path, headers=api.auth(api.auditor_token))).status_code == 403
    assert (await api.http.get(path)).status_code == 401
