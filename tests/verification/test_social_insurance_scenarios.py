"""The employment and social-insurance households (人社, WIRE.md), their working shown.

Through the API with the mock agencies served (the separate distribution's agency mounted
through its entry point).  Figures by hand from the layered policy of 南宁 (450102) on the
suite's business date (after 2026-01-01): rural standard 2500 / 12 = 208.33 a month; edge line
2500 × 1.5 / 12 = 312.50; pensions by type and 失业保险金 counted as 转移性收入 (办法
第十三条第一款第（四）项, cn.toml ``income.excluded.{employee_pension,public_pension,
unemployment_benefit}`` = false); the residents' basic pension excluded only to 2025-12-31
(第十三条第二款第（三）项, "十四五"), so counted since.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from connectors.sdk.evidence import IncomeCategory
from tests.verification.helpers import scenario_body


async def _verify(api: Any, name: str, declaration: dict[str, Any] | None = None) -> dict:
    body = scenario_body(api.issuer_key, name)
    if declaration is not None:
        body["declaration"] = declaration
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 201, response.text
    report: dict = response.json()
    return report


def _rule(report: dict, name: str) -> dict:
    return next(rule for rule in report["rules"] if rule["rule"] == name)


def _members(report: dict) -> dict[int, dict]:
    return {m["member_index"]: m for m in report["income"]["members"]}


async def test_an_elder_with_only_the_basic_pension(api) -> None:
    assert api.runtime.today() > dt.date(2025, 12, 31)  # the exclusion has lapsed
    report = await _verify(api, "elder_basic_pension")
    # 150.00 a month of 城乡居民基本养老保险基础养老金, counted (lapsed exclusion, noted)
    assert _members(report)[0]["counted_by_category"] == {"basic_pension": "150.00"}
    assert _members(report)[0]["excluded_by_category"] == {}
    assert report["income"]["household_monthly"] == "150.00"
    # 150.00 / 1 = 150.00 < 208.33: eligible; allowance 208.33 − 150.00 = 58.33
    assert report["income"]["per_capita_monthly"] == "150.00"
    assert report["outcome"] == "eligible"
    assert report["suggested_allowance_monthly"] == "58.33"
    assert [n["code"] for n in report["policy_notes"]] == [
        "policy.lapsed",
        "policy.exclusion_lapsed_counted",
    ]
    income = _rule(report, "income_below_standard")
    assert {e["source"] for e in income["evidence"]} == {"social_insurance"}


async def test_an_enterprise_pension_counts(api) -> None:
    report = await _verify(api, "retired_employee")
    members = _members(report)
    assert members[0]["counted_by_category"] == {"employee_pension": "2600.00"}
    assert members[1]["counted_by_category"] == {"basic_pension": "150.00"}
    # 2600.00 + 150.00 = 2750.00 a month; no wages, so no employment cost
    assert report["income"]["household_before_deductions"] == "2750.00"
    assert report["income"]["household_monthly"] == "2750.00"
    # 2750.00 / 2 = 1375.00 > 312.50: ineligible and not in the edge band
    assert report["income"]["per_capita_monthly"] == "1375.00"
    assert (report["outcome"], report["low_income_edge"]) == ("ineligible", False)
    # each pension type's policy value is in the report, cited
    values = {v["key"]: v for v in report["policy"]["values"]}
    employee = values["income.excluded.employee_pension"]
    assert (employee["status"], employee["value"], employee["layer"]) == ("in_force", False, "cn")
    assert "第十三条第一款第（四）项" in employee["citation"]
    for key in ("income.excluded.public_pension", "income.excluded.unemployment_benefit"):
        assert values[key]["value"] is False


async def test_unemployment_benefit_counts_and_a_false_declaration_is_found(api) -> None:
    # the household declares 1000.00 of 失业保险金 for 何志明 and nothing else
    declaration = {
        "incomes": [
            {"member_index": 0, "category": "unemployment_benefit", "monthly_amount": "1000.00"}
        ]
    }
    report = await _verify(api, "unemployed_benefit", declaration)
    assert _members(report)[0]["counted_by_category"] == {"unemployment_benefit": "1674.00"}
    # 1674.00 / 4 = 418.50 > 312.50
    assert report["income"]["per_capita_monthly"] == "418.50"
    assert (report["outcome"], report["low_income_edge"]) == ("ineligible", False)
    # declared 1000.00, verified 1674.00: 674.00 apart, beyond the tolerance
    (finding,) = [f for f in report["findings"] if f["subject"] == "income"]
    assert (finding["member_index"], finding["category"]) == (0, "unemployment_benefit")
    assert (finding["declared"], finding["verified"]) == ("1000.00", "1674.00")
    assert "失业保险金" in finding["detail"]

    # the employment record: registered unemployed, the former employer by its credit code
    assert report["employment"] == [
        {
            "member_index": 0,
            "status": "unemployed",
            "employer_code": "91450103MA5L2P8D1W",
            "since": "2025-11",
            "contribution_months": 0,
            "latest_contribution_base": None,
            "evidence": {"source": "social_insurance", "reference": "SI450102304"},
        }
    ]
    # the printable report shows the benefit by its name and the employment section
    page = await api.http.get(f"/v1/verifications/{report['id']}/report.html", headers=api.auth())
    assert page.status_code == 200
    assert "失业保险金" in page.text
    assert "就业和社会保险" in page.text and "失业登记" in page.text
    assert "91450103MA5L2P8D1W" in page.text


async def test_a_contribution_base_implies_an_undeclared_wage(api) -> None:
    report = await _verify(api, "undeclared_wages")
    # nothing counted: no source reports wages or benefits
    assert report["income"]["per_capita_monthly"] == "0.00"
    # but 陈建宁 (member 0) contributed every month of the window on a base (3500.00 to June,
    # 3800.00 from July): the wages cannot be confirmed, so a caseworker must look
    wages = _rule(report, "wages_consistent")
    assert wages["result"] == "not_assessable"
    assert wages["messages"][0]["params"]["member_indexes"] == [0]
    months = report["income"]["months"]
    assert len(wages["evidence"]) == months
    assert {e["source"] for e in wages["evidence"]} == {"social_insurance"}
    assert report["outcome"] == "review_required"
    # the report's employment section: employed, a contribution in each of the window's months,
    # the latest month's base (3500.00 January–June, 3800.00 July–December)
    (employment,) = report["employment"]
    last_month = dt.date.fromisoformat(report["income"]["window_end"]).month
    assert employment == {
        "member_index": 0,
        "status": "employed",
        "employer_code": "91450100MA5KXY7C3Q",
        "since": "2020-03",
        "contribution_months": months,
        "latest_contribution_base": "3500.00" if last_month < 7 else "3800.00",
        "evidence": {"source": "social_insurance", "reference": "SI450102305"},
    }


async def test_before_the_lapse_the_basic_pension_was_excluded_and_the_others_counted(
    api,
) -> None:
    policies = api.runtime.policies
    during = policies.policy("450102", dt.date(2025, 6, 30))  # "十四五"
    after = policies.policy("450102", dt.date(2026, 6, 30))
    assert during.income.excluded_categories == [IncomeCategory.BASIC_PENSION]
    assert after.income.excluded_categories == []
