"""The operations gauges an operator alerts on, read from the database on a schedule.

What the alert rules (``deploy/prometheus/alerts.yml``) need and no request path
knows: whether the database answers, whether open batches still make progress,
and how far the audit log's latest signed checkpoint trails the log.  They are read
from the database rather than counted in this process, so they tell the truth
about the whole deployment (batch workers, other instances) to whichever instance
Prometheus scrapes.  ``watch`` reads them now and every
``monitor_interval_seconds``; a round the database could not answer sets
``database_up`` to 0 and leaves the others as they were.

``database_up``
    1: the last probe (``SELECT 1``) was answered; 0: it was not.
``batch_items_open{state}``
    batch items ``pending`` or ``running``.
``batch_last_progress_timestamp_seconds``
    among batches with open items, the latest moment one made progress: its newest
    finished item, or its creation when none has finished (Unix time; 0: none open).
``audit_log_size``, ``audit_checkpoint_size``
    events in the log, and events its latest signed checkpoint covers.

The ``audit_*`` gauges are the production log's, unlabelled (as before the sandbox's log
existed), and the sandbox log's with ``log="sandbox"`` (ADR 0013).
``audit_checkpoint_timestamp_seconds``
    when the latest checkpoint was signed (Unix time; 0: none yet).
``audit_pending_entries``, ``audit_pending_oldest_timestamp_seconds``
    audit entries recorded and not yet integrated into the log, and when the oldest of
    them was recorded (Unix time; 0: none pending): the integrator's backlog.
``webhook_deliveries_backlog{state}``
    webhook deliveries pending to enabled endpoints: ``due`` (their next attempt is due:
    a sender should be sending them now) and ``failing`` (at least one attempt failed; they
    wait for their next retry).
``webhook_deliveries_oldest_due_timestamp_seconds``
    when the longest-due of them became due (Unix time; 0: none due): the senders' backlog.
``monitor_last_success_timestamp_seconds``
    when a round last read everything (Unix time).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import structlog
from prometheus_client import Gauge
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from verification.audit.log import HEAD_ID
from verification.audit.models import PRODUCTION, STREAMS, Stream
from verification.batches.models import Batch, BatchItem
from verification.db import database_unavailable, utcnow
from verification.kit.variant_gauge import VariantGauge
from verification.outbox.models import WebhookDelivery, WebhookEndpoint

if TYPE_CHECKING:
    from verification.runtime import Runtime

log = structlog.get_logger(__name__)

OPEN_STATES: Final = ("pending", "running")
BACKLOG_STATES: Final = ("due", "failing")

DATABASE_UP: Final = Gauge("database_up", "1: the database answered the last probe; 0: it did not")
BATCH_ITEMS_OPEN: Final = Gauge(
    "batch_items_open", "Batch items not finished yet, by state", ("state",)
)
BATCH_PROGRESS: Final = Gauge(
    "batch_last_progress_timestamp_seconds",
    "Latest progress of a batch with open items: its newest finished item, or its "
    "creation if none has finished (Unix time; 0: no batch open)",
)


def _by_log(name: str, documentation: str) -> VariantGauge:
    return VariantGauge(name, documentation, label="log", default=PRODUCTION.name)


AUDIT_LOG_SIZE: Final = _by_log("audit_log_size", "Events in the audit log")
AUDIT_CHECKPOINT_SIZE: Final = _by_log(
    "audit_checkpoint_size", "Events covered by the latest signed checkpoint"
)
AUDIT_CHECKPOINT_TIME: Final = _by_log(
    "audit_checkpoint_timestamp_seconds",
    "When the latest signed checkpoint was signed (Unix time; 0: none yet)",
)
AUDIT_PENDING: Final = _by_log(
    "audit_pending_entries", "Audit entries recorded and not yet integrated into the log"
)
AUDIT_PENDING_OLDEST: Final = _by_log(
    "audit_pending_oldest_timestamp_seconds",
    "When the oldest audit entry not yet integrated was recorded (Unix time; 0: none)",
)
WEBHOOK_BACKLOG: Final = Gauge(
    "webhook_deliveries_backlog",
    "Webhook deliveries pending to enabled endpoints: due now, or failing (retried later)",
    ("state",),
)
WEBHOOK_OLDEST_DUE: Final = Gauge(
    "webhook_deliveries_oldest_due_timestamp_seconds",
    "When the longest-due pending webhook delivery became due (Unix time; 0: none due)",
)
LAST_SUCCESS: Final = Gauge(
    "monitor_last_success_timestamp_seconds",
    "When the operations gauges were last read from the database (Unix time)",
)
for _state in OPEN_STATES:
    BATCH_ITEMS_OPEN.labels(_state)
for _state in BACKLOG_STATES:
    WEBHOOK_BACKLOG.labels(_state)


@dataclass(frozen=True, slots=True)
class LogReading:
    """One audit log's gauges."""

    log_size: int
    checkpoint_size: int
    checkpoint_at: dt.datetime | None
    pending: int = 0
    pending_since: dt.datetime | None = None
    webhooks_due: int = 0
    webhooks_failing: int = 0
    webhooks_due_since: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    open_items: dict[str, int]
    batch_progress: dt.datetime | None
    logs: dict[str, LogReading]  # by log name: production's and the sandbox's
    webhooks_due: int = 0
    webhooks_failing: int = 0
    webhooks_due_since: dt.datetime | None = None


def _stamp(moment: dt.datetime | None) -> float:
    return 0.0 if moment is None else moment.timestamp()


async def read(session: AsyncSession) -> Reading:
    """The gauges' values, in a few indexed queries."""
    counts = dict(
        (
            await session.execute(
                select(BatchItem.state, func.count())
                .where(BatchItem.state.in_(OPEN_STATES))
                .group_by(BatchItem.state)
            )
        ).all()
    )
    open_batches = select(BatchItem.batch_id).where(BatchItem.state.in_(OPEN_STATES)).distinct()
    rows = (
        await session.execute(
            select(Batch.created_at, func.max(BatchItem.finished_at))
            .join(BatchItem, BatchItem.batch_id == Batch.id)
            .where(Batch.id.in_(open_batches))
            .group_by(Batch.id, Batch.created_at)
        )
    ).all()
    progress = max((max(created, finished or created) for created, finished in rows), default=None)
    return Reading(
        open_items={state: int(counts.get(state, 0)) for state in OPEN_STATES},
        batch_progress=progress,
        logs={name: await _read_log(session, stream) for name, stream in STREAMS.items()},
        **await webhook_backlog(session, utcnow()),
    )


async def _read_log(session: AsyncSession, stream: Stream) -> LogReading:
    head = await session.scalar(select(stream.head.size).where(stream.head.id == HEAD_ID))
    checkpoints = stream.checkpoints
    checkpoint = (
        await session.execute(
            select(checkpoints.size, checkpoints.created_at)
            .order_by(checkpoints.size.desc())
            .limit(1)
        )
    ).one_or_none()
    # the oldest by id is about the oldest recorded (ids are taken as entries are recorded)
    pending, oldest = (
        await session.execute(
            select(
                select(func.count()).select_from(stream.pending).scalar_subquery(),
                select(stream.pending.recorded_at)
                .order_by(stream.pending.id)
                .limit(1)
                .scalar_subquery(),
            )
        )
    ).one()
    return LogReading(
        pending=int(pending),
        pending_since=oldest,
        log_size=int(head or 0),
        checkpoint_size=0 if checkpoint is None else int(checkpoint[0]),
        checkpoint_at=None if checkpoint is None else checkpoint[1],
    )


async def webhook_backlog(session: AsyncSession, now: dt.datetime) -> dict[str, Any]:
    """The pending deliveries of enabled endpoints: how many are due, how many failing,
    and since when the longest-due one is (a disabled endpoint's wait for its client)."""
    pending = (
        select(WebhookDelivery.next_attempt_at, WebhookDelivery.attempts)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(WebhookDelivery.status == "pending", WebhookEndpoint.status == "enabled")
    )
    counted = pending.subquery()
    row = (
        await session.execute(
            select(
                func.count().filter(counted.c.next_attempt_at <= now),
                func.count().filter(counted.c.attempts > 0),
                func.min(counted.c.next_attempt_at).filter(counted.c.next_attempt_at <= now),
            )
        )
    ).one()
    return {
        "webhooks_due": int(row[0]),
        "webhooks_failing": int(row[1]),
        "webhooks_due_since": row[2],
    }


def publish(reading: Reading) -> None:
    for state, count in reading.open_items.items():
        BATCH_ITEMS_OPEN.labels(state).set(count)
    BATCH_PROGRESS.set(_stamp(reading.batch_progress))
    for name, one in reading.logs.items():
        AUDIT_LOG_SIZE.set(one.log_size, name)
        AUDIT_CHECKPOINT_SIZE.set(one.checkpoint_size, name)
        AUDIT_CHECKPOINT_TIME.set(_stamp(one.checkpoint_at), name)
        AUDIT_PENDING.set(one.pending, name)
        AUDIT_PENDING_OLDEST.set(_stamp(one.pending_since), name)
    WEBHOOK_BACKLOG.labels("due").set(reading.webhooks_due)
    WEBHOOK_BACKLOG.labels("failing").set(reading.webhooks_failing)
    WEBHOOK_OLDEST_DUE.set(_stamp(reading.webhooks_due_since))
    LAST_SUCCESS.set(time.time())


async def probe(runtime: Runtime) -> bool:
    """One round: ``database_up``, then (if it answered) the other gauges."""
    try:
        async with runtime.read_session_factory() as session:
            await session.execute(text("SELECT 1"))
            DATABASE_UP.set(1)
            publish(await read(session))
    except Exception as error:
        if not database_unavailable(error):
            log.exception("monitor_round_failed")
            return False
        DATABASE_UP.set(0)
        log.warning("monitor_database_unavailable", error=type(error).__name__)
        return False
    return True


async def watch(runtime: Runtime, interval: float) -> None:
    """``probe`` now and every ``interval`` seconds, for ever."""
    while True:
        await probe(runtime)
        await asyncio.sleep(interval)
