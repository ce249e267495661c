"""Prometheus metrics of the shared resilience mechanism, on the default registry.

Four families, each labelled by the connector's ``scope``:

``connector_attempts_total{scope, outcome}``
    requests actually sent, by their ``Attempt.outcome`` token (``ok``,
    ``http_503``, ``timeout``, ``malformed``, ...); counted when the query
    ends, so a response the connector then found malformed counts as
    ``malformed``, not ``ok``.
``connector_query_duration_seconds{scope, status}``
    time of a whole ``query``, by its final ``SourceStatus``.
``connector_breaker_state{scope}``
    0 closed, 1 half-open, 2 open; set on every transition of the breaker.
``connector_in_flight_requests{scope}``
    requests sent and not yet answered.

The families are created once, when this module is first imported; however
many connectors are built they share them.  Should the module be executed
again (``importlib.reload``), the already registered collectors are reused
instead of failing with a duplicate registration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Final, TypeVar

from prometheus_client import REGISTRY, Counter, Gauge, Histogram
from prometheus_client.registry import Collector

from connectors.sdk.evidence import Attempt

CollectorT = TypeVar("CollectorT", bound=Collector)

BREAKER_STATE_VALUES: Final = {"closed": 0, "half_open": 1, "open": 2}
"""The ``connector_breaker_state`` value of each ``CircuitBreaker.state``."""

QUERY_DURATION_BUCKETS: Final = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def _registered(name: str, create: Callable[[], CollectorT], kind: type[CollectorT]) -> CollectorT:
    """``create()``, or the collector already registered under ``name`` by an earlier import."""
    try:
        return create()
    except ValueError:  # "Duplicated timeseries in CollectorRegistry"
        existing = REGISTRY._names_to_collectors.get(name)  # no public lookup exists
        if not isinstance(existing, kind):
            raise
        return existing


ATTEMPTS: Final = _registered(
    "connector_attempts_total",
    lambda: Counter(
        "connector_attempts",
        "Requests sent to an agency, by the attempt's outcome",
        ("scope", "outcome"),
    ),
    Counter,
)
QUERY_DURATION: Final = _registered(
    "connector_query_duration_seconds",
    lambda: Histogram(
        "connector_query_duration_seconds",
        "Duration of one connector query, by its final status",
        ("scope", "status"),
        buckets=QUERY_DURATION_BUCKETS,
    ),
    Histogram,
)
BREAKER_STATE: Final = _registered(
    "connector_breaker_state",
    lambda: Gauge(
        "connector_breaker_state",
        "Circuit breaker state per source: 0 closed, 1 half-open, 2 open",
        ("scope",),
    ),
    Gauge,
)
IN_FLIGHT: Final = _registered(
    "connector_in_flight_requests",
    lambda: Gauge(
        "connector_in_flight_requests",
        "Requests sent to an agency and not yet answered",
        ("scope",),
    ),
    Gauge,
)


def count_attempts(scope: str, attempts: Iterable[Attempt]) -> None:
    for attempt in attempts:
        ATTEMPTS.labels(scope, attempt.outcome).inc()


def observe_query(scope: str, status: str, seconds: float) -> None:
    QUERY_DURATION.labels(scope, status).observe(seconds)


def set_breaker_state(scope: str, state: str) -> None:
    BREAKER_STATE.labels(scope).set(BREAKER_STATE_VALUES[state])


def in_flight(scope: str) -> Gauge:
    """The in-flight gauge of ``scope``; use its ``track_inprogress()`` around a request."""
    return IN_FLIGHT.labels(scope)
