"""The insurance platform's scenario households, end to end: the real mock agencies (served in
a thread), the service's API, the report, its printable page and the declared-vs-verified
findings.

Figures by hand, from the layered policy of 南宁 (450102) on the assessment date (today): rural
standard 2500 yuan/year → 2500 / 12 = 208.33 a month; financial-asset limit 2 × 2500 × size;
edge line 2500 × 1.5 / 12 = 312.50; 必要的就业成本 100.00 a month off wages and labour income
only; a policy's cash value counts among the financial assets (办法 第十四条, "商业保险"), an
annuity as income (办法 第十三条第一款第（三）项, "储蓄性保险投资"); the records of WIRE.md.
"""

from __future__ import annotations

from tests.verification.helpers import scenario_body


async def _verify(api, name: str, **body) -> dict:
    response = await api.http.post(
        "/v1/verifications",
        json={**scenario_body(api.issuer_key, name), **body},
        headers=api.auth(),
    )
    assert response.status_code == 201, response.text
    return response.json()


def _insurance_sources(report: dict) -> list[tuple[int, str]]:
    return [
        (s["member_index"], s["status"]) for s in report["sources"] if s["scope"] == "insurance"
    ]


async def test_a_whole_life_policys_cash_value_is_a_financial_asset(api) -> None:
    report = await _verify(
        api,
        "insurance_cash_value",
        declaration={"financial_assets_total": "2000.00", "insurance_cash_value_total": "0.00"},
    )

    assert report["outcome"] == "ineligible"
    # the spouse holds no policy: the platform's code 1001, an answer
    assert _insurance_sources(report) == [(0, "ok"), (1, "not_found")]
    assets = report["assets"]
    # demand deposit 2000.00 + cash value 18000.00 = 20000.00 > 2 × 2500 × 2 = 10000.00
    assert (assets["financial_total"], assets["financial_limit"]) == ("20000.00", "10000.00")
    assert [
        (a["member_index"], a["kind"], a["value"], a["evidence"]) for a in assets["financial"]
    ] == [
        (0, "demand_deposit", "2000.00", {"source": "bank", "reference": "6222****2114"}),
        (
            0,
            "insurance_cash_value",
            "18000.00",
            {"source": "insurance", "reference": "P2009450102000211"},
        ),
    ]
    rule = next(r for r in report["rules"] if r["rule"] == "financial_assets_within_limit")
    assert rule["result"] == "failed"
    assert rule["figures"] == {"total": "20000.00", "limit": "10000.00"}
    assert {"source": "insurance", "reference": "P2009450102000211"} in rule["evidence"]
    # labour (200.00 − 100.00) / 2 = 50.00: the income alone would pass
    assert report["income"]["per_capita_monthly"] == "50.00"
    used = {v["key"]: v for v in report["policy"]["values"]}
    counted = used["assets.count_insurance_cash_value"]
    assert (counted["value"], counted["layer"], counted["example"]) == (True, "cn", False)
    assert "第十四条" in counted["citation"]

    # declared: 2000.00 of financial assets, no cash value. Verified 20000.00, tolerance
    # max(1000.00, 10 % × 20000.00) = 2000.00 < 18000.00; cash value 18000.00, tolerance
    # max(1000.00, 10 % × 18000.00) = 1800.00 < 18000.00
    findings = {f["subject"]: f for f in report["findings"]}
    assert set(findings) == {"financial_assets", "insurance_cash_value"}
    cash = findings["insurance_cash_value"]
    assert (cash["declared"], cash["verified"], cash["difference"], cash["tolerance"]) == (
        "0.00",
        "18000.00",
        "-18000.00",
        "1800.00",
    )
    assert cash["code"] == "finding.insurance_cash_value"
    assert cash["detail"] == "申报商业保险现金价值 0.00 元，核实为 18000.00 元"
    assert findings["financial_assets"]["tolerance"] == "2000.00"

    page = await api.http.get(f"/v1/verifications/{report['id']}/report.html", headers=api.auth())
    assert page.status_code == 200
    # the financial assets' table, the findings' table, the sources' list
    assert "商业保险现金价值" in page.text
    assert "18000.00" in page.text and "P2009450102000211" in page.text
    assert "商业保险" in page.text


async def test_annuities_are_income_and_are_paged_by_date_range(api) -> None:
    report = await _verify(
        api,
        "annuity_income",
        declaration={
            "incomes": [{"member_index": 0, "category": "annuity", "monthly_amount": "0.00"}]
        },
    )

    assert report["outcome"] == "ineligible"
    assert report["low_income_edge"] is True
    income = report["income"]
    # 300.00 + 200.00 on the 15th of every month of the 12: (3600.00 + 2400.00) / 12 = 500.00
    assert income["members"][0]["counted_by_category"] == {"annuity": "500.00"}
    assert income["members"][1]["counted_by_category"] == {}
    # not wages: no employment cost comes off
    assert income["household_before_deductions"] == "500.00"
    assert income["deductions"] == []
    assert income["household_monthly"] == "500.00"
    # 500.00 / 2 = 250.00: above 208.33, below the edge line 312.50
    assert (income["per_capita_monthly"], income["low_income_line_monthly"]) == (
        "250.00",
        "312.50",
    )
    # cash values of the two annuities in payout: 2000.00 + 1500.00 = 3500.00 ≤ 10000.00
    assert report["assets"]["financial_total"] == "3500.00"
    rules = {r["rule"]: r for r in report["rules"]}
    assert rules["financial_assets_within_limit"]["result"] == "passed"
    assert rules["income_below_standard"]["result"] == "failed"
    assert {e["source"] for e in rules["income_below_standard"]["evidence"]} == {"insurance"}
    assert report["suggested_allowance_monthly"] is None
    # the platform answers at most 92 days a request and five payments an answer, ending at a
    # whole day: two annuities pay twice on the 15th, so an answer keeps two months (four
    # payments; the fifth and sixth share a day) and the next range starts the day after.
    # 12 months / 2 = 6 answers, plus the policy list: 7 requests
    (source,) = [
        s for s in report["sources"] if s["scope"] == "insurance" and s["member_index"] == 0
    ]
    assert source["status"] == "ok"
    assert source["requests"] == 7
    assert source["attempts"] == 1  # a further range is no retry
    used = {v["key"]: v for v in report["policy"]["values"]}
    assert used["income.annuity_counted"]["value"] is True
    assert "第十三条第一款第（三）项" in used["income.annuity_counted"]["citation"]

    # declared no annuity; verified 500.00, tolerance max(50.00, 10 % × 500.00) = 50.00
    (finding,) = report["findings"]
    assert (finding["subject"], finding["member_index"], finding["category"]) == (
        "income",
        0,
        "annuity",
    )
    assert (finding["declared"], finding["verified"], finding["tolerance"]) == (
        "0.00",
        "500.00",
        "50.00",
    )

    page = await api.http.get(f"/v1/verifications/{report['id']}/report.html", headers=api.auth())
    assert "商业保险年金" in page.text  # the income table's category


async def test_medical_and_accident_cover_has_no_effect(api) -> None:
    report = await _verify(api, "medical_only", declaration={"insurance_cash_value_total": "0.00"})

    assert report["outcome"] == "eligible"
    assert _insurance_sources(report) == [(0, "ok"), (1, "ok")]
    # no cash value, nothing listed: the deposit alone, 1500.00 ≤ 2 × 2500 × 2 = 10000.00
    assert [(a["kind"], a["value"]) for a in report["assets"]["financial"]] == [
        ("demand_deposit", "1500.00")
    ]
    assert report["assets"]["financial_total"] == "1500.00"
    # labour (300.00 − 100.00) / 2 = 100.00; 208.33 × 2 − 200.00 = 216.66
    assert report["income"]["per_capita_monthly"] == "100.00"
    assert report["suggested_allowance_monthly"] == "216.66"
    assert report["findings"] == []  # declared 0.00 of cash value, and so it is


async def test_the_insurance_register_is_covered(api) -> None:
    report = await _verify(api, "medical_only")
    sources = {s["source"]: s for s in report["procedure"]["sources"]}
    assert sources["commercial_insurance"]["coverage"] == "queried"
    assert sources["commercial_insurance"]["scope"] == "insurance"
