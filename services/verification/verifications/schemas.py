"""Request and report shapes of the verification API (the stable JSON contract)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from connectors.sdk.evidence import IncomeCategory
from verification.assessment import model as assessment
from verification.authorization.jws import COMPACT_JWS_PATTERN, MAX_JWS_LENGTH
from verification.kit.money import Money
from verification.kit.rfc3339 import Rfc3339Date
from verification.settings import SCOPES

Scope = Literal["hukou", "vehicle", "housing", "bank", "tax", "provident_fund"]
assert set(Scope.__args__) == set(SCOPES)  # type: ignore[attr-defined]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DeclaredIncome(_Body):
    member_index: Annotated[int, Field(ge=0, lt=30)]
    category: IncomeCategory
    monthly_amount: Money


class DeclaredMember(_Body):
    """What the household states about one member's circumstances."""

    member_index: Annotated[int, Field(ge=0, lt=30)]
    employed_via_poverty_project: bool = Field(
        default=False, description="employed through a poverty-alleviation project (就业成本扣减)"
    )
    severe_disability: bool = Field(default=False, description="重度残疾 (grade 1 or 2)")
    serious_illness: bool = Field(default=False, description="重病")


class Declaration(_Body):
    """The household's own statement (家庭收入和财产状况声明).

    Income and asset figures are compared with what the sources say (findings);
    member circumstances drive deductions and the single-person rule.
    """

    incomes: Annotated[list[DeclaredIncome], Field(max_length=300)] | None = Field(
        default=None, description="monthly income per member and category; omit if not declared"
    )
    financial_assets_total: Money | None = None
    vehicles: Annotated[int, Field(ge=0, le=100)] | None = None
    residences: Annotated[int, Field(ge=0, le=100)] | None = None
    members: Annotated[list[DeclaredMember], Field(max_length=30)] = []
    rigid_expenses_monthly: Money | None = Field(
        default=None, description="刚性支出: monthly expenses for serious illness or disability"
    )
    single_person_member: Annotated[int, Field(ge=0, lt=30)] | None = Field(
        default=None,
        description="apply as a single-person household (单人户) for this adult, unemployed, "
        "severely disabled member",
    )

    def member_indexes(self) -> set[int]:
        """Every member index the declaration refers to."""
        return (
            {i.member_index for i in self.incomes or ()}
            | {m.member_index for m in self.members}
            | ({self.single_person_member} if self.single_person_member is not None else set())
        )

    def facts(self) -> assessment.Declared:
        """The declaration as the assessment reads it (amounts summed per member and category)."""
        incomes: dict[tuple[int, str], Decimal] | None = None
        if self.incomes is not None:
            incomes = {}
            for item in self.incomes:
                key = (item.member_index, item.category.value)
                incomes[key] = incomes.get(key, Decimal(0)) + item.monthly_amount
        return assessment.Declared(
            incomes=incomes,
            financial_assets_total=self.financial_assets_total,
            vehicles=self.vehicles,
            residences=self.residences,
            members={
                m.member_index: assessment.DeclaredMember(
                    employed_via_poverty_project=m.employed_via_poverty_project,
                    severe_disability=m.severe_disability,
                    serious_illness=m.serious_illness,
                )
                for m in self.members
            },
            rigid_expenses_monthly=self.rigid_expenses_monthly,
            single_person_member=self.single_person_member,
        )


class CreateVerification(_Body):
    authorization: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_JWS_LENGTH,
            description="the signed 授权核对委托书: a JWS in compact serialization "
            "(header.payload.signature, base64url), EdDSA (Ed25519) with a `kid`; one of "
            "another shape is refused as `400 malformed-authorization`",
            # stated here, enforced by the JWS check with its own refusal code
            json_schema_extra={"pattern": COMPACT_JWS_PATTERN},
        ),
    ]
    scopes: Annotated[list[Scope], Field(min_length=1, max_length=6)] | None = Field(
        default=None, description="sources to query; default: every scope the authorization grants"
    )
    declaration: Declaration | None = None
    accepted_on: Rfc3339Date | None = Field(
        default=None,
        description="the day the township accepted (受理) the application, a Beijing date no "
        "later than the day this request is received (`422 accepted-on-in-future`); the "
        "report's deadlines run from it. Default: the business date the request is received",
    )


class MemberView(BaseModel):
    index: int
    relation: str
    id_number_masked: str
    name_masked: str
    status: Literal["active", "deceased", "moved_out", "unknown", "not_checked"]


# Reports stored before explanations had codes hold only their (English) text; they are
# read with the code ``verbatim`` and that text as its parameter, so they stay readable.
VERBATIM = "verbatim"
PARAMS_DESCRIPTION = (
    "the message's named parameters, machine data: a member is a 0-based `member_index` "
    "(the text counts from 1), amounts are decimal strings"
)


def _verbatim(text: str) -> dict[str, Any]:
    return {"code": VERBATIM, "params": {"text": text}, "text": text}


class MessageView(BaseModel):
    """A statement a person reads: its stable code, parameters and text."""

    code: str = Field(description="stable machine code (a key of the message catalogue)")
    params: dict[str, Any] = Field(default_factory=dict, description=PARAMS_DESCRIPTION)
    text: str = Field(description="the statement in the requested language (default zh-CN)")


class SourceView(BaseModel):
    member_index: int
    scope: str
    status: Literal["ok", "not_found", "unavailable", "rejected"]
    reason_code: str | None = Field(description="why not ok: a stable code (null when ok)")
    reason_params: dict[str, Any] = Field(default_factory=dict, description=PARAMS_DESCRIPTION)
    reason: str | None = Field(description="why not ok, in the requested language")
    attempts: int = Field(
        description="tries of the most-tried request of the query: 1 + its retries (a further "
        "page is another request, not a retry); 0 when nothing was sent"
    )
    requests: int = Field(description="requests sent for the query: pages and retries")
    duration_ms: int

    @model_validator(mode="before")
    @classmethod
    def _stored_before_codes(cls, data: Any) -> Any:
        if isinstance(data, dict) and "reason_code" not in data:
            reason = data.get("reason")
            data = {
                **data,
                "reason_code": None if reason is None else VERBATIM,
                "reason_params": {} if reason is None else {"text": reason},
                "requests": data.get("requests", data.get("attempts", 0)),
            }
        return data


class EvidenceRef(BaseModel):
    source: str
    reference: str


class MemberIncomeView(BaseModel):
    member_index: int
    living: bool
    counted_by_category: dict[str, Money]
    excluded_by_category: dict[str, Money]
    counted_monthly: Money


class DeductionView(BaseModel):
    member_index: int | None  # None: the household as a whole
    kind: Literal["employment_cost", "rigid_expense"]
    monthly_amount: Money
    basis_code: str = Field(description="the basis as a stable code")
    basis_params: dict[str, Any] = Field(default_factory=dict, description=PARAMS_DESCRIPTION)
    basis: str = Field(description="the basis in the requested language")

    @model_validator(mode="before")
    @classmethod
    def _stored_before_codes(cls, data: Any) -> Any:
        if isinstance(data, dict) and "basis_code" not in data:
            data = {**data, "basis_code": VERBATIM, "basis_params": {"text": data.get("basis")}}
        return data


class IncomeView(BaseModel):
    window_start: dt.date
    window_end: dt.date
    months: int
    members: list[MemberIncomeView]
    household_before_deductions: Money
    deductions: list[DeductionView]
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
    messages: list[MessageView] = Field(description="why, one statement each")
    detail: str = Field(description="the statements' texts in one line")
    figures: dict[str, str]
    evidence: list[EvidenceRef]

    @model_validator(mode="before")
    @classmethod
    def _stored_before_codes(cls, data: Any) -> Any:
        if isinstance(data, dict) and "messages" not in data:
            data = {**data, "messages": [_verbatim(data.get("detail", ""))]}
        return data


class FindingView(BaseModel):
    """Something for the caseworker to look into (findings inform, the rules decide).

    A declared figure that differs from the verified one by more than the tolerance
    (``subject`` says which; the four figures are set; ``code`` ``finding.income``,
    ``finding.financial_assets``, …), or a member found elsewhere by blind index
    (``subject`` ``member``, no figures): ``finding.member_already_enrolled`` — in another
    active enrolled household; ``finding.member_verification_in_flight`` — in another
    verification still running.
    """

    subject: Literal["income", "financial_assets", "vehicles", "residences", "member"]
    member_index: int | None
    category: str | None
    declared: str | None
    verified: str | None
    difference: str | None
    tolerance: str | None
    code: str = Field(description="the finding as a stable code")
    params: dict[str, Any] = Field(default_factory=dict, description=PARAMS_DESCRIPTION)
    detail: str = Field(description="the finding in the requested language")

    @model_validator(mode="before")
    @classmethod
    def _stored_before_codes(cls, data: Any) -> Any:
        if isinstance(data, dict) and "code" not in data:
            data = {**data, "code": VERBATIM, "params": {"text": data.get("detail")}}
        return data


class DeadlineView(BaseModel):
    """A working-day limit of the 审核确认 procedure (办法 第十五、十七、二十至二十二条)."""

    parameter: str = Field(description="the layered parameter (`deadline.total_working_days`, …)")
    counted_from: Literal[
        "accepted", "request_received", "township_file_received", "refusal_decided"
    ] = Field(
        description="the event the limit runs from: acceptance (受理), this request's receipt, "
        "the county's receipt of the township's file, the refusal decision"
    )
    working_days: int = Field(description="the limit applied (a ceiling: a region may shorten)")
    starts_on: dt.date | None = Field(
        description="the event's Beijing business date; null when the service does not see it"
    )
    due_on: dt.date | None = Field(
        description="the last working day (inclusive), counted from the day after `starts_on` "
        "in China's working-day calendar; null when `starts_on` is, or beyond the years the "
        "calendar holds"
    )
    lengthened_to: int | None = Field(
        default=None,
        description="a region's limit longer than its ceiling: stated, not applied",
    )
    citation: str = Field(description="the article the applied limit comes from (Chinese)")
    message: MessageView


class SourceCoverageView(BaseModel):
    """One source of the national 核对 list (`verification.sources`)."""

    source: str = Field(description="the national source (`hukou`, `social_insurance`, …)")
    scope: str | None = Field(description="the service's scope that answers it; null: none")
    coverage: Literal["queried", "not_queried", "not_supported"] = Field(
        description="queried in this verification; not queried (the request's scopes); "
        "not supported: no agency of this service answers it, check it another way"
    )
    message: MessageView


class DeathRecheckView(BaseModel):
    """The household check due after a member's death (2022 通知 一（三）)."""

    due_on: dt.date = Field(
        description="date of death + `review.recheck_after_death_months`; the day reported "
        "when the date of death is unknown"
    )
    reason: Literal["member_deceased"]
    member_index: int
    date_of_death: dt.date | None
    months: int
    citation: str
    message: MessageView


class ProcedureView(BaseModel):
    """The procedural rules of the 办法 as they apply to this report."""

    accepted_on: dt.date | None = Field(
        description="the application's acceptance (受理) date: the request's `accepted_on`, "
        "else the business date the request was received; null for a re-verification"
    )
    deadlines: list[DeadlineView] = Field(
        description="the working-day limits in force on `accepted_on` (none for a review)"
    )
    sources: list[SourceCoverageView] = Field(
        description="the national source list and which were queried or cannot be"
    )
    adverse_notice: MessageView | None = Field(
        description="for an outcome other than eligible: the applicant is told and may object "
        "with evidence for a 复查 (办法 第十八条)"
    )
    death_rechecks: list[DeathRecheckView] = Field(
        description="each member reported deceased: the household check due, earliest first"
    )
    notes: list[MessageView] = Field(
        default_factory=list,
        description="what could not be computed (a due date beyond the calendar's years)",
    )


class PolicyView(BaseModel):
    id: str
    version: str
    name: str
    example: bool


class AuditRefView(BaseModel):
    seq: int
    leaf_hash: str


class ReportContent(BaseModel):
    """A 核对报告 as it is stored: everything but its place in the audit log."""

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
    household_basis: Literal["household", "single_person"] = Field(
        description="single_person: assessed as a 单人户 for one member"
    )
    single_person_member: int | None
    members: list[MemberView]
    sources: list[SourceView]
    income: IncomeView
    assets: AssetsView
    rules: list[RuleView]
    findings: list[FindingView]
    outcome: Literal["eligible", "ineligible", "review_required"]
    low_income_edge: bool
    suggested_allowance_monthly: Money | None = Field(
        description="`(standard − per-capita) × size`, floored at 0, for an `eligible` "
        "household; null when it does not apply (`ineligible`, `review_required`)"
    )
    reasons: list[MessageView]
    policy_notes: list[MessageView] = Field(
        default_factory=list,
        description="the layered national policy on the assessment date: a value the engine "
        "relies on that lapsed with no successor (`policy.lapsed`: parameter, label, "
        "lapsed_on, layer, citation). Flagged, not applied: the figures still come from the "
        "region's policy file",
    )

    procedure: ProcedureView | None = Field(
        default=None,
        description="deadlines, the national source list, the adverse-result notice and the "
        "re-check after a death; null in reports stored before it existed",
    )

    @model_validator(mode="before")
    @classmethod
    def _stored_before_codes(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = {
                **data,
                "reasons": [
                    _verbatim(r) if isinstance(r, str) else r for r in data.get("reasons", [])
                ],
            }
            if data.get("outcome") != "eligible":
                data["suggested_allowance_monthly"] = None
        return data

    def with_audit(self, seq: int, leaf_hash: str) -> VerificationReport:
        """The report, with the audit event (``report_created``) that recorded it."""
        return VerificationReport(**dict(self), audit=AuditRefView(seq=seq, leaf_hash=leaf_hash))


class VerificationReport(ReportContent):
    """The 核对报告: what was found, which rules it met, and the outcome."""

    audit: AuditRefView
