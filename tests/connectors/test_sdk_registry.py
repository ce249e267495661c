"""Entry-point discovery of the shipped connectors, what they declare, and loud failure for broken
plugins."""

from importlib.metadata import EntryPoint

import pytest

from connectors.sdk import discovery
from connectors.sdk.base import HttpConnector
from connectors.sdk.contract import Connector, ConnectorConfig
from connectors.sdk.evidence import EvidenceKind
from connectors.sdk.registry import (
    ENTRY_POINT_GROUP,
    ConnectorPluginError,
    build_connectors,
    load_connector_classes,
)
from connectors.sdk.source import DisplayName
from connectors.sdk.testing import AgencyStub

SIX = {"hukou", "vehicle", "housing", "bank", "tax", "provident_fund"}
# and the separately built distribution's (connectors/social_insurance, scripts/bootstrap)
INSTALLED = {*SIX, "insurance", "market_regulation", "securities", "social_insurance"}


def _entry(name: str, value: str) -> EntryPoint:
    return EntryPoint(name=name, value=value, group=ENTRY_POINT_GROUP)


def _use_entry_points(monkeypatch, *entries: EntryPoint) -> None:
    monkeypatch.setattr(discovery, "entry_points", lambda group: list(entries))


def test_discovers_all_installed():
    classes = load_connector_classes()

    assert set(classes) == INSTALLED
    for scope, cls in classes.items():
        assert cls.scope == scope
        assert issubclass(cls, HttpConnector)


async def test_builds_one_connector_per_config():
    stub = AgencyStub("http://agency.test")
    configs = {
        scope: ConnectorConfig(base_url=f"http://agency.test/{scope}") for scope in INSTALLED
    }

    built = build_connectors(configs, stub.transport)
    try:
        assert set(built) == INSTALLED
        for scope, connector in built.items():
            assert isinstance(connector, Connector)
            assert connector.scope == scope
    finally:
        for connector in built.values():
            await connector.aclose()


async def test_builds_only_the_configured_scopes():
    built = build_connectors({"tax": ConnectorConfig(base_url="http://agency.test/tax")})
    try:
        assert list(built) == ["tax"]
    finally:
        await built["tax"].aclose()


def test_unregistered_scope_is_an_error():
    with pytest.raises(ConnectorPluginError, match="'pension': not registered"):
        build_connectors({"pension": ConnectorConfig(base_url="http://x")})


def test_plugin_that_fails_to_import_is_named(monkeypatch):
    _use_entry_points(monkeypatch, _entry("broken", "connectors.nowhere.connector:Nothing"))

    with pytest.raises(ConnectorPluginError, match="'broken': cannot load") as caught:
        load_connector_classes()
    assert caught.value.name == "broken"


def test_plugin_that_is_not_a_class(monkeypatch):
    _use_entry_points(monkeypatch, _entry("odd", "connectors.sdk.registry:ENTRY_POINT_GROUP"))

    with pytest.raises(ConnectorPluginError, match=r"'odd': .* is not a class"):
        load_connector_classes()


def test_plugin_without_query(monkeypatch):
    _use_entry_points(monkeypatch, _entry("bare", "connectors.sdk.registry:ConnectorPluginError"))

    with pytest.raises(ConnectorPluginError, match=r"'bare': .* has no query"):
        load_connector_classes()


def test_plugin_scope_must_match_its_name(monkeypatch):
    _use_entry_points(monkeypatch, _entry("vehicle", "connectors.tax.connector:TaxConnector"))

    with pytest.raises(ConnectorPluginError, match="declares scope 'tax', expected 'vehicle'"):
        load_connector_classes()


def test_conflicting_registrations(monkeypatch):
    _use_entry_points(
        monkeypatch,
        _entry("tax", "connectors.tax.connector:TaxConnector"),
        _entry("tax", "other.tax:TaxConnector"),
    )

    with pytest.raises(ConnectorPluginError, match="'tax': registered twice"):
        load_connector_classes()


def test_identical_duplicate_registrations_are_one(monkeypatch):
    entry = _entry("tax", "connectors.tax.connector:TaxConnector")
    _use_entry_points(monkeypatch, entry, entry)

    assert list(load_connector_classes()) == ["tax"]


def test_the_installed_declare_their_sources():
    sources = discovery.installed_sources()

    assert sources.scopes == tuple(sorted(INSTALLED))  # scope order, whatever the install order
    tax = sources.get("tax")
    assert tax is not None
    assert (tax.name.zh_cn, tax.name.en) == ("税务", "tax")
    assert tax.evidence_kinds == {EvidenceKind.EMPLOYMENT_INCOME, EvidenceKind.OTHER_INCOME}
    assert sources.providing(EvidenceKind.IDENTITY) == ("hukou",)
    assert sources.providing(EvidenceKind.EMPLOYMENT_INCOME, EvidenceKind.OTHER_INCOME) == (
        "bank",
        "insurance",
        "social_insurance",
        "tax",
    )
    assert sources.providing(EvidenceKind.WAGE_INDICATORS) == ("provident_fund", "social_insurance")
    assert sources.providing(EvidenceKind.INSURANCE_CASH_VALUE) == ("insurance",)
    assert sources.answering("commercial_insurance") == "insurance"
    assert sources.answering("death") == "hukou"
    assert sources.answering("securities") == "securities"  # the register, not the bank
    assert sources.answering("bank_deposits") == "bank"
    assert sources.providing(EvidenceKind.FINANCIAL_ASSETS) == ("bank", "securities")
    assert sources.answering("social_insurance") == "social_insurance"
    assert sources.answering("pension") == "social_insurance"


class _Undeclared(HttpConnector):
    scope = "undeclared"

    async def fetch(self, client, person, context):
        raise NotImplementedError


class _NoKinds(_Undeclared):
    scope = "no_kinds"
    display_name = DisplayName("无", "none")
    evidence_kinds = frozenset()


class _BadScope(_Undeclared):
    scope = "Bad-Scope"
    display_name = DisplayName("坏", "bad")
    evidence_kinds = frozenset({EvidenceKind.VEHICLES})


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("undeclared", f"{__name__}:_Undeclared", "declares no display_name"),
        ("no_kinds", f"{__name__}:_NoKinds", "declares no evidence_kinds"),
        ("Bad-Scope", f"{__name__}:_BadScope", "a scope is 1-32 characters"),
    ],
)
def test_a_plugin_must_declare_its_source(monkeypatch, name, value, problem):
    _use_entry_points(monkeypatch, _entry(name, value))

    with pytest.raises(ConnectorPluginError, match=problem):
        load_connector_classes()
