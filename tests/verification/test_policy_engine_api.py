"""The policy engine through the API: policies, declarations, policy files as data."""

from __future__ import annotations

import shutil

import httpx
import pytest

from tests.verification.helpers import scenario_body
from verification.app import create_app
from verification.policies.catalog import default_policies_dir


async def test_policies_are_listed_for_any_authenticated_client(api) -> None:
    for token in (api.token, api.auditor_token):
        response = await api.http.get("/v1/policies", headers=api.auth(token))
        assert response.status_code == 200
        policies = {p["id"]: p for p in response.json()["policies"]}
        assert {"gx-2015", "gx-2016", "ln-fuxin-2017", "gd-2020"} <= set(policies)
        gx = policies["gx-2016"]
        assert gx["standards"]["rural"] == {
            "annual_per_person": "2500.00",
            "monthly_per_person": "208.33",
        }
        # Guangxi's own texts: irregular income twice a year, 三无 yearly
        assert gx["review_intervals_months"]["variable_rural"] == 6
        assert gx["review_intervals_months"]["variable_urban"] == 6
        assert gx["review_intervals_months"]["three_no"] == 12
        assert policies["ln-fuxin-2017"]["graduation_months"] == 12
        assert all(p["example"] for p in policies.values())
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


@pytest.fixture
def raised_standard(tmp_path):
    """The shipped policies, but Guangxi's rural standard is 4200 a year (350.00 a month)."""
    for path in default_policies_dir().glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    gx = tmp_path / "gx-2016.toml"
    gx.write_text(
        gx.read_text(encoding="utf-8").replace(
            'annual_per_person = "2500"', 'annual_per_person = "4200"'
        ),
        encoding="utf-8",
    )
    return tmp_path


async def test_changing_a_policy_file_changes_outcomes_without_code(api, raised_standard) -> None:
    # low_income_edge: per-capita 250.00 — above 208.33, but below 350.00:
    # eligible, allowance (350.00 − 250.00) × 2 = 200.00
    settings = api.settings.model_copy(update={"policies_dir": raised_standard})
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            response = await http.post(
                "/v1/verifications",
                json=scenario_body(api.issuer_key, "low_income_edge"),
                headers=api.auth(),
            )
    report = response.json()
    assert report["income"]["standard_monthly"] == "350.00"
    assert report["outcome"] == "eligible"
    assert report["suggested_allowance_monthly"] == "200.00"
    default = await api.http.post(
        "/v1/verifications",
        json=scenario_body(api.issuer_key, "low_income_edge"),
        headers=api.auth(),
    )
    assert default.json()["outcome"] == "ineligible"
