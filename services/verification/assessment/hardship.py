"""刚性支出困难家庭 (rule 26; 《刚性支出困难家庭认定办法》 第四条、第五条、第八条、第十条).

A household may be recognised as one with hardship from rigid spending when, together:

1. it is neither in 低保 nor a 低保边缘家庭 (第四条第一款第（一）项): the assessment's outcome
   is ``ineligible`` and it is not flagged ``low_income_edge`` (a ``review_required``
   household is not yet known to be outside 低保, so this cannot be assessed);
2. its per-capita income is below last year's local per-capita disposable income (第（二）项):
   the stated per-capita monthly income × 12 against
   ``hardship.disposable_income_per_capita_annual``;
3. its property is within the local rules (第（三）项): every property rule of the
   assessment (financial assets, vehicles, housing) passed;
4. its rigid spending over the 12 months before the application (第（四）项; the kinds of
   第五条 in ``hardship.spending_kinds``), as declared, is more than
   ``hardship.spending_share_of_income`` × its total income over those months (the
   household's counted income before deductions, exact, scaled from the look-back window
   to ``hardship.spending_window_months``).

The disposable-income figure and the share are local (第四条第二款): where no layer set them,
the household cannot be assessed and the report says so; nothing is guessed.  The result is
``met``, ``not_met`` (a condition fails), ``not_assessable`` (none fails, one is unknown) or
``not_applicable`` (the household is in 低保 or 边缘).  Recognition itself is the county's
decision (第八条, within 30 or 45 working days, valid up to 12 months, 第十条): the report
states what the data shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from verification.assessment.model import PROPERTY_RULES, Outcome, RuleId, RuleResult
from verification.kit.money import ZERO, to_yuan, yuan_quotient
from verification.messages.render import Message
from verification.policies.layered.params import HardshipSpending


class HardshipFigure(StrEnum):
    """A figure the hardship assessment states (a report's ``hardship.figures`` keys)."""

    PER_CAPITA_ANNUAL = "per_capita_annual"
    DISPOSABLE_INCOME_ANNUAL = "disposable_income_annual"
    INCOME_SPENDING_WINDOW = "income_spending_window"
    RIGID_SPENDING = "rigid_spending"
    SPENDING_SHARE = "spending_share"


class HardshipStatus(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_ASSESSABLE = "not_assessable"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True, slots=True)
class HardshipParams:
    """``hardship.*`` in force on the date (the rule applies from 2025-01-01)."""

    requires_not_dibao_or_edge: bool
    spending_window_months: int
    spending_kinds: tuple[HardshipSpending, ...]
    citation: str  # 第四条, as the national layer cites it
    disposable_income_annual: Decimal | None  # None: left to local government, not set
    disposable_income_citation: str | None
    spending_share: Decimal | None  # None: left to local government, not set
    spending_share_citation: str | None


@dataclass(frozen=True, slots=True)
class Hardship:
    status: HardshipStatus
    messages: tuple[Message, ...]
    figures: Mapping[HardshipFigure, str]  # those stated; a report shows the others as null


# a condition: its statement, whether it holds (None: unknown), the figures it states
Condition = tuple[Message, bool | None, dict[HardshipFigure, str]]


def hardship(
    params: HardshipParams,
    *,
    outcome: Outcome,
    low_income_edge: bool,
    property_results: Mapping[RuleId, RuleResult],
    per_capita_monthly: Decimal | None,
    income_before_deductions: Decimal | None,
    months: int,
    spending: Mapping[str, Decimal] | None,
) -> Hardship:
    """``income_before_deductions``: the household's exact counted income over the look-back
    window of ``months``; it and ``per_capita_monthly`` are None when the income could not be
    assessed (then neither is compared nor stated); ``spending``: declared rigid spending over
    the spending window by kind (None: not declared)."""
    cite = {"citation": params.citation}
    if outcome is Outcome.ELIGIBLE:
        return Hardship(
            HardshipStatus.NOT_APPLICABLE, (Message("rule.hardship.in_dibao", cite),), {}
        )
    if low_income_edge and params.requires_not_dibao_or_edge:
        return Hardship(HardshipStatus.NOT_APPLICABLE, (Message("rule.hardship.edge", cite),), {})
    conditions: list[Condition] = []
    if outcome is Outcome.REVIEW_REQUIRED:
        conditions.append((Message("rule.hardship.dibao_undecided"), None, {}))
    conditions.append(_income(params, per_capita_monthly))
    conditions.append(_property(property_results))
    conditions.append(_spending(params, income_before_deductions, months, spending))
    known = [holds for _message, holds, _figures in conditions]
    if False in known:
        status = HardshipStatus.NOT_MET
    elif None in known:
        status = HardshipStatus.NOT_ASSESSABLE
    else:
        status = HardshipStatus.MET
    figures = {k: v for _message, _holds, stated in conditions for k, v in stated.items()}
    return Hardship(status, tuple(message for message, _h, _f in conditions), figures)


def _left_to_local(parameter: str, citation: str) -> Message:
    return Message("policy.hardship.left_to_local", {"parameter": parameter, "citation": citation})


def _income(params: HardshipParams, per_capita_monthly: Decimal | None) -> Condition:
    """第四条第一款第（二）项: per-capita income below last year's per-capita disposable income."""
    citation = params.disposable_income_citation or params.citation
    figures: dict[HardshipFigure, str] = {}
    if params.disposable_income_annual is not None:
        line = to_yuan(params.disposable_income_annual)
        figures[HardshipFigure.DISPOSABLE_INCOME_ANNUAL] = str(line)
    if per_capita_monthly is None:
        return Message("rule.hardship.income_unknown"), None, figures
    per_capita_annual = to_yuan(per_capita_monthly * 12)
    figures[HardshipFigure.PER_CAPITA_ANNUAL] = str(per_capita_annual)
    if params.disposable_income_annual is None:
        message = _left_to_local("hardship.disposable_income_per_capita_annual", citation)
        return message, None, figures
    below = per_capita_annual < line
    compared = {
        "per_capita_annual": str(per_capita_annual),
        "line": str(line),
        "citation": citation,
    }
    code = "rule.hardship.income_below" if below else "rule.hardship.income_not_below"
    return Message(code, compared), below, figures


def _property(results: Mapping[RuleId, RuleResult]) -> Condition:
    """第四条第一款第（三）项: property within the local rules (the assessment's property rules)."""
    states = [results.get(rule, RuleResult.NOT_ASSESSABLE) for rule in PROPERTY_RULES]
    if RuleResult.FAILED in states:
        return Message("rule.hardship.property_exceeds"), False, {}
    if RuleResult.NOT_ASSESSABLE in states:
        return Message("rule.hardship.property_unknown"), None, {}
    return Message("rule.hardship.property_within"), True, {}


def _spending(
    params: HardshipParams,
    income_before_deductions: Decimal | None,
    months: int,
    spending: Mapping[str, Decimal] | None,
) -> Condition:
    """第四条第一款第（四）项, 第五条: rigid spending over the window above the local share of
    the household's total income over it."""
    window = params.spending_window_months
    figures: dict[HardshipFigure, str] = {}
    citation = params.spending_share_citation or params.citation
    if params.spending_share is not None:
        figures[HardshipFigure.SPENDING_SHARE] = str(params.spending_share)
    total = None
    if spending is not None:
        total = sum(
            (amount for kind, amount in spending.items() if kind in params.spending_kinds), ZERO
        )
        figures[HardshipFigure.RIGID_SPENDING] = str(to_yuan(total))
    if total is None:
        return Message("rule.hardship.spending_not_declared", {"months": window}), None, figures
    if income_before_deductions is None:
        return Message("rule.hardship.spending_income_unknown"), None, figures
    # total income over the spending window: the look-back total scaled to it (stated)
    income = yuan_quotient(income_before_deductions * window, months) if months else ZERO
    figures[HardshipFigure.INCOME_SPENDING_WINDOW] = str(income)
    if params.spending_share is None:
        return _left_to_local("hardship.spending_share_of_income", citation), None, figures
    # spending > share × income × window ÷ months, compared exactly (no division)
    above = total * months > params.spending_share * income_before_deductions * window
    code = "rule.hardship.spending_above" if above else "rule.hardship.spending_not_above"
    stated = {
        "months": window,
        "spending": str(to_yuan(total)),
        "income": str(income),
        "share": str(params.spending_share),
        "citation": citation,
    }
    return Message(code, stated), above, figures
