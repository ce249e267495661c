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
    UniqueConstraint,
    Uuid,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from verification.db import Base, UTCDateTime, utcnow


class Verification(Base):
    """One household verification. Personal content lives only in encrypted columns."""

    __tablename__ = "verifications"
    __table_args__ = (
        # the list (GET /v1/verifications): one client's verifications by (created_at, id)
        Index("ix_verifications_client_created", "client_id", "created_at", "id"),
        # the verifications in one status, oldest first: the periodic sweep of those left
        # awaiting by a withdrawal (repository.awaiting_without_tickets, a few among
        # hundreds of thousands) and a revocation's own (migration 0027)
        Index("ix_verifications_status_created", "status", "created_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_clients.id"), index=True)
    authorization_id: Mapped[str] = mapped_column(
        ForeignKey("authorizations.authorization_id"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(64))
    region_code: Mapped[str] = mapped_column(String(6))
    area: Mapped[str] = mapped_column(String(16))
    # running | awaiting_sources (a report, some agency answers to come) | completed
    status: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(String(32), default=None)
    policy_id: Mapped[str] = mapped_column(String(64))
    policy_version: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    as_of: Mapped[dt.date] = mapped_column(Date)  # the assessment date; retries keep it
    # the application's acceptance (受理) date the deadlines run from; None for a review
    accepted_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    # the decision's deadline (审核确认总时限, working days from accepted_on); None for a review;
    # provisional: counted Monday to Friday only, the calendar holding no holidays for a
    # year the count reached (``procedure/decision.py``)
    decision_due_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    decision_due_provisional: Mapped[bool | None] = mapped_column(Boolean, default=None)
    revision: Mapped[int] = mapped_column(Integer, default=0)  # 0 first report, +1 per retry
    declaration_enc: Mapped[str | None] = mapped_column(Text, default=None)
    report_enc: Mapped[str | None] = mapped_column(Text, default=None)
    # made by a sandbox client (clients.models.ApiClient.sandbox): its owner's environment
    # (the database's default for a row written without it: production)
    sandbox: Mapped[bool] = mapped_column(Boolean, server_default=false())
    # how many support obligors it names (``verification_obligors``): read them only if any
    obligor_count: Mapped[int] = mapped_column(Integer, server_default="0")
    # when its personal data was purged (``retention``): declaration, report, members,
    # obligors and agency evidence gone; ids, statuses, dates and outcome kept
    purged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)


class ReportRevision(Base):
    """A report revision another has replaced (a retry, the answers an awaiting
    verification waited for, an upheld appeal): kept, encrypted, so each revision's report
    and signed report can still be read.  The current revision lives on its verification's
    row (``report_enc``); this table holds the ones before it, written in the transaction
    that replaces them (``repository.write_round``).  Verifications whose earlier revisions
    were replaced before this table existed have no rows here for them."""

    __tablename__ = "report_revisions"

    verification_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("verifications.id"), primary_key=True
    )
    revision: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(16))  # the revision's: completed | awaiting_sources
    outcome: Mapped[str | None] = mapped_column(String(32), default=None)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    superseded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # the report, encrypted under this revision's own place; NULL once purged (``retention``)
    report_enc: Mapped[str | None] = mapped_column(Text, default=None)


class VerificationMember(Base):
    __tablename__ = "verification_members"
    __table_args__ = (UniqueConstraint("verification_id", "member_index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    verification_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("verifications.id"))
    member_index: Mapped[int] = mapped_column(Integer)
    person_index: Mapped[str] = mapped_column(String(64), index=True)  # HMAC blind index
    id_number_masked: Mapped[str] = mapped_column(String(18))
    id_number_enc: Mapped[str] = mapped_column(Text)  # needed to query again on retry
    name_enc: Mapped[str] = mapped_column(Text)
    relation: Mapped[str] = mapped_column(String(32))


class SourceQuery(Base):
    """One source's answer for one member in one revision; the latest revision counts."""

    __tablename__ = "source_queries"
    __table_args__ = (UniqueConstraint("verification_id", "member_index", "scope", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    verification_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("verifications.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    member_index: Mapped[int] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(500), default=None)
    # the reason as data (``ReasonCode`` and its parameters, no personal data); NULL in
    # rows written before reasons had codes
    reason_code: Mapped[str | None] = mapped_column(String(64), default=None)
    reason_params: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    attempts: Mapped[int] = mapped_column(Integer)  # tries of the most-tried request
    requests: Mapped[int | None] = mapped_column(Integer, default=None)  # NULL: = attempts
    duration_ms: Mapped[int] = mapped_column(Integer)
    queried_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # the normalized evidence, encrypted; NULL once purged (``retention``)
    evidence_enc: Mapped[str | None] = mapped_column(Text)


class PendingSource(Base):
    """An agency's promise to answer later (a ``pending`` source answer): its ticket, kept
    until the answer is collected.  No personal data: the member is its index (its ID
    number and name are encrypted in ``verification_members``), the ticket is the agency's
    opaque reference.  A ticket about a support obligor (``subject`` ``obligor``) names the
    obligor by index in ``member_index`` (their ID number and name are encrypted in
    ``verification_obligors``): never a member."""

    __tablename__ = "pending_sources"
    __table_args__ = (
        UniqueConstraint(
            "verification_id",
            "subject",
            "member_index",
            "scope",
            "revision",
        ),
        Index("ix_pending_sources_open", "resolved_at", "next_poll_at"),
        Index("ix_pending_sources_ticket", "scope", "ticket"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    verification_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("verifications.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)  # the revision whose round got the ticket
    # whose answer: "member" (a member's index) or "obligor" (a support obligor's index)
    subject: Mapped[str] = mapped_column(String(8), server_default="member", default="member")
    member_index: Mapped[int] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(String(32))
    ticket: Mapped[str] = mapped_column(String(64))
    expected_by: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    accepted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    next_poll_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    polls: Mapped[int] = mapped_column(Integer, default=0)
    # when the answer was collected (the revision that holds it); None while awaited
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    resolved_revision: Mapped[int | None] = mapped_column(Integer, default=None)


class VerificationObligor(Base):
    """A support obligor outside the household (赡养、抚养、扶养义务人), named with their own
    consent: never a member (``verification_members``).  Personal content encrypted, as a
    member's; the consent's id and expiry so that a retry or a review asks again only
    under a consent still valid."""

    __tablename__ = "verification_obligors"
    __table_args__ = (UniqueConstraint("verification_id", "obligor_index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    verification_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("verifications.id"), index=True)
    obligor_index: Mapped[int] = mapped_column(Integer)
    person_index: Mapped[str] = mapped_column(String(64), index=True)  # HMAC blind index
    id_number_masked: Mapped[str] = mapped_column(String(18))
    id_number_enc: Mapped[str] = mapped_column(Text)  # needed to query again on retry
    name_enc: Mapped[str] = mapped_column(Text)
    relation: Mapped[str] = mapped_column(String(32))
    household_size: Mapped[int] = mapped_column(Integer)
    # the consent's authorization_id; indexed for a revocation of it (awaiting_without_tickets)
    consent_id: Mapped[str] = mapped_column(String(128), index=True)
    kid: Mapped[str] = mapped_column(String(128))
    scopes: Mapped[list[str]] = mapped_column(JSON)
    consent_expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class ObligorSourceQuery(Base):
    """One source's answer about one obligor in one revision (as ``SourceQuery`` is a
    member's); the latest revision counts."""

    __tablename__ = "obligor_source_queries"
    __table_args__ = (UniqueConstraint("verification_id", "obligor_index", "scope", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    verification_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("verifications.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    obligor_index: Mapped[int] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(500), default=None)
    reason_code: Mapped[str | None] = mapped_column(String(64), default=None)
    reason_params: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    attempts: Mapped[int] = mapped_column(Integer)
    requests: Mapped[int | None] = mapped_column(Integer, default=None)
    duration_ms: Mapped[int] = mapped_column(Integer)
    queried_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # the normalized evidence, encrypted; NULL once purged (``retention``)
    evidence_enc: Mapped[str | None] = mapped_column(Text)
