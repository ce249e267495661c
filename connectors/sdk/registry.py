"""Building the installed connectors (``connectors.sdk.discovery`` finds them).

Each installed distribution registers ``<scope> = "module:Class"`` in the
``verification.connectors`` entry-point group; ``load_connector_classes``
imports and checks every plugin (``discovery``), raising
``ConnectorPluginError`` naming a plugin that fails: a missing source must be
loud, never a silently shorter list of evidence.

``build_connectors(configs, limits=...)`` hands each connector the
``ConcurrencyLimit`` given for its scope (as the ``limit=`` keyword), and
``connector_limits`` reads back the limit of every built connector that has
one; ``limits[scope].resize(n)`` then changes how many requests that source
has in flight at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, cast

import httpx

from connectors.sdk.contract import Connector, ConnectorConfig
from connectors.sdk.discovery import ENTRY_POINT_GROUP, ConnectorPluginError, load_plugin_classes
from connectors.sdk.limits import ConcurrencyLimit

__all__ = [
    "ENTRY_POINT_GROUP",
    "ConnectorFactory",
    "ConnectorPluginError",
    "build_connectors",
    "connector_limits",
    "load_connector_classes",
]


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
    return cast(dict[str, type[Connector]], load_plugin_classes(group))


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
