"""A spot check and its frame: who may be visited, who was drawn, what the visit found.

No personal data: a unit is a completed verification's id with its stratum (region code
and outcome); a visit's free-text note is encrypted (``data_keys.columns.SPOT_CHECK_NOTE``).
"""

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
    Uuid,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from verification.db import Base, UTCDateTime, utcnow


class SpotCheck(Base):
    """One spot check of a client's region and period: its frame fixed by an audit event,
    its sample drawn once the first signed checkpoint after that event exists."""

    __tablename__ = "spot_checks"
    __table_args__ = (
        CheckConstraint("status IN ('awaiting_checkpoint', 'drawn')", name="status"),
        Index("ix_spot_checks_client_created", "client_id", "created_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_clients.id"))
    region_prefix: Mapped[str] = mapped_column(String(12))
    period_from: Mapped[dt.date] = mapped_column(Date)
    period_to: Mapped[dt.date] = mapped_column(Date)  # inclusive
    rate: Mapped[Decimal] = mapped_column(Numeric(5, 4))
    rate_basis: Mapped[str] = mapped_column(String(16))  # policy | service_default | requested
    rate_citation: Mapped[str | None] = mapped_column(String(500), default=None)
    policy: Mapped[str] = mapped_column(String(100))  # <layer id>@<date>
    frame_digest: Mapped[str] = mapped_column(String(64))
    frame_count: Mapped[int] = mapped_column(Integer)
    frame_entry: Mapped[int] = mapped_column(BigInteger)  # the frame event's pending id
    frame_seq: Mapped[int | None] = mapped_column(BigInteger, default=None)
    checkpoint_size: Mapped[int | None] = mapped_column(BigInteger, default=None)
    seed: Mapped[str | None] = mapped_column(String(64), default=None)
    status: Mapped[str] = mapped_column(String(24))
    sandbox: Mapped[bool] = mapped_column(Boolean, server_default=false())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    drawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)


class SpotCheckUnit(Base):
    """A unit of a spot check's frame; ``drawn`` once the sample holds it, with its rank
    and, once visited, the visit's result."""

    __tablename__ = "spot_check_units"
    __table_args__ = (
        CheckConstraint(
            "visit_outcome IS NULL OR visit_outcome IN "
            "('consistent', 'inconsistent', 'not_reachable')",
            name="visit_outcome",
        ),
    )

    spot_check_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("spot_checks.id"), primary_key=True)
    verification_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    region_code: Mapped[str] = mapped_column(String(6))
    outcome: Mapped[str] = mapped_column(String(32))
    drawn: Mapped[bool] = mapped_column(Boolean, default=False)
    draw_rank: Mapped[int | None] = mapped_column(Integer, default=None)
    visited_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    visit_outcome: Mapped[str | None] = mapped_column(String(16), default=None)
    visit_note_enc: Mapped[str | None] = mapped_column(Text, default=None)
    visited_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
