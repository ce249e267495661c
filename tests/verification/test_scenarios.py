"""Every scenario household of the mock agencies, end to end through the API.

Expected figures by hand from the layered policy of 南宁 (450102) on the assessment date
(today, after 2026-01-01): rural standard 2500 yuan/year (gx, example) → 2500 / 12 =
208.333… → 208.33 a month; financial limit 2 × 2500 × size (gx, example); low-income line
2500 × 1.5 / 12 = 312.50 (办法 第八条第二款); 必要的就业成本 100.00 a month (gx, example)
deducted from every member's wages and labour income, never more than a month's earnings
(办法 第十三条第一款第（一）项 — the flat policy deducted it only from poverty-project workers,
so the per-capita figures below fell); and the records in WIRE.md.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from connectors.sdk.discovery import installed_sources
from mock_sources.scenarios import HOUSEHOLDS
from tests.verification.helpers import integrated_report, scenario_body
from verification.messages.locale import DEFAULT_LOCALE
from verification.reports.language import localize
from verification.reports.model import VerificationReport
from verification.verifications.models import SourceQuery, Verification

SOURCES = len(installed_sources().scopes)  # every installed source asked of every member

EXPECTED = {
    # name: (outcome, per-capita, allowance (None: does not apply), edge, failing or open rules)
    # labour (300.00 − 100.00) a month / 3 people = 66.67; 208.33 × 3 − 200.00 = 424.99
    "eligible": ("eligible", "66.67", "424.99", False, set()),
    # wages (2000.00 − 100.00 + 1000.00 − 100.00) / 2 = 1400.00 > 208.33
    "income_above": ("ineligible", "1400.00", None, False, {"income_below_standard"}),
    # (240.00 − 100.00) / 3 = 46.67, but a private car (非营运 小型轿车)
    "private_car": ("ineligible", "46.67", None, False, {"no_non_exempt_vehicle"}),
    # (200.00 − 100.00) / 2 = 50.00, two residences > 1
    "two_houses": ("ineligible", "50.00", None, False, {"housing_within_limit"}),
    # (150.00 − 100.00) / 2 = 25.00; 50000.00 + 10000.00 > 2 × 2500 × 2 = 10000.00
    "large_deposits": ("ineligible", "25.00", None, False, {"financial_assets_within_limit"}),
    # spouse deceased: 2 living members, (200.00 − 100.00) / 2 = 50.00; composition changed
    "deceased_member": ("review_required", "50.00", None, False, {"household_composition"}),
    # spouse unknown to public security: identity not confirmed; (200.00 − 100.00) / 2 = 50.00
    "unknown_person": ("review_required", "50.00", None, False, {"identity_confirmed"}),
    # one person, no income: (208.33 − 0.00) × 1 = 208.33
    "single_disabled": ("eligible", "0.00", "208.33", False, set()),
    # wages (600.00 − 100.00) / 2 = 250.00: above 208.33, below the edge line 312.50, property
    # within the limits (rule 11)
    "low_income_edge": ("ineligible", "250.00", None, True, {"income_below_standard"}),
    # the employment and social-insurance source (人社, connectors/social_insurance):
    # the residents' basic pension, 150.00 a month; its exclusion (办法 第十三条第二款第（三）项)
    # lapsed on 2025-12-31 with no successor, so it counts: 150.00 / 1 = 150.00 < 208.33 →
    # eligible; allowance (208.33 − 150.00) × 1 = 58.33
    "elder_basic_pension": ("eligible", "150.00", "58.33", False, set()),
    # an enterprise employee's pension counts (转移性收入, 办法 第十三条第一款第（四）项):
    # (2600.00 + the spouse's basic pension 150.00) / 2 = 1375.00 > 312.50 (not the edge)
    "retired_employee": ("ineligible", "1375.00", None, False, {"income_below_standard"}),
    # 失业保险金 counts (ibid.): 1674.00 / 4 = 418.50 > 312.50 (not the edge)
    "unemployed_benefit": ("ineligible", "418.50", None, False, {"income_below_standard"}),
    # a contribution base every month (3500.00 / 3800.00) implies a wage no source reports: the
    # wages cannot be confirmed; nothing counted: 0.00
    "undeclared_wages": ("review_required", "0.00", None, False, {"wages_consistent"}),
    # (200.00 − 100.00) / 2 = 50.00; securities in two accounts 5800.00 + 4800.00 = 10600.00
    # > 10000.00 by themselves, with the bank's 536.20: 11136.20
    "securities_two_accounts": (
        "ineligible",
        "50.00",
        None,
        False,
        {"financial_assets_within_limit"},
    ),
    # the insurance platform (商业保险). Labour (200.00 − 100.00) / 2 = 50.00, but the financial
    # assets are the demand deposit 2000.00 + the whole-life policy's cash value 18000.00 =
    # 20000.00 > 2 × 2500 × 2 = 10000.00 (办法 第十四条: 商业保险 is property)
    "insurance_cash_value": (
        "ineligible",
        "50.00",
        None,
        False,
        {"financial_assets_within_limit"},
    ),
    # annuities 300.00 + 200.00 a month, every month of the window: (3600.00 + 2400.00) / 12 =
    # 500.00 a month, no employment cost (not wages), / 2 = 250.00: above 208.33, below the
    # edge line 312.50; financial assets are the cash values 2000.00 + 1500.00 = 3500.00 ≤
    # 10000.00 (办法 第十三条第一款第（三）项: 储蓄性保险投资 income)
    "annuity_income": ("ineligible", "250.00", None, True, {"income_below_standard"}),
    # medical and accident cover only, no cash value: labour (300.00 − 100.00) / 2 = 100.00;
    # financial assets 1500.00 (the deposit alone) ≤ 10000.00; 208.33 × 2 − 200.00 = 216.66
    "medical_only": ("eligible", "100.00", "216.66", False, set()),
    # a 个体工商户 in business, no 经营所得 from tax: its 2025 annual report's turnover
    # 9.6 万元 = 96000.00 × 10 % (gx, example) = 9600.00 a year / 12 = 800.00 a month (经营
    # 净收入, no employment cost); 800.00 / 2 = 400.00 > 312.50, so not an edge household
    "business_turnover": ("ineligible", "400.00", None, False, {"income_below_standard"}),
    # (200.00 − 100.00) / 2 = 50.00, but legal representative and shareholder of a 存续
    # 有限责任公司 (gx, example: an operating company fails the property rules)
    "company_shareholder": ("ineligible", "50.00", None, False, {"no_operating_company"}),
    # (300.00 − 100.00) / 3 = 66.67; 208.33 × 3 − 200.00 = 424.99: the 注销 个体工商户's old
    # turnover and the 吊销 company's shares count for nothing
    "business_closed": ("eligible", "66.67", "424.99", False, set()),
}


def test_every_scenario_has_an_expectation() -> None:
    assert {h.name for h in HOUSEHOLDS} == set(EXPECTED)
    for household in HOUSEHOLDS:
        assert household.expected_outcome.value == EXPECTED[household.name][0]


@pytest.mark.parametrize("name", sorted(EXPECTED))
async def test_scenario_outcome(api, name: str) -> None:
    outcome, per_capita, allowance, edge, open_rules = EXPECTED[name]
    response = await api.http.post(
        "/v1/verifications", json=scenario_body(api.issuer_key, name), headers=api.auth()
    )
    assert response.status_code == 201, response.text
    report = response.json()
    # a new report's texts are the default locale's as built: the response skips localize
    built = VerificationReport.model_validate(report)
    assert localize(built, DEFAULT_LOCALE).model_dump(mode="json") == report
    assert report["outcome"] == outcome
    assert report["income"]["per_capita_monthly"] == per_capita
    assert report["suggested_allowance_monthly"] == allowance
    assert report["low_income_edge"] is edge
    assert report["policy"]["id"] == "gx-nanning"
    assert report["income"]["standard_monthly"] == "208.33"
    assert {r["rule"] for r in report["rules"] if r["result"] != "passed"} == open_rules
    household = next(h for h in HOUSEHOLDS if h.name == name)
    # every installed source (the six and the separately installed social insurance) per member
    sources = len(installed_sources().scopes)
    assert sources >= 7
    assert len(report["sources"]) == sources * len(household.members)
    assert all(s["status"] in {"ok", "not_found"} for s in report["sources"])
    for member, view in zip(household.members, report["members"], strict=True):
        assert member.id_number not in response.text
        assert view["id_number_masked"] == member.id_number[:6] + "********" + member.id_number[-4:]

    again = await integrated_report(api, report)  # the same report, with its place in the log
    assert {**again, "audit": report["audit"]} == report

    async with api.sessions() as session:
        row = await session.get(Verification, __import__("uuid").UUID(report["id"]))
        assert row is not None and row.outcome == outcome and row.status == "completed"
        assert row.report_enc is not None and member.name not in row.report_enc
        queries = await session.scalar(
            select(func.count())
            .select_from(SourceQuery)
            .where(SourceQuery.verification_id == row.id)
        )
        assert queries == sources * len(household.members)


async def test_eligible_report_shows_its_working(api) -> None:
    report = (
        await api.http.post(
            "/v1/verifications", json=scenario_body(api.issuer_key, "eligible"), headers=api.auth()
        )
    ).json()
    income = report["income"]
    assert income["months"] == 12
    # labour 300.00 less the employment cost of 100.00 a month (办法 第十三条)
    assert income["household_before_deductions"] == "300.00"
    assert income["household_monthly"] == "200.00"
    assert income["members"][0]["counted_by_category"] == {"labour": "300.00"}
    assert report["assets"]["financial_total"] == "3000.00"
    assert report["assets"]["financial_limit"] == "15000.00"
    assert [v["use"] for v in report["assets"]["vehicles"]] == ["agricultural"]
    assert Decimal(report["assets"]["vehicles"][0]["estimated_value"]) == Decimal("8000.00")
    income_rule = next(r for r in report["rules"] if r["rule"] == "income_below_standard")
    assert income_rule["figures"] == {"per_capita_monthly": "66.67", "standard_monthly": "208.33"}
    assert {e["source"] for e in income_rule["evidence"]} == {"tax"}
    assert (await integrated_report(api, report))["audit"]["seq"] > 0


async def test_securities_in_two_accounts_sum_over_the_limit(api) -> None:
    """The register's holdings across 黄振华's two open accounts, each under the limit alone,
    sum over it; the bank reports his deposit and no securities, so nothing counts twice."""
    response = await api.http.post(
        "/v1/verifications",
        json=scenario_body(api.issuer_key, "securities_two_accounts"),
        headers=api.auth(),
    )
    assert response.status_code == 201, response.text
    report = response.json()
    assets = report["assets"]
    # 沪A 601398: 580000 fen = 5800.00; 深A 159919: 480000 fen = 4800.00; the closed fund
    # account is not asked; bank demand deposit 50000 cents = 500.00
    assert [(a["kind"], a["value"], a["evidence"]) for a in assets["financial"]] == [
        ("demand_deposit", "536.20", {"source": "bank", "reference": "6222****2116"}),
        ("securities", "5800.00", {"source": "securities", "reference": "A4****2211/601398"}),
        ("securities", "4800.00", {"source": "securities", "reference": "04****2212/159919"}),
    ]
    # 536.20 + 5800.00 + 4800.00 = 11136.20; limit 2 × 2500 × 2 members = 10000.00
    assert (assets["financial_total"], assets["financial_limit"]) == ("11136.20", "10000.00")
    rule = next(r for r in report["rules"] if r["rule"] == "financial_assets_within_limit")
    assert rule["result"] == "failed"
    assert rule["figures"] == {"total": "11136.20", "limit": "10000.00"}
    assert {e["source"] for e in rule["evidence"]} == {"bank", "securities"}
    # labour 200.00 − 100.00 employment cost = 100.00 / 2 = 50.00 < 208.33: income passes
    income = next(r for r in report["rules"] if r["rule"] == "income_below_standard")
    assert income["result"] == "passed"
    assert report["outcome"] == "ineligible"
    securities = [
        s for s in report["sources"] if s["scope"] == "securities" and s["status"] == "ok"
    ]
    assert [s["requests"] for s in securities] == [3]  # accounts, then the two open ones
    # the register answers the national list's securities, not the bank (ADR 0014)
    coverage = {c["source"]: c for c in report["procedure"]["sources"]}
    assert (coverage["securities"]["scope"], coverage["securities"]["coverage"]) == (
        "securities",
        "queried",
    )
    assert coverage["bank_deposits"]["scope"] == "bank"
    page = await api.http.get(f"/v1/verifications/{report['id']}/report.html", headers=api.auth())
    assert page.status_code == 200
    assert "证券登记结算" in page.text  # the printable report names the register
    assert "A4****2211/601398" in page.text and "A450102211" not in page.text


async def test_report_of_another_client_is_not_found(api) -> None:
    created = await api.http.post(
        "/v1/verifications", json=scenario_body(api.issuer_key, "eligible"), headers=api.auth()
    )
    other = await api.http.get(
        f"/v1/verifications/{created.json()['id']}", headers=api.auth(api.other_token)
    )
    assert other.status_code == 404
    assert other.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({}, 401, "authentication-required"),
        ({"Authorization": "Bearer vt_not-a-token"}, 401, "invalid-token"),
        ({"Authorization": "Basic Zm9vOmJhcg=="}, 401, "authentication-required"),
    ],
)
async def test_routes_refuse_missing_or_wrong_tokens(api, headers, status, code) -> None:
    for method, path in [
        ("POST", "/v1/verifications"),
        ("GET", f"/v1/verifications/{__import__('uuid').uuid4()}"),
    ]:
        response = await api.http.request(
            method, path, headers=headers, json={"authorization": "x"}
        )
        assert response.status_code == status
        assert response.json()["code"] == code


async def test_wrong_role_is_forbidden(api) -> None:
    response = await api.http.post(
        "/v1/verifications",
        json=scenario_body(api.issuer_key, "eligible"),
        headers=api.auth(api.auditor_token),
    )
    assert response.status_code == 403
    assert response.json()["code"] == "wrong-role"


async def test_printable_report_in_chinese(api) -> None:
    created = (
        await api.http.post(
            "/v1/verifications",
            json=scenario_body(api.issuer_key, "private_car"),
            headers=api.auth(),
        )
    ).json()
    for path, accept in (
        (f"/v1/verifications/{created['id']}/report.html", "*/*"),
        (f"/v1/verifications/{created['id']}", "text/html,application/xhtml+xml,*/*;q=0.8"),
    ):
        page = await api.http.get(path, headers={**api.auth(), "Accept": accept})
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert page.headers["cache-control"] == "no-store"
        assert "家庭经济状况核对报告" in page.text and "不符合低保条件" in page.text
        assert created["id"] in page.text
        assert "450102********0616" in page.text and "450102198506060616" not in page.text
    as_json = await api.http.get(
        f"/v1/verifications/{created['id']}", headers={**api.auth(), "Accept": "application/json"}
    )
    assert as_json.headers["content-type"] == "application/json"
    foreign = await api.http.get(
        f"/v1/verifications/{created['id']}/report.html", headers=api.auth(api.other_token)
    )
    assert foreign.status_code == 404


async def test_business_registrations_in_the_report_and_its_printable_page(api) -> None:
    report = (
        await api.http.post(
            "/v1/verifications",
            json=scenario_body(api.issuer_key, "business_turnover"),
            headers=api.auth(),
        )
    ).json()
    (business,) = report["assets"]["businesses"]
    # the XML's 3 万元 and 9.6 万元, in yuan
    assert business == {
        "member_index": 0,
        "entity_type": "individual",
        "role": "operator",
        "status": "active",
        "registered_capital": "30000.00",
        "subscribed_share": None,
        "declared_turnover": "96000.00",
        "report_year": 2025,
        "evidence": {"source": "market_regulation", "reference": "NB4501022021000321"},
    }
    # 96000.00 × 0.10 / 12 = 800.00 a month of 经营净收入, counted for the operator
    applicant = report["income"]["members"][0]
    assert applicant["counted_by_category"] == {"business": "800.00"}
    assert applicant["counted_monthly"] == "800.00"
    income_rule = next(r for r in report["rules"] if r["rule"] == "income_below_standard")
    assert {"source": "market_regulation", "reference": "NB4501022021000321"} in income_rule[
        "evidence"
    ]
    page = await api.http.get(f"/v1/verifications/{report['id']}/report.html", headers=api.auth())
    assert "个体工商户与企业" in page.text and "个体工商户" in page.text and "经营者" in page.text
    assert "（2025 年度）" in page.text

    company = (
        await api.http.post(
            "/v1/verifications",
            json=scenario_body(api.issuer_key, "company_shareholder"),
            headers=api.auth(),
        )
    ).json()
    # the one company, twice: legal representative and shareholder (10 万元 of 50 万元)
    roles = [(b["role"], b["subscribed_share"]) for b in company["assets"]["businesses"]]
    assert roles == [("legal_representative", None), ("shareholder", "100000.00")]
    rule = next(r for r in company["rules"] if r["rule"] == "no_operating_company")
    assert rule["result"] == "failed"
    assert rule["figures"] == {"count": "1"}  # one company, whatever the roles
    assert rule["evidence"] == [{"source": "market_regulation", "reference": "NB4501022019001187"}]

    closed = (
        await api.http.post(
            "/v1/verifications",
            json=scenario_body(api.issuer_key, "business_closed"),
            headers=api.auth(),
        )
    ).json()
    statuses = [b["status"] for b in closed["assets"]["businesses"]]
    assert statuses == ["deregistered", "revoked"]
    assert closed["income"]["members"][0]["counted_by_category"] == {"labour": "300.00"}
    rule = next(r for r in closed["rules"] if r["rule"] == "no_operating_company")
    assert (rule["result"], rule["figures"]) == ("passed", {"count": "0"})
