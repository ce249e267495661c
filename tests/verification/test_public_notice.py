"""GET /v1/verifications/{id}/public-notice: the 公示 carries only what may be published."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from tests.verification.helpers import scenario_body
from verification.audit.models import AuditEvent

PUBLISHED = {
    "head_of_household",
    "region_code",
    "household_size",
    "monthly_allowance",
    "policy_id",
    "verified_on",
}


async def _verify(api, body: dict) -> dict:
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 201, response.text
    return response.json()


async def _last_event(api, action: str) -> dict:
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
    assert set(notice) == PUBLISHED
    assert notice == {
        "head_of_household": "韦*强",
        "region_code": "450102",
        "household_size": 3,
        "monthly_allowance": "424.99",
        "policy_id": report["policy"]["id"],
        "verified_on": report["as_of"],
    }
    text = response.text
    assert not re.search(r"\d{6}\*{8}|\d{17}[\dX]", text), "an ID number in the notice"
    for withheld in ("韦国强", "黄秀兰", "3000.00", "300.00", "bank", "tax", report["id"]):
        assert withheld not in text

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
    assert notice["head_of_household"] == "韦*玲"
    assert (notice["household_size"], notice["monthly_allowance"]) == (1, "208.33")


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
