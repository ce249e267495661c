"""The mechanism's Prometheus metrics, read back from the default registry.

Each test uses a connector class with a scope of its own, so counters and
gauges left by other tests (and other connectors of the same scope) don't mix in.
"""

import asyncio
import importlib

import httpx
from prometheus_client import REGISTRY

from connectors.provident_fund.connector import ProvidentFundConnector
from connectors.sdk import metrics
from connectors.sdk.contract import ConnectorConfig
from connectors.sdk.http import CircuitBreaker
from connectors.sdk.testing import (
    InFlightGauge,
    answers,
    hang,
    malformed_json,
    query_context,
    server_error,
)

ACCOUNT = {
    "ret": 0,
    "msg": "ok",
    "acct": {"grzh": "GJJ0001", "zt": "01", "jcjs": "4200.00", "yjce": "840.00", "ye": "23000.00"},
}


def _ok() -> httpx.Response:
    return httpx.Response(200, json=ACCOUNT)


def _scoped(scope: str) -> type[ProvidentFundConnector]:
    """The provident-fund connector under another scope (a metrics label of its own)."""
    return type(f"Scoped_{scope}", (ProvidentFundConnector,), {"scope": scope})


def _sample(name: str, **labels: str) -> float:
    value = REGISTRY.get_sample_value(name, labels)
    return 0.0 if value is None else value


def _attempts(scope: str, outcome: str) -> float:
    return _sample("connector_attempts_total", scope=scope, outcome=outcome)


def _breaker(scope: str) -> float | None:
    return REGISTRY.get_sample_value("connector_breaker_state", {"scope": scope})


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_attempts_counted_by_outcome(agency, person, context):
    scope = "metrics_attempts"
    stub = agency("provident_fund")
    stub.answer_all(server_error(503), server_error(503), _ok(), malformed_json())
    connector = stub.connector(_scoped(scope), max_attempts=3)

    await connector.query(person, context)
    assert _attempts(scope, "http_503") == 2
    assert _attempts(scope, "ok") == 1

    await connector.query(person, context)  # a 200 the connector found malformed
    assert _attempts(scope, "malformed") == 1
    assert _attempts(scope, "ok") == 1
    assert _attempts(scope, "http_503") == 2


async def test_query_duration_by_final_status(agency, person, context):
    scope = "metrics_duration"
    stub = agency("provident_fund")
    stub.answer_all(hang(0.05, _ok()), server_error(503))
    connector = stub.connector(_scoped(scope), max_attempts=2)

    await connector.query(person, context)
    await connector.query(person, context)

    assert _sample("connector_query_duration_seconds_count", scope=scope, status="ok") == 1
    assert _sample("connector_query_duration_seconds_sum", scope=scope, status="ok") >= 0.05
    assert _sample("connector_query_duration_seconds_count", scope=scope, status="unavailable") == 1
    assert (
        _sample("connector_query_duration_seconds_bucket", scope=scope, status="ok", le="0.01") == 0
    )


async def test_in_flight_requests(agency, person, context):
    scope = "metrics_in_flight"
    stub = agency("provident_fund")
    gauge = InFlightGauge(_ok(), delay=0.1)
    stub.router.route().mock(side_effect=gauge)
    connector = stub.connector(_scoped(scope), max_concurrency=3)

    running = asyncio.gather(*(connector.query(person, context) for _ in range(5)))
    await asyncio.sleep(0.05)
    assert _sample("connector_in_flight_requests", scope=scope) == 3
    await running

    assert _sample("connector_in_flight_requests", scope=scope) == 0


async def test_in_flight_falls_back_after_a_timeout(agency, person, context):
    scope = "metrics_in_flight_timeout"
    stub = agency("provident_fund")
    stub.answer_all(hang(5.0, _ok()))
    connector = stub.connector(_scoped(scope), timeout_seconds=0.02, max_attempts=2)

    await connector.query(person, context)

    assert _sample("connector_in_flight_requests", scope=scope) == 0
    assert _attempts(scope, "timeout") == 2


async def test_breaker_gauge_follows_every_transition(agency, person, context):
    scope = "metrics_breaker"
    stub = agency("provident_fund")
    route = stub.router.route()
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=2, cooldown_seconds=10.0, clock=clock)
    connector = stub.connector(_scoped(scope), max_attempts=1, breaker=breaker)
    seen: list[tuple[str, float | None]] = []  # the gauge as each transition left it
    breaker.subscribe(lambda old, new: seen.append((new, _breaker(scope))))

    assert _breaker(scope) == 0  # set when the connector is built

    route.side_effect = answers(server_error(503))
    await connector.query(person, context)
    assert _breaker(scope) == 0
    await connector.query(person, context)
    assert _breaker(scope) == 2

    clock.now += 10.0
    route.side_effect = answers(hang(0.1, _ok()))
    probe = asyncio.create_task(connector.query(person, context))
    await asyncio.sleep(0.03)
    assert connector.breaker_state == "half_open"
    assert _breaker(scope) == 1
    await probe
    assert _breaker(scope) == 0

    route.side_effect = answers(server_error(503))
    for _ in range(2):
        await connector.query(person, context)
    assert _breaker(scope) == 2
    clock.now += 10.0
    await connector.query(person, context)  # the probe fails
    assert _breaker(scope) == 2

    assert seen == [
        ("open", 2),
        ("half_open", 1),
        ("closed", 0),
        ("open", 2),
        ("half_open", 1),
        ("open", 2),
    ]


async def test_many_connectors_share_the_metrics(person):
    cls = _scoped("metrics_many")
    transport = httpx.MockTransport(answers(_ok()))
    built = [cls(ConnectorConfig(base_url="http://agency.test/x"), transport) for _ in range(3)]
    try:
        for connector in built:
            await connector.query(person, query_context())
    finally:
        for connector in built:
            await connector.aclose()

    assert _attempts("metrics_many", "ok") == 3


def test_reimporting_the_metrics_module_reuses_the_collectors():
    before = (metrics.ATTEMPTS, metrics.QUERY_DURATION, metrics.BREAKER_STATE, metrics.IN_FLIGHT)

    reloaded = importlib.reload(metrics)

    after = (reloaded.ATTEMPTS, reloaded.QUERY_DURATION, reloaded.BREAKER_STATE, reloaded.IN_FLIGHT)
    assert after == before
    assert all(a is b for a, b in zip(after, before, strict=True))
