from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Integer, String
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
