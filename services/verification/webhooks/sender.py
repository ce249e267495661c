"""The sender: delivers the outbox's pending deliveries, signed as Standard Webhooks.

Every process with ``VERIFICATION_WEBHOOK_POLL_SECONDS`` > 0 runs one (the service's
lifespan starts it); any number may run at once, on SQLite and PostgreSQL alike: a delivery
is leased by a conditional UPDATE before it is sent.  ``deliver_due`` is one round —
fan new events out into deliveries, lease what is due, send, record — and takes the time
as an argument, so tests drive the
retry schedule with a clock of their own and no sleeps.

- **At least once.** A delivery stays pending until an attempt is recorded; a sender that
  dies mid-request leaves a lease that runs out, and the next round sends it again, with
  the same ``webhook-id`` (the event's id): consumers deduplicate by it.
- **In order per resource.** Only the earliest pending delivery of a resource (a
  verification, a batch) to an endpoint is due (``repository.claim_due``).
- **Retries** follow ``schedule.RETRY_DELAYS`` (5 s … 10 h, about 2 days 20 hours in all);
  then the delivery is given up (``failed``) and the endpoint disabled.
- **The log** keeps each attempt's time, status code (or kind of failure) and latency;
  no body is kept, and none of the endpoint's answer is read.  Each attempt is counted in
  ``webhook_attempts_total{outcome}`` (``succeeded``, ``http_error``: an answer not 2xx,
  ``timeout``, ``connection``, ``address-not-allowed``: in production, the URL's host name
  resolved only to private, loopback or reserved addresses, which the sender does not
  connect to; ``request-failed``).
- **Retention.** The log is pruned by the senders, once an hour (``prune``): deliveries
  finished more than ``webhook_retention_days`` ago, their attempts, and the events left
  with no delivery (0: nothing is pruned).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass

import httpx
import structlog
from prometheus_client import Counter

from connectors.sdk.transport import AddressNotAllowedError, TransportKind, build_transport
from verification.data_keys.columns import WEBHOOK_SECRET
from verification.db import utcnow
from verification.outbox.models import WebhookSecret
from verification.runtime import Runtime
from verification.webhooks import addresses, repository, signing
from verification.webhooks.repository import Due
from verification.webhooks.schedule import next_attempt

log = structlog.get_logger(__name__)

USER_AGENT = "verification-webhooks/1"
LEASE_MARGIN_SECONDS = 30.0
FAN_OUT_BATCH = 500  # events made into deliveries per round, at most
PRUNE_EVERY_SECONDS = 3600.0  # how often a running sender prunes the delivery log

OUTCOMES = (
    "succeeded",
    "http_error",
    "timeout",
    "connection",
    "address-not-allowed",
    "request-failed",
)
ATTEMPTS = Counter(
    "webhook_attempts", "Webhook delivery attempts (HTTP requests), by outcome", ("outcome",)
)
for _outcome in OUTCOMES:
    ATTEMPTS.labels(_outcome)


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str | None
    latency_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def label(self) -> str:
        """``webhook_attempts_total``'s outcome."""
        if self.succeeded:
            return "succeeded"
        return "http_error" if self.status_code is not None else self.error or "request-failed"


def body_of(due: Due) -> bytes:
    """The request body: the Standard Webhooks envelope (type, timestamp, data)."""
    envelope = {
        "type": due.event_type,
        "timestamp": due.event_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "data": due.data,
    }
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def outbound_transport(*, demo: bool, max_connections: int) -> httpx.AsyncBaseTransport:
    """The transport deliveries go out on.  In production it connects only to the public
    addresses a URL's host name resolves to (``addresses.is_public``), checked as the
    connection is made: an endpoint's name cannot lead the service into its own network,
    whatever it resolved to when it was registered.  In demo mode (loopback receivers on a
    developer's machine) every address is allowed."""
    return build_transport(
        TransportKind.AIOHTTP,
        max_connections=max_connections,
        allow_address=None if demo else addresses.is_public,
    )


def failure_of(error: httpx.TransportError) -> str:
    """The kind of failure an attempt that got no answer records."""
    if isinstance(error, httpx.TimeoutException):
        return "timeout"
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, AddressNotAllowedError):
            return "address-not-allowed"
        cause = cause.__cause__ or cause.__context__
    return "connection" if isinstance(error, httpx.ConnectError) else "request-failed"


class Sender:
    def __init__(self, rt: Runtime, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.rt = rt
        settings = rt.settings
        self.http = httpx.AsyncClient(
            transport=transport
            or outbound_transport(
                demo=settings.demo_mode(), max_connections=settings.webhook_concurrency
            ),
            timeout=settings.webhook_timeout_seconds,
            follow_redirects=False,  # a redirect is an answer that is not 2xx
            headers={"user-agent": USER_AGENT},
        )

    async def aclose(self) -> None:
        await self.http.aclose()

    async def deliver_due(self, now: dt.datetime | None = None) -> int:
        """One round at ``now``: make the deliveries of new events, lease the deliveries
        due, send them at once, record each attempt and what follows from it; how many were
        sent."""
        now = now or utcnow()
        settings = self.rt.settings
        lease = dt.timedelta(seconds=settings.webhook_timeout_seconds + LEASE_MARGIN_SECONDS)
        async with self.rt.transaction() as session:
            await repository.fan_out(session, now, FAN_OUT_BATCH)
        async with self.rt.transaction() as session:
            due = await repository.claim_due(
                session, now, now + lease, limit=settings.webhook_concurrency
            )
            stored = await repository.secrets_of(session, sorted({d.endpoint_id for d in due}), now)
        if not due:
            return 0
        secrets = {endpoint: self._secrets(rows) for endpoint, rows in stored.items()}
        outcomes = await asyncio.gather(*(self._send(d, secrets[d.endpoint_id], now) for d in due))
        async with self.rt.transaction() as session:
            for d, outcome in zip(due, outcomes, strict=True):
                retry_at = None if outcome.succeeded else next_attempt(d.attempts + 1, now)
                await repository.record_attempt(
                    session,
                    d,
                    at=now,
                    status_code=outcome.status_code,
                    error=outcome.error,
                    latency_ms=outcome.latency_ms,
                    succeeded=outcome.succeeded,
                    retry_at=retry_at,
                )
                if not outcome.succeeded and retry_at is None:
                    log.warning(
                        "webhook_endpoint_disabled",
                        endpoint_id=str(d.endpoint_id),
                        delivery_id=d.delivery_id,
                    )
        return len(due)

    async def prune(self, now: dt.datetime | None = None) -> repository.Pruned:
        """Delete what the retention setting no longer keeps (see the module's notes)."""
        days = self.rt.settings.webhook_retention_days
        if days <= 0:
            return repository.Pruned(deliveries=0, events=0)
        before = (now or utcnow()) - dt.timedelta(days=days)
        async with self.rt.transaction() as session:
            pruned = await repository.prune(session, before)
        if pruned.deliveries or pruned.events:
            log.info("webhook_log_pruned", deliveries=pruned.deliveries, events=pruned.events)
        return pruned

    def _secrets(self, rows: Sequence[WebhookSecret]) -> list[str]:
        return [WEBHOOK_SECRET.decrypt(self.rt.keyring, row).decode() for row in rows]

    async def _send(self, due: Due, secrets: Sequence[str], now: dt.datetime) -> Outcome:
        body = body_of(due)
        headers: Mapping[str, str] = {
            "content-type": "application/json",
            **signing.headers(secrets, str(due.event_id), int(now.timestamp()), body),
        }
        started = time.monotonic()
        status_code: int | None = None
        error: str | None = None
        try:
            # the answer's status is all that is kept: its body is never read
            async with self.http.stream("POST", due.url, content=body, headers=headers) as answer:
                status_code = answer.status_code
        except httpx.TransportError as failure:
            error = failure_of(failure)
        except (httpx.HTTPError, ValueError):
            error = "request-failed"
        latency_ms = round((time.monotonic() - started) * 1000)
        outcome = Outcome(status_code, error, latency_ms)
        ATTEMPTS.labels(outcome.label).inc()
        log.info(
            "webhook_attempt",
            delivery_id=due.delivery_id,
            endpoint_id=str(due.endpoint_id),
            event_type=due.event_type,
            status_code=status_code,
            error=error,
            latency_ms=latency_ms,
        )
        return outcome

    async def run(self) -> None:
        """Rounds until cancelled: at once while there was work, else every
        ``webhook_poll_seconds``; a failing round (the database away) is logged and
        tried again at the next poll."""
        poll = self.rt.settings.webhook_poll_seconds
        pruned_at: float | None = None
        while True:
            try:
                if pruned_at is None or time.monotonic() - pruned_at >= PRUNE_EVERY_SECONDS:
                    pruned_at = time.monotonic()
                    await self.prune()
                sent = await self.deliver_due()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning("webhook_round_failed", error=type(error).__name__)
                sent = 0
            if not sent:
                await asyncio.sleep(poll)


@contextlib.asynccontextmanager
async def sending(rt: Runtime) -> AsyncIterator[None]:
    """A sender running while the context is (none with ``webhook_poll_seconds`` 0)."""
    if rt.settings.webhook_poll_seconds <= 0:
        yield
        return
    sender = Sender(rt)
    task = asyncio.create_task(sender.run(), name="webhook-sender")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await sender.aclose()
