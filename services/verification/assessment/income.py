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
from verification.policies.model import Policy


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


def member_income(member: Member, results: Results, policy: Policy, window: Window) -> MemberIncome:
    counted: dict[str, Decimal] = {}
    excluded: dict[str, Decimal] = {}
    excluded_categories = set(policy.income.excluded_categories)
    for result in results_for(results, member.index):
        for item in result.evidence.incomes:
            if not window.contains(item.month):
                continue
            bucket = excluded if item.category in excluded_categories else counted
            bucket[item.category.value] = bucket.get(item.category.value, ZERO) + item.amount
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
    )


def deductions(
    incomes: Sequence[MemberIncome], policy: Policy, declared: Declared | None, window: Window
) -> tuple[Deduction, ...]:
    """就业成本 per member employed through a poverty-alleviation project, and
    declared 刚性支出 when a member is seriously ill or severely disabled; each exact
    over the window, stated a month."""
    if declared is None:
        return ()
    found: list[Deduction] = []
    months = window.months
    cost = policy.income.employment_cost_monthly
    for income in incomes:
        if declared.member(income.index).employed_via_poverty_project and cost > 0:
            total = min(cost * months, income.counted_total)  # never more than the income
            if total > 0:
                found.append(
                    Deduction(
                        income.index,
                        "employment_cost",
                        yuan_quotient(total, months),
                        Message("deduction.employment_cost", {"cap": str(to_yuan(cost))}),
                        total,
                    )
                )
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
        found.append(
            Deduction(None, "rigid_expense", yuan_quotient(total, months), basis, total)
        )
    return tuple(found)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
