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
from verification.policies.model import UsedValue
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
