"""Income over the look-back window: per member and category, and the deductions.

Each member's monthly average per category is the window's total divided by
the window's months (months without records count as zero), rounded half-up
to the fen once.  Nothing is computed from those rounded averages: a member's
monthly income, the household's, the deductions and what follows are each
taken from exact window totals and rounded once, when stated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from connectors.sdk.evidence import (
    BusinessEntityType,
    BusinessInterest,
    BusinessRole,
    BusinessStatus,
    IncomeCategory,
)
from verification.assessment.facts import is_deceased, results_for
from verification.assessment.model import (
    Declared,
    Deduction,
    Member,
    MemberIncome,
    Results,
    Window,
)
from verification.kit.money import ZERO, to_yuan, yuan_quotient
from verification.messages.render import Message
from verification.policies.layered.params import EmploymentCostScope
from verification.policies.model import Policy

# 工资性收入: the incomes the employment cost is deducted from
EARNED = frozenset({IncomeCategory.WAGES, IncomeCategory.LABOUR})


def lookback_window(as_of: dt.date, months: int) -> Window:
    """The ``months`` whole calendar months before the month of ``as_of``."""
    end = as_of.replace(day=1) - dt.timedelta(days=1)
    first_year, first_month = end.year, end.month - (months - 1)
    while first_month <= 0:
        first_month += 12
        first_year -= 1
    start = dt.date(first_year, first_month, 1)
    return Window(
        first_month=f"{start.year:04d}-{start.month:02d}",
        last_month=f"{end.year:04d}-{end.month:02d}",
        months=months,
        start=start,
        end=end,
    )


def presumptive_businesses(
    member: Member, results: Results, policy: Policy, window: Window
) -> tuple[BusinessInterest, ...]:
    """The 个体工商户 in business the member operates whose declared turnover becomes
    经营净收入 (办法 第十三条; the margin ``income.business_presumptive_margin`` is local): none
    when the margin is zero or a source already reports business income of the member in
    the window (纳税 经营所得 is the income itself, never counted twice)."""
    if policy.income.business_presumptive_margin <= 0:
        return ()
    found = results_for(results, member.index)
    if any(
        item.category is IncomeCategory.BUSINESS and window.contains(item.month)
        for result in found
        for item in result.evidence.incomes
    ):
        return ()
    return tuple(
        b
        for result in found
        for b in result.evidence.businesses
        if b.entity_type is BusinessEntityType.INDIVIDUAL
        and b.role is BusinessRole.OPERATOR
        and b.status is BusinessStatus.ACTIVE
        and b.declared_turnover is not None
    )


def member_income(member: Member, results: Results, policy: Policy, window: Window) -> MemberIncome:
    counted: dict[str, Decimal] = {}
    excluded: dict[str, Decimal] = {}
    earned: dict[str, Decimal] = {}
    excluded_categories = set(policy.income.excluded_categories)
    for result in results_for(results, member.index):
        for item in result.evidence.incomes:
            if not window.contains(item.month):
                continue
            bucket = excluded if item.category in excluded_categories else counted
            bucket[item.category.value] = bucket.get(item.category.value, ZERO) + item.amount
            if item.category in EARNED and bucket is counted:
                earned[item.month] = earned.get(item.month, ZERO) + item.amount
    margin = policy.income.business_presumptive_margin
    for business in presumptive_businesses(member, results, policy, window):
        assert business.declared_turnover is not None
        # a year's turnover × the margin, a twelfth of it for each month of the window (exact)
        presumed = business.declared_turnover * margin * window.months / 12
        key = IncomeCategory.BUSINESS.value
        counted[key] = counted.get(key, ZERO) + presumed
    counted_total = sum(counted.values(), ZERO)
    return MemberIncome(
        index=member.index,
        counted_by_category={
            k: yuan_quotient(v, window.months) for k, v in sorted(counted.items())
        },
        excluded_by_category={
            k: yuan_quotient(v, window.months) for k, v in sorted(excluded.items())
        },
        counted_monthly=yuan_quotient(counted_total, window.months),
        living=not is_deceased(results, member.index),
        counted_total=counted_total,
        earned_by_month=dict(sorted(earned.items())),
    )


def deductions(
    incomes: Sequence[MemberIncome], policy: Policy, declared: Declared | None, window: Window
) -> tuple[Deduction, ...]:
    """必要的就业成本 and declared 刚性支出, each exact over the window, stated a month.

    The employment cost (办法 第十三条第一款第（一）项: 工资性收入…扣除必要的就业成本) is
    deducted, under ``all_wage_earners``, from every member's verified wages and labour
    remuneration: up to the monthly amount in each month of the window, never more than that
    month's earnings; under an older local rule (``poverty_project_workers``) only from a
    member the declaration says is employed through a poverty-alleviation project, up to the
    monthly amount × the window's months.  Rigid expenses need a declaration and a member
    declared seriously ill or severely disabled."""
    found: list[Deduction] = []
    months = window.months
    cost = policy.income.employment_cost_monthly
    scope = policy.income.employment_cost_deducted_from
    all_earners = scope is EmploymentCostScope.ALL_WAGE_EARNERS
    for income in incomes:
        if cost <= 0:
            break
        if all_earners:
            total = sum((min(cost, e) for e in income.earned_by_month.values() if e > 0), ZERO)
            code = "deduction.employment_cost_wages"
        elif declared is not None and declared.member(income.index).employed_via_poverty_project:
            total = min(cost * months, income.counted_total)  # never more than the income
            code = "deduction.employment_cost"
        else:
            continue
        if total > 0:
            found.append(
                Deduction(
                    income.index,
                    "employment_cost",
                    yuan_quotient(total, months),
                    Message(code, {"cap": str(to_yuan(cost))}),
                    total,
                )
            )
    if declared is None:
        return tuple(found)
    flagged = [
        i.index
        for i in incomes
        if declared.member(i.index).serious_illness or declared.member(i.index).severe_disability
    ]
    expenses = declared.rigid_expenses_monthly
    if expenses and flagged and policy.income.rigid_expenses_deductible:
        cap = policy.income.rigid_expense_cap_monthly
        amount = min(expenses, cap) if cap is not None else expenses
        declared_expenses = {"member_indexes": flagged, "declared": str(to_yuan(expenses))}
        basis = (
            Message("deduction.rigid_expense", declared_expenses)
            if cap is None
            else Message(
                "deduction.rigid_expense_capped", {**declared_expenses, "cap": str(to_yuan(cap))}
            )
        )
        total = amount * months
        found.append(Deduction(None, "rigid_expense", yuan_quotient(total, months), basis, total))
    return tuple(found)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
