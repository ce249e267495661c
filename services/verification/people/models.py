from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from verification.db import Base


class ActiveHouseholdMember(Base):
    """A person (by blind index) and the one active household they belong to.

    One row per person — the primary key — so the database itself refuses a second
    active household with the same person, whichever client enrols it and however many
    enrol at once.  Rows are written with the enrolment and deleted when the household
    ends.  Households enrolled before this table existed may share a person (migration
    0007): the earliest enrolled holds the row, and the next one takes it over when
    that one ends.
    """

    __tablename__ = "active_household_members"

    person_index: Mapped[str] = mapped_column(String(64), primary_key=True)  # HMAC blind index
    household_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("enrolled_households.id"), index=True
    )
    member_index: Mapped[int] = mapped_column(Integer)


class IntegrityListedPerson(Base):
    """A person (by blind index) on the integrity record (诚信记录) through a confirmed entry.

    Rows are written when a caseworker confirms an entry (``integrity_record/``), one per
    member of the verified household, with the entry's period; they are deleted when the
    entry is withdrawn.  An entry's end needs no job: a row counts while the day asked
    about lies within ``listed_from`` … ``listed_until`` (both inclusive).  Verifications
    read these rows (the ``finding.member_integrity_listed`` finding) without knowing the
    entries themselves: the same registry as ``ActiveHouseholdMember``, the same layer.
    """

    __tablename__ = "integrity_listed_people"
    __table_args__ = (
        # a verification's lookup: its people, by blind index
        Index("ix_integrity_listed_people_person", "person_index", "listed_until"),
    )

    entry_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("integrity_entries.id"), primary_key=True
    )
    person_index: Mapped[str] = mapped_column(String(64), primary_key=True)  # HMAC blind index
    member_index: Mapped[int] = mapped_column(Integer)  # in the verification the entry cites
    listed_from: Mapped[dt.date] = mapped_column(Date)
    listed_until: Mapped[dt.date] = mapped_column(Date)  # the last day on the record
    # the entry's environment: a sandbox entry never shows in a production verification
    sandbox: Mapped[bool] = mapped_column(Boolean, server_default=false())
