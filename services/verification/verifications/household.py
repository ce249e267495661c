"""The household one verification is about, as a fan-out and assessment round needs it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from verification.assessment.model import Declared
from verification.reports.builder import ReportContext, ReportMember


@dataclass(frozen=True)
class VerifiedHousehold:
    """What a fan-out and assessment round needs to know about one verification."""

    verification_id: uuid.UUID
    authorization_id: str
    purpose: str
    region_code: str
    area: str
    created_at: dt.datetime
    as_of: dt.date
    members: Sequence[ReportMember]
    people: Sequence[dict[str, str]]  # blind index and masked ID, per member
    declared: Declared | None
    household_id: uuid.UUID | None = None  # the enrolled household a review re-verifies
    accepted_on: dt.date | None = None  # the application's 受理 date; None for a review

    def report_context(self, completed_at: dt.datetime, revision: int) -> ReportContext:
        return ReportContext(
            verification_id=self.verification_id,
            authorization_id=self.authorization_id,
            purpose=self.purpose,
            region_code=self.region_code,
            area=self.area,
            created_at=self.created_at,
            completed_at=completed_at,
            as_of=self.as_of,
            revision=revision,
        )
