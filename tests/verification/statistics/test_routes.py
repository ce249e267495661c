"""``GET /v1/statistics`` and its page: the supervisor role alone, its regions alone, an
empty period refused, every read audited — and no personal data in the JSON or the page."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import select

from mock_sources.scenarios import HOUSEHOLDS
from tests.verification.helpers import business_today, scenario_body
from verification.audit.models import AuditEvent
from verification.clients.models import ApiClient, Role
from verification.clients.service import create_client
from verification.kit.masking import mask_id_number

FULL_ID_NUMBER = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")
MASKED_ID_NUMBER = re.compile(r"[0-9]{6}\*{8}[0-9]{3}[0-9Xx]")


async def _supervisor(api, prefixes: list[str]) -> tuple[ApiClient, str]:
    async with api.runtime.transaction() as session:
        return await create_client(
            session,
            name="县民政局监督",
            role=Role.SUPERVISOR,
            issuers=[],
            region_prefixes=prefixes,
            actor="test",
        )


@pytest.fixture(scope="module")
async def supervisor(api) -> tuple[ApiClient, str]:
    return await _supervisor(api, ["4501", "61"])


def _params(region: str = "4501", days: int = 1) -> dict[str, str]:
    today = business_today()
    return {
        "region": region,
        "from": today.isoformat(),
        "to": (today + dt.timedelta(days=days)).isoformat(),
    }


async def _events(api, action: str) -> list[dict]:
    await api.drain()
    async with api.sessions() as session:
        rows = (
            await session.execute(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
            )
        ).scalars()
        return [json.loads(row.body) for row in rows]


async def test_a_supervisor_reads_its_region_and_the_read_is_audited(api, supervisor) -> None:
    client, token = supervisor
    response = await api.http.get("/v1/statistics", params=_params(), headers=api.auth(token))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-language"] == "zh-CN"
    view = response.json()
    assert view["region"] == "4501"
    assert [s["key"] for s in view["sections"]] == [
        "verifications",
        "households",
        "reviews",
        "sharing",
        "appeals",
        "spot_checks",
    ]
    assert view["sections"][0]["title"] == "核对与结果"
    read = [
        e for e in await _events(api, "statistics_read") if e.get("client_id") == str(client.id)
    ]
    assert read[-1]["region_prefix"] == "4501"
    assert read[-1]["period"] == [_params()["from"], _params()["to"]]
    assert read[-1]["sections"] == [
        "verifications",
        "households",
        "reviews",
        "sharing",
        "appeals",
        "spot_checks",
    ]


async def test_english_on_request(api, supervisor) -> None:
    _client, token = supervisor
    response = await api.http.get(
        "/v1/statistics", params={**_params(), "lang": "en"}, headers=api.auth(token)
    )
    assert response.status_code == 200, response.text
    assert response.json()["sections"][0]["title"] == "Verifications and outcomes"
    page = await api.http.get(
        "/v1/statistics/page",
        params=_params(),
        headers={**api.auth(token), "Accept-Language": "en"},
    )
    assert page.status_code == 200
    assert "Supervision statistics" in page.text


async def test_a_region_outside_its_prefixes_is_refused(api, supervisor) -> None:
    _client, token = supervisor
    for region in ("45", "4502", "62"):  # broader than its prefix, beside it, elsewhere
        response = await api.http.get(
            "/v1/statistics", params=_params(region), headers=api.auth(token)
        )
        assert response.status_code == 403, (region, response.text)
        assert response.json()["code"] == "region-not-supervised"
    # within a prefix: allowed
    narrower = await api.http.get(
        "/v1/statistics", params=_params("450102"), headers=api.auth(token)
    )
    assert narrower.status_code == 200, narrower.text
    refused = await _events(api, "access_denied")
    assert any(
        e.get("code") == "region-not-supervised" and e.get("region_prefix") == "62" for e in refused
    ), refused[-3:]


async def test_an_empty_period_and_a_bad_region_are_refused(api, supervisor) -> None:
    _client, token = supervisor
    empty = await api.http.get("/v1/statistics", params=_params(days=0), headers=api.auth(token))
    assert empty.status_code == 422
    assert empty.json()["code"] == "invalid-period"
    bad = await api.http.get(
        "/v1/statistics", params={**_params(), "region": "4"}, headers=api.auth(token)
    )
    assert bad.status_code == 422


async def test_other_roles_may_not_read_statistics(api) -> None:
    for token in (api.token, api.auditor_token):
        for path in ("/v1/statistics", "/v1/statistics/page"):
            response = await api.http.get(path, params=_params(), headers=api.auth(token))
            assert response.status_code == 403, (path, response.text)
            assert response.json()["code"] == "wrong-role"


async def test_a_supervisor_reads_no_report_household_or_person(api, supervisor) -> None:
    _client, token = supervisor
    created = await api.http.post(
        "/v1/verifications", json=scenario_body(api.issuer_key, "eligible"), headers=api.auth()
    )
    assert created.status_code == 201, created.text
    verification_id = created.json()["id"]
    for method, path in (
        ("GET", "/v1/verifications"),
        ("GET", f"/v1/verifications/{verification_id}"),
        ("GET", f"/v1/verifications/{verification_id}/report.html"),
        ("GET", f"/v1/verifications/{verification_id}/public-notice"),
        ("GET", "/v1/households"),
        ("GET", "/v1/households/due"),
        ("GET", "/v1/audit/events"),
        ("POST", "/v1/batches"),
    ):
        response = await api.http.request(method, path, headers=api.auth(token))
        assert response.status_code == 403, (path, response.status_code)
        assert response.json()["code"] == "wrong-role"
    # the policy in force is no personal data: a supervisor reads it
    policy = await api.http.get(
        "/v1/policies/effective", params={"region": "450102"}, headers=api.auth(token)
    )
    assert policy.status_code == 200, policy.text


async def test_no_personal_data_in_the_json_or_the_page(api, supervisor) -> None:
    _client, token = supervisor
    created = await api.http.post(
        "/v1/verifications", json=scenario_body(api.issuer_key, "eligible"), headers=api.auth()
    )
    assert created.status_code == 201, created.text
    report = created.json()
    as_json = await api.http.get("/v1/statistics", params=_params(), headers=api.auth(token))
    page = await api.http.get(
        "/v1/statistics", params=_params(), headers={**api.auth(token), "Accept": "text/html"}
    )
    assert page.headers["content-type"].startswith("text/html")
    assert page.text.startswith("<!DOCTYPE html>")
    # the verification just made is counted (shown, or suppressed as "<5")
    applications = as_json.json()["sections"][0]["groups"][0]
    eligible = next(c for c in applications["cells"] if c["key"] == "eligible")
    assert eligible["count"] is None or eligible["count"] >= 1
    names = {m.name for h in HOUSEHOLDS for m in h.members} | {
        m["name_masked"] for m in report["members"]
    }
    ids = {m.id_number for h in HOUSEHOLDS for m in h.members}
    for text in (as_json.text, page.text):
        assert not FULL_ID_NUMBER.findall(text)
        assert not MASKED_ID_NUMBER.findall(text)
        assert not [n for n in names if n in text]
        assert not [i for i in ids if mask_id_number(i) in text or i in text]
        assert report["id"] not in text
        assert "<script" not in text
