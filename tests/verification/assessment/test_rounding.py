"""Round once: every stated figure is the exact amount rounded half-up to the fen, once.

Household income is summed from the records, not from the members' rounded monthly
averages; the per-capita income and the allowance come from the exact household income.
The oracle below recomputes every figure with ``fractions.Fraction`` from the records.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.sdk.evidence import (
    Evidence,
    IdentityFact,
    IncomeCategory,
    IncomeItem,
    PersonStatus,
    RecordRef,
    SourceResult,
    SourceStatus,
)
from tests.verification.policy_fixtures import engine_test_policy
from verification.assessment.engine import assess
from verification.assessment.income import lookback_window
from verification.assessment.model import Declared, DeclaredMember, Member, Outcome
from verification.kit.money import yuan_quotient

AS_OF = dt.date(2026, 12, 6)
WINDOW = lookback_window(AS_OF, 12)  # 2025-12 … 2026-11
MONTHS = [f"2025-{m:02d}" for m in (12,)] + [f"2026-{m:02d}" for m in range(1, 12)]
SCOPES = ("hukou", "vehicle", "housing", "bank", "tax", "provident_fund", "market_regulation")
POLICY = engine_test_policy(
    id="rounding-test",
    standards={
        "rural": {"annual_per_person": "2500"},  # 208.33 a month
        "urban": {"annual_per_person": "7777"},  # 648.0833… → 648.08
    },
    income={"employment_cost_monthly": "100.07"},
)


def _ref(source: str) -> RecordRef:
    return RecordRef(source, f"{source}-ref")


def _household(incomes: list[list[IncomeItem]]) -> tuple[list[Member], dict]:
    members = [Member(i, "self" if i == 0 else "child") for i in range(len(incomes))]
    results: dict = {}
    for i, items in enumerate(incomes):
        for scope in SCOPES:
            results[(i, scope)] = SourceResult(scope, SourceStatus.NOT_FOUND)
        identity = IdentityFact(PersonStatus.ACTIVE, True, "450102", None, _ref("hukou"))
        results[(i, "hukou")] = SourceResult("hukou", SourceStatus.OK, Evidence(identity=identity))
        if items:
            results[(i, "tax")] = SourceResult(
                "tax", SourceStatus.OK, Evidence(incomes=tuple(items))
            )
    return members, results


def _items(category: IncomeCategory, amounts: list[str]) -> list[IncomeItem]:
    return [
        IncomeItem(category, month, Decimal(amount), _ref("tax"))
        for month, amount in zip(MONTHS, amounts, strict=False)
    ]


# ---------------------------------------------------------------------------- the regression


def test_household_income_is_summed_exactly_and_rounded_once() -> None:
    """Issue #15: four per-member, per-category averages (750.005, 300, 400.0091…, 427.46)
    rounded first add up to 1877.48 and give a per-capita 625.83; the exact household
    income is 1877.4741… → 1877.47, per-capita 625.8247… → 625.82."""
    incomes = [
        _items(IncomeCategory.WAGES, ["750.00"] * 11 + ["750.06"])
        + _items(IncomeCategory.LABOUR, ["300.00"] * 12),
        _items(IncomeCategory.BUSINESS, ["400.00"] * 11 + ["400.11"]),
        _items(IncomeCategory.LABOUR, ["427.46"] * 12),
    ]
    members, results = _household(incomes)
    result = assess(members, results, POLICY, "rural", AS_OF)

    stated = {(m.index, c): a for m in result.members for c, a in m.counted_by_category.items()}
    assert stated == {
        (0, "wages"): Decimal("750.01"),
        (0, "labour"): Decimal("300.00"),
        (1, "business"): Decimal("400.01"),
        (2, "labour"): Decimal("427.46"),
    }
    assert sum(stated.values()) == Decimal("1877.48")  # what rounding early gave
    assert result.household_before_deductions == Decimal("1877.47")
    assert result.household_income_monthly == Decimal("1877.47")
    assert result.per_capita_income_monthly == Decimal("625.82")
    assert [m.counted_monthly for m in result.members] == [
        Decimal("1050.01"),  # 1050.005 → 1050.01
        Decimal("400.01"),
        Decimal("427.46"),
    ]


def test_the_allowance_comes_from_the_exact_per_capita() -> None:
    """Three members with 100.004… a month between them (1200.05 over the year): per-capita
    33.3347… → 33.33; the allowance is (208.33 − 33.3347…) × 3 = 524.9858… → 524.99, where
    (208.33 − 33.33) × 3 would give 525.00."""
    members, results = _household(
        [_items(IncomeCategory.WAGES, ["100.00"] * 11 + ["100.05"]), [], []]
    )
    result = assess(members, results, POLICY, "rural", AS_OF)
    assert result.outcome is Outcome.ELIGIBLE
    assert result.per_capita_income_monthly == Decimal("33.33")
    assert result.suggested_allowance_monthly == Decimal("524.99")


def test_a_quotient_is_rounded_exactly_half_up() -> None:
    assert yuan_quotient(Decimal("0.06"), 12) == Decimal("0.01")  # exactly 0.005
    assert yuan_quotient(Decimal("0.05"), 12) == Decimal("0.00")  # 0.0041…
    assert yuan_quotient(Decimal("2500"), 12) == Decimal("208.33")
    assert yuan_quotient(Decimal("-0.06"), 12) == Decimal("-0.01")  # half away from zero
    assert yuan_quotient(0, 7) == Decimal("0.00")
    assert str(yuan_quotient(Decimal("1200"), 12)) == "100.00"  # always two places
    # exactly half a fen, as a sum of thirds and sixths, still rounds up
    assert yuan_quotient(Decimal("0.01") + Decimal("0.005"), 3) == Decimal("0.01")
    assert yuan_quotient(Decimal("22529.69"), 12) == Decimal("1877.47")  # 1877.4741…
    with pytest.raises(ValueError, match="positive"):
        yuan_quotient(Decimal("1"), 0)


# ---------------------------------------------------------------------------- against fractions


def _stated(exact: Fraction) -> Decimal:
    """The oracle's rounding: half-up to the fen, on the exact value (never negative here)."""
    assert exact >= 0
    return Decimal(math.floor(exact * 100 + Fraction(1, 2))) / 100


_amounts = st.decimals(
    min_value=0, max_value=30000, places=2, allow_nan=False, allow_infinity=False
)
_categories = st.sampled_from(list(IncomeCategory))
_member = st.lists(st.tuples(_categories, st.lists(_amounts, min_size=1, max_size=12)), max_size=4)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_member, min_size=2, max_size=6),
    st.lists(st.booleans(), min_size=6, max_size=6),
    st.booleans(),
    st.one_of(st.none(), _amounts),
    st.sampled_from(["rural", "urban"]),
)
def test_every_stated_figure_is_the_exact_figure_rounded_once(
    members_incomes: list[list[tuple[IncomeCategory, list[Decimal]]]],
    project_workers: list[bool],
    ill: bool,
    rigid: Decimal | None,
    area: str,
) -> None:
    size = len(members_incomes)
    incomes = [
        [item for category, amounts in m for item in _items(category, [str(a) for a in amounts])]
        for m in members_incomes
    ]
    members, results = _household(incomes)
    declared = Declared(
        members={
            i: DeclaredMember(employed_via_poverty_project=project_workers[i], serious_illness=ill)
            for i in range(size)
        },
        rigid_expenses_monthly=rigid,
    )
    result = assess(members, results, POLICY, area, AS_OF, declared=declared)

    months = WINDOW.months
    excluded = {c.value for c in POLICY.income.excluded_categories}
    totals: list[dict[str, Fraction]] = []
    for m in members_incomes:
        by_category: dict[str, Fraction] = {}
        for category, amounts in m:
            by_category[category.value] = by_category.get(category.value, Fraction(0)) + sum(
                (Fraction(a) for a in amounts), Fraction(0)
            )
        totals.append(by_category)

    for stated_member, by_category in zip(result.members, totals, strict=True):
        counted = {c: t for c, t in by_category.items() if c not in excluded}
        assert dict(stated_member.counted_by_category) == {
            c: _stated(t / months) for c, t in counted.items()
        }
        assert dict(stated_member.excluded_by_category) == {
            c: _stated(t / months) for c, t in by_category.items() if c in excluded
        }
        assert stated_member.counted_monthly == _stated(sum(counted.values(), Fraction(0)) / months)

    member_monthly = [
        sum((t for c, t in by_category.items() if c not in excluded), Fraction(0)) / months
        for by_category in totals
    ]
    before = sum(member_monthly, Fraction(0))
    cost = Fraction(POLICY.income.employment_cost_monthly)
    deductions = [
        min(cost, monthly)
        for monthly, worker in zip(member_monthly, project_workers, strict=False)
        if worker and min(cost, monthly) > 0
    ]
    if rigid and ill:
        deductions.append(min(Fraction(rigid), Fraction(300)))
    household = max(Fraction(0), before - sum(deductions, Fraction(0)))
    per_capita = household / size
    standard = Fraction(POLICY.standards[area].monthly_per_person)

    assert result.household_before_deductions == _stated(before)
    assert [d.monthly_amount for d in result.deductions] == [_stated(d) for d in deductions]
    assert result.household_income_monthly == _stated(household)
    assert result.per_capita_income_monthly == _stated(per_capita)
    assert result.outcome is (
        Outcome.ELIGIBLE if _stated(per_capita) < standard else Outcome.INELIGIBLE
    )
    expected_allowance = (
        _stated(max(Fraction(0), (standard - per_capita) * size))
        if result.outcome is Outcome.ELIGIBLE
        else None  # does not apply
    )
    assert result.suggested_allowance_monthly == expected_allowance
    if result.suggested_allowance_monthly is not None:
        assert result.suggested_allowance_monthly > 0
