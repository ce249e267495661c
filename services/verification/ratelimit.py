"""Inbound rate limits: per authenticated client, and per address for anonymous requests.

Each limit is a token bucket kept as GCRA (the generic cell rate algorithm): one
float per key, the time at which its bucket would be full again.  The limits
live in the process's memory, so they hold per instance (N instances admit N
times the rate); a check runs on the event loop's thread without an ``await``,
so it needs no lock.  Keys whose bucket is full again are dropped by a sweep,
so memory follows the keys active in the last ``burst / rate`` seconds.

Who is counted where (``RateLimitMiddleware``, ``clients.dependencies`` and
``problem_handlers``):

- an authenticated request counts against its client (``RATE_LIMIT_CLIENT_*``),
  before the route does any work;
- a request without an ``Authorization`` header counts against its address
  (``RATE_LIMIT_ADDRESS_*``) before the app runs, and one whose token is refused
  or whose route does not exist counts against its address when refused.

Over the limit: ``429 rate-limited`` with ``Retry-After`` (whole seconds), the
``http_rate_limited_total{limit}`` counter, a log line; no audit event (a flood
would otherwise write the permanent log).
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Literal

from prometheus_client import Counter
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from verification.problems import DomainError
from verification.settings import Settings

LimitName = Literal["client", "address"]

RATE_LIMITED: Final = Counter(
    "http_rate_limited_total",
    "Requests refused with 429 by the inbound rate limits, by limit",
    ["limit"],
)
_SWEEP_KEYS = 10_000  # sweep full buckets once this many keys are held


class RateLimited(DomainError):  # noqa: N818 - an HTTP name
    status = 429
    code = "rate-limited"
    title = "Too many requests"
    audit_action = ""  # never audited: a flood of refusals must not grow the log

    def __init__(self, limit: LimitName, retry_after: float) -> None:
        self.retry_after = max(1, math.ceil(retry_after))
        super().__init__(
            f"too many requests from this {limit}; retry after {self.retry_after} s",
            extra={"retry_after": self.retry_after},
        )
        self.limit = limit


@dataclass
class TokenBucket:
    """``rate`` requests a second on average, ``burst`` at once; per key."""

    rate: float
    burst: int
    clock: Callable[[], float] = time.monotonic
    _full_at: dict[str, float] = field(default_factory=dict)
    _next_sweep: int = _SWEEP_KEYS

    def take(self, key: str) -> float:
        """Take one token for ``key``: 0 when granted, else the seconds until one is free."""
        now = self.clock()
        interval = 1 / self.rate
        full_at = max(self._full_at.get(key, now), now) + interval
        excess = full_at - now - self.burst * interval
        if excess > 0:
            return excess
        self._full_at[key] = full_at
        if len(self._full_at) >= self._next_sweep:
            self._sweep(now)
        return 0.0

    def __len__(self) -> int:
        return len(self._full_at)

    def _sweep(self, now: float) -> None:
        self._full_at = {k: t for k, t in self._full_at.items() if t > now}
        self._next_sweep = max(_SWEEP_KEYS, 2 * len(self._full_at))


@dataclass
class RateLimits:
    """The two limits of one app; ``None`` where a limit is off."""

    client: TokenBucket | None
    address: TokenBucket | None

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimits:
        def bucket(rate: float, burst: int) -> TokenBucket | None:
            return TokenBucket(rate, burst) if rate > 0 else None

        return cls(
            client=bucket(settings.rate_limit_client_per_second, settings.rate_limit_client_burst),
            address=bucket(
                settings.rate_limit_address_per_second, settings.rate_limit_address_burst
            ),
        )

    def charge_client(self, client_id: str) -> None:
        if self.client is not None:
            _charge(self.client, "client", client_id)

    def charge_address(self, address: str) -> None:
        if self.address is not None:
            _charge(self.address, "address", address)


def _charge(bucket: TokenBucket, limit: LimitName, key: str) -> None:
    wait = bucket.take(key)
    if wait:
        RATE_LIMITED.labels(limit).inc()
        raise RateLimited(limit, wait)


def address_key(scope: Scope) -> str:
    """The caller's address as the limit counts it: an IPv6 caller by its /64 (one
    host commonly holds all of it); ``"unknown"`` when the server gives none."""
    client = scope.get("client")
    host = str(client[0]) if client and client[0] else None
    if host is None:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def rate_limits_of(scope: Scope) -> RateLimits | None:
    limits = getattr(scope["app"].state, "rate_limits", None)
    return limits if isinstance(limits, RateLimits) else None


class RateLimitMiddleware:
    """Counts requests without an ``Authorization`` header against their address, before
    the app runs (pure ASGI); the refusal is rendered by the app's problem handler."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not _has_authorization(scope):
            limits = rate_limits_of(scope)
            if limits is not None:
                try:
                    limits.charge_address(address_key(scope))
                except RateLimited as refusal:
                    await _render(scope, receive, send, refusal)
                    return
        await self.app(scope, receive, send)


def _has_authorization(scope: Scope) -> bool:
    return any(name == b"authorization" for name, _ in scope["headers"])


async def _render(scope: Scope, receive: Receive, send: Send, exc: RateLimited) -> None:
    app = scope["app"]
    handler = app.exception_handlers[DomainError]
    response = await handler(Request(scope, receive), exc)
    await response(scope, receive, send)
