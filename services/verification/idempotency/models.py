from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from verification.db import Base, UTCDateTime


class IdempotencyRecord(Base):
    """One client's use of one ``Idempotency-Key``: the request's fingerprint and,
    once it completed, its response (the body encrypted: it holds personal data)."""

    __tablename__ = "idempotency_keys"

    client_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_clients.id"), primary_key=True)
    # "h1:" + HMAC-SHA256 of client and key (service.stored_key), never the key as sent
    # (ADR 0029); a row from before it, within its 24 hours: the key as sent
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    # "h1:" + HMAC-SHA256 of client, key, method, path, body (service.py), 46 characters;
    # a row from before it: the hex SHA-256 of method, path and body
    request_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))  # in_progress | completed
    request_id: Mapped[str] = mapped_column(String(64))  # of the request that did the work
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    response_status: Mapped[int | None] = mapped_column(Integer, default=None)
    response_media_type: Mapped[str | None] = mapped_column(String(100), default=None)
    response_enc: Mapped[str | None] = mapped_column(Text, default=None)
    # identifiers (never personal data) the replay's audit event repeats, e.g. verification_id
    audit_fields: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
