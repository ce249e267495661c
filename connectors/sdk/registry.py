"""Connector discovery through the ``verification.connectors`` entry-point group.

Each installed distribution registers ``<scope> = "module:Class"``; loading
imports every plugin and checks it (a class, with ``query`` and ``aclose``,
whose ``scope`` equals its entry-point name).  A plugin that fails any step
raises ``ConnectorPluginError`` naming it: a missing source must be loud,
never a silently shorter list of evidence.

``build_connectors(configs, limits=...)`` hands each connector the
``ConcurrencyLimit`` given for its scope (as the ``limit=`` keyword), and
``connector_limits`` reads back the limit of every built connector that has
one; ``limits[scope].resize(n)`` then changes how many requests that source
has in flight at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import Final, Protocol, cast

import httpx

from connectors.sdk.contract import Connector, ConnectorConfig
from connectors.sdk.limits import ConcurrencyLimit

ENTRY_POINT_GROUP: Final = "verification.connectors"


class ConnectorPluginError(RuntimeError):
    """A connector plugin could not be loaded, checked or built."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"connector plugin {name!r}: {problem}")
        self.name = name


class ConnectorFactory(Protocol):
    """How a connector class is constructed (``HttpConnector`` and its kin)."""

    def __call__(
        self,
        config: ConnectorConfig,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        limit: ConcurrencyLimit | None = None,
    ) -> Connector: ...


def load_connector_classes(group: str = ENTRY_POINT_GROUP) -> dict[str, type[Connector]]:
    """Import and check every connector registered in ``group``, keyed by scope."""
    return _load(entry_points(group=group))


def _load(found: Iterable[EntryPoint]) -> dict[str, type[Connector]]:
    classes: dict[str, type[Connector]] = {}
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


def _load_one(entry: EntryPoint) -> type[Connector]:
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
    return cast(type[Connector], loaded)


def build_connectors(
    configs: Mapping[str, ConnectorConfig],
    transport: httpx.AsyncBaseTransport | None = None,
    *,
    classes: Mapping[str, type[Connector]] | None = None,
    limits: Mapping[str, ConcurrencyLimit] | None = None,
) -> dict[str, Connector]:
    """Construct one connector per configured scope.

    ``classes`` defaults to ``load_connector_classes()``; ``transport`` (e.g.
    an ``httpx.ASGITransport`` or a respx mock) is shared by all of them.
    ``limits`` maps scopes to the ``ConcurrencyLimit`` their connector uses,
    passed as ``cls(config, [transport,] limit=limit)``; a scope without one
    gets the connector's own ``ConcurrencyLimit(config.max_concurrency)`` (see
    ``connector_limits``).  A limit for a scope not in ``configs`` is a
    ``ValueError``; a class that takes no ``limit`` fails to build, loudly.
    """
    chosen = {} if limits is None else dict(limits)
    stray = sorted(set(chosen) - set(configs))
    if stray:
        raise ValueError(f"concurrency limits for unconfigured scopes: {', '.join(stray)}")
    available = load_connector_classes() if classes is None else classes
    built: dict[str, Connector] = {}
    for scope, config in configs.items():
        cls = available.get(scope)
        if cls is None:
            known = ", ".join(sorted(available)) or "none"
            raise ConnectorPluginError(scope, f"not registered (registered: {known})")
        built[scope] = _build(scope, cast(ConnectorFactory, cls), config, transport, chosen)
    return built


def _build(
    scope: str,
    factory: ConnectorFactory,
    config: ConnectorConfig,
    transport: httpx.AsyncBaseTransport | None,
    limits: Mapping[str, ConcurrencyLimit],
) -> Connector:
    """``factory(config, [transport,] [limit=...])``, passing only what the caller has."""
    limit = limits.get(scope)
    try:
        if limit is None:
            return factory(config) if transport is None else factory(config, transport)
        if transport is None:
            return factory(config, limit=limit)
        return factory(config, transport, limit=limit)
    except Exception as exc:
        raise ConnectorPluginError(scope, f"cannot be built: {type(exc).__name__}: {exc}") from exc


def connector_limits(connectors: Mapping[str, Connector]) -> dict[str, ConcurrencyLimit]:
    """Each connector's ``ConcurrencyLimit`` (its ``limit`` attribute), keyed by scope.

    Connectors without one (a plugin not built on ``HttpConnector`` that caps
    nothing) are left out, so compare the keys if every source must be capped.
    """
    found: dict[str, ConcurrencyLimit] = {}
    for scope, connector in connectors.items():
        limit = getattr(connector, "limit", None)
        if isinstance(limit, ConcurrencyLimit):
            found[scope] = limit
    return found
