from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from verification.db import Base, UTCDateTime, utcnow


class CrossList(Base):
    """One version of a list a case system uploaded for a region prefix (脱贫, 低保边缘, …).

    A new upload of the same (client, kind, region prefix) is the next ``version``; the one
    before is ``superseded`` and its entries are deleted (the comparisons made with it keep
    their results).  No personal data: ``digest`` is an HMAC over the entries' blind indexes
    (two uploads of the same people have the same digest), never a hash of ID numbers.
    """

    __tablename__ = "cross_lists"
    __table_args__ = (
        CheckConstraint("kind IN ('poverty_alleviated', 'edge_household', 'other')", name="kind"),
        CheckConstraint("status IN ('current', 'superseded')", name="status"),
        UniqueConstraint("client_id", "kind", "region_prefix", "version"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_clients.id"), index=True)
    sandbox: Mapped[bool] = mapped_column(Boolean, server_default=false())
    kind: Mapped[str] = mapped_column(String(32))
    region_prefix: Mapped[str] = mapped_column(String(6))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    entry_count: Mapped[int] = mapped_column(Integer)
    duplicate_count: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    superseded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)


class CrossListEntry(Base):
    """A person on a list: the blind index and the masked ID number, never the number."""

    __tablename__ = "cross_list_entries"
    __table_args__ = (UniqueConstraint("list_id", "person_index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    list_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cross_lists.id"), index=True)
    entry: Mapped[int] = mapped_column(Integer)  # position in the uploaded list, from 1
    person_index: Mapped[str] = mapped_column(String(64))  # HMAC blind index
    person_masked: Mapped[str] = mapped_column(String(18))


class CrossListComparison(Base):
    """One comparison of a list with the enrolled households: the counts in clear (no
    personal data) and the entries (masked ID numbers, incomes) encrypted.  A scheduled one
    names its month; (list, month) is unique, so a month's scheduled run happens once."""

    __tablename__ = "cross_list_comparisons"
    __table_args__ = (
        CheckConstraint("trigger IN ('on_demand', 'scheduled')", name="trigger"),
        UniqueConstraint("list_id", "scheduled_month"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    list_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cross_lists.id"), index=True)
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_clients.id"), index=True)
    sandbox: Mapped[bool] = mapped_column(Boolean, server_default=false())
    trigger: Mapped[str] = mapped_column(String(16))
    scheduled_month: Mapped[str | None] = mapped_column(String(7), default=None)  # YYYY-MM
    as_of: Mapped[dt.date] = mapped_column(Date)  # the Beijing date whose lines applied
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)
    result_enc: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
