"""The webhook tables: endpoints and their signing secrets, the outbox of events, the
deliveries of each event to each endpoint and every attempt of a delivery.

An event row holds ids and statuses only (never personal data: a consumer fetches the
report by id), so its payload is stored plainly; a signing secret is encrypted
(``data_keys/columns.py``: ``WEBHOOK_SECRET``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from verification.db import Base, UTCDateTime, utcnow

# an integer key that is SQLite's rowid and a BIGINT on PostgreSQL: deliveries are ordered
# by it (a resource's deliveries to an endpoint go out in this order)
_Serial = BigInteger().with_variant(Integer(), "sqlite")

ENDPOINT_STATES = ("enabled", "disabled")
DELIVERY_STATES = ("pending", "succeeded", "failed")


class WebhookEndpoint(Base):
    """A URL a client registered to receive events of the types it names."""

    __tablename__ = "webhook_endpoints"
    __table_args__ = (CheckConstraint("status IN ('enabled', 'disabled')", name="status"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_clients.id"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    event_types: Mapped[list[str]] = mapped_column(JSON)
    description: Mapped[str | None] = mapped_column(String(200), default=None)
    status: Mapped[str] = mapped_column(String(16), default="enabled")
    # why it is disabled: "deliveries-failing" (the service gave up a delivery) or "client"
    disabled_reason: Mapped[str | None] = mapped_column(String(32), default=None)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebhookSecret(Base):
    """A signing secret of an endpoint (``whsec_…``, encrypted).  Deliveries are signed
    with every secret not expired: after a rotation the old one keeps signing, beside the
    new one, until ``expires_at``."""

    __tablename__ = "webhook_secrets"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    endpoint_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True
    )
    secret_enc: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)


class WebhookEvent(Base):
    """One event (the outbox): written in the transaction of the change it announces, then
    fanned out by the sender into one delivery per endpoint.  Its id is the ``webhook-id``
    of every delivery of it, retries and redeliveries alike."""

    __tablename__ = "webhook_events"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_clients.id"), index=True)
    type: Mapped[str] = mapped_column(String(64))
    # the resource the event is about ("verification:<id>", "batch:<id>"): the unit of order
    resource: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # ids and statuses only
    # an event that must be published once whoever notices it (batch.completed, overdue)
    dedupe_key: Mapped[str | None] = mapped_column(String(128), default=None, unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # when the sender made its deliveries (one per enabled endpoint subscribed then); None:
    # not yet — the change's transaction writes the event alone (one INSERT)
    fanned_out_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None, index=True)


class WebhookDelivery(Base):
    """One event to one endpoint: pending until an attempt succeeds (2xx) or the retry
    schedule is exhausted (failed: the endpoint is disabled)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'succeeded', 'failed')", name="status"),
        # what the sender claims: pending ones that are due, the earliest of each resource
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_queue", "endpoint_id", "resource", "status", "id"),
    )

    id: Mapped[int] = mapped_column(_Serial, primary_key=True, autoincrement=True)
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("webhook_events.id"), index=True)
    endpoint_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE")
    )
    resource: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    # the redelivery of an earlier delivery, if it is one
    redelivery_of: Mapped[int | None] = mapped_column(_Serial, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)


class WebhookAttempt(Base):
    """One HTTP request of a delivery: when, the status code or the failure's kind, and
    how long it took.  No body is kept, neither sent nor received."""

    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(_Serial, primary_key=True, autoincrement=True)
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True
    )
    attempted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    # no answer: "timeout", "connection", "invalid-url"…; None when a status code came back
    error: Mapped[str | None] = mapped_column(String(32), default=None)
    latency_ms: Mapped[int] = mapped_column(Integer)
