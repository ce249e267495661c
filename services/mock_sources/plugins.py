"""Mock agencies shipped by other distributions: the ``mock_sources.agencies`` entry points.

A connector plugin that wants the embedded demo (and its own tests) to reach a
fake of its agency registers one beside its connector::

    [project.entry-points."mock_sources.agencies"]
    social_insurance = "social_insurance_source.mock:AGENCY"

naming a ``MockAgency``: the agency's name (its scope), a FastAPI ``APIRouter``
whose prefix is where the service looks for it by default (the scope with
underscores as hyphens: ``/social-insurance``) and where its requests carry the
person's ID number (``PersonId``, for fault injection).  The mock server mounts
it beside the built-in six, behind the same header check, fault injection and
in-flight counting; ``/_faults/<name>`` and ``MOCK_SOURCES_FAULTS`` know it.
The plugin holds its own records: nothing here knows them.  For the people the built-in
agencies answer from their generator (``is_synthetic_person``: a valid ID number no
scenario names), a plugin may make records of its own, derived from the ID number alone,
so that the demo, batches and benchmarks meet its evidence too (WIRE.md, "Synthetic
people").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib.metadata import EntryPoint, entry_points
from typing import Final

from mock_sources.fault_middleware import FaultTarget, PersonId
from mock_sources.records import is_valid_id_number
from mock_sources.scenarios import scenario_member

ENTRY_POINT_GROUP: Final = "mock_sources.agencies"

MockAgency = FaultTarget  # an agency as the mock server mounts it: name, router, PersonId

__all__ = [
    "ENTRY_POINT_GROUP",
    "MockAgency",
    "MockAgencyPluginError",
    "PersonId",
    "is_synthetic_person",
    "plugin_agencies",
]


def is_synthetic_person(id_number: str) -> bool:
    """Whether the built-in agencies answer ``id_number`` from their synthetic generator: a
    valid ID number of no scenario person (nor support obligor)."""
    return is_valid_id_number(id_number) and scenario_member(id_number) is None


class MockAgencyPluginError(RuntimeError):
    """A mock agency plugin could not be loaded or clashes with another agency."""


def plugin_agencies(
    built_in: Sequence[MockAgency], group: str = ENTRY_POINT_GROUP
) -> tuple[MockAgency, ...]:
    """The installed plugins' agencies (sorted by name), checked against ``built_in``."""
    return _checked(entry_points(group=group), built_in)


def _checked(found: Iterable[EntryPoint], built_in: Sequence[MockAgency]) -> tuple[MockAgency, ...]:
    names = {agency.agency for agency in built_in}
    prefixes = {agency.router.prefix for agency in built_in}
    agencies: dict[str, MockAgency] = {}
    for entry in sorted(found, key=lambda e: e.name):
        if entry.name in agencies:
            continue  # the same distribution seen twice on the path
        try:
            loaded: object = entry.load()
        except Exception as exc:
            raise MockAgencyPluginError(
                f"mock agency {entry.name!r}: cannot load {entry.value}: {exc}"
            ) from exc
        if not isinstance(loaded, MockAgency) or loaded.agency != entry.name:
            raise MockAgencyPluginError(
                f"mock agency {entry.name!r}: {entry.value} is not a MockAgency named "
                f"{entry.name!r}"
            )
        if entry.name in names or not loaded.router.prefix or loaded.router.prefix in prefixes:
            raise MockAgencyPluginError(
                f"mock agency {entry.name!r}: its name or prefix {loaded.router.prefix!r} is "
                "taken or empty"
            )
        names.add(entry.name)
        prefixes.add(loaded.router.prefix)
        agencies[entry.name] = loaded
    return tuple(agencies.values())
