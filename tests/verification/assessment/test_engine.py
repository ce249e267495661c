"""The assessment rules as pure functions, on hand-made evidence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.sdk.discovery import installed_sources
from connectors.sdk.evidence import (
    Evidence,
    FinancialAsset,
    FinancialKind,
    IdentityFact,
    IncomeCategory,
    IncomeItem,
    PersonStatus,
    RecordRef,
    SourceResult,
    SourceStatus,
    Vehicle,
    VehicleUse,
)
from tests.verification.policy_fixtures import engine_test_policy
from verification.assessment.engine import assess
from verification.assessment.income import lookback_window
from verification.assessment.model import (
    Declared,
    DeclaredMember,
    Elsewhere,
    Member,
    Outcome,
    RuleResult,
)
from verification.messages.render import render_message

POLICY = engine_test_policy()
AS_OF = dt.date(2026, 11, 23)
# every installed source (the six and the separately installed social insurance): each answers
SCOPES = installed_sources().scopes
MONTHS = [f"2025-{m:02d}" for m in (11, 12)] + [f"2026-{m:02d}" for m in range(1, 11)]


def _ref(source: str) -> RecordRef:
    return RecordRef(source, f"{source}-ref")


def _identity(status: PersonStatus = PersonStatus.ACTIVE) -> Evidence:
    return Evidence(identity=IdentityFact(status, True, "450102", None, _ref("hukou")))


def household(size: int, **per_scope: dict[int, SourceResult]) -> tuple[list[Member], dict]:
    members = [Member(i, "self" if i == 0 else "child") for i in range(size)]
    results = {}
    for i in range(size):
        for scope in SCOPES:
            results[(i, scope)] = SourceResult(scope, SourceStatus.NOT_FOUND)
        results[(i, "hukou")] = SourceResult("hukou", SourceStatus.OK, _identity())
    for scope, by_member in per_scope.items():
        for index, result in by_member.items():
            results[(index, scope)] = result
    return members, results


def monthly(category: IncomeCategory, amount: str) -> SourceResult:
    items = tuple(IncomeItem(category, m, Decimal(amount), _ref("tax")) for m in MONTHS)
    return SourceResult("tax", SourceStatus.OK, Evidence(incomes=items))


def test_window_is_the_twelve_whole_months_before() -> None:
    window = lookback_window(AS_OF, 12)
    assert (window.first_month, window.last_month) == ("2025-11", "2026-10")
    assert (window.start, window.end) == (dt.date(2025, 11, 1), dt.date(2026, 10, 31))
    assert lookback_window(dt.date(2026, 1, 5), 3).first_month == "2025-10"


def test_income_outside_the_window_is_ignored() -> None:
    items = (IncomeItem(IncomeCategory.WAGES, "2024-01", Decimal("99999"), _ref("tax")),)
    members, results = household(
        1, tax={0: SourceResult("tax", SourceStatus.OK, Evidence(incomes=items))}
    )
    assert assess(members, results, POLICY, "rural", AS_OF).per_capita_income_monthly == Decimal(
        "0.00"
    )


def test_basic_pension_is_excluded_by_policy() -> None:
    members, results = household(2, tax={0: monthly(IncomeCategory.BASIC_PENSION, "150.00")})
    result = assess(members, results, POLICY, "rural", AS_OF)
    assert result.per_capita_income_monthly == Decimal("0.00")
    assert result.members[0].excluded_by_category == {"basic_pension": Decimal("150.00")}
    assert result.outcome is Outcome.ELIGIBLE


def test_allowance_is_the_gap_times_size() -> None:
    # 100.00 / 2 = 50.00; (208.33 − 50.00) × 2 = 316.66
    members, results = household(2, tax={0: monthly(IncomeCategory.LABOUR, "100.00")})
    result = assess(members, results, POLICY, "rural", AS_OF)
    assert result.suggested_allowance_monthly == Decimal("316.66")


@pytest.mark.parametrize("status", [SourceStatus.UNAVAILABLE, SourceStatus.REJECTED])
@pytest.mark.parametrize("scope", SCOPES)
def test_a_missing_source_is_never_eligible(scope: str, status: SourceStatus) -> None:
    members, results = household(2, **{scope: {1: SourceResult(scope, status, reason="down")}})
    result = assess(members, results, POLICY, "rural", AS_OF)
    assert result.outcome is Outcome.REVIEW_REQUIRED
    assert result.suggested_allowance_monthly is None  # does not apply
    missing = {"member_index": 1, "scope": scope, "status": status.value}
    assert any(
        r.result is RuleResult.NOT_ASSESSABLE
        and any(
            d.code == "rule.evidence_missing" and missing in d.params["sources"] for d in r.details
        )
        for r in result.rules
    )


def test_a_source_not_queried_is_never_eligible() -> None:
    members, results = household(1)
    del results[(0, "bank")]
    assert assess(members, results, POLICY, "rural", AS_OF).outcome is Outcome.REVIEW_REQUIRED


def test_a_definite_failure_wins_over_missing_data() -> None:
    car = Vehicle(
        VehicleUse.PRIVATE, "小型轿车", dt.date(2020, 1, 1), Decimal("50000"), _ref("vehicle")
    )
    members, results = household(
        1,
        vehicle={0: SourceResult("vehicle", SourceStatus.OK, Evidence(vehicles=(car,)))},
        bank={0: SourceResult("bank", SourceStatus.UNAVAILABLE)},
    )
    assert assess(members, results, POLICY, "rural", AS_OF).outcome is Outcome.INELIGIBLE


@pytest.mark.parametrize(
    ("use", "outcome"),
    [
        (VehicleUse.DISABILITY, Outcome.ELIGIBLE),
        (VehicleUse.AGRICULTURAL, Outcome.ELIGIBLE),
        (VehicleUse.COMMERCIAL, Outcome.INELIGIBLE),
    ],
)
def test_exempt_vehicles(use: VehicleUse, outcome: Outcome) -> None:
    vehicle = Vehicle(use, "车", dt.date(2020, 1, 1), Decimal("9000"), _ref("vehicle"))
    members, results = household(
        1, vehicle={0: SourceResult("vehicle", SourceStatus.OK, Evidence(vehicles=(vehicle,)))}
    )
    assert assess(members, results, POLICY, "rural", AS_OF).outcome is outcome


def test_financial_limit_is_inclusive() -> None:
    # limit 2 × 2500 × 1 = 5000.00
    for value, outcome in (("5000.00", Outcome.ELIGIBLE), ("5000.01", Outcome.INELIGIBLE)):
        asset = FinancialAsset(FinancialKind.TIME_DEPOSIT, Decimal(value), _ref("bank"))
        members, results = household(
            1, bank={0: SourceResult("bank", SourceStatus.OK, Evidence(financial_assets=(asset,)))}
        )
        assert assess(members, results, POLICY, "rural", AS_OF).outcome is outcome


def test_deceased_member_leaves_the_household_size() -> None:
    members, results = household(
        3,
        hukou={2: SourceResult("hukou", SourceStatus.OK, _identity(PersonStatus.DECEASED))},
        tax={0: monthly(IncomeCategory.LABOUR, "100.00")},
    )
    result = assess(members, results, POLICY, "rural", AS_OF)
    assert result.household_size == 2
    assert result.per_capita_income_monthly == Decimal("50.00")
    assert result.outcome is Outcome.REVIEW_REQUIRED


amounts = st.decimals(min_value=0, max_value=20000, places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(amounts, min_size=1, max_size=6), st.integers(min_value=0, max_value=5), amounts)
def test_properties(incomes: list[Decimal], rotate: int, extra: Decimal) -> None:
    size = len(incomes)
    tax = {i: monthly(IncomeCategory.WAGES, str(v)) for i, v in enumerate(incomes)}
    members, results = household(size, tax=tax)
    base = assess(members, results, POLICY, "rural", AS_OF)
    # the allowance applies exactly when the household is eligible
    assert (base.suggested_allowance_monthly is not None) is (base.outcome is Outcome.ELIGIBLE)
    assert (base.suggested_allowance_monthly or 0) >= 0
    if base.outcome is Outcome.ELIGIBLE:
        assert base.per_capita_income_monthly < base.standard_monthly
    # member order does not matter
    order = [(i + rotate) % size for i in range(size)]
    shuffled = {(order.index(i), scope): r for (i, scope), r in results.items()}
    assert assess(members, shuffled, POLICY, "rural", AS_OF).per_capita_income_monthly == (
        base.per_capita_income_monthly
    )
    # adding income never lowers per-capita income
    more = {**tax, 0: monthly(IncomeCategory.WAGES, str(incomes[0] + extra))}
    members2, results2 = household(size, tax=more)
    assert assess(members2, results2, POLICY, "rural", AS_OF).per_capita_income_monthly >= (
        base.per_capita_income_monthly
    )


# --- deductions, single-person households, declared vs verified ---------------------------


def test_employment_cost_is_deducted_for_a_project_worker() -> None:
    # the engine test policy: employment cost 100 a month. 300.00 − 100.00 = 200.00; / 2 = 100.00
    members, results = household(2, tax={0: monthly(IncomeCategory.LABOUR, "300.00")})
    declared = Declared(members={0: DeclaredMember(employed_via_poverty_project=True)})
    result = assess(members, results, POLICY, "rural", AS_OF, declared=declared)
    assert result.household_before_deductions == Decimal("300.00")
    assert [(d.kind, d.member_index, d.monthly_amount) for d in result.deductions] == [
        ("employment_cost", 0, Decimal("100.00"))
    ]
    assert result.household_income_monthly == Decimal("200.00")
    assert result.per_capita_income_monthly == Decimal("100.00")


def test_employment_cost_never_exceeds_the_income() -> None:
    members, results = household(1, tax={0: monthly(IncomeCategory.LABOUR, "40.00")})
    declared = Declared(members={0: DeclaredMember(employed_via_poverty_project=True)})
    result = assess(members, results, POLICY, "rural", AS_OF, declared=declared)
    assert result.deductions[0].monthly_amount == Decimal("40.00")
    assert result.household_income_monthly == Decimal("0.00")


WAGE_EARNERS = engine_test_policy(income={"employment_cost_deducted_from": "all_wage_earners"})


def test_employment_cost_comes_off_every_wage_earner_month_by_month() -> None:
    """办法 第十三条第一款第（一）项 (rule 4): from wages and labour income, no declaration
    needed; up to 100.00 in each month, never more than the month's earnings."""
    months = [f"2025-{m:02d}" for m in (11, 12)] + [f"2026-{m:02d}" for m in range(1, 11)]
    items = tuple(
        IncomeItem(IncomeCategory.WAGES, m, Decimal("60.00" if i < 6 else "500.00"), _ref("tax"))
        for i, m in enumerate(months)
    )
    members, results = household(
        2,
        tax={
            0: SourceResult("tax", SourceStatus.OK, Evidence(incomes=items)),
            1: monthly(IncomeCategory.PROPERTY, "300.00"),  # interest: not earned
        },
    )
    result = assess(members, results, WAGE_EARNERS, "rural", AS_OF)
    # 6 × 60.00 + 6 × 100.00 = 960.00 over 12 months = 80.00 a month, from member 0 only
    assert [(d.kind, d.member_index, d.monthly_amount) for d in result.deductions] == [
        ("employment_cost", 0, Decimal("80.00"))
    ]
    assert result.deductions[0].basis.code == "deduction.employment_cost_wages"
    # (3360.00 + 3600.00 − 960.00) / 12 = 500.00 a month; / 2 = 250.00
    assert result.household_income_monthly == Decimal("500.00")
    assert result.per_capita_income_monthly == Decimal("250.00")
    # under the older local rule nothing comes off without a declared project worker
    assert assess(members, results, POLICY, "rural", AS_OF).deductions == ()


@pytest.mark.parametrize(("requires_property", "edge"), [(True, False), (False, True)])
def test_the_edge_needs_property_within_limits_where_the_policy_says_so(
    requires_property: bool, edge: bool
) -> None:
    """办法 第八条第二款 (rule 11): per-capita income under 1.5 × the standard *and* property
    within the limits."""
    policy = engine_test_policy(edge_requires_property_within_limits=requires_property)
    car = Vehicle(VehicleUse.PRIVATE, "车", dt.date(2020, 1, 1), Decimal("9000"), _ref("vehicle"))
    members, results = household(
        2,
        tax={0: monthly(IncomeCategory.WAGES, "500.00")},  # 250.00 a head: in the band
        vehicle={0: SourceResult("vehicle", SourceStatus.OK, Evidence(vehicles=(car,)))},
    )
    result = assess(members, results, policy, "rural", AS_OF)
    assert result.per_capita_income_monthly == Decimal("250.00")
    assert result.outcome is Outcome.INELIGIBLE
    assert result.low_income_edge is edge


def test_rigid_expenses_are_capped_and_need_an_ill_or_disabled_member() -> None:
    # test policy: cap 300 a month. Declared 500 → 300; 700.00 − 300.00 = 400.00; / 2 = 200.00
    members, results = household(2, tax={0: monthly(IncomeCategory.WAGES, "700.00")})
    flagged = Declared(
        members={1: DeclaredMember(serious_illness=True)}, rigid_expenses_monthly=Decimal("500")
    )
    result = assess(members, results, POLICY, "rural", AS_OF, declared=flagged)
    assert [(d.kind, d.monthly_amount) for d in result.deductions] == [
        ("rigid_expense", Decimal("300.00"))
    ]
    assert result.per_capita_income_monthly == Decimal("200.00")
    assert result.outcome is Outcome.ELIGIBLE
    unflagged = Declared(rigid_expenses_monthly=Decimal("500"))
    plain = assess(members, results, POLICY, "rural", AS_OF, declared=unflagged)
    assert plain.deductions == () and plain.per_capita_income_monthly == Decimal("350.00")


def _with_birth_dates(members: list[Member], *years: int) -> list[Member]:
    return [
        Member(m.index, m.relation, dt.date(y, 6, 1)) for m, y in zip(members, years, strict=True)
    ]


def test_single_person_household_for_a_severely_disabled_adult() -> None:
    # the parents earn 2000.00 a month; the disabled adult son (member 2) is assessed alone:
    # size 1, his income 0.00, allowance (208.33 − 0.00) × 1
    members, results = household(3, tax={0: monthly(IncomeCategory.WAGES, "2000.00")})
    members = _with_birth_dates(members, 1960, 1962, 1995)
    declared = Declared(members={2: DeclaredMember(severe_disability=True)}, single_person_member=2)
    result = assess(members, results, POLICY, "rural", AS_OF, declared=declared)
    assert result.household_basis == "single_person" and result.single_person_member == 2
    assert result.household_size == 1
    assert result.per_capita_income_monthly == Decimal("0.00")
    assert result.rules[0].rule == "single_person_basis"
    assert result.rules[0].result is RuleResult.PASSED
    assert result.outcome is Outcome.ELIGIBLE
    assert result.suggested_allowance_monthly == Decimal("208.33")
    whole = assess(members, results, POLICY, "rural", AS_OF)
    assert whole.outcome is Outcome.INELIGIBLE  # as a household: 2000 / 3 = 666.67


@pytest.mark.parametrize(
    ("birth_year", "disabled", "wages", "problem"),
    [
        (2012, True, None, "rule.single_person.under_age"),
        (1995, False, None, "rule.single_person.not_disabled"),
        (1995, True, "800.00", "rule.single_person.employed"),
    ],
)
def test_single_person_basis_not_met(birth_year, disabled, wages, problem) -> None:
    tax = {1: monthly(IncomeCategory.WAGES, wages)} if wages else {}
    members, results = household(2, tax=tax)
    members = _with_birth_dates(members, 1970, birth_year)
    declared = Declared(
        members={1: DeclaredMember(severe_disability=disabled)}, single_person_member=1
    )
    result = assess(members, results, POLICY, "rural", AS_OF, declared=declared)
    assert result.rules[0].result is RuleResult.FAILED
    details = {d.code: d.params for d in result.rules[0].details}
    assert details[problem]["member_index"] == 1
    assert result.outcome is Outcome.INELIGIBLE


def test_findings_list_differences_beyond_tolerance_with_both_values() -> None:
    # verified labour 300.00/month for member 0; tolerance max(50, 10% × 300) = 50
    car = Vehicle(
        VehicleUse.PRIVATE, "小型轿车", dt.date(2020, 1, 1), Decimal("50000"), _ref("vehicle")
    )
    deposit = FinancialAsset(FinancialKind.DEMAND_DEPOSIT, Decimal("20000"), _ref("bank"))
    members, results = household(
        2,
        tax={0: monthly(IncomeCategory.LABOUR, "300.00")},
        vehicle={0: SourceResult("vehicle", SourceStatus.OK, Evidence(vehicles=(car,)))},
        bank={1: SourceResult("bank", SourceStatus.OK, Evidence(financial_assets=(deposit,)))},
    )
    within = Declared(incomes={(0, "labour"): Decimal("260.00")})
    assert assess(members, results, POLICY, "rural", AS_OF, declared=within).findings == ()
    declared = Declared(
        incomes={(0, "labour"): Decimal("100.00"), (1, "wages"): Decimal("0")},
        financial_assets_total=Decimal("5000"),
        vehicles=0,
        residences=0,
    )
    found = assess(members, results, POLICY, "rural", AS_OF, declared=declared).findings
    by_subject = {f.subject: f for f in found}
    assert set(by_subject) == {"income", "financial_assets", "vehicles"}
    income = by_subject["income"]
    assert (income.member_index, income.category, income.declared, income.verified) == (
        0,
        "labour",
        Decimal("100.00"),
        Decimal("300.00"),
    )
    assert income.difference == Decimal("-200.00") and income.tolerance == Decimal("50.00")
    assets = by_subject["financial_assets"]
    assert (assets.declared, assets.verified, assets.tolerance) == (
        Decimal("5000.00"),
        Decimal("20000.00"),
        Decimal("2000.00"),
    )
    assert (by_subject["vehicles"].declared, by_subject["vehicles"].verified) == (0, 1)


def test_members_found_elsewhere_are_findings_that_decide_nothing() -> None:
    members, results = household(3)
    alone = assess(members, results, POLICY, "rural", AS_OF)
    assert alone.member_findings == ()
    elsewhere = Elsewhere(enrolled=frozenset({2}), in_flight=frozenset({0, 2}))
    found = assess(members, results, POLICY, "rural", AS_OF, elsewhere=elsewhere)
    assert [(f.code, f.member_index, render_message(f.message)) for f in found.member_findings] == [
        ("finding.member_verification_in_flight", 0, "成员1另有一次核对正在进行"),
        ("finding.member_already_enrolled", 2, "成员3已在另一户在保家庭中"),
        ("finding.member_verification_in_flight", 2, "成员3另有一次核对正在进行"),
    ]
    assert (found.outcome, found.reasons, found.findings) == (
        alone.outcome,
        alone.reasons,
        alone.findings,
    )


deposits = st.decimals(
    min_value=0, max_value=200000, places=2, allow_nan=False, allow_infinity=False
)


@given(st.lists(deposits, min_size=1, max_size=4))
def test_property_never_eligible_when_an_asset_limit_fails(values: list[Decimal]) -> None:
    assets = tuple(FinancialAsset(FinancialKind.TIME_DEPOSIT, v, _ref("bank")) for v in values)
    members, results = household(
        1, bank={0: SourceResult("bank", SourceStatus.OK, Evidence(financial_assets=assets))}
    )
    result = assess(members, results, POLICY, "rural", AS_OF)
    if sum(values) > result.financial_assets_limit:
        assert result.outcome is not Outcome.ELIGIBLE
        assert result.suggested_allowance_monthly is None
    else:
        assert result.outcome is Outcome.ELIGIBLE


@given(
    st.sampled_from(SCOPES),
    st.sampled_from([SourceStatus.UNAVAILABLE, SourceStatus.REJECTED]),
    st.integers(min_value=1, max_value=5),
    st.data(),
)
def test_property_never_eligible_when_a_source_is_missing(scope, status, size, data) -> None:
    broken = data.draw(st.integers(min_value=0, max_value=size - 1))
    members, results = household(size, **{scope: {broken: SourceResult(scope, status)}})
    result = assess(members, results, POLICY, "rural", AS_OF)
    assert result.outcome is not Outcome.ELIGIBLE
    assert result.suggested_allowance_monthly is None


def test_a_member_on_the_integrity_record_is_a_finding_that_changes_no_outcome() -> None:
    members, results = household(3)
    alone = assess(members, results, POLICY, "rural", AS_OF)
    listed = Elsewhere(integrity_listed=((1, dt.date(2029, 12, 8)),))
    found = assess(members, results, POLICY, "rural", AS_OF, elsewhere=listed)
    [(code, index, text)] = [
        (f.code, f.member_index, render_message(f.message)) for f in found.member_findings
    ]
    assert (code, index) == ("finding.member_integrity_listed", 1)
    assert text.startswith("成员2在诚信记录期内（至 2029-12-08 止）")
    assert "不单独改变核对结论" in text
    assert (found.outcome, found.reasons, found.findings, found.suggested_allowance_monthly) == (
        alone.outcome,
        alone.reasons,
        alone.findings,
        alone.suggested_allowance_monthly,
    )
