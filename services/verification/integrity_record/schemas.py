"""Request and response shapes of the integrity-record API."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from verification.integrity_record.lifecycle import ClosingReason, EntryStatus, NoticeChannel
from verification.kit.rfc3339 import Rfc3339Date
from verification.paging import Page


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProposeEntry(_Body):
    verification_id: uuid.UUID = Field(
        description="a completed verification of the calling client, in its regions"
    )
    finding_index: Annotated[int, Field(ge=0, le=1000)] = Field(
        description="the 0-based position, in the latest report's `findings`, of a finding "
        "that the household declared less income or fewer assets than the sources show"
    )


class RecordNotice(_Body):
    notified_on: Rfc3339Date = Field(
        description="the day the household was told (a Beijing date, not after today)"
    )
    channel: NoticeChannel = Field(description="how the notice reached the household")


class IntegrityEvidence(_Body):
    description: Annotated[str, Field(min_length=1, max_length=500)] = Field(
        description="what the household gave (a document, a statement…): its description"
    )


class RecordExplanation(_Body):
    reason: Annotated[str, Field(min_length=1, max_length=2000)] = Field(
        description="the household's explanation (陈述申辩), as it gave it"
    )
    evidence: Annotated[list[IntegrityEvidence], Field(max_length=20)] = Field(default_factory=list)


class CloseEntry(_Body):
    reason_code: ClosingReason = Field(description="why (audited as this code)")
    note: Annotated[str | None, Field(min_length=1, max_length=500)] = Field(
        default=None, description="the caseworker's note (kept encrypted, never audited)"
    )


class IntegrityFinding(BaseModel):
    code: str = Field(description="the report finding's code (`finding.income`, …)")
    subject: str
    member_index: int | None
    category: str | None
    declared: str | None
    verified: str | None
    tolerance: str | None
    params: dict[str, Any]
    detail: str = Field(description="the finding in Chinese, as the report states it")


class IntegrityNotice(BaseModel):
    notified_on: dt.date
    channel: NoticeChannel
    text: str = Field(description="the notice (告知) in Chinese, from the message catalogue")
    text_en: str = Field(description="the same notice in English")


class IntegrityExplanation(BaseModel):
    reason: str
    evidence: list[IntegrityEvidence]
    explained_at: dt.datetime


class IntegrityEntry(BaseModel):
    id: uuid.UUID
    verification_id: uuid.UUID
    revision: int = Field(description="the report revision whose finding the entry cites")
    finding_index: int
    finding: IntegrityFinding
    region_code: str
    member_count: int = Field(description="the people the entry is about: every member")
    status: EntryStatus = Field(
        description="`expired`: confirmed, and its last day (`listed_until`) has passed"
    )
    notice: IntegrityNotice | None
    explanation: IntegrityExplanation | None
    decided_on: dt.date | None = Field(description="the day it was confirmed or dismissed")
    period_months: int | None = Field(
        description="the policy's `integrity.period_months` on the confirmation day"
    )
    period_example: bool | None = Field(
        description="true: that period is the service's example value, set by no policy text"
    )
    listed_from: dt.date | None
    listed_until: dt.date | None = Field(description="the last day on the record (inclusive)")
    closed_on: dt.date | None = Field(description="the day it was dismissed or withdrawn")
    closing_reason: ClosingReason | None
    closing_note: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


class IntegrityEntryPage(Page):
    items: list[IntegrityEntry] = Field(description="oldest first, by (`created_at`, `id`)")
