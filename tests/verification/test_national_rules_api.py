"""The 2021 办法's rules from the layered policy, end to end through the API: 分档 in an
example city (柳州, 4502) and 差额 in Nanning (4501), the work-refusal cut, 刚性支出困难家庭,
single-person candidates in a 边缘 household and declared relations.

Figures under gx-2016 (rural standard 2500 a year, 208.33 a month); the scenario households
are those of tests/verification/test_scenarios.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from tests.verification.helpers import scenario_body
from verification.audit.models import AuditEvent
from verification.verifications.models import Verification

LIUZHOU = "450202"  # gx-liuzhou: 分档 and the local figures, all examples
CREATE = "/v1/verifications"


async def post(api, name: str, declaration: dict[str, Any] | None = None, **overrides: Any):
    body = scenario_body(api.issuer_key, name, **overrides)
    if declaration is not None:
        body["declaration"] = declaration
    response = await api.http.post(CREATE, json=body, headers=api.auth())
    return response


async def test_difference_in_nanning_states_its_method_and_article(api) -> None:
    report = (await post(api, "eligible")).json()
    assert report["outcome"] == "eligible"
    allowance = report["allowance"]
    assert allowance["method"] == "difference" and allowance["tier"] is None
    assert allowance["amount_monthly"] == report["suggested_allowance_monthly"] == "424.99"
    (message,) = allowance["messages"]
    assert message["code"] == "rule.allowance.difference"
    assert "第十二条第一款" in message["text"] and "按差额计算" in message["text"]


async def test_a_tiered_city_pays_the_tier(api) -> None:
    report = (await post(api, "eligible", region_code=LIUZHOU)).json()
    assert report["outcome"] == "eligible" and report["region_code"] == LIUZHOU
    # per head 66.67 (wages net of the employment cost, rule 4): gap (208.33 − 66.67) ÷ 208.33
    # = 0.68 → tier 3: 1.00 × 2500 ÷ 12 = 208.33 per person, 2500 × 3 ÷ 12 = 625.00 rounded once
    allowance = report["allowance"]
    assert allowance["method"] == "tiered"
    assert allowance["tier"] == {
        "number": 3,
        "up_to_gap_fraction": "1",
        "fraction_of_standard": "1.00",
        "per_person_monthly": "208.33",
    }
    assert report["suggested_allowance_monthly"] == "625.00"
    text = allowance["messages"][0]["text"]
    assert "按分档计算：第 3 档" in text and "柳州市 示例值" in text and "第二十三条" in text


async def test_work_refusal_cuts_only_the_refusers_share(api) -> None:
    declaration = {"work_refusals": [{"member_index": 1, "consecutive_unjustified": 3}]}
    report = (await post(api, "eligible", declaration, region_code=LIUZHOU)).json()
    allowance = report["allowance"]
    assert allowance["before_cuts_monthly"] == "625.00"
    assert allowance["work_refusal_cuts"] == [
        {
            "member_index": 1,
            "consecutive_unjustified": 3,
            "share_monthly": "208.33",
            "cut_monthly": "208.33",
        }
    ]
    # the two others keep 208.33 and 208.34 (625.00 − 208.33: rounded once)
    assert report["suggested_allowance_monthly"] == "416.67"
    cut = next(m for m in allowance["messages"] if m["code"] == "rule.work_refusal.cut")
    assert cut["text"].startswith("成员2无正当理由连续 3 次拒绝介绍的工作")
    assert "第四十五条" in cut["text"]
    english = await api.http.get(
        f"{CREATE}/{report['id']}", headers={**api.auth(), "Accept-Language": "en"}
    )
    en_cut = next(
        m for m in english.json()["allowance"]["messages"] if m["code"] == "rule.work_refusal.cut"
    )
    assert en_cut["text"].startswith("member 2 refused suitable work")


async def test_a_cut_left_to_local_government_suggests_no_amount(api) -> None:
    declaration = {"work_refusals": [{"member_index": 0, "consecutive_unjustified": 4}]}
    report = (await post(api, "eligible", declaration)).json()
    assert report["outcome"] == "eligible"
    assert report["suggested_allowance_monthly"] is None
    allowance = report["allowance"]
    assert allowance["before_cuts_monthly"] == "424.99"
    assert allowance["work_refusal_cuts"][0]["cut_monthly"] is None
    assert allowance["messages"][-1]["code"] == "policy.work_refusal.fraction_left_to_local"


async def test_a_report_without_an_amount_is_enrolled_only_with_one_given(api) -> None:
    declaration = {"work_refusals": [{"member_index": 0, "consecutive_unjustified": 4}]}
    report = (await post(api, "eligible", declaration)).json()
    assert report["suggested_allowance_monthly"] is None
    enrol = {"verification_id": report["id"], "category": "stable"}
    refused = await api.http.post("/v1/households", json=enrol, headers=api.auth())
    assert refused.status_code == 409
    assert refused.json()["code"] == "not-enrollable"
    assert "monthly_allowance" in refused.json()["detail"]
    given = await api.http.post(
        "/v1/households", json={**enrol, "monthly_allowance": "300.00"}, headers=api.auth()
    )
    assert given.status_code == 201, given.text
    assert given.json()["monthly_allowance"] == "300.00"
    # the scenario's people are free again for the other tests of this module
    ended = await api.http.post(
        f"/v1/households/{given.json()['id']}/end", json={"reason": "test"}, headers=api.auth()
    )
    assert ended.status_code == 200, ended.text


async def test_fewer_refusals_than_the_threshold_change_nothing(api) -> None:
    declaration = {"work_refusals": [{"member_index": 0, "consecutive_unjustified": 2}]}
    report = (await post(api, "eligible", declaration, region_code=LIUZHOU)).json()
    assert report["allowance"]["work_refusal_cuts"] == []
    assert report["suggested_allowance_monthly"] == "625.00"


async def test_rigid_spending_hardship_is_stated(api) -> None:
    # income_above: wages 3000.00 a month for 2 → 1500.00 a person, 18000.00 a year < 26000;
    # 20000.00 of medical spending > 0.50 × 36000.00
    declaration = {"rigid_spending_12_months": {"medical": "20000.00"}}
    report = (await post(api, "income_above", declaration, region_code=LIUZHOU)).json()
    assert report["outcome"] == "ineligible"
    assert report["rigid_expense_hardship"] is True
    hardship = report["hardship"]
    assert hardship["status"] == "met"
    assert hardship["figures"]["income_spending_window"] == "36000.00"
    assert [m["code"] for m in hardship["messages"]] == [
        "rule.hardship.income_below",
        "rule.hardship.property_within",
        "rule.hardship.spending_above",
    ]


async def test_hardship_figures_left_to_local_are_noted_not_guessed(api) -> None:
    declaration = {"rigid_spending_12_months": {"medical": "20000.00"}}
    report = (await post(api, "income_above", declaration)).json()
    assert report["rigid_expense_hardship"] is False
    hardship = report["hardship"]
    assert hardship["status"] == "not_assessable"
    notes = [m for m in hardship["messages"] if m["code"] == "policy.hardship.left_to_local"]
    assert len(notes) == 2
    assert "无法判断是否为刚性支出困难家庭" in notes[0]["text"]


async def test_an_edge_household_flags_a_single_person_candidate(api) -> None:
    declaration = {
        "members": [
            {"member_index": 1, "disability_grade": 3, "disability_kind": "mental"},
        ]
    }
    report = (await post(api, "low_income_edge", declaration)).json()
    assert report["low_income_edge"] is True
    (candidate,) = report["single_person_candidates"]
    assert candidate["member_index"] == 1
    assert candidate["categories"] == ["disability_grade_3_intellectual_mental"]
    assert "三级智力、精神残疾人" in candidate["message"]["text"]
    assert "第八条第一款" in candidate["message"]["text"]
    assert report["hardship"]["status"] == "not_applicable"  # 边缘 is not 刚性支出困难


async def test_single_person_support_that_may_be_disregarded_is_noted(api) -> None:
    declaration = {
        "members": [
            {"member_index": 0, "severe_disability": True, "exempt_support_monthly": "150.00"}
        ],
        "single_person_member": 0,
    }
    report = (await post(api, "single_disabled", declaration)).json()
    assert report["household_basis"] == "single_person"
    (note,) = report["single_person_notes"]
    assert note["code"] == "rule.single_person.support_exemptable"
    assert "150.00" in note["text"] and "一（一）" in note["text"]
    assert report["suggested_allowance_monthly"] == "208.33"  # not deducted


async def test_declared_relations_are_checked_against_article_7(api) -> None:
    declaration = {
        "members": [
            {"member_index": 0, "relation": "applicant"},
            {"member_index": 1, "relation": "spouse", "excluded_as": "imprisoned"},
            {"member_index": 2, "relation": "other"},
        ]
    }
    report = (await post(api, "eligible", declaration)).json()
    assert report["outcome"] == "eligible"  # a finding, not a refusal
    member = [f for f in report["findings"] if f["subject"] == "member"]
    assert [(f["code"], f["member_index"]) for f in member] == [
        ("finding.member_excluded_person", 1),
        ("finding.relation_outside_members", 2),
    ]
    assert "第七条第一款" in member[1]["detail"]


@pytest.mark.parametrize(
    "declaration",
    [
        {"work_refusals": [{"member_index": 0, "consecutive_unjustified": -1}]},
        {"work_refusals": [{"member_index": 0, "consecutive_unjustified": 2.5}]},
        {"members": [{"member_index": 0, "relation": "cousin"}]},
        {"rigid_spending_12_months": {"medical": 20000.5}},
    ],
)
async def test_bad_values_are_problems_and_store_nothing(api, declaration) -> None:
    await api.drain()
    async with api.sessions() as session:
        before = await session.scalar(select(func.count()).select_from(Verification))
        audited = await session.scalar(select(func.count()).select_from(AuditEvent))
    response = await post(api, "eligible", declaration)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "invalid-request"
    await api.drain()
    async with api.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Verification)) == before
        assert await session.scalar(select(func.count()).select_from(AuditEvent)) == audited + 1


@pytest.mark.parametrize(
    "declaration",
    [
        {"work_refusals": [{"member_index": 5, "consecutive_unjustified": 3}]},
        {
            "work_refusals": [
                {"member_index": 0, "consecutive_unjustified": 3},
                {"member_index": 0, "consecutive_unjustified": 4},
            ]
        },
        {"members": [{"member_index": 0, "disability_kind": "mental"}]},
        {"members": [{"member_index": 0, "severe_disability": True, "disability_grade": 3}]},
    ],
)
async def test_inconsistent_declarations_are_refused_and_store_nothing(api, declaration) -> None:
    await api.drain()
    async with api.sessions() as session:
        before = await session.scalar(select(func.count()).select_from(Verification))
        audited = await session.scalar(select(func.count()).select_from(AuditEvent))
    response = await post(api, "eligible", declaration)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "declaration-invalid"
    await api.drain()
    async with api.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Verification)) == before
        assert await session.scalar(select(func.count()).select_from(AuditEvent)) == audited + 1
