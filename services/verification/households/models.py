from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Uuid,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from verification.authorization.validity import expired
from verification.db import Base, UTCDateTime, utcnow


class EnrolledHousehold(Base):
    """A household receiving the allowance, enrolled from an eligible verification.

    No personal data: the household is referenced by its verification (whose
    members are blind-indexed and encrypted in ``verification_members``).
    """

    __tablename__ = "enrolled_households"
    __table_args__ = (
        CheckConstraint(
            "category IN ('three_no', 'illness_disability_stable', 'stable', 'variable')",
            name="category",
        ),
        CheckConstraint("status IN ('active', 'ended')", name="status"),
        # the due list: one client's active households by next review date
        Index("ix_enrolled_households_due", "client_id", "status", "next_review_on", "id"),
        # the list (GET /v1/households): one client's households by (created_at, id)
        Index("ix_enrolled_households_client_created", "client_id", "created_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_clients.id"))
    verification_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("verifications.id"), unique=True)
    authorization_id: Mapped[str] = mapped_column(ForeignKey("authorizations.authorization_id"))
    region_code: Mapped[str] = mapped_column(String(6))
    area: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(32))
    monthly_allowance: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    status: Mapped[str] = mapped_column(String(16))  # active | ended
    enrolled_on: Mapped[dt.date] = mapped_column(Date)
    last_reviewed_on: Mapped[dt.date] = mapped_column(Date)  # enrolment counts as a review
    next_review_on: Mapped[dt.date] = mapped_column(Date)
    last_verification_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("verifications.id"))
    # when a review first found it lifted out of 低保 by income (渐退 runs from here)
    graduation_started_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    # a check due before the regular review (``member_deceased``: rule 22); next_review_on is
    # brought forward to it; cleared by the next review
    recheck_due_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    recheck_reason: Mapped[str | None] = mapped_column(String(32), default=None)
    ended_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    # made by a sandbox client (clients.models.ApiClient.sandbox): its owner's environment
    # (the database's default for a row written without it: production)
    sandbox: Mapped[bool] = mapped_column(Boolean, server_default=false())
    end_reason: Mapped[str | None] = mapped_column(String(500), default=None)
    # the Beijing date the household withdrew the authorization its reviews use (撤回授权,
    # ``consent/revoke.py``): scheduled and "everything due" batches leave it out until it
    # is re-authorized (``households/reauthorize.py``); None while that authorization stands
    authorization_withdrawn_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    # the authorizations it had before a re-authorization, oldest first (its history lists
    # their verifications too); None: never re-authorized
    earlier_authorization_ids: Mapped[list[str] | None] = mapped_column(JSON, default=None)
    # when that authorization expires (``authorizations.expires_at``, the JWS's ``exp``,
    # which never changes): copied at enrolment and re-authorization, so a read and the due
    # batches' selection need no join; past it the household waits for a new authorization
    # as a withdrawn one does (NULL only for a row no migration could fill: not expired)
    authorization_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def authorization_status(self) -> str:
        """``revoked`` once the household withdrew the authorization its reviews use,
        ``expired`` once that authorization is past its validity (either way it needs a new
        one), else ``active``.  Computed at the moment it is read, as the review's own check
        of the authorization is (``authorization.validity.expired``)."""
        if self.authorization_withdrawn_on is not None:
            return "revoked"
        return "expired" if self.authorization_expired(utcnow()) else "active"

    def authorization_expired(self, now: dt.datetime) -> bool:
        expires_at = self.authorization_expires_at
        return expires_at is not None and expired(expires_at, now)
