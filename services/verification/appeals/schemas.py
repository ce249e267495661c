"""The appeal's request and response shapes."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from verification.appeals.deadline import Decision
from verification.kit.id_number import no_id_number
from verification.kit.money import Money
from verification.reports.model import MessageView
from verification.verifications.schemas import Scope

# a finding's code or a figure's name of the appealed report: a code, never free text
ItemCode = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_.]{0,63}$"), AfterValidator(no_id_number)
]
FreeText = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]


class AppealReason(StrEnum):
    """The reasons a decision gives, as codes (texts: ``procedure.appeal_reason.<code>``)."""

    SOURCE_RECORD_CORRECTED = "source_record_corrected"  # 数据源的记录已更正
    REQUERY_CHANGED_ANSWER = "requery_changed_answer"  # 重新查询后数据源的答复有变化
    EVIDENCE_NOTED = "evidence_noted"  # 新证据已记录，供审核确认时参考
    EVIDENCE_INSUFFICIENT = "evidence_insufficient"  # 佐证材料不足
    FINDINGS_CONFIRMED = "findings_confirmed"  # 经复查，核对结果无误
    NOT_IN_REPORT_SCOPE = "not_in_report_scope"  # 所提事项不属于核对报告的内容


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DisputedItems(_Body):
    """What the household disputes, as items of the appealed report: at least one."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"minProperties": 1})

    scopes: list[Scope] = Field(
        default_factory=list,
        min_length=1,
        max_length=50,
        description="sources whose answers are disputed",
    )
    findings: list[ItemCode] = Field(
        default_factory=list,
        min_length=1,
        max_length=50,
        description="codes of the report's `findings`",
    )
    figures: list[ItemCode] = Field(
        default_factory=list,
        min_length=1,
        max_length=50,
        description="names of figures of the report's `rules[].figures`",
    )

    @model_validator(mode="after")
    def _something_disputed(self) -> DisputedItems:
        if not (self.scopes or self.findings or self.figures):
            raise ValueError("name at least one disputed item (scopes, findings or figures)")
        return self


class DisputedView(BaseModel):
    """What an appeal disputes (every list, empty when it names none of that kind)."""

    scopes: list[str]
    findings: list[str]
    figures: list[str]


class EvidenceItem(_Body):
    """One item of the household's new evidence: a structured description (no file)."""

    kind: Literal["income", "expense", "asset", "household", "other"]
    member_index: int | None = Field(default=None, ge=0, le=49, description="whom it concerns")
    description: FreeText = Field(description="what it shows (kept encrypted)")
    amount: Money | None = Field(default=None, description="a figure it states (yuan)")
    dated: dt.date | None = Field(default=None, description="the day the evidence is dated")


class FileAppeal(_Body):
    disputed: DisputedItems
    evidence: list[EvidenceItem] = Field(default_factory=list, max_length=20)
    requery_scopes: list[Scope] = Field(
        default_factory=list,
        max_length=50,
        description="sources to query again for every member (the report's scopes only)",
    )


class DecideAppeal(_Body):
    decision: Decision
    reason_codes: list[AppealReason] = Field(min_length=1, max_length=6)
    note: FreeText | None = Field(default=None, description="the caseworker's words (encrypted)")


class AppealDeadlineView(BaseModel):
    due_on: dt.date = Field(description="the decision's last day (inclusive), a Beijing date")
    working_days: int
    provisional: bool = Field(description="counted Monday to Friday only (beyond the calendar)")


class AppealDecisionView(BaseModel):
    decision: Decision
    decided_at: dt.datetime
    decided_on: dt.date
    reasons: list[MessageView]
    note: str | None
    result_revision: int | None = Field(
        description="the report revision the decision made (null: rejected, the report stands)"
    )


class AppealView(BaseModel):
    """An appeal (复议) against a verification's report."""

    id: uuid.UUID
    verification_id: uuid.UUID
    status: Literal["filed", "decided"]
    report_revision: int = Field(description="the revision appealed")
    filed_at: dt.datetime
    filed_on: dt.date
    filing_due_on: dt.date = Field(description="the last day the report could be appealed")
    decision_deadline: AppealDeadlineView
    overdue: bool = Field(description="not decided after the decision's last day (today's)")
    disputed: DisputedView
    requery_scopes: list[str]
    evidence: list[EvidenceItem]
    decision: AppealDecisionView | None


class AppealList(BaseModel):
    items: list[AppealView]
