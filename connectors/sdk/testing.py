"""A small kit for testing connectors against a simulated agency.

``AgencyStub`` is a respx router standing in for one agency, wired into
connectors through their ``transport`` argument (nothing is patched
globally), with routes relative to the agency root as in WIRE.md.  The
failure modes (5xx, 429 with ``Retry-After``, timeouts, connect errors,
dropped connections, malformed JSON, a hanging agency) are side effects;
``answers`` plays them in turn, and ``FAILURE_MODES`` lists them with the
status and attempt outcome every connector must report, so one parametrized
test can put any connector through all of them.  ``SleepRecorder`` stands in
for the backoff sleep to see the delays asked for without waiting them, ``ManualClock``
for the clock a query's deadline is read on (a recorder given it moves it by each
delay, so deadlines play out without waiting), and ``outcomes`` reads a result's
attempt log as its outcome tokens.
Imports respx: a test dependency, never imported by the service.
"""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any, Final, TypeVar

import httpx
import respx

from connectors.sdk.base import HttpConnector
from connectors.sdk.contract import ConnectorConfig, PersonQuery, QueryContext
from connectors.sdk.evidence import SourceResult, SourceStatus
from connectors.sdk.http import CircuitBreaker, Clock, Sleep
from connectors.sdk.limits import ConcurrencyLimit

AGENCY_HOST: Final = "http://agency.test"
TEST_PERSON: Final = PersonQuery(id_number="450102198003120111", name="韦国强")

AsyncSideEffect = Callable[[httpx.Request], Awaitable[httpx.Response]]
Effect = httpx.Response | Exception | AsyncSideEffect
ConnectorT = TypeVar("ConnectorT", bound=HttpConnector)


def fast_config(base_url: str, **overrides: Any) -> ConnectorConfig:
    """A config with millisecond backoff and short timeouts, so fault tests stay fast."""
    config = ConnectorConfig(
        base_url=base_url,
        timeout_seconds=1.0,
        max_attempts=3,
        max_concurrency=4,
        backoff_initial_seconds=0.001,
        backoff_max_seconds=0.005,
    )
    return replace(config, **overrides)


def query_context(
    *,
    period_start: dt.date = dt.date(2025, 11, 1),
    period_end: dt.date = dt.date(2026, 4, 30),
    deadline_in: float = 10.0,
    authorization_id: str = "AUTH-2026-0001",
    purpose: str = "dibao-eligibility",
    request_id: str = "req-test-0001",
    clock: Clock = time.monotonic,
) -> QueryContext:
    """A context for a six-month window ending April 2026, with a deadline ``deadline_in``
    away on ``clock``."""
    return QueryContext(
        authorization_id=authorization_id,
        purpose=purpose,
        period_start=period_start,
        period_end=period_end,
        deadline=clock() + deadline_in,
        request_id=request_id,
    )


def server_error(status: int = 503) -> httpx.Response:
    return httpx.Response(status, json={"error": "internal"})


def rate_limited(retry_after: str | None = "0") -> httpx.Response:
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    return httpx.Response(429, headers=headers, json={"error": "too many requests"})


def bad_request() -> httpx.Response:
    return httpx.Response(400, json={"error": "missing authorization header"})


def read_timeout() -> httpx.ReadTimeout:
    return httpx.ReadTimeout("simulated read timeout")


def connect_error() -> httpx.ConnectError:
    return httpx.ConnectError("simulated connection refused")


def dropped_connection() -> httpx.RemoteProtocolError:
    """The agency closed the connection without answering."""
    return httpx.RemoteProtocolError("Server disconnected without sending a response.")


def read_error() -> httpx.ReadError:
    """The connection was reset while the answer was being read."""
    return httpx.ReadError("simulated connection reset by peer")


def malformed_json() -> httpx.Response:
    return httpx.Response(
        200, content=b'{"truncated": ', headers={"Content-Type": "application/json"}
    )


def hang(seconds: float, then: httpx.Response | None = None) -> AsyncSideEffect:
    """An agency that takes ``seconds`` to answer (``then``, or an empty 200)."""

    async def side_effect(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(seconds)
        return _fresh(then if then is not None else httpx.Response(200, json={}))

    return side_effect


def answers(*effects: Effect) -> AsyncSideEffect:
    """A side effect playing ``effects`` in turn (answer, raise, or delegate); the last repeats."""
    if not effects:
        raise ValueError("answers() needs at least one effect")
    played = 0

    async def side_effect(request: httpx.Request) -> httpx.Response:
        nonlocal played
        effect = effects[min(played, len(effects) - 1)]
        played += 1
        if isinstance(effect, Exception):
            raise copy.copy(effect)
        if isinstance(effect, httpx.Response):
            return _fresh(effect)
        return await effect(request)

    return side_effect


def _fresh(response: httpx.Response) -> httpx.Response:
    return httpx.Response(response.status_code, headers=response.headers, content=response.content)


class ManualClock:
    """A ``clock`` for connectors that stands still until it is moved (``advance``)."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class SleepRecorder:
    """A ``sleep`` for connectors that records each delay asked for and returns at once,
    having moved ``clock`` (if given) by it."""

    def __init__(self, clock: ManualClock | None = None) -> None:
        self.delays: list[float] = []
        self.clock = clock

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        if self.clock is not None:
            self.clock.advance(seconds)


def outcomes(result: SourceResult) -> list[str]:
    """The outcome tokens of a result's attempt log, in order."""
    return [attempt.outcome for attempt in result.attempt_log]


class InFlightGauge:
    """A slow side effect that records how many requests arrived and were in flight at once.

    Unlike respx's call log, ``started`` also counts requests abandoned mid-way (timeouts).
    """

    def __init__(self, response: httpx.Response, delay: float = 0.02) -> None:
        self.response = response
        self.delay = delay
        self.started = 0
        self.current = 0
        self.peak = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.started += 1
        self.current += 1
        self.peak = max(self.peak, self.current)
        try:
            await asyncio.sleep(self.delay)
            return _fresh(self.response)
        finally:
            self.current -= 1


@dataclass(frozen=True, slots=True)
class FailureMode:
    """One way an agency fails, and what every connector must make of it: the
    query's status, whether the attempt is retried, and each attempt's outcome token."""

    name: str
    effect: Callable[[], Effect]
    status: SourceStatus
    retried: bool
    outcome: str


_UNAVAILABLE: Final = SourceStatus.UNAVAILABLE
_REJECTED: Final = SourceStatus.REJECTED
FAILURE_MODES: Final = (
    #           name              effect                     status        retried outcome
    FailureMode("http_503",       server_error,              _UNAVAILABLE, True,  "http_503"),
    FailureMode("http_500",       lambda: server_error(500), _UNAVAILABLE, True,  "http_500"),
    FailureMode("http_429",       rate_limited,              _UNAVAILABLE, True,  "http_429"),
    FailureMode("read_timeout",   read_timeout,              _UNAVAILABLE, True,  "timeout"),
    FailureMode("connect_error",  connect_error,             _UNAVAILABLE, True,  "connect_error"),
    FailureMode("dropped",        dropped_connection,        _UNAVAILABLE, True,  "protocol_error"),
    FailureMode("read_error",     read_error,                _UNAVAILABLE, True,  "protocol_error"),
    FailureMode("http_400",       bad_request,               _REJECTED,    False, "http_400"),
    FailureMode("malformed_json", malformed_json,            _REJECTED,    False, "malformed"),
)  # fmt: skip


class AgencyStub:
    """A simulated agency at ``base_url``; builds connectors bound to it and closes them."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.router = respx.MockRouter(base_url=base_url, assert_all_called=False)
        self.transport = httpx.MockTransport(self.router.async_handler)
        self._built: list[HttpConnector] = []

    def connector(
        self,
        cls: type[ConnectorT],
        *,
        breaker: CircuitBreaker | None = None,
        sleep: Sleep | None = None,
        clock: Clock | None = None,
        limit: ConcurrencyLimit | None = None,
        **config_overrides: Any,
    ) -> ConnectorT:
        """A ``cls`` talking to this stub, with ``fast_config`` plus ``config_overrides``;
        ``breaker``, ``sleep`` (e.g. a ``SleepRecorder``), ``clock`` (e.g. a
        ``ManualClock``) and ``limit`` replace the real ones."""
        config = fast_config(self.base_url, **config_overrides)
        seams: dict[str, Any] = {"sleep": sleep, "clock": clock}
        built = cls(
            config,
            self.transport,
            breaker=breaker,
            limit=limit,
            **{name: seam for name, seam in seams.items() if seam is not None},
        )
        self._built.append(built)
        return built

    def answer_all(self, *effects: Effect) -> respx.Route:
        """Every request to this agency gets ``effects`` in turn (see ``answers``)."""
        return self.router.route().mock(side_effect=answers(*effects))

    async def aclose(self) -> None:
        for built in self._built:
            await built.aclose()
        self._built.clear()
