"""The employment and social-insurance source (人社) as a separate distribution, end to end,
with no change to the service.

``connectors/social_insurance`` (its own ``pyproject.toml``; package
``social_insurance_source``: a connector and a mock of its agency) is what a third party
would ship.  scripts/bootstrap installs it into the project's environment beside
household-verification; here its wheel is built with pip, offline, from a copy of that folder
alone, and installed into a temporary directory, exactly as a third party's package would be;
`verification serve` then runs with that directory first on its ``PYTHONPATH`` (so the wheel's
copy is the one imported and the one whose entry points are read) and is driven from the
outside with plain httpx.  The served service must find the source through its entry points:
grant it, ask it, need its answer where its evidence kinds are read, count what it reports,
name it in the report and document it in the OpenAPI document; and the embedded mock agency
server must serve (and fault) its agency.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from importlib.metadata import distribution
from pathlib import Path
from typing import Any

import httpx
import pytest

from connectors.sdk.discovery import installed_sources
from tests.conftest import PG_ENV
from tests.verification.served_process import Served, served

pytestmark = pytest.mark.skipif(
    bool(os.environ.get(PG_ENV)), reason="`verification serve` is the embedded default (SQLite)"
)

PLUGIN = Path(__file__).resolve().parents[2] / "connectors" / "social_insurance"
SCOPE = "social_insurance"
JSON = {"Content-Type": "application/json"}


def _pip(*args: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "pip", *args, "--disable-pip-version-check", "--quiet"],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PIP_NO_INPUT": "1"},
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.fixture(scope="module")
def plugin_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The distribution's wheel, built offline by setuptools from a copy of its folder alone
    (nothing else of the checkout; nothing written into it)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    shutil.copytree(
        PLUGIN, source, ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info")
    )
    _pip("wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(work), str(source))
    (wheel,) = work.glob("social_insurance_source-*.whl")
    return wheel


@pytest.fixture(scope="module")
def plugin_site(plugin_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel pip-installed (offline, no dependencies) into a directory of its own."""
    site = tmp_path_factory.mktemp("plugin") / "site"
    _pip("install", "--no-deps", "--no-index", "--target", str(site), str(plugin_wheel))
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


def test_the_wheel_is_a_distribution_of_its_own(plugin_wheel: Path) -> None:
    with zipfile.ZipFile(plugin_wheel) as wheel:
        names = wheel.namelist()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        requires = wheel.read(metadata).decode()
        declared = wheel.read(entry_points).decode()
    # its own package only: nothing of household-verification's (connectors, verification, …)
    assert {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")} == {
        "social_insurance_source"
    }
    assert "Requires-Dist: household-verification" in requires
    assert "[verification.connectors]" in declared and "[mock_sources.agencies]" in declared
    assert "social_insurance = social_insurance_source.connector:SocialInsuranceConnector" in (
        declared
    )


def test_the_service_does_not_ship_the_source_itself() -> None:
    # installed here as its own distribution (scripts/bootstrap), not by household-verification
    assert SCOPE in installed_sources().scopes
    own = {e.name for e in distribution("household-verification").entry_points}
    assert SCOPE not in own
    plugin = distribution("social-insurance-source")
    assert {e.name for e in plugin.entry_points} == {SCOPE}
    assert plugin.requires == ["household-verification"]


def test_the_installed_wheel_is_the_one_imported(plugin_site: Path) -> None:
    """With the wheel's directory on PYTHONPATH (as the served process runs), its copy of the
    package and its metadata are found first, not the checkout's."""
    probe = (
        "import importlib.metadata as m, social_insurance_source as s;"
        "print(s.__file__);"
        "print(m.distribution('social-insurance-source').locate_file(''))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "PYTHONPATH": str(plugin_site)},
    )
    module, located = completed.stdout.split()
    assert Path(module).is_relative_to(plugin_site), module
    assert Path(located).resolve() == plugin_site.resolve()


def test_a_household_is_verified_with_the_separate_source(server: Served) -> None:
    auth = {"Authorization": f"Bearer {server.token}"}
    with httpx.Client(base_url=server.base_url, headers=auth, timeout=60) as http:
        # the served API documents the installed sources, the separate distribution's included
        document = http.get("/openapi.json").json()
        scopes = document["components"]["schemas"]["CreateVerification"]["properties"]["scopes"]
        assert SCOPE in scopes["anyOf"][0]["items"]["enum"]
        assert scopes["anyOf"][0]["items"]["enum"] == sorted(installed_sources().scopes)
        assert scopes["anyOf"][0]["maxItems"] == len(installed_sources().scopes)

        # the demo's signed request grants every installed source, so this one too
        report = _verify(http, server, "unemployed_benefit")

        asked = {(s["member_index"], s["status"]) for s in report["sources"] if s["scope"] == SCOPE}
        assert asked == {(0, "ok"), (1, "not_found"), (2, "not_found"), (3, "not_found")}
        # 何志明 (member 0) draws 1674.00 of 失业保险金 a month: counted (办法 第十三条)
        member = next(m for m in report["income"]["members"] if m["member_index"] == 0)
        assert member["counted_by_category"] == {"unemployment_benefit": "1674.00"}
        # 1674.00 / 4 members = 418.50 > 208.33
        assert report["income"]["per_capita_monthly"] == "418.50"
        assert report["outcome"] == "ineligible"
        assert _rule(report, "sources_complete")["result"] == "passed"
        # no contribution in the window: no wage to explain
        assert _rule(report, "wages_consistent")["result"] == "passed"
        # the national registers it answers are covered now
        coverage = {c["source"]: c for c in report["procedure"]["sources"]}
        for register in ("social_insurance", "pension"):
            assert (coverage[register]["scope"], coverage[register]["coverage"]) == (
                SCOPE,
                "queried",
            )
        assert coverage["social_insurance"]["message"]["text"] == (
            "社会保险缴纳：已查询（就业和社会保险）"
        )

        # the printable report names the source and the benefit, in either language
        page = http.get(f"/v1/verifications/{report['id']}/report.html")
        assert page.status_code == 200
        assert "就业和社会保险" in page.text and "失业保险金" in page.text
        english = http.get(
            f"/v1/verifications/{report['id']}/report.html", headers={"Accept-Language": "en"}
        )
        assert "employment and social insurance" in english.text
        assert "unemployment benefit" in english.text


def test_the_separate_source_is_needed_and_faulted_like_the_others(server: Served) -> None:
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
        assert "成员1 就业和社会保险（暂不可用）" in income["detail"], income

        # a retry asks it again, and only it
        retried = http.post(f"/v1/verifications/{report['id']}/retry")
        assert retried.status_code == 200, retried.text
        again = retried.json()
        assert again["outcome"] == "eligible"
        assert {(s["scope"], s["status"]) for s in again["sources"]} >= {(SCOPE, "not_found")}
