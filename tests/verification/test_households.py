"""/v1/households: enrolling eligible households, review scheduling, the due list."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import select

from tests.verification.helpers import business_today, fresh_body, scenario_body
from verification.audit.models import AuditEvent
from verification.kit.months import add_months

# ---------------------------------------------------------------------------- add_months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 15), 1, dt.date(2026, 2, 15)),
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),  # clamped to the month's end
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),  # leap year
        (dt.date(2026, 8, 31), 3, dt.date(2026, 11, 30)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),  # across the year
        (dt.date(2026, 12, 31), 12, dt.date(2027, 12, 31)),
        (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),
        (dt.date(2026, 5, 10), 0, dt.date(2026, 5, 10)),
        (dt.date(2026, 1, 1), 36, dt.date(2029, 1, 1)),
    ],
)
def test_add_months_clamps_the_day_to_the_end_of_the_month(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(day, months) == expected


# ---------------------------------------------------------------------------- helpers


async def _verify(api, scenario: str | None = None, **overrides: Any) -> dict:
    """A verification of a scenario household, or by default of a household of people of
    its own (a person is enrolled in one active household only)."""
    body = (
        scenario_body(api.issuer_key, scenario, **overrides)
        if scenario
        else fresh_body(api.issuer_key, **overrides)
    )
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 201, response.text
    return response.json()


async def _enroll(api, verification_id: str, category: str = "stable", **extra: Any) -> dict:
    response = await api.http.post(
        "/v1/households",
        json={"verification_id": verification_id, "category": category, **extra},
        headers=api.auth(),
    )
    assert response.status_code == 201, response.text
    return response.json()


async def _events(api, action: str) -> list[dict]:
    await api.drain()
    async with api.sessions() as session:
        rows = (
            await session.execute(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
            )
        ).scalars()
        return [json.loads(row.body) for row in rows]


async def _due(api, **params: Any) -> dict:
    response = await api.http.get("/v1/households/due", params=params, headers=api.auth())
    assert response.status_code == 200, response.text
    return response.json()


# ---------------------------------------------------------------------------- enrolling


async def test_an_eligible_verification_is_enrolled_with_its_suggested_allowance(api) -> None:
    today = business_today()  # at the test's time, not the import's
    report = await _verify(api)
    assert report["outcome"] == "eligible"
    household = await _enroll(api, report["id"], "stable")
    assert household["verification_id"] == household["last_verification_id"] == report["id"]
    assert household["authorization_id"] == report["authorization_id"]
    assert household["region_code"] == report["region_code"]
    assert household["area"] == report["area"] == "rural"
    assert household["category"] == "stable"
    assert household["status"] == "active"
    assert household["monthly_allowance"] == report["suggested_allowance_monthly"]
    assert isinstance(household["monthly_allowance"], str)
    assert household["enrolled_on"] == household["last_reviewed_on"] == today.isoformat()
    # 办法 第三十一条第二款: a household whose circumstances change little, yearly (rule 21)
    assert household["next_review_on"] == add_months(today, 12).isoformat()
    assert household["ended_on"] is None

    again = await api.http.get(f"/v1/households/{household['id']}", headers=api.auth())
    assert again.status_code == 200
    assert again.json() == household

    event = (await _events(api, "household_enrolled"))[-1]
    assert event["household_id"] == household["id"]
    assert event["verification_id"] == report["id"]
    assert event["category"] == "stable"
    assert "members" not in event and "name" not in json.dumps(event, ensure_ascii=False)


@pytest.mark.parametrize(
    ("category", "area", "months"),
    [
        # the national rule in force (办法 第三十一条第二款, rule 21): 三无人员 and stable
        # households yearly, income from no fixed source twice a year, urban and rural alike
        ("stable", "rural", 12),
        ("variable", "rural", 6),
        ("variable", "urban", 6),
        ("three_no", "rural", 12),
        ("illness_disability_stable", "urban", 12),
    ],
)
async def test_the_next_review_follows_the_category_interval(
    api, category: str, area: str, months: int
) -> None:
    today = business_today()  # at the test's time, not the import's
    report = await _verify(api, area=area)
    assert report["outcome"] == "eligible", report["reasons"]
    household = await _enroll(api, report["id"], category)
    assert household["area"] == area
    assert household["next_review_on"] == add_months(today, months).isoformat()


async def test_a_given_allowance_overrides_the_suggested_one(api) -> None:
    report = await _verify(api)
    assert report["outcome"] == "eligible"
    household = await _enroll(
        api, report["id"], "illness_disability_stable", monthly_allowance="123.4"
    )
    assert household["monthly_allowance"] == "123.40"


async def test_an_ineligible_verification_is_not_enrollable(api) -> None:
    report = await _verify(api, "private_car")
    assert report["outcome"] == "ineligible"
    response = await api.http.post(
        "/v1/households",
        json={"verification_id": report["id"], "category": "stable"},
        headers=api.auth(),
    )
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "not-enrollable"


async def test_a_verification_is_enrolled_once(api) -> None:
    report = await _verify(api)
    await _enroll(api, report["id"])
    response = await api.http.post(
        "/v1/households",
        json={"verification_id": report["id"], "category": "three_no"},
        headers=api.auth(),
    )
    assert response.status_code == 409
    assert response.json()["code"] == "already-enrolled"


@pytest.mark.parametrize(
    "body",
    [
        {"category": "stable"},
        {"verification_id": "not-a-uuid", "category": "stable"},
        {"verification_id": "00000000-0000-0000-0000-000000000000", "category": "sometimes"},
        {
            "verification_id": "00000000-0000-0000-0000-000000000000",
            "category": "stable",
            "monthly_allowance": 300.5,  # money is a string, never a JSON number
        },
        {"verification_id": "00000000-0000-0000-0000-000000000000", "category": "stable", "x": 1},
    ],
)
async def test_malformed_enrolments_are_refused(api, body: dict) -> None:
    response = await api.http.post("/v1/households", json=body, headers=api.auth())
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"


async def test_an_unknown_verification_is_not_found(api) -> None:
    response = await api.http.post(
        "/v1/households",
        json={"verification_id": "00000000-0000-0000-0000-000000000000", "category": "stable"},
        headers=api.auth(),
    )
    assert response.status_code == 404


# ---------------------------------------------------------------------------- access


async def test_another_case_system_sees_nothing_of_a_household(api) -> None:
    today = business_today()  # at the test's time, not the import's
    report = await _verify(api)
    other = api.auth(api.other_token)
    refused = await api.http.post(
        "/v1/households",
        json={"verification_id": report["id"], "category": "stable"},
        headers=other,
    )
    assert refused.status_code == 404  # not its verification
    household = await _enroll(api, report["id"])
    path = f"/v1/households/{household['id']}"
    responses = [
        await api.http.get(path, headers=other),
        await api.http.patch(path, json={"category": "three_no"}, headers=other),
        await api.http.post(f"{path}/end", json={"reason": "moved away"}, headers=other),
    ]
    for response in responses:
        assert response.status_code == 404, response.text
        assert response.json()["code"] == "not-found"
    due = await api.http.get(
        "/v1/households/due",
        params={"as_of": add_months(today, 36).isoformat()},
        headers=other,
    )
    assert household["id"] not in {h["id"] for h in due.json()["items"]}
    unchanged = (await api.http.get(path, headers=api.auth())).json()
    assert unchanged == household


async def test_an_auditor_may_not_use_the_household_routes(api) -> None:
    report = await _verify(api)
    household = await _enroll(api, report["id"])
    auditor = api.auth(api.auditor_token)
    responses = [
        await api.http.post(
            "/v1/households",
            json={"verification_id": report["id"], "category": "stable"},
            headers=auditor,
        ),
        await api.http.get(f"/v1/households/{household['id']}", headers=auditor),
        await api.http.get("/v1/households/due", headers=auditor),
    ]
    for response in responses:
        assert response.status_code == 403
        assert response.json()["code"] == "wrong-role"


# ---------------------------------------------------------------------------- changes


async def test_changing_the_category_reschedules_from_the_last_review(api) -> None:
    today = business_today()  # at the test's time, not the import's
    report = await _verify(api)
    household = await _enroll(api, report["id"], "stable")
    path = f"/v1/households/{household['id']}"

    response = await api.http.patch(path, json={"category": "variable"}, headers=api.auth())
    assert response.status_code == 200, response.text
    changed = response.json()
    assert changed["category"] == "variable"
    assert changed["next_review_on"] == add_months(today, 6).isoformat()  # twice a year
    assert changed["monthly_allowance"] == household["monthly_allowance"]

    response = await api.http.patch(path, json={"monthly_allowance": "500"}, headers=api.auth())
    assert response.json()["monthly_allowance"] == "500.00"
    assert response.json()["next_review_on"] == changed["next_review_on"]

    events = [
        e for e in await _events(api, "household_updated") if e["household_id"] == household["id"]
    ]
    assert [e.get("category") for e in events] == ["variable", None]
    assert events[1]["monthly_allowance"] == "500.00"
    assert events[0]["verification_id"] == report["id"]

    refused = await api.http.patch(path, json={"status": "ended"}, headers=api.auth())
    assert refused.status_code == 422


async def test_ending_is_idempotent_and_final(api) -> None:
    today = business_today()  # at the test's time, not the import's
    report = await _verify(api)
    household = await _enroll(api, report["id"])
    path = f"/v1/households/{household['id']}"

    first = await api.http.post(f"{path}/end", json={"reason": "income rose"}, headers=api.auth())
    assert first.status_code == 200, first.text
    ended = first.json()
    assert ended["status"] == "ended"
    assert ended["ended_on"] == today.isoformat()
    assert ended["end_reason"] == "income rose"

    again = await api.http.post(f"{path}/end", json={"reason": "again"}, headers=api.auth())
    assert again.status_code == 200
    assert again.json() == ended

    events = [
        e for e in await _events(api, "household_ended") if e["household_id"] == household["id"]
    ]
    assert len(events) == 1
    assert events[0]["verification_id"] == report["id"]

    refused = await api.http.patch(path, json={"category": "three_no"}, headers=api.auth())
    assert refused.status_code == 409
    assert refused.json()["code"] == "household-ended"
    assert (await api.http.post(f"{path}/end", json={}, headers=api.auth())).status_code == 422


# ---------------------------------------------------------------------------- the due list


async def test_the_due_list_filters_orders_and_pages(api) -> None:
    today = business_today()  # at the test's time, not the import's
    region = "450321"  # only this test enrols households here
    enrolled = {}
    for category in ("three_no", "variable", "stable", "variable"):
        report = await _verify(api, region_code=region)
        assert report["outcome"] == "eligible"
        household = await _enroll(api, report["id"], category)
        enrolled[household["id"]] = household
    elsewhere = await _enroll(api, (await _verify(api))["id"], "variable")  # region 450102

    half = add_months(today, 6).isoformat()
    due = await _due(api, as_of=half, region="4503")
    # twice a year for irregular income; stable and 三无 yearly (办法 第三十一条第二款)
    assert {h["category"] for h in due["items"]} == {"variable"}
    assert len(due["items"]) == 2
    assert due["next_cursor"] is None
    assert all(h["next_review_on"] <= half for h in due["items"])
    assert await _due(api, as_of=today.isoformat(), region="4503") == {
        "items": [],
        "next_cursor": None,
    }
    in_both = await _due(api, as_of=half, region="45")
    assert elsewhere["id"] in {h["id"] for h in in_both["items"]}

    # a page at a time, in (next_review_on, id) order
    year = add_months(today, 12).isoformat()
    pages, cursor = [], None
    while True:
        page = await _due(
            api, as_of=year, region="4503", limit=1, **({"cursor": cursor} if cursor else {})
        )
        pages.append(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert all(len(p) == 1 for p in pages)
    listed = [p[0] for p in pages]
    assert {h["id"] for h in listed} == set(enrolled)
    assert [(h["next_review_on"], h["id"]) for h in listed] == sorted(
        (h["next_review_on"], h["id"]) for h in enrolled.values()
    )
    assert {h["category"] for h in listed[-2:]} == {"three_no", "stable"}

    # an ended household is no longer due
    ended = listed[0]["id"]
    await api.http.post(f"/v1/households/{ended}/end", json={"reason": "r"}, headers=api.auth())
    remaining = await _due(api, as_of=year, region="4503")
    assert ended not in {h["id"] for h in remaining["items"]}
    assert len(remaining["items"]) == 3

    event = (await _events(api, "households_due_read"))[-1]
    assert event["region_prefix"] == "4503"
    assert event["as_of"] == year
    assert sorted(event["verification_ids"]) == sorted(
        h["verification_id"] for h in remaining["items"]
    )


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "not-a-cursor"},
        {"cursor": "bm90IGpzb24"},  # base64 of text that is not a cursor
        {"limit": 501},
        {"limit": 0},
        {"region": "4x"},
        {"as_of": "2026-02-30"},
    ],
)
async def test_a_bad_due_query_is_refused(api, params: dict) -> None:
    response = await api.http.get("/v1/households/due", params=params, headers=api.auth())
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    if "cursor" in params:
        assert response.json()["code"] == "invalid-cursor"
