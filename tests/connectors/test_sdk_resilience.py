"""Backoff, Retry-After, the deadline budget and breaker transitions, seen through connectors."""

import time

import httpx
import pytest

from connectors.provident_fund.connector import ProvidentFundConnector
from connectors.sdk.evidence import SourceStatus
from connectors.sdk.http import CircuitBreaker
from connectors.sdk.testing import (
    InFlightGauge,
    ManualClock,
    SleepRecorder,
    answers,
    outcomes,
    query_context,
    rate_limited,
    read_timeout,
    server_error,
)

ACCOUNT = {
    "ret": 0,
    "msg": "ok",
    "acct": {"grzh": "GJJ0001", "zt": "01", "jcjs": "4200.00", "yjce": "840.00", "ye": "23000.00"},
}


def _ok() -> httpx.Response:
    return httpx.Response(200, json=ACCOUNT)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_retry_after_sets_a_sleep_at_least_that_long(agency, person, context):
    stub = agency("provident_fund")
    stub.answer_all(rate_limited("2"), rate_limited("0.5"), _ok())
    sleep = SleepRecorder()
    connector = stub.connector(
        ProvidentFundConnector,
        sleep=sleep,
        backoff_initial_seconds=0.01,
        backoff_max_seconds=0.02,
    )

    result = await connector.query(person, context)

    assert result.status is SourceStatus.OK
    assert outcomes(result) == ["http_429", "http_429", "ok"]
    assert len(sleep.delays) == 2
    assert sleep.delays[0] >= 2.0
    assert sleep.delays[1] >= 0.5


async def test_retry_after_without_header_uses_the_backoff(agency, person, context):
    stub = agency("provident_fund")
    stub.answer_all(rate_limited(None), _ok())
    sleep = SleepRecorder()
    connector = stub.connector(
        ProvidentFundConnector, sleep=sleep, backoff_initial_seconds=0.01, backoff_max_seconds=0.5
    )

    await connector.query(person, context)

    assert len(sleep.delays) == 1
    assert 0.01 <= sleep.delays[0] <= 0.02


async def test_jittered_exponential_backoff_grows_within_bounds(agency, person, context):
    initial, maximum = 0.01, 0.08
    stub = agency("provident_fund")
    stub.answer_all(server_error(503))
    sleep = SleepRecorder()
    connector = stub.connector(
        ProvidentFundConnector,
        sleep=sleep,
        max_attempts=7,
        breaker_failure_threshold=1000,
        backoff_initial_seconds=initial,
        backoff_max_seconds=maximum,
    )
    firsts: list[float] = []

    for _ in range(10):
        sleep.delays.clear()
        result = await connector.query(person, context)
        assert result.attempts == 7
        delays = sleep.delays
        assert len(delays) == 6
        assert all(initial <= delay <= maximum for delay in delays)
        assert delays == sorted(delays)  # never shrinks
        for retry, delay in enumerate(delays):  # exponential up to the cap, plus jitter
            assert delay >= min(maximum, initial * 2**retry)
            assert delay <= min(maximum, initial * 2**retry + initial)
        assert delays[-1] == maximum
        firsts.append(delays[0])

    assert len(set(firsts)) > 1  # jittered: not the same delay every time


async def test_the_deadline_abandons_a_hanging_request(agency, person):
    deadline = 1.0
    stub = agency("provident_fund")
    gauge = InFlightGauge(_ok(), delay=30.0)
    stub.router.route().mock(side_effect=gauge)
    connector = stub.connector(ProvidentFundConnector, timeout_seconds=2.0, max_attempts=3)

    started = time.monotonic()
    result = await connector.query(person, query_context(deadline_in=deadline))
    elapsed = time.monotonic() - started

    assert result.status is SourceStatus.UNAVAILABLE
    assert deadline <= elapsed < 30.0  # it waited for the deadline, not for the answer
    assert outcomes(result) == ["timeout"]
    assert gauge.started == 1
    assert gauge.current == 0  # the hanging request was abandoned, not left running
    assert "deadline reached after 1 attempt" in (result.reason or "")


async def test_deadline_bounds_retries_too(agency, person):
    # on the test's clock: each attempt times out after its 0.3 s, each backoff takes 0.05 s
    clock = ManualClock()
    stub = agency("provident_fund")

    async def times_out(request: httpx.Request) -> httpx.Response:
        clock.advance(0.3)
        raise read_timeout()

    stub.router.route().mock(side_effect=times_out)
    sleep = SleepRecorder(clock)
    connector = stub.connector(
        ProvidentFundConnector,
        sleep=sleep,
        clock=clock,
        timeout_seconds=0.3,
        max_attempts=10,
        backoff_initial_seconds=0.05,
        backoff_max_seconds=0.05,
    )

    result = await connector.query(person, query_context(deadline_in=1.0, clock=clock))

    assert result.status is SourceStatus.UNAVAILABLE
    # 0.3 + 0.05 + 0.3 + 0.05 + 0.3 = 1.0 s: a third backoff would end past the deadline
    assert outcomes(result) == ["timeout"] * 3
    assert sleep.delays == [0.05, 0.05]
    assert "deadline reached after 3 attempts" in (result.reason or "")


async def test_no_attempt_starts_once_the_deadline_has_passed(agency, person):
    clock = ManualClock()
    stub = agency("provident_fund")
    route = stub.answer_all(_ok())
    connector = stub.connector(ProvidentFundConnector, clock=clock)
    context = query_context(deadline_in=1.0, clock=clock)
    clock.advance(1.0)

    result = await connector.query(person, context)

    assert result.status is SourceStatus.UNAVAILABLE
    assert result.attempts == 0
    assert route.call_count == 0


async def test_breaker_settings_come_from_the_config(agency, person):
    clock = ManualClock()
    stub = agency("provident_fund")
    route = stub.answer_all(server_error(503))
    connector = stub.connector(
        ProvidentFundConnector,
        clock=clock,
        max_attempts=1,
        breaker_failure_threshold=2,
        breaker_cooldown_seconds=7.5,
    )

    def context():
        return query_context(clock=clock)

    await connector.query(person, context())
    assert connector.breaker_state == "closed"
    await connector.query(person, context())  # the second failure in a row opens it
    assert connector.breaker_state == "open"
    assert (await connector.query(person, context())).attempts == 0
    clock.advance(7.4)
    assert (await connector.query(person, context())).attempts == 0  # still cooling down
    clock.advance(0.1)
    assert connector.breaker_state == "half_open"
    assert (await connector.query(person, context())).attempts == 1  # one probe
    assert route.call_count == 3


async def test_breaker_override_wins_over_config(agency):
    breaker = CircuitBreaker(failure_threshold=9)
    connector = agency("provident_fund").connector(
        ProvidentFundConnector, breaker=breaker, breaker_failure_threshold=2
    )
    assert connector.client.breaker is breaker


def test_breaker_rejects_negative_cooldown():
    with pytest.raises(ValueError, match="cooldown_seconds"):
        CircuitBreaker(cooldown_seconds=-1.0)


async def test_breaker_transitions(agency, person, context):
    stub = agency("provident_fund")
    route = stub.router.route()
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=2, cooldown_seconds=10.0, clock=clock)
    moves: list[tuple[str, str]] = []
    breaker.subscribe(lambda old, new: moves.append((old, new)))
    connector = stub.connector(ProvidentFundConnector, max_attempts=1, breaker=breaker)

    route.side_effect = answers(server_error(503))
    for _ in range(2):
        await connector.query(person, context)
    assert moves == [("closed", "open")]

    clock.now += 9.9
    assert connector.breaker_state == "open"
    clock.now += 0.1
    assert connector.breaker_state == "half_open"
    route.side_effect = answers(_ok())
    assert (await connector.query(person, context)).status is SourceStatus.OK
    assert moves[1:] == [("open", "half_open"), ("half_open", "closed")]

    route.side_effect = answers(server_error(503))
    for _ in range(2):
        await connector.query(person, context)
    clock.now += 10.0
    probe = await connector.query(person, context)
    assert outcomes(probe) == ["http_503"]
    assert connector.breaker_state == "open"
    assert moves[3:] == [("closed", "open"), ("open", "half_open"), ("half_open", "open")]
