"""The integrity record's table: one row per entry, its lifecycle and its period.

No personal data in the clear: the entry names its verification and the finding's place
in the report; the finding's figures, the household's explanation and a closing note are
encrypted (``data_keys/columns.py``); the people it is about are blind indexes
(``people.models.IntegrityListedPerson``, written when the entry is confirmed).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from verification.db import Base, UTCDateTime, utcnow


class IntegrityEntry(Base):
    __tablename__ = "integrity_entries"
    __table_args__ = (
        CheckConstraint(
            "status IN ('proposed', 'notified', 'explained', 'confirmed', 'dismissed', "
            "'withdrawn')",
            name="status",
        ),
        # one entry per finding of a report: proposing it again names the first
        UniqueConstraint("verification_id", "revision", "finding_index"),
        # the list: entries of a region by (created_at, id)
        Index("ix_integrity_entries_region_created", "region_code", "created_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_clients.id"))  # who proposed
    sandbox: Mapped[bool] = mapped_column(Boolean, server_default=false())
    verification_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("verifications.id"))
    revision: Mapped[int] = mapped_column(Integer)  # the report revision cited
    finding_index: Mapped[int] = mapped_column(Integer)  # 0-based, in the report's findings
    finding_code: Mapped[str] = mapped_column(String(64))  # finding.income, …
    finding_subject: Mapped[str] = mapped_column(String(32))
    # the finding as the report states it (code, params, figures): amounts of a household
    finding_enc: Mapped[str] = mapped_column(Text)
    region_code: Mapped[str] = mapped_column(String(6))
    member_count: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    # the notice to the household (告知): the day it was given and how
    notified_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    notice_channel: Mapped[str | None] = mapped_column(String(16), default=None)
    # the household's explanation (陈述申辩): reason and evidence descriptions, encrypted
    explanation_enc: Mapped[str | None] = mapped_column(Text, default=None)
    explained_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    # the caseworker's decision
    decided_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)
    decided_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    period_months: Mapped[int | None] = mapped_column(Integer, default=None)
    period_example: Mapped[bool | None] = mapped_column(Boolean, default=None)
    listed_from: Mapped[dt.date | None] = mapped_column(Date, default=None)
    listed_until: Mapped[dt.date | None] = mapped_column(Date, default=None)  # inclusive
    # a dismissal's or a withdrawal's reason: a code (audited) and a note (encrypted)
    closed_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)
    closed_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    closing_reason: Mapped[str | None] = mapped_column(String(32), default=None)
    closing_note_enc: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
