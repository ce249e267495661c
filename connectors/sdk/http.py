"""The one resilience mechanism every connector shares.

An ``AgencyClient`` owns one agency's transport (built by
``connectors.sdk.transport.build_transport``, the one seam that names a transport
library; ``httpx.Request``s made as an ``httpx.AsyncClient`` would build them are sent
through it directly), a
``ConcurrencyLimit`` capping in-flight requests (resizable at run time), a
``CircuitBreaker`` and the tenacity retry policy (entered only after a first
attempt's transient fault).  Each attempt is classified
through two data tables (status code → fault, exception type → fault, in the
style of the Airbyte CDK's error mapping): transient faults are retried with
jittered exponential backoff (a ``Retry-After`` header lengthens the wait),
permanent ones are raised at once as ``SourceRejectedError``.  The query's
``deadline`` bounds everything: no attempt starts and no backoff sleep runs
past it, and an attempt's timeout is cut to what is left.  A connector sees
the client through an ``AgencySession``, one per query, which adds the
context's headers and keeps the query's ``AttemptLog``: one ``Attempt`` per
request actually sent, numbered by the logical request it belongs to (a
connector's further page is a new request, a retry is not), with its outcome
token (``ok``, ``http_503``, ``timeout``, ``connect_error``, ``tls_error``,
``protocol_error``, ...) and its duration.  The mechanism also feeds the Prometheus metrics of
``connectors.sdk.metrics``: requests in flight, breaker state on every
transition, and attempts by outcome when the session finishes.
"""

from __future__ import annotations

import asyncio
import math
import random
import ssl
import time
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Final
from urllib.parse import quote

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt
from tenacity.stop import stop_base
from tenacity.wait import wait_base

from connectors.sdk import metrics
from connectors.sdk.contract import ConnectorConfig, QueryContext
from connectors.sdk.errors import (
    CircuitOpenError,
    DeadlineExceededError,
    ReasonCode,
    SourceRejectedError,
    SourceUnavailableError,
    TransientFaultError,
)
from connectors.sdk.evidence import Attempt
from connectors.sdk.limits import ConcurrencyLimit
from connectors.sdk.transport import build_transport

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]  # seconds, monotonic: what a query's deadline is a value of
BreakerListener = Callable[[str, str], None]
QueryParams = Mapping[str, str | int]


class Fault(StrEnum):
    """Whether a failed attempt is worth another one."""

    TRANSIENT = "transient"  # retried; when attempts run out → unavailable
    PERMANENT = "permanent"  # never retried → rejected


class Outcome:
    """The ``Attempt.outcome`` tokens; a non-2xx answer is ``http_<status>`` instead."""

    OK: Final = "ok"  # a 2xx answer, handed to the connector
    NOT_FOUND: Final = "not_found"  # an answer whose envelope said: no such person
    REJECTED: Final = "rejected"  # an answer whose envelope refused the query
    MALFORMED: Final = "malformed"  # an answer the connector could not parse
    TIMEOUT: Final = "timeout"  # no answer within the attempt's time
    CONNECT_ERROR: Final = "connect_error"  # no connection could be made
    TLS_ERROR: Final = "tls_error"  # connected, but the TLS handshake failed (certificate, ...)
    PROTOCOL_ERROR: Final = "protocol_error"  # the connection broke mid-exchange
    NETWORK_ERROR: Final = "network_error"  # another transport failure
    REQUEST_ERROR: Final = "request_error"  # the request could not be sent as built
    CANCELLED: Final = "cancelled"  # the query was cancelled during the attempt
    ERROR: Final = "error"  # the transport raised something unclassified

    @staticmethod
    def http(status: int) -> str:
        return f"http_{status}"


@dataclass(frozen=True, slots=True)
class Resolution:
    fault: Fault
    reason: str  # may use {status}; never includes agency text or personal data
    outcome: str = Outcome.ERROR  # the attempt's log token


def _transient(reason: str, outcome: str = Outcome.ERROR) -> Resolution:
    return Resolution(Fault.TRANSIENT, reason, outcome)


def _permanent(reason: str, outcome: str = Outcome.ERROR) -> Resolution:
    return Resolution(Fault.PERMANENT, reason, outcome)


STATUS_RESOLUTIONS: Final[Mapping[int, Resolution]] = {
    400: _permanent("bad request (HTTP 400)"),
    401: _permanent("not authenticated (HTTP 401)"),
    403: _permanent("forbidden (HTTP 403)"),
    404: _permanent("no such resource (HTTP 404)"),
    408: _transient("request timeout (HTTP 408)"),
    422: _permanent("unprocessable request (HTTP 422)"),
    429: _transient("rate limited (HTTP 429)"),
    500: _transient("server error (HTTP 500)"),
    502: _transient("bad gateway (HTTP 502)"),
    503: _transient("service unavailable (HTTP 503)"),
    504: _transient("gateway timeout (HTTP 504)"),
}
"""Status codes with their own resolution; others fall back to their class below."""

STATUS_CLASS_RESOLUTIONS: Final[Mapping[int, Resolution]] = {
    1: _permanent("unexpected informational answer (HTTP {status})"),
    3: _permanent("unexpected redirect (HTTP {status})"),
    4: _permanent("request refused (HTTP {status})"),
    5: _transient("server error (HTTP {status})"),
}
"""Fallback by the status code's first digit."""

EXCEPTION_RESOLUTIONS: Final[Mapping[type[BaseException], Resolution]] = {
    httpx.ConnectTimeout: _transient("connect timed out", Outcome.TIMEOUT),
    httpx.ReadTimeout: _transient("read timed out", Outcome.TIMEOUT),
    httpx.WriteTimeout: _transient("write timed out", Outcome.TIMEOUT),
    httpx.PoolTimeout: _transient("connection pool timed out", Outcome.TIMEOUT),
    httpx.TimeoutException: _transient("timed out", Outcome.TIMEOUT),
    TimeoutError: _transient("attempt timed out", Outcome.TIMEOUT),
    httpx.ConnectError: _transient("could not connect", Outcome.CONNECT_ERROR),
    httpx.ReadError: _transient("read error", Outcome.PROTOCOL_ERROR),
    httpx.WriteError: _transient("write error", Outcome.PROTOCOL_ERROR),
    httpx.CloseError: _transient("connection close error", Outcome.PROTOCOL_ERROR),
    httpx.RemoteProtocolError: _transient(
        "connection broken by the agency", Outcome.PROTOCOL_ERROR
    ),
    httpx.NetworkError: _transient("network error", Outcome.NETWORK_ERROR),
    httpx.ProxyError: _permanent("proxy refused the request", Outcome.REQUEST_ERROR),
    httpx.LocalProtocolError: _permanent("request could not be sent", Outcome.REQUEST_ERROR),
    httpx.UnsupportedProtocol: _permanent("unsupported URL scheme", Outcome.REQUEST_ERROR),
    httpx.DecodingError: _permanent("undecodable response body", Outcome.MALFORMED),
    httpx.TooManyRedirects: _permanent("too many redirects", Outcome.REQUEST_ERROR),
}
"""Exceptions an attempt may raise; looked up along the exception's MRO."""


def resolve_status(status: int) -> Resolution | None:
    """The resolution of a non-2xx status; ``None`` for a success."""
    if 200 <= status < 300:
        return None
    found = STATUS_RESOLUTIONS.get(status) or STATUS_CLASS_RESOLUTIONS.get(status // 100)
    if found is None:
        found = _permanent("unexpected status (HTTP {status})")
    return Resolution(found.fault, found.reason.format(status=status), Outcome.http(status))


TLS_RESOLUTION: Final = _transient("TLS handshake failed", Outcome.TLS_ERROR)
"""A connect error caused by an ``ssl.SSLError`` (anywhere down its chain of causes and
contexts): every transport of ``connectors.sdk.transport`` chains the TLS library's exception."""


def _caused_by_tls(exc: BaseException) -> bool:
    seen: set[int] = set()
    cause = exc.__cause__ or exc.__context__
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, ssl.SSLError):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def resolve_exception(exc: BaseException) -> Resolution | None:
    """The resolution of an exception raised by an attempt; ``None`` if it is not ours."""
    if isinstance(exc, httpx.ConnectError) and _caused_by_tls(exc):
        return TLS_RESOLUTION
    for cls in type(exc).__mro__:
        found = EXCEPTION_RESOLUTIONS.get(cls)
        if found is not None:
            return found
    return None


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header; HTTP-date forms and junk are ignored."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """Per-source breaker: opens after ``failure_threshold`` consecutive transient
    failures, lets one probe through after ``cooldown_seconds``, closes on its success.
    Attempts that come while the probe is out wait for its verdict (``wait_for_probe``)
    rather than being refused: after an agency recovers, the other members' queries of
    the same round (a batch's other items) are then sent once the probe succeeds, instead
    of coming back ``unavailable`` for want of a second probe.

    Every change of state (closed → open, open → half_open, half_open → closed,
    half_open → open, and open → closed when a request sent before the breaker
    opened succeeds) is reported to the listeners as ``(old, new)``.  An open
    breaker turns half-open when its cool-down is over and it is next consulted
    (``allow()`` or ``state``).
    """

    def __init__(
        self,
        failure_threshold: int = 5,
        cooldown_seconds: float = 30.0,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        if not cooldown_seconds >= 0:
            raise ValueError("cooldown_seconds must not be negative")
        self.failure_threshold = failure_threshold
        self.cooldown_seconds = cooldown_seconds
        self._clock = clock
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._verdict: asyncio.Event | None = None  # the probe out, if any: set when it ends
        self._listeners: list[BreakerListener] = []

    @property
    def state(self) -> str:
        """``closed``, ``open`` or ``half_open`` (an open breaker whose cool-down is over)."""
        self._half_open_if_cooled_down()
        return self._state.value

    @property
    def consecutive_failures(self) -> int:
        return self._failures

    def seconds_until_half_open(self) -> float | None:
        """How long an open breaker stays open before it lets a probe through (on its
        clock); ``None`` when it is not open (closed, or half-open already)."""
        self._half_open_if_cooled_down()
        if self._state is not BreakerState.OPEN:
            return None
        return max(0.0, self._opened_at + self.cooldown_seconds - self._clock())

    def subscribe(self, listener: BreakerListener) -> None:
        """Call ``listener(old_state, new_state)`` on every transition from now on."""
        self._listeners.append(listener)

    def _move(self, new: BreakerState) -> None:
        old, self._state = self._state, new
        if old is not new:
            for listener in self._listeners:
                listener(old.value, new.value)

    def _half_open_if_cooled_down(self) -> None:
        if (
            self._state is BreakerState.OPEN
            and self._clock() - self._opened_at >= self.cooldown_seconds
        ):
            self._move(BreakerState.HALF_OPEN)

    def allow(self) -> bool:
        """May an attempt start now?  In half-open state only one probe at a time."""
        self._half_open_if_cooled_down()
        if self._state is BreakerState.CLOSED:
            return True
        if self._state is BreakerState.OPEN or self._verdict is not None:
            return False
        self._verdict = asyncio.Event()
        return True

    async def wait_for_probe(self) -> bool:
        """When ``allow()`` refused because a half-open breaker's probe is out: wait for
        the probe to end and say True (ask ``allow()`` again: closed lets every waiter go,
        open refuses them, a probe abandoned without a verdict lets the next one probe).
        False at once when there is no probe to wait for (the breaker is open).  The
        caller bounds the wait (its deadline)."""
        verdict = self._verdict
        if verdict is None:
            return False
        await verdict.wait()
        return True

    def _probe_ended(self) -> None:
        if self._verdict is not None:
            self._verdict.set()
            self._verdict = None

    def record_success(self) -> None:
        self._failures = 0
        self._probe_ended()
        self._move(BreakerState.CLOSED)

    def record_failure(self) -> None:
        self._failures += 1
        self._probe_ended()
        if self._state is BreakerState.HALF_OPEN or (
            self._state is BreakerState.CLOSED and self._failures >= self.failure_threshold
        ):
            self._opened_at = self._clock()
            self._move(BreakerState.OPEN)

    def release(self) -> None:
        """An allowed attempt ended without a verdict (cancelled); free the probe slot."""
        self._probe_ended()


class _Backoff(wait_base):
    """Exponential backoff plus up to one ``initial`` of jitter, capped at ``maximum``;
    an agency's ``Retry-After`` makes the wait at least that long.

    Each retry's delay is drawn once and remembered, so the deadline stop and
    the wait agree on it whichever of them tenacity consults first.
    """

    def __init__(self, initial: float, maximum: float) -> None:
        self.initial = initial
        self.maximum = maximum
        self._random = random.SystemRandom()
        self._planned: dict[int, float] = {}

    def __call__(self, retry_state: RetryCallState) -> float:
        attempt = retry_state.attempt_number
        if attempt not in self._planned:
            self._planned[attempt] = self._draw(retry_state)
        return self._planned[attempt]

    def _draw(self, retry_state: RetryCallState) -> float:
        exponential = self.initial * 2.0 ** (retry_state.attempt_number - 1)
        delay = min(self.maximum, exponential + self._random.uniform(0, self.initial))
        outcome = retry_state.outcome
        failure = outcome.exception() if outcome is not None and outcome.failed else None
        if isinstance(failure, TransientFaultError) and failure.retry_after is not None:
            delay = max(delay, failure.retry_after)
        return delay


class _StopAtDeadline(stop_base):
    """Stop when the coming backoff sleep would end past the deadline."""

    def __init__(self, deadline: float, backoff: _Backoff, clock: Clock) -> None:
        self.deadline = deadline
        self.backoff = backoff
        self.clock = clock

    def __call__(self, retry_state: RetryCallState) -> bool:
        return self.clock() + self.backoff(retry_state) >= self.deadline


def context_headers(context: QueryContext) -> dict[str, str]:
    """The headers every agency request carries.  HTTP header values are ASCII, so
    a non-ASCII value (a Chinese purpose, say) is sent percent-encoded as UTF-8."""
    headers = {
        "X-Authorization-Id": context.authorization_id,
        "X-Purpose": context.purpose,
    }
    if context.request_id:
        headers["X-Request-Id"] = context.request_id
    return {
        name: value if value.isascii() else quote(value, safe="") for name, value in headers.items()
    }


class AttemptLog:
    """The attempts (requests actually sent) of one query, in order, each with the
    number of the logical request (``begin_request``) it was sent for."""

    __slots__ = ("_delivered", "_entries", "_request")

    def __init__(self, entries: list[Attempt] | None = None) -> None:
        """``entries``: a list to record into (the context's ``attempt_log``), else its own."""
        self._entries: list[Attempt] = entries if entries is not None else []
        self._delivered = False
        self._request = 0

    def begin_request(self) -> None:
        """The attempts recorded from now on are for the next logical request."""
        self._request += 1

    @property
    def count(self) -> int:
        return len(self._entries)

    @property
    def entries(self) -> tuple[Attempt, ...]:
        return tuple(self._entries)

    def record(
        self, outcome: str, status_code: int | None, seconds: float, *, delivered: bool
    ) -> Attempt:
        """Append an attempt; ``delivered`` when its response was handed to the connector."""
        attempt = Attempt(
            number=len(self._entries) + 1,
            outcome=outcome,
            status_code=status_code,
            duration_ms=round(seconds * 1000),
            request=max(self._request, 1),
        )
        self._entries.append(attempt)
        self._delivered = delivered
        return attempt

    def mark_last(self, outcome: str) -> bool:
        """Relabel the last attempt with the connector's verdict on its answer
        (``malformed``, ``not_found``, ``rejected``); only if that answer was
        delivered to the connector, so a transport outcome is never overwritten."""
        if not self._delivered:
            return False
        self._entries[-1] = replace(self._entries[-1], outcome=outcome)
        return True


class AgencyClient:
    """One agency's HTTP client with the shared retry, concurrency and breaker policy.

    ``scope`` labels the metrics; the breaker's state is mirrored into the
    ``connector_breaker_state`` gauge on every transition.  ``limit`` caps the
    attempts in flight (default: a new ``ConcurrencyLimit(config.max_concurrency)``);
    ``limit.resize(n)`` changes the cap at run time.  The connection pool stays
    sized at ``config.max_concurrency``, the ceiling: a limit above it lets no
    more requests onto the wire, they queue for a connection instead.  ``sleep`` (the
    backoff's) and ``clock`` (what deadlines are read on, and the breaker built here) are
    seams for tests.
    """

    def __init__(
        self,
        config: ConnectorConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        breaker: CircuitBreaker | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.monotonic,
        scope: str = "unknown",
        limit: ConcurrencyLimit | None = None,
    ) -> None:
        if config.max_attempts < 1 or config.max_concurrency < 1:
            raise ValueError("max_attempts and max_concurrency must be at least 1")
        self.config = config
        self.scope = scope
        self.breaker = (
            breaker
            if breaker is not None
            else CircuitBreaker(
                config.breaker_failure_threshold, config.breaker_cooldown_seconds, clock=clock
            )
        )
        self.breaker.subscribe(self._breaker_moved)
        metrics.set_breaker_state(scope, self.breaker.state)
        self._in_flight = metrics.in_flight(scope)
        self._sleep = sleep
        self._clock = clock
        self.limit = limit if limit is not None else ConcurrencyLimit(config.max_concurrency)
        base_url = config.base_url if config.base_url.endswith("/") else f"{config.base_url}/"
        self._transport = (
            transport
            if transport is not None
            else build_transport(config.transport, max_connections=config.max_concurrency)
        )
        # defines the requests (base URL, default headers; ``_send`` makes them as its
        # ``build_request`` would); they are sent through ``self._transport`` directly,
        # skipping the client's send path (auth, cookies, redirects, event hooks: none used
        # here; ~90 µs a call).  Agencies are reached directly, never through a proxy named
        # in the environment.
        self._http = httpx.AsyncClient(
            base_url=base_url,
            transport=self._transport,
            timeout=httpx.Timeout(config.timeout_seconds),
            headers={"Accept": "application/json"},
            follow_redirects=False,
            trust_env=False,
        )
        # what the client's ``build_request`` merges into each request, taken once (that
        # merge parses the URL twice more and copies the headers, ~60 µs a call): the base
        # URL (ending in "/") and the default headers (Accept above, httpx's User-Agent,
        # Accept-Encoding and Connection) as they go on the wire
        self._base_url = str(self._http.base_url)
        self._default_headers = tuple(self._http.headers.raw)

    @property
    def http(self) -> httpx.AsyncClient:
        """The client that builds the requests; its transport is the one they are sent
        through (what an instrumentation such as OpenTelemetry's wraps)."""
        return self._http

    def _breaker_moved(self, old: str, new: str) -> None:
        metrics.set_breaker_state(self.scope, new)

    def session(self, context: QueryContext) -> AgencySession:
        return AgencySession(self, context)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        context: QueryContext,
        params: QueryParams | None = None,
        json: Any = None,
        accept: Collection[int] = (),
        log: AttemptLog | None = None,
    ) -> httpx.Response:
        """Send one logical request with retries; return a 2xx (or ``accept``-ed) response.

        ``path`` is relative to the agency root (no leading slash).  Each request
        sent is appended to ``log``.  Raises ``SourceRejectedError`` for permanent
        faults, and ``SourceUnavailableError`` (or its ``CircuitOpenError`` /
        ``DeadlineExceededError``) when no usable answer came.
        """
        log = log if log is not None else AttemptLog()
        log.begin_request()
        before = log.count
        headers = (
            *self._default_headers,
            *((name.encode(), value.encode()) for name, value in context_headers(context).items()),
        )
        call = _Call(method, path.lstrip("/"), headers, params, json, frozenset(accept))
        try:
            # the first attempt runs without tenacity, whose set-up costs about as much as
            # the HTTP client; a transient fault starts the retry loop, replayed as its
            # first outcome, so the policy sees exactly what it would have seen
            return await self._attempt(call, context.deadline, log)
        except TransientFaultError as fault:
            first: TransientFaultError | None = fault

        async def attempt() -> httpx.Response:
            nonlocal first
            if first is not None:
                fault, first = first, None
                raise fault
            return await self._attempt(call, context.deadline, log)

        backoff = _Backoff(self.config.backoff_initial_seconds, self.config.backoff_max_seconds)
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.config.max_attempts)
            | _StopAtDeadline(context.deadline, backoff, self._clock),
            wait=backoff,
            retry=retry_if_exception_type(TransientFaultError),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            response: httpx.Response = await retrying(attempt)
        except TransientFaultError as fault:
            sent = log.count - before
            if sent >= self.config.max_attempts:
                raise SourceUnavailableError(
                    f"{fault.reason}; gave up after {_attempts(sent)}",
                    ReasonCode.GAVE_UP,
                    {"attempts": sent, "cause": fault.outcome},
                ) from fault
            raise DeadlineExceededError(
                f"{fault.reason}; deadline reached after {_attempts(sent)}",
                ReasonCode.DEADLINE_AFTER_FAULT,
                {"cause": fault.outcome},
            ) from fault
        return response

    async def _attempt(self, call: _Call, deadline: float, log: AttemptLog) -> httpx.Response:
        """One attempt: within the deadline, a request slot and the breaker's leave."""
        if deadline - self._clock() <= 0:
            raise DeadlineExceededError(f"deadline reached before attempt {log.count + 1}")
        if not self.limit.try_acquire():  # a free slot needs no timeout set up (~15 µs)
            try:
                async with asyncio.timeout(deadline - self._clock()):
                    await self.limit.acquire()
            except TimeoutError:
                raise DeadlineExceededError("deadline reached waiting for a request slot") from None
        try:
            if deadline - self._clock() <= 0:
                raise DeadlineExceededError(f"deadline reached before attempt {log.count + 1}")
            while not self.breaker.allow():
                try:  # a probe is out: its verdict decides, within the deadline
                    async with asyncio.timeout(deadline - self._clock()):
                        probed = await self.breaker.wait_for_probe()
                except TimeoutError:
                    raise DeadlineExceededError(
                        "deadline reached waiting for the circuit breaker's probe"
                    ) from None
                if not probed:
                    raise CircuitOpenError("circuit breaker open; request not sent")
            remaining = deadline - self._clock()
            if remaining <= 0:  # spent waiting for a probe: this attempt is no verdict
                self.breaker.release()
                raise DeadlineExceededError(f"deadline reached before attempt {log.count + 1}")
            return await self._send(call, min(self.config.timeout_seconds, remaining), log)
        finally:
            self.limit.release()

    async def _send(self, call: _Call, attempt_seconds: float, log: AttemptLog) -> httpx.Response:
        """Send a request the breaker allowed, classify it, tell the breaker, log it."""
        started = time.perf_counter()
        try:
            # the request ``self._http.build_request`` would build, from the parts it merges
            # taken once (``__init__``); tests/connectors/test_sdk_http.py holds them equal
            request = httpx.Request(
                call.method,
                self._base_url + call.path,
                params=call.params,
                json=call.json,
                headers=call.headers,
                extensions={"timeout": httpx.Timeout(attempt_seconds).as_dict()},
            )
            with self._in_flight.track_inprogress():
                async with asyncio.timeout(attempt_seconds):
                    response = await self._transport.handle_async_request(request)
                    response.request = request
                    try:
                        await response.aread()  # closes the stream once read
                    except BaseException:
                        await response.aclose()
                        raise
        except Exception as exc:
            resolution = resolve_exception(exc)
            outcome = Outcome.ERROR if resolution is None else resolution.outcome
            log.record(outcome, None, time.perf_counter() - started, delivered=False)
            if resolution is None:
                self.breaker.release()  # not the agency's doing that we know of: no verdict
                raise
            raise self._verdict(resolution) from exc
        except BaseException:  # cancelled mid-exchange: no verdict on the agency
            log.record(Outcome.CANCELLED, None, time.perf_counter() - started, delivered=False)
            self.breaker.release()
            raise
        status = response.status_code
        resolution = None if status in call.accept else resolve_status(status)
        if resolution is None:
            outcome = Outcome.OK if 200 <= status < 300 else Outcome.http(status)
            log.record(outcome, status, time.perf_counter() - started, delivered=True)
            self.breaker.record_success()
            return response
        log.record(resolution.outcome, status, time.perf_counter() - started, delivered=False)
        raise self._verdict(resolution, parse_retry_after(response.headers.get("Retry-After")))

    def _verdict(
        self, resolution: Resolution, retry_after: float | None = None
    ) -> TransientFaultError | SourceRejectedError:
        """Tell the breaker about a failed attempt; the error to raise for it."""
        if resolution.fault is Fault.TRANSIENT:
            self.breaker.record_failure()
            return TransientFaultError(resolution.reason, retry_after, resolution.outcome)
        self.breaker.record_success()  # the fault is ours (4xx, bad request), not the agency's
        return SourceRejectedError(
            resolution.reason, ReasonCode.REJECTED_ANSWER, {"cause": resolution.outcome}
        )


@dataclass(frozen=True, slots=True)
class _Call:
    """What one logical request sends, attempt after attempt."""

    method: str
    path: str  # relative to the agency root, without a leading slash
    headers: tuple[tuple[bytes, bytes], ...]  # the client's defaults, then the context's
    params: QueryParams | None
    json: Any
    accept: frozenset[int]


def _attempts(count: int) -> str:
    return "1 attempt" if count == 1 else f"{count} attempts"


def attempts_of(log: Collection[Attempt]) -> int:
    """How often the query was tried: the attempts of its most-tried logical request,
    1 + its retries (a further page is another request, not a retry); 0 if none was sent."""
    per_request: dict[int, int] = {}
    for attempt in log:
        per_request[attempt.request] = per_request.get(attempt.request, 0) + 1
    return max(per_request.values(), default=0)


class AgencySession:
    """One query's view of an ``AgencyClient``: its context headers, deadline and attempt log."""

    def __init__(self, client: AgencyClient, context: QueryContext) -> None:
        self.client = client
        self.context = context
        self._log = AttemptLog(context.attempt_log)
        self._finished = False

    @property
    def requests(self) -> int:
        """Requests actually sent for this query so far, retries and further pages included."""
        return self._log.count

    @property
    def attempts(self) -> int:
        """Tries of the most-tried request so far: 1 + its retries (see ``attempts_of``)."""
        return attempts_of(self._log.entries)

    @property
    def attempt_log(self) -> tuple[Attempt, ...]:
        """One ``Attempt`` per request sent so far, in order."""
        return self._log.entries

    def mark_last(self, outcome: str) -> bool:
        """Relabel the last attempt with the connector's verdict on the answer it was
        handed (``Outcome.MALFORMED``, ``NOT_FOUND``, ``REJECTED``); see ``AttemptLog``."""
        return self._log.mark_last(outcome)

    def finish(self) -> tuple[Attempt, ...]:
        """End the query: count its attempts by outcome in the metrics (once) and
        return the final log."""
        entries = self._log.entries
        if not self._finished:
            self._finished = True
            metrics.count_attempts(self.client.scope, entries)
        return entries

    async def get(
        self, path: str, *, params: QueryParams | None = None, accept: Collection[int] = ()
    ) -> httpx.Response:
        return await self.client.request(
            "GET", path, context=self.context, params=params, accept=accept, log=self._log
        )

    async def post(self, path: str, *, json: Any, accept: Collection[int] = ()) -> httpx.Response:
        return await self.client.request(
            "POST", path, context=self.context, json=json, accept=accept, log=self._log
        )
