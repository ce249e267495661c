from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from sqlalchemy import JSON, Boolean, String, Uuid, false
from sqlalchemy.orm import Mapped, mapped_column

from verification.db import Base, UTCDateTime, utcnow


class Role(StrEnum):
    CASE_SYSTEM = "case_system"
    AUDITOR = "auditor"
    ADMIN = "admin"
    # reads statistics of its regions (the supervisor's view), never a report or a person
    SUPERVISOR = "supervisor"


class Environment(StrEnum):
    """Where a client's work goes: the real agencies, or the sandbox ones."""

    PRODUCTION = "production"
    SANDBOX = "sandbox"


class ApiClient(Base):
    __tablename__ = "api_clients"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issuers: Mapped[list[str]] = mapped_column(JSON, default=list)  # issuer codes; "*" = any
    region_prefixes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    # made by the demo bootstrap: its token is refused outside demo mode
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # a sandbox (test) client: its verifications go to the sandbox agencies and everything
    # it makes is marked sandbox (docs/integrators/sandbox.md).  Set at creation, never
    # changed: no route or command alters it, so a client's data is all of one environment
    sandbox: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    @property
    def environment(self) -> Environment:
        return Environment.SANDBOX if self.sandbox else Environment.PRODUCTION

    def may_use_issuer(self, issuer: str) -> bool:
        return "*" in self.issuers or issuer in self.issuers

    def may_use_region(self, region_code: str) -> bool:
        return any(region_code.startswith(prefix) for prefix in self.region_prefixes)
