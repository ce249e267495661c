"""A connector shipped as its own distribution is found through its entry point.

``tests/fixtures/echo_connector`` is installed with pip (offline, into a
temporary directory) exactly as a third-party plugin would be, then the
registry must list it beside the six built-in connectors, build it, and its
``query`` must work against a simulated agency.
"""

import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from connectors.sdk.contract import Connector, ConnectorConfig
from connectors.sdk.evidence import IncomeCategory, IncomeItem, RecordRef, SourceStatus
from connectors.sdk.registry import build_connectors, load_connector_classes
from connectors.sdk.testing import AgencyStub, outcomes, query_context, server_error
from tests.local_install import pip_install_copy

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "echo_connector"
# the six and the separately built social-insurance source installed beside them
INSTALLED = {
    "hukou",
    "vehicle",
    "housing",
    "bank",
    "tax",
    "provident_fund",
    "insurance",
    "market_regulation",
    "securities",
    "social_insurance",
}


@pytest.fixture
def installed_echo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``echo-connector`` pip-installed into a directory on ``sys.path`` for this test only."""
    target = pip_install_copy(FIXTURE, tmp_path, timeout=120)
    assert (target / "echo_connector" / "connector.py").is_file()
    assert any(target.glob("echo_connector-*.dist-info/entry_points.txt"))

    monkeypatch.syspath_prepend(str(target))
    yield target
    for name in [name for name in sys.modules if name.partition(".")[0] == "echo_connector"]:
        del sys.modules[name]


def test_the_plugin_is_not_there_before_it_is_installed():
    assert "echo" not in load_connector_classes()


async def test_installed_plugin_is_discovered_built_and_queried(installed_echo, person):
    classes = load_connector_classes()

    assert set(classes) == INSTALLED | {"echo"}
    echo_cls = classes["echo"]
    assert echo_cls.scope == "echo"
    assert echo_cls.__module__ == "echo_connector.connector"
    assert Path(sys.modules[echo_cls.__module__].__file__ or "").is_relative_to(installed_echo)

    stub = AgencyStub("http://agency.test/echo")
    route = stub.router.get(f"echo/{person.id_number}")
    route.side_effect = [
        server_error(503),
        httpx.Response(
            200, json={"found": True, "ref": "E-0001", "month": "202603", "income": "1234.5"}
        ),
    ]
    built = build_connectors(
        {"echo": ConnectorConfig(base_url=stub.base_url, backoff_initial_seconds=0.001)},
        stub.transport,
    )
    try:
        connector = built["echo"]
        assert isinstance(connector, Connector)
        assert isinstance(connector, echo_cls)
        result = await connector.query(person, query_context())
    finally:
        await built["echo"].aclose()

    assert result.status is SourceStatus.OK
    assert result.scope == "echo"
    assert result.evidence.incomes == (
        IncomeItem(
            category=IncomeCategory.OTHER,
            month="2026-03",
            amount=Decimal("1234.50"),
            ref=RecordRef("echo", "E-0001"),
        ),
    )
    assert outcomes(result) == ["http_503", "ok"]
    headers = route.calls.last.request.headers
    assert headers["X-Authorization-Id"] == "AUTH-2026-0001"


async def test_installed_plugin_reports_not_found(installed_echo, person):
    stub = AgencyStub("http://agency.test/echo")
    stub.answer_all(httpx.Response(200, json={"found": False}))
    built = build_connectors({"echo": ConnectorConfig(base_url=stub.base_url)}, stub.transport)
    try:
        result = await built["echo"].query(person, query_context())
    finally:
        await built["echo"].aclose()

    assert result.status is SourceStatus.NOT_FOUND
    assert outcomes(result) == ["not_found"]
