"""A seventh data source as a separate distribution, end to end, with no change to the service.

``tests/plugins/social_insurance`` (社会保险: a connector and a mock of its agency) is built
and installed with pip, offline, into a temporary directory, exactly as a third party's
package would be; `verification serve` then runs with that directory on its ``PYTHONPATH``
and is driven from the outside with plain httpx.  The served service must find the source
through its entry points: grant it, ask it, need its answer where its evidence kinds are
read, count what it reports, name it in the report and document it in the OpenAPI
document; and the embedded mock agency server must serve (and fault) its agency.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from connectors.sdk.discovery import installed_sources
from tests.conftest import PG_ENV
from tests.local_install import pip_install_copy
from tests.verification.served_process import Served, served

pytestmark = pytest.mark.skipif(
    bool(os.environ.get(PG_ENV)), reason="`verification serve` is the embedded default (SQLite)"
)

PLUGIN = Path(__file__).resolve().parents[1] / "plugins" / "social_insurance"
SCOPE = "social_insurance"
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``social-insurance-source`` pip-installed (built by setuptools, offline) into a
    directory of its own; nothing is written into the checkout or the environment."""
    site = pip_install_copy(PLUGIN, tmp_path_factory.mktemp("plugin"), timeout=180)
    entry_points = next(site.glob("social_insurance_source-*.dist-info/entry_points.txt"))
    assert "[verification.connectors]" in entry_points.read_text()
    return site


@pytest.fixture(scope="module")
def server(plugin_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("served"), {"PYTHONPATH": str(plugin_site)}) as server:
        yield server


def _rule(report: dict[str, Any], name: str) -> dict[str, Any]:
    return next(rule for rule in report["rules"] if rule["rule"] == name)


def _verify(http: httpx.Client, server: Served, scenario: str) -> dict[str, Any]:
    response = http.post("/v1/verifications", content=server.request_body(scenario), headers=JSON)
    assert response.status_code == 201, response.text
    report: dict[str, Any] = response.json()
    return report


def test_the_source_is_not_part_of_the_service() -> None:
    assert SCOPE not in installed_sources()  # not in this environment: only in its own
    assert not (Path(__file__).resolve().parents[2] / "connectors" / SCOPE).exists()


def test_a_household_is_verified_with_the_seventh_source(server: Served) -> None:
    auth = {"Authorization": f"Bearer {server.token}"}
    with httpx.Client(base_url=server.base_url, headers=auth, timeout=60) as http:
        # the served API documents the installed sources: the six and the plugin's
        document = http.get("/openapi.json").json()
        scopes = document["components"]["schemas"]["CreateVerification"]["properties"]["scopes"]
        assert scopes["anyOf"][0]["items"]["enum"] == sorted([*installed_sources().scopes, SCOPE])
        assert scopes["anyOf"][0]["maxItems"] == len(installed_sources().scopes) + 1

        # the demo's signed request grants every installed source, so the seventh too
        report = _verify(http, server, "eligible")

        asked = {(s["member_index"], s["status"]) for s in report["sources"] if s["scope"] == SCOPE}
        assert asked == {(0, "ok"), (1, "ok"), (2, "not_found")}
        # 黄秀兰 (member 1) draws 150.00 of unemployment benefit a month: a transfer, counted
        member = next(m for m in report["income"]["members"] if m["member_index"] == 1)
        assert member["counted_by_category"] == {"transfer": "150.00"}
        # (300.00 labour - 100.00 employment cost + 150.00) / 3 members
        assert report["income"]["per_capita_monthly"] == "116.67"
        assert report["outcome"] == "eligible"
        assert _rule(report, "sources_complete")["result"] == "passed"
        # its contribution records are wage indicators: neither is active, nothing to explain
        assert _rule(report, "wages_consistent")["result"] == "passed"
        # the national registers it answers are covered now
        coverage = {c["source"]: c for c in report["procedure"]["sources"]}
        for register in ("social_insurance", "pension"):
            assert (coverage[register]["scope"], coverage[register]["coverage"]) == (
                SCOPE,
                "queried",
            )
        assert coverage["social_insurance"]["message"]["text"] == "社会保险缴纳：已查询（社会保险）"

        # the printable report names the source as its connector does, in either language
        page = http.get(f"/v1/verifications/{report['id']}/report.html")
        assert page.status_code == 200
        assert "社会保险" in page.text
        english = http.get(
            f"/v1/verifications/{report['id']}/report.html", headers={"Accept-Language": "en"}
        )
        assert "social insurance" in english.text


def test_the_seventh_source_is_needed_and_faulted_like_the_others(server: Served) -> None:
    mock = f"http://127.0.0.1:{server.env['VERIFICATION_MOCK_SOURCES_PORT']}"
    auth = {"Authorization": f"Bearer {server.token}"}
    with httpx.Client(base_url=server.base_url, headers=auth, timeout=60) as http:
        # the embedded mock server mounted the plugin's agency, fault injection included
        down = httpx.put(f"{mock}/_faults/{SCOPE}", json={"error_rate": 1.0}, timeout=10)
        assert down.status_code == 200, down.text
        try:
            report = _verify(http, server, "single_disabled")
        finally:
            assert httpx.delete(f"{mock}/_faults/{SCOPE}", timeout=10).status_code == 204

        # it reports income: without its answer the income cannot be assessed
        assert report["outcome"] == "review_required"
        for rule in ("sources_complete", "income_below_standard", "wages_consistent"):
            assert _rule(report, rule)["result"] == "not_assessable", rule
        income = _rule(report, "income_below_standard")
        assert "成员1 社会保险（暂不可用）" in income["detail"], income

        # a retry asks it again, and only it
        retried = http.post(f"/v1/verifications/{report['id']}/retry")
        assert retried.status_code == 200, retried.text
        again = retried.json()
        assert again["outcome"] == "eligible"
        assert {(s["scope"], s["status"]) for s in again["sources"]} >= {(SCOPE, "not_found")}
