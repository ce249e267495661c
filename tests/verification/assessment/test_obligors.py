"""Support obligors outside the household: their ability to support and the support
counted (assessment/obligors.py), on hand-made evidence with hand-worked figures.

The engine test policy's urban standard is 6,240 a year: 520.00 a month.  The example
parameters here are the national baseline's: an obligor is able to support above
2 × 520.00 × their household size a month, and 30 % of the excess counts.
"""

from __future__ import annotations

from decimal import Decimal

from connectors.sdk.evidence import IncomeCategory, SourceResult, SourceStatus
from tests.verification.assessment.test_engine import AS_OF, POLICY, household, monthly
from verification.assessment.engine import assess
from verification.assessment.model import Figure, Outcome, RuleId, RuleResult
from verification.assessment.obligors import (
    Obligor,
    ObligorParams,
    ObligorRelation,
    SupportStatus,
)
from verification.messages.render import render_message

PARAMS = ObligorParams(Decimal("2"), Decimal("0.30"), "全国 示例值")
SON = ObligorRelation.ADULT_CHILD


def _obligor_results(*wages: str | None) -> dict:
    """Each obligor's answers: registered, nothing on record but the wages given (None: the
    tax source did not answer)."""
    results: dict = {}
    for index, amount in enumerate(wages):
        _members, theirs = household(1)
        for (_i, scope), result in theirs.items():
            results[(index, scope)] = result
        if amount is None:
            results[(index, "tax")] = SourceResult("tax", SourceStatus.UNAVAILABLE)
        else:
            results[(index, "tax")] = monthly(IncomeCategory.WAGES, amount)
    return results


def _assess(obligors: list[Obligor], *wages: str | None, params: ObligorParams | None = PARAMS):
    members, results = household(1)  # an elderly applicant alone, no income on record
    return assess(
        members,
        results,
        POLICY,
        "urban",
        AS_OF,
        obligors=obligors,
        obligor_results=_obligor_results(*wages),
        obligor_params=params,
    )


def test_a_son_earning_well_makes_the_applicant_ineligible() -> None:
    # line 2 × 520.00 × 1 = 1,040.00; excess 4,000 − 1,040 = 2,960.00; 30 % = 888.00 > 520.00
    result = _assess([Obligor(0, SON)], "4000")
    son = result.obligors.obligors[0]
    assert (son.income_monthly, son.line_monthly, son.excess_monthly) == (
        Decimal("4000.00"),
        Decimal("1040.00"),
        Decimal("2960.00"),
    )
    assert son.capable is True
    assert son.support_monthly == Decimal("888.00")
    assert result.obligors.status is SupportStatus.CAPABLE
    assert result.household_before_deductions == Decimal("888.00")
    assert result.per_capita_income_monthly == Decimal("888.00")
    assert result.outcome is Outcome.INELIGIBLE
    rule = next(r for r in result.rules if r.rule is RuleId.OBLIGOR_SUPPORT_ASSESSED)
    assert rule.result is RuleResult.PASSED
    assert rule.figures == {Figure.SUPPORT_MONTHLY: "888.00"}
    # the son is never a member: the household is one person, his income is not a member's
    assert result.household_size == 1
    assert [m.index for m in result.members] == [0]


def test_the_obligors_household_size_raises_the_line() -> None:
    # line 2 × 520.00 × 3 = 3,120.00; excess 880.00; 30 % = 264.00 < 520.00: eligible,
    # allowance (520.00 − 264.00) × 1 = 256.00
    result = _assess([Obligor(0, SON, household_size=3)], "4000")
    assert result.obligors.obligors[0].line_monthly == Decimal("3120.00")
    assert result.obligors.support_monthly == Decimal("264.00")
    assert result.outcome is Outcome.ELIGIBLE
    assert result.suggested_allowance_monthly == Decimal("256.00")


def test_a_son_without_capacity_counts_nothing_and_states_the_sanwu_condition() -> None:
    result = _assess([Obligor(0, SON)], "900")  # under the 1,040.00 line
    son = result.obligors.obligors[0]
    assert (son.capable, son.excess_monthly, son.support_monthly) == (
        False,
        Decimal("0.00"),
        Decimal("0.00"),
    )
    assert result.obligors.status is SupportStatus.NONE_CAPABLE
    assert result.outcome is Outcome.ELIGIBLE
    assert result.suggested_allowance_monthly == Decimal("520.00")
    assert "三无" in render_message(result.obligors.statement, "zh-CN")
    assert "三无" in render_message(result.obligors.statement, "en")


def test_the_support_is_rounded_once_from_the_exact_total() -> None:
    # excess 0.05 a month: 0.60 over 12 months; 30 % = 0.18; ÷ 12 = 0.015 → 0.02 (half up)
    result = _assess([Obligor(0, SON)], "1040.05")
    assert result.obligors.obligors[0].support_monthly == Decimal("0.02")
    assert result.household_before_deductions == Decimal("0.02")


def test_an_unanswered_income_source_is_not_assessable_and_never_eligible() -> None:
    result = _assess([Obligor(0, SON)], None)
    son = result.obligors.obligors[0]
    assert (son.assessed, son.capable, son.income_monthly) == (False, None, None)
    assert son.missing_scopes == ("tax",)
    assert result.obligors.status is SupportStatus.NOT_ASSESSABLE
    assert result.outcome is Outcome.REVIEW_REQUIRED


def test_one_capable_obligor_of_two_is_enough_and_supports_add_up() -> None:
    # the son: 888.00 (above); the daughter, 1,240.00: excess 200.00, 30 % = 60.00
    result = _assess([Obligor(0, SON), Obligor(1, SON)], "4000", "1240")
    assert [o.support_monthly for o in result.obligors.obligors] == [
        Decimal("888.00"),
        Decimal("60.00"),
    ]
    assert result.obligors.support_monthly == Decimal("948.00")
    assert result.obligors.status is SupportStatus.CAPABLE


def test_without_the_policys_values_the_support_is_not_assessable() -> None:
    result = _assess([Obligor(0, SON)], "4000", params=None)
    assert result.outcome is Outcome.REVIEW_REQUIRED
    assert result.obligors.support_monthly == Decimal("0.00")


def test_no_obligor_named_changes_nothing() -> None:
    members, results = household(1)
    result = assess(members, results, POLICY, "urban", AS_OF)
    assert result.obligors is None
    assert all(r.rule is not RuleId.OBLIGOR_SUPPORT_ASSESSED for r in result.rules)
