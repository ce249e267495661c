"""The assessment's vocabulary: members, rules, findings, deductions and the result.

Plain frozen dataclasses, no behaviour beyond small derived properties, so
every other assessment module and the report builder share one picture.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Final, Literal

from connectors.sdk.evidence import RecordRef, SourceResult, SourceStatus
from verification.messages.render import Message

if TYPE_CHECKING:
    from verification.assessment.national import NationalResult
    from verification.assessment.obligors import ObligorsResult

ANSWERED = (SourceStatus.OK, SourceStatus.NOT_FOUND)
Results = Mapping[tuple[int, str], SourceResult]  # (member index, scope) → result


class RuleResult(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_ASSESSABLE = "not_assessable"


class RuleId(StrEnum):
    """Every rule the engine evaluates: the one list of them (a report's ``rules[].rule``, the
    OpenAPI's ``RuleId`` enum, the catalogue's ``rule`` labels follow it)."""

    SINGLE_PERSON_BASIS = "single_person_basis"
    SOURCES_COMPLETE = "sources_complete"
    IDENTITY_CONFIRMED = "identity_confirmed"
    HOUSEHOLD_COMPOSITION = "household_composition"
    INCOME_BELOW_STANDARD = "income_below_standard"
    FINANCIAL_ASSETS_WITHIN_LIMIT = "financial_assets_within_limit"
    NO_NON_EXEMPT_VEHICLE = "no_non_exempt_vehicle"
    HOUSING_WITHIN_LIMIT = "housing_within_limit"
    WAGES_CONSISTENT = "wages_consistent"
    NO_OPERATING_COMPANY = "no_operating_company"
    OBLIGOR_SUPPORT_ASSESSED = "obligor_support_assessed"  # only when obligors are named


class Figure(StrEnum):
    """A figure a rule compares (a report's ``rules[].figures`` keys), decimal strings."""

    PER_CAPITA_MONTHLY = "per_capita_monthly"
    STANDARD_MONTHLY = "standard_monthly"
    TOTAL = "total"
    LIMIT = "limit"
    COUNT = "count"
    RESIDENCES = "residences"
    MAX_RESIDENCES = "max_residences"
    COMMERCIAL = "commercial"
    SUPPORT_MONTHLY = "support_monthly"  # obligors' support counted (assessment/obligors.py)


# the figures each rule states: all of them when it compared them, none when it could not
# (a report shows every one of its rule's figures, null when not stated)
RULE_FIGURES: Final[Mapping[RuleId, tuple[Figure, ...]]] = {
    RuleId.SINGLE_PERSON_BASIS: (),
    RuleId.SOURCES_COMPLETE: (),
    RuleId.IDENTITY_CONFIRMED: (),
    RuleId.HOUSEHOLD_COMPOSITION: (),
    RuleId.INCOME_BELOW_STANDARD: (Figure.PER_CAPITA_MONTHLY, Figure.STANDARD_MONTHLY),
    RuleId.FINANCIAL_ASSETS_WITHIN_LIMIT: (Figure.TOTAL, Figure.LIMIT),
    RuleId.NO_NON_EXEMPT_VEHICLE: (Figure.COUNT,),
    RuleId.HOUSING_WITHIN_LIMIT: (Figure.RESIDENCES, Figure.MAX_RESIDENCES, Figure.COMMERCIAL),
    RuleId.WAGES_CONSISTENT: (),
    RuleId.NO_OPERATING_COMPANY: (Figure.COUNT,),
    RuleId.OBLIGOR_SUPPORT_ASSESSED: (Figure.SUPPORT_MONTHLY,),
}
# the rules on property (financial assets, vehicles, housing)
PROPERTY_RULES: Final = (
    RuleId.FINANCIAL_ASSETS_WITHIN_LIMIT,
    RuleId.NO_NON_EXEMPT_VEHICLE,
    RuleId.HOUSING_WITHIN_LIMIT,
    RuleId.NO_OPERATING_COMPANY,
)


class Outcome(StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    REVIEW_REQUIRED = "review_required"


@dataclass(frozen=True, slots=True)
class Member:
    index: int
    relation: str
    birth_date: dt.date | None = None  # from the ID number; None when unknown


@dataclass(frozen=True, slots=True)
class Rule:
    rule: RuleId
    result: RuleResult
    details: tuple[Message, ...]  # why, one statement each
    figures: Mapping[Figure, str] = field(default_factory=dict)  # all of RULE_FIGURES or none
    evidence: tuple[RecordRef, ...] = ()

    def __post_init__(self) -> None:
        if self.figures and set(self.figures) != set(RULE_FIGURES[self.rule]):
            raise ValueError(f"{self.rule} states {sorted(RULE_FIGURES[self.rule])}")


@dataclass(frozen=True, slots=True)
class Window:
    first_month: str  # YYYY-MM
    last_month: str
    months: int
    start: dt.date
    end: dt.date

    def contains(self, month: str) -> bool:
        return self.first_month <= month <= self.last_month


@dataclass(frozen=True, slots=True)
class MemberIncome:
    """A member's income over the window.  The monthly figures are stated (each its exact
    window total ÷ months, rounded once); ``counted_total`` is exact, the sum of the counted
    records, and is what household figures are computed from."""

    index: int
    counted_by_category: Mapping[str, Decimal]
    excluded_by_category: Mapping[str, Decimal]
    counted_monthly: Decimal
    living: bool
    counted_total: Decimal
    # exact wages and labour remuneration (工资性收入) counted, by month (``YYYY-MM``): what
    # the employment cost is deducted from
    earned_by_month: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Deduction:
    member_index: int | None  # None: the household as a whole
    kind: Literal["employment_cost", "rigid_expense"]
    monthly_amount: Decimal  # stated: ``total`` ÷ the window's months, rounded once
    basis: Message
    total: Decimal  # exact, over the window


@dataclass(frozen=True, slots=True)
class Finding:
    """A declared figure differing from the verified one by more than the tolerance."""

    subject: Literal[
        "income", "financial_assets", "vehicles", "residences", "insurance_cash_value", "businesses"
    ]
    member_index: int | None
    category: str | None
    declared: Decimal
    verified: Decimal
    tolerance: Decimal
    message: Message

    @property
    def difference(self) -> Decimal:
        return self.declared - self.verified


@dataclass(frozen=True, slots=True)
class Elsewhere:
    """Members (by index) found, through their blind index, outside this verification."""

    enrolled: frozenset[int] = frozenset()  # in another active enrolled household
    in_flight: frozenset[int] = frozenset()  # in another verification still running
    # on the integrity record (诚信记录) on the assessment date: (member index, the last day
    # of the latest-ending confirmed entry), integrity_record/
    integrity_listed: tuple[tuple[int, dt.date], ...] = ()


MemberFindingCode = Literal[
    "finding.member_already_enrolled",
    "finding.member_verification_in_flight",
    "finding.member_integrity_listed",  # on the integrity record (诚信记录): informs only
    "finding.relation_outside_members",  # 办法 第七条第一款 (assessment/composition.py)
    "finding.member_excluded_person",  # 办法 第七条第二款
]


@dataclass(frozen=True, slots=True)
class MemberFinding:
    """A member already in another active household, or in another verification in flight."""

    code: MemberFindingCode
    member_index: int
    message: Message


@dataclass(frozen=True, slots=True)
class DeclaredMember:
    employed_via_poverty_project: bool = False
    severe_disability: bool = False
    serious_illness: bool = False  # 重病 / 重特大疾病
    disability_grade: int | None = None  # 残疾等级 1–4 on the certificate
    disability_kind: str | None = None  # intellectual, mental, physical, …
    relation: str | None = None  # to the applicant (composition.DeclaredRelation)
    excluded_as: str | None = None  # 办法 第七条第二款 (params.ExcludedPerson)
    exempt_support_monthly: Decimal | None = None  # 供养费用 by siblings or people aged ≥ 60


@dataclass(frozen=True, slots=True)
class Declared:
    """The household's declaration, as the assessment needs it (None: not declared)."""

    incomes: Mapping[tuple[int, str], Decimal] | None = None  # (member, category) → monthly
    financial_assets_total: Decimal | None = None
    vehicles: int | None = None
    residences: int | None = None
    businesses: int | None = None  # market entities in business, each counted once
    members: Mapping[int, DeclaredMember] = field(default_factory=dict)
    rigid_expenses_monthly: Decimal | None = None
    single_person_member: int | None = None
    # the caseworker's record: consecutive unjustified refusals of suitable work per member
    work_refusals: Mapping[int, int] = field(default_factory=dict)
    # 刚性支出 over the 12 months before the application, by kind (params.HardshipSpending)
    rigid_spending_12_months: Mapping[str, Decimal] | None = None
    # the cash value of the household's insurance policies (商业保险的现金价值), in yuan
    insurance_cash_value_total: Decimal | None = None

    def member(self, index: int) -> DeclaredMember:
        return self.members.get(index, DeclaredMember())


@dataclass(frozen=True, slots=True)
class Assessment:
    window: Window
    household_basis: Literal["household", "single_person"]
    single_person_member: int | None
    household_size: int
    standard_monthly: Decimal
    low_income_line_monthly: Decimal
    members: tuple[MemberIncome, ...]
    household_before_deductions: Decimal
    deductions: tuple[Deduction, ...]
    household_income_monthly: Decimal
    per_capita_income_monthly: Decimal
    financial_assets_total: Decimal
    financial_assets_limit: Decimal
    rules: tuple[Rule, ...]
    outcome: Outcome
    low_income_edge: bool
    suggested_allowance_monthly: Decimal | None  # None: does not apply (not eligible)
    reasons: tuple[Message, ...]
    findings: tuple[Finding, ...] = ()
    member_findings: tuple[MemberFinding, ...] = ()
    # the 2021 办法's rules the flat policy lacks (assessment/national.py); None: not applied
    national: NationalResult | None = None
    # support obligors outside the household (assessment/obligors.py); None: none named
    obligors: ObligorsResult | None = None
