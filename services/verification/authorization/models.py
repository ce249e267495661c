from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, false
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
