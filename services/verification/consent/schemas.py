"""The consent-use record as the API serves it, and the requests of its routes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from verification.kit.rfc3339 import Rfc3339Date

RevocationReason = Literal["household_withdrew", "application_withdrawn", "moved_away", "other"]
REVOCATION_REASONS: tuple[str, ...] = RevocationReason.__args__  # type: ignore[attr-defined]


class AgencyOutcomeView(BaseModel):
    scope: str = Field(description="the agency (source scope) asked")
    name: str = Field(description="its name in the requested language")
    outcome: Literal["answered", "not_found", "unavailable", "rejected", "pending"]
    outcome_text: str


class UseView(BaseModel):
    at: dt.datetime = Field(description="when the use started (UTC)")
    at_beijing: str = Field(description="the same, Beijing time: 2026-12-06 17:05")
    purpose: Literal[
        "first_verification",
        "retry",
        "batch_review",
        "answer_collection",
        "obligor_consent_use",
        "appeal_requery",
    ]
    purpose_text: str
    client: str = Field(description="the name of the client that used it (never its token)")
    verification_id: str | None = Field(
        default=None, description="the verification of the use (not on the family's page)"
    )
    agencies: list[AgencyOutcomeView]


class RevocationView(BaseModel):
    withdrawn_on: dt.date = Field(description="the Beijing date the household withdrew")
    reason: RevocationReason
    reason_text: str
    recorded_at: dt.datetime
    recorded_at_beijing: str


class ConsentUseRecord(BaseModel):
    """Every use of one authorization, from the audit log; no data values."""

    authorization_id: str = Field(description="in full for the case system, masked for a family")
    purpose: str
    purpose_text: str
    region_code: str
    not_before: dt.datetime
    expires_at: dt.datetime
    valid_from: dt.date = Field(description="the first day it is valid (Beijing date)")
    valid_until: dt.date = Field(description="the last day it is valid (Beijing date)")
    status: Literal["active", "revoked", "expired"]
    status_text: str
    revocation: RevocationView | None = None
    uses: list[UseView]


class Revoke(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: RevocationReason = Field(description="why the household withdrew (a code)")
    withdrawn_on: Rfc3339Date = Field(
        description="the Beijing date the household withdrew its authorization (not after today)"
    )


class RevocationAnswer(BaseModel):
    authorization_id: str
    revoked_at: dt.datetime
    withdrawn_on: dt.date
    reason: RevocationReason
    tickets_closed: int = Field(description="agency answers no longer awaited under it")
    households_marked: int = Field(
        default=0,
        description="enrolled households whose reviews used it: each now says "
        "`authorization_status: revoked` and is left out of due batches until re-authorized",
    )
    verifications_completed: list[uuid.UUID] = Field(
        default_factory=list,
        description="the verifications that awaited only those answers: each completed now "
        "without them (a new revision of its report, the answers not collected `unavailable` "
        "with `source.authorization_withdrawn`; `verification.completed`)",
    )


class FamilyLink(BaseModel):
    url: str = Field(description="the link to hand to the family (its token is shown only here)")
    expires_at: dt.datetime
    window_minutes: int = Field(
        description="after its first opening the page may be reloaded this long, then the link "
        "is spent"
    )
