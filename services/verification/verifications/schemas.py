"""Request and report shapes of the verification API (the stable JSON contract)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from connectors.sdk.evidence import IncomeCategory
from verification.kit.money import Money
from verification.settings import SCOPES

Scope = Literal["hukou", "vehicle", "housing", "bank", "tax", "provident_fund"]
assert set(Scope.__args__) == set(SCOPES)  # type: ignore[attr-defined]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DeclaredIncome(_Body):
    member_index: Annotated[int, Field(ge=0, lt=30)]
    category: IncomeCategory
    monthly_amount: Money


class Declaration(_Body):
    """The household's own statement (家庭收入和财产状况声明)."""

    incomes: Annotated[list[DeclaredIncome], Field(max_length=300)] = []
    financial_assets_total: Money | None = None
    vehicles: Annotated[int, Field(ge=0, le=100)] | None = None
    residences: Annotated[int, Field(ge=0, le=100)] | None = None


class CreateVerification(_Body):
    authorization: Annotated[
        str,
        Field(
            min_length=1, max_length=65536, description="the signed 授权核对委托书 (compact JWS)"
        ),
    ]
    scopes: Annotated[list[Scope], Field(min_length=1, max_length=6)] | None = Field(
        default=None, description="sources to query; default: every scope the authorization grants"
    )
    declaration: Declaration | None = None


class MemberView(BaseModel):
    index: int
    relation: str
    id_number_masked: str
    name_masked: str
    status: Literal["active", "deceased", "moved_out", "unknown", "not_checked"]


class SourceView(BaseModel):
    member_index: int
    scope: str
    status: Literal["ok", "not_found", "unavailable", "rejected"]
    reason: str | None
    attempts: int
    duration_ms: int


class EvidenceRef(BaseModel):
    source: str
    reference: str


class MemberIncomeView(BaseModel):
    member_index: int
    living: bool
    counted_by_category: dict[str, Money]
    excluded_by_category: dict[str, Money]
    counted_monthly: Money


class IncomeView(BaseModel):
    window_start: dt.date
    window_end: dt.date
    months: int
    members: list[MemberIncomeView]
    household_monthly: Money
    per_capita_monthly: Money
    standard_monthly: Money
    low_income_line_monthly: Money


class FinancialItemView(BaseModel):
    member_index: int
    kind: str
    value: Money
    evidence: EvidenceRef


class VehicleView(BaseModel):
    member_index: int
    use: str
    kind: str
    registered_on: dt.date
    estimated_value: Money
    evidence: EvidenceRef


class PropertyView(BaseModel):
    member_index: int
    use: str
    area_m2: Annotated[str, Field(description="square metres, decimal string")]
    acquired_on: dt.date
    estimated_value: Money
    evidence: EvidenceRef


class AssetsView(BaseModel):
    financial_total: Money
    financial_limit: Money
    financial: list[FinancialItemView]
    vehicles: list[VehicleView]
    properties: list[PropertyView]


class RuleView(BaseModel):
    rule: str
    result: Literal["passed", "failed", "not_assessable"]
    detail: str
    figures: dict[str, str]
    evidence: list[EvidenceRef]


class PolicyView(BaseModel):
    id: str
    version: str
    name: str
    example: bool


class AuditRefView(BaseModel):
    seq: int
    leaf_hash: str


class VerificationReport(BaseModel):
    """The 核对报告: what was found, which rules it met, and the outcome."""

    id: uuid.UUID
    status: Literal["completed"]
    authorization_id: str
    purpose: str
    region_code: str
    area: str
    created_at: dt.datetime
    completed_at: dt.datetime
    as_of: dt.date
    revision: int = Field(description="0 for the first report; each retry of failed sources adds 1")
    policy: PolicyView
    household_size: int
    members: list[MemberView]
    sources: list[SourceView]
    income: IncomeView
    assets: AssetsView
    rules: list[RuleView]
    outcome: Literal["eligible", "ineligible", "review_required"]
    low_income_edge: bool
    suggested_allowance_monthly: Money
    reasons: list[str]
    audit: AuditRefView
