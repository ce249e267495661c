"""The one resilience mechanism every connector shares.

An ``AgencyClient`` owns the ``httpx.AsyncClient`` for one agency, a
semaphore capping in-flight requests, a ``CircuitBreaker`` and the tenacity
retry policy.  Each attempt is classified through two data tables (status
code → fault, exception type → fault, in the style of the Airbyte CDK's
error mapping): transient faults are retried with jittered exponential
backoff (a ``Retry-After`` header lengthens the wait), permanent ones are
raised at once as ``SourceRejectedError``.  The query's ``deadline`` bounds
everything: no attempt starts and no backoff sleep runs past it, and an
attempt's timeout is cut to what is left.  A connector sees the client
through an ``AgencySession``, one per query, which adds the context's
headers and counts the attempts made.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final
from urllib.parse import quote

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt
from tenacity.stop import stop_base
from tenacity.wait import wait_base

from connectors.sdk.contract import ConnectorConfig, QueryContext
from connectors.sdk.errors import (
    CircuitOpenError,
    DeadlineExceededError,
    SourceRejectedError,
    SourceUnavailableError,
    TransientFaultError,
)

Sleep = Callable[[float], Awaitable[None]]
QueryParams = Mapping[str, str | int]


class Fault(StrEnum):
    """Whether a failed attempt is worth another one."""

    TRANSIENT = "transient"  # retried; when attempts run out → unavailable
    PERMANENT = "permanent"  # never retried → rejected


@dataclass(frozen=True, slots=True)
class Resolution:
    fault: Fault
    reason: str  # may use {status}; never includes agency text or personal data


def _transient(reason: str) -> Resolution:
    return Resolution(Fault.TRANSIENT, reason)


def _permanent(reason: str) -> Resolution:
    return Resolution(Fault.PERMANENT, reason)


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
    httpx.ConnectTimeout: _transient("connect timed out"),
    httpx.ReadTimeout: _transient("read timed out"),
    httpx.WriteTimeout: _transient("write timed out"),
    httpx.PoolTimeout: _transient("connection pool timed out"),
    httpx.TimeoutException: _transient("timed out"),
    TimeoutError: _transient("attempt timed out"),
    httpx.ConnectError: _transient("could not connect"),
    httpx.ReadError: _transient("read error"),
    httpx.WriteError: _transient("write error"),
    httpx.CloseError: _transient("connection close error"),
    httpx.RemoteProtocolError: _transient("connection broken by the agency"),
    httpx.NetworkError: _transient("network error"),
    httpx.ProxyError: _permanent("proxy refused the request"),
    httpx.LocalProtocolError: _permanent("request could not be sent"),
    httpx.UnsupportedProtocol: _permanent("unsupported URL scheme"),
    httpx.DecodingError: _permanent("undecodable response body"),
    httpx.TooManyRedirects: _permanent("too many redirects"),
}
"""Exceptions an attempt may raise; looked up along the exception's MRO."""


def resolve_status(status: int) -> Resolution | None:
    """The resolution of a non-2xx status; ``None`` for a success."""
    if 200 <= status < 300:
        return None
    found = STATUS_RESOLUTIONS.get(status) or STATUS_CLASS_RESOLUTIONS.get(status // 100)
    if found is None:
        return _permanent(f"unexpected status (HTTP {status})")
    return Resolution(found.fault, found.reason.format(status=status))


def resolve_exception(exc: BaseException) -> Resolution | None:
    """The resolution of an exception raised by an attempt; ``None`` if it is not ours."""
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
    failures, lets one probe through after ``cooldown_seconds``, closes on its success."""

    def __init__(
        self,
        failure_threshold: int = 5,
        cooldown_seconds: float = 30.0,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        self.failure_threshold = failure_threshold
        self.cooldown_seconds = cooldown_seconds
        self._clock = clock
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._probing = False

    @property
    def state(self) -> str:
        """``closed``, ``open`` or ``half_open`` (an open breaker whose cool-down is over)."""
        if self._state is BreakerState.OPEN and self._cooled_down():
            return BreakerState.HALF_OPEN.value
        return self._state.value

    @property
    def consecutive_failures(self) -> int:
        return self._failures

    def _cooled_down(self) -> bool:
        return self._clock() - self._opened_at >= self.cooldown_seconds

    def allow(self) -> bool:
        """May an attempt start now?  In half-open state only one probe at a time."""
        if self._state is BreakerState.CLOSED:
            return True
        if self._state is BreakerState.OPEN:
            if not self._cooled_down():
                return False
            self._state = BreakerState.HALF_OPEN
        if self._probing:
            return False
        self._probing = True
        return True

    def record_success(self) -> None:
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._probing = False

    def record_failure(self) -> None:
        self._failures += 1
        if self._state is BreakerState.HALF_OPEN or (
            self._state is BreakerState.CLOSED and self._failures >= self.failure_threshold
        ):
            self._state = BreakerState.OPEN
            self._opened_at = self._clock()
        self._probing = False

    def release(self) -> None:
        """An allowed attempt ended without a verdict (cancelled); free the probe slot."""
        self._probing = False


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

    def __init__(self, deadline: float, backoff: _Backoff) -> None:
        self.deadline = deadline
        self.backoff = backoff

    def __call__(self, retry_state: RetryCallState) -> bool:
        return time.monotonic() + self.backoff(retry_state) >= self.deadline


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


class AttemptCounter:
    """How many attempts (requests actually sent) one query made."""

    __slots__ = ("count",)

    def __init__(self) -> None:
        self.count = 0


class AgencyClient:
    """One agency's HTTP client with the shared retry, concurrency and breaker policy."""

    def __init__(
        self,
        config: ConnectorConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        breaker: CircuitBreaker | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if config.max_attempts < 1 or config.max_concurrency < 1:
            raise ValueError("max_attempts and max_concurrency must be at least 1")
        self.config = config
        self.breaker = breaker if breaker is not None else CircuitBreaker()
        self._sleep = sleep
        self._semaphore = asyncio.Semaphore(config.max_concurrency)
        base_url = config.base_url if config.base_url.endswith("/") else f"{config.base_url}/"
        self._http = httpx.AsyncClient(
            base_url=base_url,
            transport=transport,
            timeout=httpx.Timeout(config.timeout_seconds),
            limits=httpx.Limits(
                max_connections=config.max_concurrency,
                max_keepalive_connections=config.max_concurrency,
            ),
            headers={"Accept": "application/json"},
            follow_redirects=False,
        )

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
        counter: AttemptCounter | None = None,
    ) -> httpx.Response:
        """Send one logical request with retries; return a 2xx (or ``accept``-ed) response.

        ``path`` is relative to the agency root (no leading slash).  Raises
        ``SourceRejectedError`` for permanent faults, and ``SourceUnavailableError``
        (or its ``CircuitOpenError`` / ``DeadlineExceededError``) when no usable
        answer came.
        """
        counter = counter if counter is not None else AttemptCounter()
        headers = context_headers(context)
        backoff = _Backoff(self.config.backoff_initial_seconds, self.config.backoff_max_seconds)
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.config.max_attempts)
            | _StopAtDeadline(context.deadline, backoff),
            wait=backoff,
            retry=retry_if_exception_type(TransientFaultError),
            sleep=self._sleep,
            reraise=True,
        )

        call = _Call(method, path, headers, params, json, frozenset(accept))

        async def attempt() -> httpx.Response:
            return await self._attempt(call, context.deadline, counter)

        try:
            response: httpx.Response = await retrying(attempt)
        except TransientFaultError as fault:
            if counter.count >= self.config.max_attempts:
                raise SourceUnavailableError(
                    f"{fault.reason}; gave up after {_attempts(counter.count)}"
                ) from fault
            raise DeadlineExceededError(
                f"{fault.reason}; deadline reached after {_attempts(counter.count)}"
            ) from fault
        return response

    async def _attempt(
        self, call: _Call, deadline: float, counter: AttemptCounter
    ) -> httpx.Response:
        """One attempt: within the deadline, a request slot and the breaker's leave."""
        if deadline - time.monotonic() <= 0:
            raise DeadlineExceededError(f"deadline reached before attempt {counter.count + 1}")
        try:
            async with asyncio.timeout(deadline - time.monotonic()):
                await self._semaphore.acquire()
        except TimeoutError:
            raise DeadlineExceededError("deadline reached waiting for a request slot") from None
        try:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DeadlineExceededError(f"deadline reached before attempt {counter.count + 1}")
            if not self.breaker.allow():
                raise CircuitOpenError("circuit breaker open; request not sent")
            counter.count += 1
            return await self._send(call, min(self.config.timeout_seconds, remaining))
        finally:
            self._semaphore.release()

    async def _send(self, call: _Call, attempt_seconds: float) -> httpx.Response:
        """Send a request the breaker allowed, classify it, and tell the breaker."""
        verdict_given = False
        try:
            try:
                async with asyncio.timeout(attempt_seconds):
                    response = await self._http.request(
                        call.method,
                        call.path,
                        params=call.params,
                        json=call.json,
                        headers=call.headers,
                        timeout=attempt_seconds,
                    )
            except Exception as exc:
                resolution = resolve_exception(exc)
                if resolution is None:
                    raise
                verdict_given = True
                if resolution.fault is Fault.TRANSIENT:
                    self.breaker.record_failure()
                    raise TransientFaultError(resolution.reason) from exc
                self.breaker.record_success()  # the fault is ours, not the agency's health
                raise SourceRejectedError(resolution.reason) from exc
            verdict_given = True
            status = response.status_code
            resolution = None if status in call.accept else resolve_status(status)
            if resolution is None:
                self.breaker.record_success()
                return response
            if resolution.fault is Fault.TRANSIENT:
                self.breaker.record_failure()
                raise TransientFaultError(
                    resolution.reason, parse_retry_after(response.headers.get("Retry-After"))
                )
            self.breaker.record_success()
            raise SourceRejectedError(resolution.reason)
        finally:
            if not verdict_given:
                self.breaker.release()


@dataclass(frozen=True, slots=True)
class _Call:
    """What one logical request sends, attempt after attempt."""

    method: str
    path: str
    headers: Mapping[str, str]
    params: QueryParams | None
    json: Any
    accept: frozenset[int]


def _attempts(count: int) -> str:
    return "1 attempt" if count == 1 else f"{count} attempts"


class AgencySession:
    """One query's view of an ``AgencyClient``: its context headers, deadline and attempts."""

    def __init__(self, client: AgencyClient, context: QueryContext) -> None:
        self.client = client
        self.context = context
        self._counter = AttemptCounter()

    @property
    def attempts(self) -> int:
        """Requests actually sent for this query so far, retries included."""
        return self._counter.count

    async def get(
        self, path: str, *, params: QueryParams | None = None, accept: Collection[int] = ()
    ) -> httpx.Response:
        return await self.client.request(
            "GET", path, context=self.context, params=params, accept=accept, counter=self._counter
        )

    async def post(self, path: str, *, json: Any, accept: Collection[int] = ()) -> httpx.Response:
        return await self.client.request(
            "POST", path, context=self.context, json=json, accept=accept, counter=self._counter
        )
