"""The household one verification is about, as a fan-out and assessment round needs it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from verification.assessment.model import Declared
from verification.reports.builder import ReportContext, ReportMember


@dataclass(frozen=True)
class VerifiedObligor:
    """A support obligor outside the household, as their own consent names them: queried
    through the same sources, under their own consent (``consent_id``), never a member."""

    index: int  # 0-based, in the order of the request's ``obligors``
    id_number: str
    name: str
    relation: str  # assessment.obligors.ObligorRelation
    household_size: int
    consent_id: str  # the ``authorization_id`` of the obligor's own consent
    kid: str  # the key that signed it
    scopes: Sequence[str]  # the sources queried about them: the household's they allow
    person: dict[str, str]  # blind index and masked ID, as audit events refer to them
    consent_expires_at: dt.datetime | None = None  # a retry or review asks only before it
    # the obligor withdrew the consent (their own revocation), or the key that signed it was
    # revoked: never asked again, whatever its expiry
    consent_revoked: bool = False

    def consent_valid(self, now: dt.datetime) -> bool:
        """Whether a later round (a retry, a batch review, an upheld appeal) may ask the
        agencies about this obligor again."""
        if self.consent_revoked:
            return False
        return self.consent_expires_at is None or now <= self.consent_expires_at

    def report_person(self) -> ReportMember:
        return ReportMember(self.index, self.id_number, self.name, self.relation)


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
    obligors: Sequence[VerifiedObligor] = ()  # support obligors outside the household

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
