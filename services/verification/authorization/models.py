from __future__ import annotations

import datetime as dt
import uuid

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


class Issuer(Base):
    """An accepting office (乡镇/街道) that signs authorizations."""

    __tablename__ = "issuers"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class IssuerKey(Base):
    __tablename__ = "issuer_keys"

    kid: Mapped[str] = mapped_column(String(128), primary_key=True)
    issuer_code: Mapped[str] = mapped_column(ForeignKey("issuers.code"), index=True)
    public_jwk: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    revoked_reason: Mapped[str | None] = mapped_column(String(500), default=None)
    # made by the demo bootstrap: authorizations it signed are refused outside demo mode
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    # one kid a public key while it is in use: two registrations of one key at once each
    # passed the check, and revoking one kid left the key pair valid under the other
    # (ADR 0031; migration 0032)
    __table_args__ = (
        Index(
            "uq_issuer_keys_active_public_jwk",
            "public_jwk",
            unique=True,
            postgresql_where=text("revoked_at IS NULL"),
            sqlite_where=text("revoked_at IS NULL"),
        ),
    )


class AuthorizationRecord(Base):
    """An accepted authorization, kept to refuse replays with other content.

    Holds no personal data: members are represented by their count only.
    """

    __tablename__ = "authorizations"

    authorization_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    issuer_code: Mapped[str] = mapped_column(String(32))
    kid: Mapped[str] = mapped_column(String(128))
    purpose: Mapped[str] = mapped_column(String(64))
    region_code: Mapped[str] = mapped_column(String(6))
    scopes: Mapped[list[str]] = mapped_column(JSON)
    member_count: Mapped[int] = mapped_column(Integer)
    not_before: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    first_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # the household withdrew it (through the case system): never used again
    # (``authorization-revoked``); a reason code, the Beijing date of the withdrawal
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    revocation_reason: Mapped[str | None] = mapped_column(String(32), default=None)


class ConsentLink(Base):
    """A link a case system handed a family to open the consent-use record of one
    authorization (``consent/family_links.py``, ADR 0021).  Only the SHA-256 of the link's
    token is kept: the token itself is shown once, in the answer that made it.  Valid until
    ``expires_at``; its first opening starts a short window (``open_until``) within which the
    family may reload the page, after which it is spent."""

    __tablename__ = "consent_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    authorization_id: Mapped[str] = mapped_column(
        ForeignKey("authorizations.authorization_id"), index=True
    )
    client_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("api_clients.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    first_opened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    open_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    openings: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
