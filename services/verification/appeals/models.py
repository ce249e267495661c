from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Uuid,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from verification.db import Base, UTCDateTime, utcnow


class Appeal(Base):
    """One appeal (复议) against a verification's report.  What it disputes is codes only
    (scopes, finding codes, figure names); the household's evidence and the caseworker's
    free text are encrypted (``data_keys/columns.py``)."""

    __tablename__ = "appeals"
    __table_args__ = (
        # one verification's appeals, oldest first
        Index("ix_appeals_verification_filed", "verification_id", "filed_at", "id"),
        # the counts of a region and a period (``repository.appeal_counts``)
        Index("ix_appeals_region_filed", "region_code", "filed_on"),
        # at most one appeal of a verification is open (undecided): the database holds it,
        # so two filings at once cannot both succeed (``file.py`` answers the second 409);
        # holding the open ones only, it is also what the overdue poll reads
        # (``repository.overdue``, every ``PENDING_POLL_SECONDS``)
        Index(
            "uq_appeals_one_open",
            "verification_id",
            unique=True,
            postgresql_where=text("status = 'filed'"),
            sqlite_where=text("status = 'filed'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    verification_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("verifications.id"))
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_clients.id"))
    region_code: Mapped[str] = mapped_column(String(6))
    sandbox: Mapped[bool] = mapped_column(Boolean, server_default=false())
    report_revision: Mapped[int] = mapped_column(Integer)  # the revision appealed
    status: Mapped[str] = mapped_column(String(16))  # filed | decided
    filed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    filed_on: Mapped[dt.date] = mapped_column(Date)  # Beijing business date
    filing_due_on: Mapped[dt.date] = mapped_column(Date)  # the last day it could be filed
    decision_due_on: Mapped[dt.date] = mapped_column(Date)
    decision_due_provisional: Mapped[bool] = mapped_column(Boolean)
    decision_working_days: Mapped[int] = mapped_column(Integer)
    # {"scopes": [...], "findings": [...], "figures": [...]}: codes of the appealed report
    disputed: Mapped[dict[str, Any]] = mapped_column(JSON)
    requery_scopes: Mapped[list[str]] = mapped_column(JSON)
    evidence_count: Mapped[int] = mapped_column(Integer, server_default="0")
    evidence_enc: Mapped[str | None] = mapped_column(Text, default=None)
    decision: Mapped[str | None] = mapped_column(String(16), default=None)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    decided_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)
    reason_codes: Mapped[list[str] | None] = mapped_column(JSON, default=None)
    reasons_enc: Mapped[str | None] = mapped_column(Text, default=None)
    # the report revision the decision made (None: rejected, or not decided yet)
    result_revision: Mapped[int | None] = mapped_column(Integer, default=None)
