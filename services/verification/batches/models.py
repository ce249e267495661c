from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from verification.db import Base, UTCDateTime, utcnow

ITEM_STATES = ("pending", "running", "done", "failed", "skipped", "cancelled")
TERMINAL_STATES = frozenset({"done", "failed", "skipped", "cancelled"})
RECOMMENDATIONS = ("continue", "increase", "decrease", "stop")

# an integer primary key that is SQLite's rowid (auto-assigned in INSERT … SELECT) and
# a BIGINT identity on PostgreSQL
_ItemId = BigInteger().with_variant(Integer(), "sqlite")


# neither completed nor cancelled: the batches the sweep looks at
_OPEN = text("completed_at IS NULL AND cancelled_at IS NULL")


class Batch(Base):
    """A batch of households to re-verify; its state is derived from its items' states."""

    __tablename__ = "batches"
    __table_args__ = (
        # the list (GET /v1/batches): one client's batches by (created_at, id)
        Index("ix_batches_client_created", "client_id", "created_at", "id"),
        # the sweep (``repository.complete_ended_batches``): the few batches neither
        # completed nor cancelled
        Index("ix_batches_open", "id", postgresql_where=_OPEN, sqlite_where=_OPEN),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_clients.id"), index=True)
    selection: Mapped[str] = mapped_column(String(16))  # households | due
    as_of: Mapped[dt.date | None] = mapped_column(Date, default=None)  # for ``due``
    region_prefix: Mapped[str | None] = mapped_column(String(6), default=None)
    total: Mapped[int] = mapped_column(Integer)
    # ``due``: the due households it left out, waiting for a new authorization — withdrawn
    # (``authorization_status`` revoked) or past its validity (expired) when it was made
    left_out_revoked: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    left_out_expired: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))  # request id, or "schedule"
    # set once every item was handed to the job engine (procrastinate); recovery re-sends it
    dispatched_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    # set, with its ``batch.completed`` event, by the first check that found every item
    # ended (after the last item's own transaction, or the sweep): never for a cancelled one
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    # made by a sandbox client (clients.models.ApiClient.sandbox): its owner's environment
    # (the database's default for a row written without it: production)
    sandbox: Mapped[bool] = mapped_column(Boolean, server_default=false())


class BatchItem(Base):
    """One household of a batch: its state, the verification that reviews it and the result.

    ``verification_id`` is fixed when the item is first run, so a retried run resumes
    the same verification instead of starting another.  The change assessment (incomes
    and assets before and after) is stored encrypted; the recommendation is plain, for
    filtering.
    """

    __tablename__ = "batch_items"
    __table_args__ = (
        UniqueConstraint("batch_id", "household_id"),
        CheckConstraint(
            "state IN ('pending', 'running', 'done', 'failed', 'skipped', 'cancelled')",
            name="state",
        ),
        Index("ix_batch_items_batch_state", "batch_id", "state"),
        # what the in-process runner claims next: expired leases, then fresh items in order
        Index("ix_batch_items_claim", "state", "lease_until", "id"),
        # "is this household waiting in an open batch already"
        Index("ix_batch_items_household_state", "household_id", "state"),
        # a household waits in one batch at a time: two batches made at once cannot both
        # queue it (``create.py`` answers the second 409; "everything due" leaves it out)
        Index(
            "uq_batch_items_one_pending",
            "household_id",
            unique=True,
            postgresql_where=text("state = 'pending'"),
            sqlite_where=text("state = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(_ItemId, primary_key=True, autoincrement=True)
    batch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("batches.id"))
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enrolled_households.id"))
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    verification_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None, unique=True)
    recommendation: Mapped[str | None] = mapped_column(String(16), default=None)
    new_allowance: Mapped[Decimal | None] = mapped_column(Numeric(12, 2), default=None)
    result_enc: Mapped[str | None] = mapped_column(Text, default=None)
    error: Mapped[str | None] = mapped_column(String(64), default=None)  # a problem code
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)


class BatchWorker(Base):
    """A live batch worker process; the agencies' global limits are shared among these."""

    __tablename__ = "batch_workers"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    heartbeat_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
