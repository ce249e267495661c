"""Every agency refuses a request without both authorization headers."""

from __future__ import annotations

import pytest

ELIGIBLE_SELF = "450102198003120111"
MISSING = {"error": "missing authorization header"}

AGENCY_CALLS = [
    pytest.param(
        "POST", "/hukou/api/v2/person/verify", {"sfzhm": ELIGIBLE_SELF, "xm": "韦国强"}, id="hukou"
    ),
    pytest.param("GET", f"/vehicle/vehicles?idNo={ELIGIBLE_SELF}", None, id="vehicle"),
    pytest.param("GET", f"/housing/v1/owners/{ELIGIBLE_SELF}/properties", None, id="housing"),
    pytest.param(
        "POST",
        "/bank/gateway/deposit-query",
        {"certType": "01", "certNo": ELIGIBLE_SELF, "custName": "韦国强"},
        id="bank",
    ),
    pytest.param(
        "GET", f"/tax/income-records?nsrsbh={ELIGIBLE_SELF}&from=202501&to=202512", None, id="tax"
    ),
    pytest.param("GET", f"/provident-fund/accounts/{ELIGIBLE_SELF}", None, id="provident_fund"),
]

INCOMPLETE_HEADERS = [
    pytest.param({}, id="none"),
    pytest.param({"X-Authorization-Id": "AUTH-1"}, id="no-purpose"),
    pytest.param({"X-Purpose": "dibao-check"}, id="no-authorization-id"),
    pytest.param({"X-Authorization-Id": "", "X-Purpose": "dibao-check"}, id="empty-auth-id"),
    pytest.param({"X-Authorization-Id": "AUTH-1", "X-Purpose": ""}, id="empty-purpose"),
]


@pytest.mark.parametrize("headers", INCOMPLETE_HEADERS)
@pytest.mark.parametrize(("method", "url", "body"), AGENCY_CALLS)
def test_incomplete_headers_are_refused(bare_client, method, url, body, headers):
    response = bare_client.request(method, url, json=body, headers=headers)
    assert response.status_code == 400
    assert response.json() == MISSING


@pytest.mark.parametrize(("method", "url", "body"), AGENCY_CALLS)
def test_both_headers_are_accepted(client, method, url, body):
    response = client.request(method, url, json=body)
    assert response.status_code == 200
    assert response.json() != MISSING


def test_header_check_comes_before_body_and_query_checks(bare_client):
    hukou = bare_client.post("/hukou/api/v2/person/verify", content=b"not json")
    bank = bare_client.post("/bank/gateway/deposit-query", content=b"not json")
    vehicle = bare_client.get("/vehicle/vehicles", params={"size": 99})
    for response in (hukou, bank, vehicle):
        assert (response.status_code, response.json()) == (400, MISSING)


def test_scenario_listing_needs_no_headers(bare_client):
    assert bare_client.get("/_scenarios").status_code == 200
    assert bare_client.get("/_scenarios/eligible").status_code == 200
