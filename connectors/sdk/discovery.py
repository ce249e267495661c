"""Finding the installed connectors: the ``verification.connectors`` entry-point group.

Each installed distribution registers ``<scope> = "module:Class"``; loading
imports every plugin and checks it: a class, with ``query`` and ``aclose``,
whose ``scope`` equals its entry-point name and is a valid scope name, and
which declares its ``display_name``, ``evidence_kinds`` and (optionally)
``registers`` (``connectors.sdk.source``).  A plugin that fails any step raises
``ConnectorPluginError`` naming it: a missing source must be loud, never a
silently shorter list of evidence.

``installed_sources()`` is the catalogue of what is installed, read once per
process: the service's scopes, their names and their evidence kinds all come
from it.  This module imports no HTTP client (the plugins it loads do), so the
pure parts of the service may read the catalogue; ``connectors.sdk.registry``
builds the connectors themselves.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib.metadata import EntryPoint, entry_points
from typing import Final

from connectors.sdk.evidence import EvidenceKind
from connectors.sdk.source import SCOPE_PATTERN, DisplayName, SourceCatalogue, SourceInfo

ENTRY_POINT_GROUP: Final = "verification.connectors"


class ConnectorPluginError(RuntimeError):
    """A connector plugin could not be loaded, checked or built."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"connector plugin {name!r}: {problem}")
        self.name = name


def load_plugin_classes(group: str = ENTRY_POINT_GROUP) -> dict[str, type]:
    """Import and check every connector class registered in ``group``, keyed by scope
    (``registry.load_connector_classes`` types them as connectors)."""
    return _load(entry_points(group=group))


def source_info(cls: type) -> SourceInfo:
    """What a loaded, checked connector class declares about its source."""
    return SourceInfo(
        scope=cls.scope,  # type: ignore[attr-defined]
        name=cls.display_name,  # type: ignore[attr-defined]
        evidence_kinds=frozenset(cls.evidence_kinds),  # type: ignore[attr-defined]
        registers=tuple(getattr(cls, "registers", ())),
    )


def catalogue_of(classes: Iterable[type]) -> SourceCatalogue:
    return SourceCatalogue.of(source_info(cls) for cls in classes)


@functools.cache
def installed_sources() -> SourceCatalogue:
    """The sources of the installed connectors (read once per process; after installing
    a plugin into a running process, ``installed_sources.cache_clear()``)."""
    return catalogue_of(load_plugin_classes().values())


def _load(found: Iterable[EntryPoint]) -> dict[str, type]:
    classes: dict[str, type] = {}
    values: dict[str, str] = {}
    for entry in found:
        if entry.name in values:
            if values[entry.name] != entry.value:
                raise ConnectorPluginError(
                    entry.name,
                    f"registered twice ({values[entry.name]} and {entry.value})",
                )
            continue
        values[entry.name] = entry.value
        classes[entry.name] = _load_one(entry)
    return classes


def _load_one(entry: EntryPoint) -> type:
    try:
        loaded: object = entry.load()
    except Exception as exc:
        raise ConnectorPluginError(
            entry.name, f"cannot load {entry.value}: {type(exc).__name__}: {exc}"
        ) from exc
    if not isinstance(loaded, type):
        raise ConnectorPluginError(entry.name, f"{entry.value} is not a class")
    for method in ("query", "aclose"):
        if not callable(getattr(loaded, method, None)):
            raise ConnectorPluginError(entry.name, f"{entry.value} has no {method}()")
    scope = getattr(loaded, "scope", None)
    if scope != entry.name:
        raise ConnectorPluginError(
            entry.name, f"{entry.value} declares scope {scope!r}, expected {entry.name!r}"
        )
    if not SCOPE_PATTERN.fullmatch(entry.name):
        raise ConnectorPluginError(
            entry.name, "a scope is 1-32 characters: a lower-case letter, then a-z, 0-9 or _"
        )
    problem = _declaration_problem(loaded)
    if problem is not None:
        raise ConnectorPluginError(entry.name, f"{entry.value} {problem}")
    return loaded


def _declaration_problem(cls: type) -> str | None:
    """What is wrong with the class's ``display_name``, ``evidence_kinds`` and
    ``registers``, or None."""
    name = getattr(cls, "display_name", None)
    if not isinstance(name, DisplayName) or not name.zh_cn.strip() or not name.en.strip():
        return "declares no display_name (a DisplayName with Chinese and English)"
    kinds = getattr(cls, "evidence_kinds", None)
    if (
        not isinstance(kinds, frozenset | set | tuple | list)
        or not kinds
        or not all(isinstance(kind, EvidenceKind) for kind in kinds)
    ):
        return "declares no evidence_kinds (a non-empty set of EvidenceKind)"
    registers = getattr(cls, "registers", ())
    if not isinstance(registers, tuple | list) or not all(isinstance(r, str) for r in registers):
        return "declares registers that are not a tuple of register names"
    return None
