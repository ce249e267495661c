"""The mock server's plugin seam: agencies registered in ``mock_sources.agencies``."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest
from fastapi import APIRouter

from mock_sources.app import FAULT_TARGETS
from mock_sources.plugins import (
    ENTRY_POINT_GROUP,
    MockAgency,
    MockAgencyPluginError,
    PersonId,
    _checked,
    plugin_agencies,
)

PENSION = MockAgency("pension", APIRouter(prefix="/pension"), PersonId.query("id"))
CLASHING = MockAgency("pension", APIRouter(prefix="/tax"), PersonId.query("id"))
UNPREFIXED = MockAgency("pension", APIRouter(), PersonId.query("id"))


def _entry(name: str, attribute: str) -> EntryPoint:
    return EntryPoint(name=name, value=f"{__name__}:{attribute}", group=ENTRY_POINT_GROUP)


def test_the_installed_plugins_are_insurance_and_social_insurance() -> None:
    # the insurance platform is registered through the entry points, as a plugin's would be;
    # connectors/social_insurance is a distribution of its own (scripts/bootstrap installs it)
    agencies = [agency.agency for agency in plugin_agencies(FAULT_TARGETS)]
    assert sorted(agencies) == ["insurance", "social_insurance"]


def test_a_registered_agency_is_loaded() -> None:
    assert _checked([_entry("pension", "PENSION")], FAULT_TARGETS) == (PENSION,)


@pytest.mark.parametrize(
    ("name", "attribute", "problem"),
    [
        ("pension", "CLASHING", "is taken or empty"),
        ("pension", "UNPREFIXED", "is taken or empty"),
        ("tax", "PENSION", "is not a MockAgency named 'tax'"),
        ("pension", "nowhere", "cannot load"),
    ],
)
def test_a_broken_or_clashing_agency_is_refused(name: str, attribute: str, problem: str) -> None:
    with pytest.raises(MockAgencyPluginError, match=problem):
        _checked([_entry(name, attribute)], FAULT_TARGETS)
