"""The report model: the 核对报告 as it is stored and served (the stable JSON contract).

Owned by ``reports/``: the builder makes it, ``language.py`` puts its texts in the requested
language, ``html.py`` prints it; verifications store and serve it, reviews compare two.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, model_validator

from connectors.sdk.evidence import (
    BusinessEntityType,
    BusinessRole,
    BusinessStatus,
    FinancialKind,
    IncomeCategory,
    PropertyUse,
    VehicleUse,
)
from verification.assessment.hardship import HardshipFigure
from verification.assessment.model import RULE_FIGURES, Figure, RuleId
from verification.kit.money import Money
from verification.policies.model import UsedValue


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
    status: Literal["ok", "not_found", "unavailable", "rejected", "pending"] = Field(
        description="pending: the agency accepted the query and answers later (the "
        "verification is `awaiting_sources` until it has; `reason_params.reference` is its "
        "ticket)"
    )
    reason_code: str | None = Field(description="why not ok: a stable code (null when ok)")
    reason_params: dict[str, Any] = Field(default_factory=dict, description=PARAMS_DESCRIPTION)
    reason: str | None = Field(description="why not ok, in the requested language")
    attempts: int = Field(
        description="tries of the most-tried request of the query: 1 + its retries (a further "
        "page is another request, not a retry); 0 when nothing was sent"
    )
    requests: int = Field(description="requests sent for the query: pages and retries")
    duration_ms: int
    expected_back_at: dt.datetime | None = Field(
        default=None,
        description="for an `unavailable` source whose circuit breaker was open when the "
        "report was made: when the breaker lets a query through again (its half-open time, "
        "UTC), the earliest a retry (`retryVerification`) can reach it; null when unknown "
        "(the source failed without opening its breaker: retry at once) or not unavailable",
    )
    expected_by: dt.datetime | None = Field(
        default=None,
        description="for a `pending` answer, when the agency said it expects to have it "
        "(null if it did not say, and for every other status)",
    )

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
    counted_by_category: dict[IncomeCategory, Money]
    excluded_by_category: dict[IncomeCategory, Money]
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
    kind: FinancialKind
    value: Money
    evidence: EvidenceRef


class VehicleView(BaseModel):
    member_index: int
    use: VehicleUse
    kind: str
    registered_on: dt.date
    estimated_value: Money
    evidence: EvidenceRef


class PropertyView(BaseModel):
    member_index: int
    use: PropertyUse
    area_m2: Annotated[str, Field(description="square metres, decimal string")]
    acquired_on: dt.date
    estimated_value: Money
    evidence: EvidenceRef


class BusinessView(BaseModel):
    """A member's role in a market entity (市场主体登记): a 个体工商户 or a company."""

    member_index: int
    entity_type: BusinessEntityType
    role: BusinessRole
    status: BusinessStatus
    registered_capital: Money | None = Field(description="注册资本 / 资金数额; null: none held")
    subscribed_share: Money | None = Field(description="the member's subscribed capital")
    declared_turnover: Money | None = Field(
        description="the last annual report's declared turnover (年报营业额), a year"
    )
    report_year: int | None = Field(description="that annual report's year")
    evidence: EvidenceRef


class AssetsView(BaseModel):
    financial_total: Money
    financial_limit: Money
    financial: list[FinancialItemView]
    vehicles: list[VehicleView]
    properties: list[PropertyView]
    # reports stored before the market-regulation source have none
    businesses: list[BusinessView] = Field(
        default=[], description="个体工商户 and companies a member operates, represents or holds"
    )


def _figures_of_rules() -> str:
    stated = (
        f"`{rule}`: {', '.join(f'`{f}`' for f in figures)}"
        for rule, figures in RULE_FIGURES.items()
        if figures
    )
    return (
        "the figures the rule compared (decimal strings): every figure of its rule is present, "
        "null when the rule could not state it (not assessable); rules without figures have "
        "none. " + "; ".join(stated)
    )


def _every_figure(stated: Any, keys: Iterable[str]) -> Any:
    """Every figure key present, null where the figure is not stated (stored reports too)."""
    if not isinstance(stated, dict):
        return stated
    return {key: stated.get(key) for key in keys} | stated


class RuleView(BaseModel):
    rule: RuleId = Field(description="the rule (new rules may be added: see the versioning policy)")
    result: Literal["passed", "failed", "not_assessable"]
    messages: list[MessageView] = Field(description="why, one statement each")
    detail: str = Field(description="the statements' texts in one line")
    figures: dict[Figure, str | None] = Field(description=_figures_of_rules())
    evidence: list[EvidenceRef]

    @model_validator(mode="before")
    @classmethod
    def _stored_before_codes(cls, data: Any) -> Any:
        if isinstance(data, dict) and "messages" not in data:
            data = {**data, "messages": [_verbatim(data.get("detail", ""))]}
        if isinstance(data, dict) and data.get("rule") in RULE_FIGURES:
            keys = RULE_FIGURES[RuleId(data["rule"])]
            data = {**data, "figures": _every_figure(data.get("figures", {}), keys)}
        return data

    @model_validator(mode="after")
    def _its_rules_figures(self) -> RuleView:
        if set(self.figures) != set(RULE_FIGURES[self.rule]):
            raise ValueError(f"the figures of {self.rule} are {list(RULE_FIGURES[self.rule])}")
        return self


class FindingView(BaseModel):
    """Something for the caseworker to look into (findings inform, the rules decide).

    A declared figure that differs from the verified one by more than the tolerance
    (``subject`` says which; the four figures are set; ``code`` ``finding.income``,
    ``finding.financial_assets``, …), or a member found elsewhere by blind index
    (``subject`` ``member``, no figures): ``finding.member_already_enrolled`` — in another
    active enrolled household; ``finding.member_verification_in_flight`` — in another
    verification still running; ``finding.member_integrity_listed`` — on the integrity record
    (诚信记录) on the assessment date, until ``params.listed_until`` (it changes no outcome).
    """

    subject: Literal[
        "income",
        "financial_assets",
        "vehicles",
        "residences",
        "member",
        "insurance_cash_value",
        "businesses",
    ]
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


class TierView(BaseModel):
    number: int = Field(description="1-based, in the order of the region's `allowance.tiers`")
    up_to_gap_fraction: str = Field(description="(standard − per-capita) ÷ standard, at most")
    fraction_of_standard: str = Field(description="paid per person, as a share of the standard")
    per_person_monthly: Money


class RefusalCutView(BaseModel):
    member_index: int
    consecutive_unjustified: int
    share_monthly: Money = Field(description="the member's own share before the cut")
    cut_monthly: Money | None = Field(
        description="withheld from that share; null: the extent is left to local government "
        "and no layer set it (`work_refusal.cut_fraction`)"
    )


class AllowanceView(BaseModel):
    """How the suggested allowance was computed (办法 第二十三条, 第三十四条)."""

    method: Literal["difference", "tiered"] = Field(
        description="difference: 差额, (standard − per-capita) × persons; tiered: 分档"
    )
    tier: TierView | None = Field(description="the tier applied (tiered only)")
    before_cuts_monthly: Money | None
    work_refusal_cuts: list[RefusalCutView] = Field(
        description="members whose own share is reduced or stopped; the others keep theirs"
    )
    amount_monthly: Money | None = Field(
        description="what is suggested; null when it cannot be computed (see messages)"
    )
    messages: list[MessageView]


class HardshipView(BaseModel):
    """刚性支出困难家庭 (认定办法 第四条): whether the data shows the household qualifies."""

    status: Literal["met", "not_met", "not_assessable", "not_applicable"]
    figures: dict[HardshipFigure, str | None] = Field(
        description="the figures compared (decimal strings): every key present, null where "
        "not stated (not applicable, not set by the region, or the income not verified)"
    )
    messages: list[MessageView]

    @model_validator(mode="before")
    @classmethod
    def _every_figure(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = {**data, "figures": _every_figure(data.get("figures", {}), HardshipFigure)}
        return data


class SinglePersonCandidateView(BaseModel):
    """A member of a 边缘 household who may apply alone (办法 第八条第一款第（一）（二）项)."""

    member_index: int
    categories: list[str] = Field(description="the `single_person.edge_household_categories` met")
    message: MessageView


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
    calendar: str | None = Field(
        default=None,
        description="where the holidays of the years counted come from, one year after "
        "another (Chinese): the `chinesecalendar` package and its version, or an operator's "
        "year file and the State Council notice it transcribes; null when nothing was "
        "counted (reports made before it was given)",
    )
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
    """The policy the report applied: the layered policy of its region on its assessment date."""

    id: str = Field(description="the most specific layer that applies (`gx-nanning`, `gd`, …)")
    version: str = Field(
        description="the assessment date the values were resolved for (ISO); re-reading the "
        "layers for `id`'s region on that date gives the same values"
    )
    name: str = Field(description="that layer's name")
    example: bool = Field(description="at least one value used is an example, not a published one")
    values: list[UsedValue] = Field(
        default_factory=list,
        description="every policy value the assessment used: parameter key, value, layer, the "
        "dated entry (`valid_from`/`valid_until`) and its citation; `example: true` marks an "
        "illustrative figure; `status: lapsed` a value that ended with no successor and was not "
        "applied (see `policy_notes`)",
    )


class ObligorSourceView(BaseModel):
    """One source's answer about an obligor (its evidence is not shown: the figures are)."""

    scope: str
    status: Literal["ok", "not_found", "unavailable", "rejected", "pending"]
    reason_code: str | None = Field(description="why not ok: a stable code (null when ok)")


class ObligorView(BaseModel):
    """A support obligor outside the household (赡养、抚养、扶养义务人): never a member."""

    index: int = Field(description="0-based, in the order of the request's `obligors`")
    relation: Literal[
        "parent", "adult_child", "spouse_apart", "grandparent", "grandchild", "sibling"
    ] = Field(description="to the applicant, as the obligor's consent states it")
    id_number_masked: str
    name_masked: str
    status: Literal["active", "deceased", "moved_out", "unknown", "not_checked"]
    household_size: int = Field(description="the obligor's own household, as declared")
    assessed: bool = Field(description="every source of income answered for the obligor")
    income_monthly: Money | None = Field(
        description="counted income, a month over the window (null: not assessed)"
    )
    line_monthly: Money = Field(
        description="the line above which the obligor is able to support: "
        "`obligors.capacity_multiple_of_standard` × the monthly standard × household_size"
    )
    excess_monthly: Money | None = Field(description="income above the line (null: not assessed)")
    capable: bool | None = Field(description="able to support (null: not assessed)")
    support_monthly: Money = Field(
        description="counted as the household's support income: excess × "
        "`obligors.support_share_of_excess` (0 when not capable or not assessed)"
    )
    sources: list[ObligorSourceView]


class ObligorsView(BaseModel):
    """The household's support obligors, in their own section."""

    obligors: list[ObligorView]
    support_monthly: Money = Field(
        description="the support counted, a month: included in `income.household_before_deductions`"
    )
    support_status: Literal["capable", "none_capable", "not_assessable", "none_named"] = Field(
        description="the obligors' part of 三无 status: `none_capable` when every named obligor "
        "was found unable to support; the verification cannot tell that a household has no "
        "obligor at all (`none_named`: the request named none)"
    )
    statement: MessageView


class AuditRefView(BaseModel):
    """Where the report's ``report_created`` audit entry is.  It is recorded with the report
    and integrated into the log shortly after (typically within a second): until then
    ``status`` is ``pending`` and ``seq``/``leaf_hash`` are null; a GET of the report
    afterwards gives them."""

    status: Literal["pending", "integrated"] = Field(
        description="pending: recorded, not yet in the log; integrated: in the log at `seq`"
    )
    entry: int | None = Field(
        description="the entry's id while pending (`audit_events.pending_id` once "
        "integrated); null for entries logged before the audit sequencer"
    )
    seq: int | None = Field(description="its index in the log + 1; null while pending")
    leaf_hash: str | None = Field(description="its RFC 6962 leaf hash (hex); null while pending")


class EmploymentView(BaseModel):
    """A member's employment as the social-insurance source (人社) records it, and the
    contribution base (缴费基数, the monthly wage it implies) of the window's months."""

    member_index: int
    status: Literal["employed", "suspended", "unemployed", "retired", "ended"]
    employer_code: str | None = Field(
        description="the employer's unified social credit code (统一社会信用代码); never a name"
    )
    since: str = Field(description="YYYY-MM: since when the status holds")
    contribution_months: int = Field(description="months of the window with a contribution")
    latest_contribution_base: Money | None = Field(
        description="the contribution base of the latest month contributed (yuan a month)"
    )
    evidence: EvidenceRef


class AppealRefView(BaseModel):
    """The appeal (复议) this revision answers: the revision was made by its decision."""

    id: uuid.UUID = Field(description="the appeal (`GET /v1/appeals/{id}`)")
    decision: Literal["upheld", "partly_upheld"] = Field(
        description="the caseworker's decision: upheld (复议成立) or partly upheld (部分成立); "
        "a rejected appeal makes no revision (it is on the appeal only)"
    )
    decided_on: dt.date = Field(description="the day of the decision, a Beijing date")
    appealed_revision: int = Field(description="the revision the household appealed")
    requeried_scopes: list[str] = Field(
        description="the sources queried again for this revision, for every member"
    )
    evidence_items: int = Field(description="how many items of new evidence the appeal carried")
    evidence_assessed: bool = Field(
        description="false: the household's new evidence is kept with the appeal, but the "
        "assessment counts what the sources answer, so it changed no figure of this report"
    )


class ReportContent(BaseModel):
    """A 核对报告 as it is stored: everything but its place in the audit log."""

    id: uuid.UUID
    status: Literal["completed", "awaiting_sources"] = Field(
        description="completed: every source answered (or failed for good: see `sources`); "
        "awaiting_sources: an agency accepted a query to answer later (a `pending` source): "
        "this report is provisional and a later revision, with the answer, follows "
        "when it arrives (docs/integrators/awaiting-sources.md)"
    )
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
    employment: list[EmploymentView] = Field(
        default_factory=list,
        description="employment and contribution records (social insurance), by member",
    )
    rules: list[RuleView]
    findings: list[FindingView]
    outcome: Literal["eligible", "ineligible", "review_required"]
    low_income_edge: bool
    suggested_allowance_monthly: Money | None = Field(
        description="for an `eligible` household, `allowance.amount_monthly`: by the region's "
        "method (差额 `(standard − per-capita) × size`, floored at 0, or 分档) less any "
        "work-refusal cut; null when it does not apply (`ineligible`, `review_required`) or "
        "cannot be computed (a local figure not set: see `allowance.messages`)"
    )
    reasons: list[MessageView]
    # -- the 2021 办法's rules from the layered policy (assessment/national.py) ------------
    allowance: AllowanceView | None = Field(
        default=None,
        description="for an `eligible` household: the method (差额 or 分档) and tier in force "
        "for the region, and any work-refusal cut; null otherwise",
    )
    rigid_expense_hardship: bool = Field(
        default=False,
        description="the data shows a 刚性支出困难家庭 (`hardship.status` is `met`)",
    )
    hardship: HardshipView | None = Field(
        default=None, description="null before the 认定办法 is in force (2025-01-01)"
    )
    single_person_candidates: list[SinglePersonCandidateView] = Field(default_factory=list)
    single_person_notes: list[MessageView] = Field(
        default_factory=list,
        description="support that may be disregarded for a single-person applicant",
    )
    # -- end of the 2021 办法's rules -------------------------------------------------------
    policy_notes: list[MessageView] = Field(
        default_factory=list,
        description="the layered national policy on the assessment date: a value the engine "
        "relies on that lapsed with no successor (`policy.lapsed`: parameter, label, "
        "lapsed_on, layer, citation), flagged and not applied; a region's value above a "
        "national ceiling (`policy.capped`: parameter, label, layer, asked, ceiling, "
        "ceiling_layer, citation), not applied: the ceiling is",
    )

    obligors: ObligorsView | None = Field(
        default=None,
        description="support obligors outside the household and the support counted from "
        "them; null when the request named none",
    )
    procedure: ProcedureView | None = Field(
        default=None,
        description="deadlines, the national source list, the adverse-result notice and the "
        "re-check after a death; null in reports stored before it existed",
    )
    appeal: AppealRefView | None = Field(
        default=None,
        description="the appeal (复议) whose decision made this revision; null for any other",
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

    def with_audit(
        self, *, entry: int | None, seq: int | None = None, leaf_hash: str | None = None
    ) -> VerificationReport:
        """The report, with the audit entry (``report_created``) that recorded it: pending
        without ``seq``, integrated with it."""
        audit = AuditRefView(
            status="pending" if seq is None else "integrated",
            entry=entry,
            seq=seq,
            leaf_hash=leaf_hash,
        )
        return VerificationReport(**dict(self), audit=audit)


class DecisionDeadlineView(BaseModel):
    """The last day for the decision on the application (审核确认总时限, 办法 第二十二条:
    working days from its acceptance)."""

    due_on: dt.date = Field(description="the last day (inclusive), a Beijing date")
    working_days: int = Field(description="the limit applied, in working days")
    provisional: bool = Field(
        description="true: counted Monday to Friday only, because the working-day calendar "
        "holds no holidays yet for a year the count reached; the day is counted again once "
        "it does"
    )
    calendar: str | None = Field(
        default=None,
        description="where the holidays of the years counted come from (Chinese), as in "
        "`procedure.deadlines[].calendar`",
    )


class SupersededView(BaseModel):
    """Said of a revision a later one replaced (read with `?revision=`): it is not the
    current report."""

    at: dt.datetime = Field(description="when the next revision replaced it")
    current_revision: int = Field(description="the verification's current revision")


class VerificationReport(ReportContent):
    """The 核对报告: what was found, which rules it met, and the outcome."""

    audit: AuditRefView
    superseded: SupersededView | None = Field(
        default=None,
        description="set on a revision a later one replaced (`?revision=`): when, and which "
        "revision is current; null on the current report",
    )
    decision_deadline: DecisionDeadlineView | None = Field(
        default=None,
        description="the decision's deadline, counted from `accepted_on`; null for a "
        "re-verification and for verifications made before deadlines were kept",
    )
    overdue: bool = Field(
        default=False,
        description="true while the verification is open (`awaiting_sources`) after its "
        "decision deadline (computed when read, on today's Beijing date)",
    )
