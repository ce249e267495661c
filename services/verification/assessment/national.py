"""The rules of the 2021 《最低生活保障审核确认办法》 (and the texts around it) that the flat
policy files do not carry, applied to an assessment's figures.

- rule 20, 分档 or 差额 (办法 第二十三条; 暂行办法 第十二条): ``allowance``;
- rule 24, the work-refusal cut of the refuser's own share (办法 第三十四条; 暂行办法
  第四十五条): ``allowance``;
- rule 26, 刚性支出困难家庭 (认定办法 第四、五、八、十条): ``hardship``;
- rules 12–13, single-person candidates in a 边缘 household and the support that may be
  disregarded (办法 第八条第一款; 2022 通知 一（一）): ``single_person``;
- rules 1–2, the declared relation of each member (办法 第七条): ``composition``.

Pure: every parameter comes in as a typed value in ``NationalRules`` (built from the
layered policy by ``assessment.rule_params.national_rules``), every fact from the assessment
and the declaration.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from verification.assessment.allowance import (
    Allowance,
    AllowanceParams,
    WorkRefusalParams,
    allowance,
)
from verification.assessment.composition import CompositionParams, composition_findings
from verification.assessment.hardship import Hardship, HardshipParams, hardship
from verification.assessment.model import (
    PROPERTY_RULES,
    Declared,
    MemberFinding,
    Outcome,
    Rule,
    RuleId,
    RuleResult,
)
from verification.assessment.single_person import (
    Candidate,
    SinglePersonParams,
    edge_candidates,
    support_notes,
)
from verification.messages.render import Message


@dataclass(frozen=True, slots=True)
class NationalRules:
    """The parameters of these rules in force for a region on a date."""

    allowance: AllowanceParams
    work_refusal: WorkRefusalParams | None  # None: not in force on the date
    hardship: HardshipParams | None  # None: not in force (before 2025-01-01)
    single_person: SinglePersonParams
    composition: CompositionParams


@dataclass(frozen=True, slots=True)
class NationalResult:
    allowance: Allowance | None  # None: the household is not eligible
    hardship: Hardship | None  # None: the rule is not in force on the date
    single_person_candidates: tuple[Candidate, ...]
    single_person_notes: tuple[Message, ...]
    member_findings: tuple[MemberFinding, ...]


@dataclass(frozen=True, slots=True)
class Figures:
    """What the engine computed that these rules read."""

    outcome: Outcome
    low_income_edge: bool
    rules: Sequence[Rule]
    standard_annual: Decimal
    standard_monthly: Decimal
    per_capita_monthly: Decimal
    household_total: Decimal  # exact, over the window, after deductions
    before_total: Decimal  # exact, over the window, before deductions
    months: int
    persons: Sequence[int]  # the living members assessed
    single_person_member: int | None


def apply(
    rules: NationalRules,
    figures: Figures,
    declared: Declared | None,
    member_indexes: Sequence[int],
) -> NationalResult:
    results: Mapping[RuleId, RuleResult] = {r.rule: r.result for r in figures.rules}
    # the income as the hardship rule may state it: not when the income rule could not assess it
    income_known = results.get(RuleId.INCOME_BELOW_STANDARD) is not RuleResult.NOT_ASSESSABLE
    paid = (
        allowance(
            rules.allowance,
            rules.work_refusal,
            standard_annual=figures.standard_annual,
            standard_monthly=figures.standard_monthly,
            per_capita_monthly=figures.per_capita_monthly,
            household_total=figures.household_total,
            months=figures.months,
            persons=figures.persons,
            refusals=declared.work_refusals if declared else {},
        )
        if figures.outcome is Outcome.ELIGIBLE
        else None
    )
    found_hardship = (
        hardship(
            rules.hardship,
            outcome=figures.outcome,
            low_income_edge=figures.low_income_edge,
            property_results=results,
            per_capita_monthly=figures.per_capita_monthly if income_known else None,
            income_before_deductions=figures.before_total if income_known else None,
            months=figures.months,
            spending=declared.rigid_spending_12_months if declared else None,
        )
        if rules.hardship is not None
        else None
    )
    property_within = all(results.get(rule) is RuleResult.PASSED for rule in PROPERTY_RULES)
    candidates = edge_candidates(
        rules.single_person,
        declared,
        figures.persons,
        # 边缘 (办法 第八条第二款): assessed whole, below the edge line, property within limits
        edge_household=figures.single_person_member is None
        and figures.low_income_edge
        and property_within,
    )
    return NationalResult(
        allowance=paid,
        hardship=found_hardship,
        single_person_candidates=candidates,
        single_person_notes=support_notes(
            rules.single_person, declared, figures.single_person_member
        ),
        member_findings=composition_findings(rules.composition, declared, member_indexes),
    )
