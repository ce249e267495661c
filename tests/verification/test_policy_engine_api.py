"""The policy engine through the API: the layered policy as data, dated and traced in the
report, its gaps refused; declarations."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import time_machine

from tests.verification.helpers import entry_of, scenario_body
from tests.verification.test_authorization_refusals import _counts
from verification.app import create_app
from verification.policies.in_force import ENGINE_PARAMS
from verification.policies.layered.loading import default_layers_dir


async def test_policy_layers_are_listed_for_any_authenticated_client(api) -> None:
    for token in (api.token, api.auditor_token):
        response = await api.http.get("/v1/policies", headers=api.auth(token))
        assert response.status_code == 200
        layers = {layer["id"]: layer for layer in response.json()["layers"]}
        assert set(layers) == {"cn", "gx", "gx-nanning", "gx-liuzhou", "ln", "ln-fuxin", "gd", "nm"}
        assert layers["cn"]["level"] == "national" and layers["cn"]["extends"] is None
        assert layers["gx-nanning"]["extends"] == "gx"
        assert layers["gx-nanning"]["parameters"] == ["standard.urban"]
        gx_docs = {d["id"]: d for d in layers["gx"]["documents"]}
        assert gx_docs["gzbf-2016-9"]["number"] == "桂政办发〔2016〕9号"
    assert (await api.http.get("/v1/policies")).status_code == 401


async def test_declared_versus_verified_findings_in_the_report(api) -> None:
    # the eligible household's head earns 300.00 labour a month and holds 3000.00 on deposit;
    # the declaration says 100.00 and 500.00, and no vehicle (there is a tractor)
    body = scenario_body(api.issuer_key, "eligible")
    body["declaration"] = {
        "incomes": [{"member_index": 0, "category": "labour", "monthly_amount": "100.00"}],
        "financial_assets_total": "500.00",
        "vehicles": 0,
        "residences": 1,
    }
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 201, response.text
    report = response.json()
    # (a member found elsewhere, by blind index, is a finding too: not the subject here)
    findings = {f["subject"]: f for f in report["findings"] if f["subject"] != "member"}
    assert set(findings) == {"income", "financial_assets", "vehicles"}
    assert findings["income"]["declared"] == "100.00" and findings["income"]["verified"] == "300.00"
    assert (
        findings["income"]["difference"] == "-200.00" and findings["income"]["tolerance"] == "50.00"
    )
    assert findings["financial_assets"]["verified"] == "3000.00"
    assert report["outcome"] == "eligible"  # findings inform the caseworker; the rules decide
    assert any(reason["code"] == "reason.declaration_differs" for reason in report["reasons"])


async def test_declared_deposits_alone_differ_from_the_registers_securities(api) -> None:
    # securities_two_accounts: the household declares its 536.20 bank deposit and nothing
    # else; the register's holdings (5800.00 + 4800.00) make the verified total 11136.20
    body = scenario_body(api.issuer_key, "securities_two_accounts")
    body["declaration"] = {"financial_assets_total": "536.20"}
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 201, response.text
    report = response.json()
    (finding,) = [f for f in report["findings"] if f["subject"] == "financial_assets"]
    assert (finding["declared"], finding["verified"]) == ("536.20", "11136.20")
    assert finding["difference"] == "-10600.00"  # 536.20 − 11136.20
    assert report["outcome"] == "ineligible"
    assert any(reason["code"] == "reason.declaration_differs" for reason in report["reasons"])


async def test_single_person_household_through_the_api(api) -> None:
    # the two_houses household: member 1 (born 1972) declared severely disabled, no income
    body = scenario_body(api.issuer_key, "two_houses")
    body["declaration"] = {
        "members": [{"member_index": 1, "severe_disability": True}],
        "single_person_member": 1,
    }
    report = (await api.http.post("/v1/verifications", json=body, headers=api.auth())).json()
    assert report["household_basis"] == "single_person" and report["single_person_member"] == 1
    assert report["household_size"] == 1
    # she alone holds one residence: within the limit; her income is 0.00
    assert report["income"]["per_capita_monthly"] == "0.00"
    assert report["outcome"] == "eligible" and report["suggested_allowance_monthly"] == "208.33"


async def test_a_declaration_about_unknown_members_is_refused(api) -> None:
    body = scenario_body(api.issuer_key, "single_disabled")
    body["declaration"] = {"members": [{"member_index": 3, "severe_disability": True}]}
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 422
    assert response.json()["code"] == "declaration-invalid"


def _layers(tmp_path: Path, edit: Callable[[str], str], name: str = "gx.toml") -> Path:
    """The shipped layers with one file edited."""
    for path in default_layers_dir().glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    target = tmp_path / name
    text = target.read_text(encoding="utf-8")
    edited = edit(text)
    assert edited != text
    target.write_text(edited, encoding="utf-8")
    return tmp_path


@asynccontextmanager
async def _served(api: Any, layers: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(api.settings.model_copy(update={"layers_dir": layers}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            yield http


async def test_changing_a_layer_changes_outcomes_without_code(api, tmp_path: Path) -> None:
    # Guangxi's rural standard 4200 a year (350.00 a month) from 2017: low_income_edge's
    # per-capita 250.00 is below it: eligible, allowance (350.00 − 250.00) × 2 = 200.00
    layers = _layers(
        tmp_path,
        lambda t: t.replace(
            'valid_from = 2017-01-01\nvalue = "2500.00"',
            'valid_from = 2017-01-01\nvalue = "4200.00"',
        ),
    )
    async with _served(api, layers) as http:
        response = await http.post(
            "/v1/verifications",
            json=scenario_body(api.issuer_key, "low_income_edge"),
            headers=api.auth(),
        )
    report = response.json()
    assert report["income"]["standard_monthly"] == "350.00"
    assert report["outcome"] == "eligible"
    assert report["suggested_allowance_monthly"] == "200.00"
    (rural,) = [v for v in report["policy"]["values"] if v["key"] == "standard.rural"]
    assert rural["value"] == "4200.00" and rural["layer"] == "gx"
    default = await api.http.post(
        "/v1/verifications",
        json=scenario_body(api.issuer_key, "low_income_edge"),
        headers=api.auth(),
    )
    assert default.json()["outcome"] == "ineligible"


async def test_the_report_traces_every_value_and_marks_examples(api) -> None:
    response = await api.http.post(
        "/v1/verifications", json=scenario_body(api.issuer_key, "eligible"), headers=api.auth()
    )
    report = response.json()
    policy = report["policy"]
    assert policy["id"] == "gx-nanning" and policy["version"] == report["as_of"]
    assert policy["name"] == "南宁市" and policy["example"] is True
    values = {v["key"]: v for v in policy["values"]}
    assert set(values) == {param.key for param in ENGINE_PARAMS}
    rural = values["standard.rural"]
    assert rural == {
        "key": "standard.rural",
        "label": "农村低保标准（元/人·年）",
        "status": "in_force",
        "value": "2500.00",
        "layer": "gx",
        "layer_name": "广西壮族自治区",
        "valid_from": "2017-01-01",
        "valid_until": None,
        "citation": rural["citation"],
        "example": True,
    }
    assert rural["citation"].startswith("示例值：")
    cost = values["income.employment_cost_monthly"]
    assert cost["value"] == "100.00" and cost["example"] is True
    # a figure of the report, traced: the deduction is the employment cost in force
    (deduction,) = report["income"]["deductions"]
    assert deduction["kind"] == "employment_cost" and deduction["monthly_amount"] == "100.00"
    edge = values["edge.income_multiple"]
    assert edge["example"] is False and edge["layer"] == "cn"
    assert "第八条第二款" in edge["citation"] and edge["valid_from"] == "2021-07-01"
    html = await api.http.get(f"/v1/verifications/{report['id']}/report.html", headers=api.auth())
    assert "适用的政策数值" in html.text and "农村低保标准（元/人·年）" in html.text
    assert '2500.00 <span class="tag">示例</span>' in html.text


@pytest.mark.parametrize(
    ("day", "monthly"),
    [
        (dt.datetime(2024, 12, 31, 4, 0, tzinfo=dt.UTC), "800.00"),  # 9600 a year
        (dt.datetime(2025, 1, 1, 4, 0, tzinfo=dt.UTC), "850.00"),  # 10200 a year
    ],
)
async def test_the_assessment_date_picks_the_dated_entry(
    api, day: dt.datetime, monthly: str
) -> None:
    """Nanning's urban standard changes on 1 January 2025: a verification on 31 December
    uses the 2024 entry, one on 1 January the 2025 entry."""
    with time_machine.travel(day, tick=True):
        body = scenario_body(api.issuer_key, "single_disabled", area="urban")
        response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
        assert response.status_code == 201, response.text
        report = response.json()
        stored = await api.http.get(f"/v1/verifications/{report['id']}", headers=api.auth())
    assert report["as_of"] == day.date().isoformat()
    assert report["income"]["standard_monthly"] == monthly
    assert report["suggested_allowance_monthly"] == monthly  # one person, no income
    (urban,) = [v for v in report["policy"]["values"] if v["key"] == "standard.urban"]
    assert urban["layer"] == "gx-nanning" and urban["valid_from"][:4] == str(day.year)
    # read again later (today), the report keeps the values of its own date
    assert stored.json()["policy"] == report["policy"]


async def test_a_policy_gap_refuses_the_verification_audited_and_stores_nothing(
    api, tmp_path: Path
) -> None:
    # Guangxi without its provident-fund rule: the 办法 leaves it to the region, none is set
    layers = _layers(
        tmp_path,
        lambda t: t.replace(
            "[[assets.count_provident_fund]]\nvalid_from = 2015-01-01\nvalue = false\n"
            "example = true\n",
            "",
        ).replace('note = "种子文本未提公积金"\n', "", 1),
    )
    async with _served(api, layers) as http:
        before = await _counts(api)
        refused = await http.post(
            "/v1/verifications",
            json=scenario_body(api.issuer_key, "eligible"),
            headers=api.auth(),
        )
        assert refused.status_code == 422
        assert refused.headers["content-type"] == "application/problem+json"
        problem = refused.json()
        assert problem["code"] == "policy-incomplete"
        assert "assets.count_provident_fund (left_to_local)" in problem["detail"]
        assert problem["region"] == "450102"
        assert [p["parameter"] for p in problem["parameters"]] == ["assets.count_provident_fund"]
        assert problem["parameters"][0]["status"] == "left_to_local"
        after = await _counts(api)
        event = await entry_of(api, problem["request_id"])
    assert event["code"] == "policy-incomplete"
    assert event["parameters"] == ["assets.count_provident_fund"]
    assert event["region_code"] == "450102" and event["kid"] == api.issuer_key.kid
    assert after["audit"] == before["audit"] + 1
    assert {k: v for k, v in after.items() if k != "audit"} == {
        k: v for k, v in before.items() if k != "audit"
    }
