"""个体工商户 turnover as 经营净收入, and the operating-company property rule, on hand-made
evidence (the engine test policy, rural 2500 a year: 208.33 a month)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from connectors.sdk.evidence import (
    BusinessEntityType,
    BusinessInterest,
    BusinessRole,
    BusinessStatus,
    Evidence,
    IncomeCategory,
    IncomeItem,
    RecordRef,
    SourceResult,
    SourceStatus,
)
from tests.verification.assessment.test_engine import AS_OF, MONTHS, household, monthly
from tests.verification.policy_fixtures import engine_test_policy
from verification.assessment.engine import assess
from verification.assessment.model import Declared, Outcome, RuleId, RuleResult

SCOPE = "market_regulation"
WITH_BUSINESS_RULES = engine_test_policy(
    income={
        "excluded_categories": ["basic_pension"],
        "employment_cost_monthly": "100",
        "employment_cost_deducted_from": "poverty_project_workers",
        "business_presumptive_margin": "0.10",
    },
    assets={"financial_multiple_of_annual_standard": "2", "operating_company_disqualifies": True},
)


def interest(
    entity_type: BusinessEntityType = BusinessEntityType.INDIVIDUAL,
    role: BusinessRole = BusinessRole.OPERATOR,
    status: BusinessStatus = BusinessStatus.ACTIVE,
    turnover: str | None = "60000.00",
    ref: str = "NB1",
) -> BusinessInterest:
    return BusinessInterest(
        entity_type,
        role,
        status,
        registered_capital=Decimal("50000.00"),
        subscribed_share=None,
        declared_turnover=Decimal(turnover) if turnover is not None else None,
        report_year=2025,
        ref=RecordRef(SCOPE, ref),
    )


def market(*interests: BusinessInterest) -> SourceResult:
    return SourceResult(SCOPE, SourceStatus.OK, Evidence(businesses=interests))


def _rule(result, rule: RuleId):
    return next(r for r in result.rules if r.rule is rule)


def test_an_operated_individual_business_is_presumed_income() -> None:
    # 60000.00 a year × 0.10 = 6000.00 a year = 500.00 a month; / 2 people = 250.00 > 208.33
    members, results = household(2, market_regulation={0: market(interest())})
    result = assess(members, results, WITH_BUSINESS_RULES, "rural", AS_OF)
    assert result.members[0].counted_by_category == {"business": Decimal("500.00")}
    assert result.per_capita_income_monthly == Decimal("250.00")
    assert result.outcome is Outcome.INELIGIBLE
    income = _rule(result, RuleId.INCOME_BELOW_STANDARD)
    assert RecordRef(SCOPE, "NB1") in income.evidence


def test_a_margin_of_zero_presumes_nothing() -> None:
    members, results = household(2, market_regulation={0: market(interest())})
    result = assess(members, results, engine_test_policy(), "rural", AS_OF)
    assert result.members[0].counted_by_category == {}
    assert result.outcome is Outcome.ELIGIBLE
    # the rule is not the local policy's: it passes, saying so
    company = _rule(result, RuleId.NO_OPERATING_COMPANY)
    assert company.result is RuleResult.PASSED
    assert company.details[0].code == "rule.company.not_applied"


def test_business_income_reported_by_tax_is_never_counted_twice() -> None:
    # tax reports 经营所得 300.00 a month: that is the income; the turnover adds nothing
    members, results = household(
        1,
        tax={0: monthly(IncomeCategory.BUSINESS, "300.00")},
        market_regulation={0: market(interest())},
    )
    result = assess(members, results, WITH_BUSINESS_RULES, "rural", AS_OF)
    assert result.members[0].counted_by_category == {"business": Decimal("300.00")}


def test_business_income_outside_the_window_does_not_stop_the_presumption() -> None:
    old = (IncomeItem(IncomeCategory.BUSINESS, "2023-01", Decimal("9999"), RecordRef("tax", "t")),)
    members, results = household(
        1,
        tax={0: SourceResult("tax", SourceStatus.OK, Evidence(incomes=old))},
        market_regulation={0: market(interest(turnover="24000.00"))},
    )
    # 24000.00 × 0.10 / 12 = 200.00 a month
    result = assess(members, results, WITH_BUSINESS_RULES, "rural", AS_OF)
    assert result.members[0].counted_by_category == {"business": Decimal("200.00")}
    assert len(MONTHS) == 12


@pytest.mark.parametrize(
    "other",
    [
        interest(status=BusinessStatus.DEREGISTERED),
        interest(status=BusinessStatus.REVOKED),
        interest(role=BusinessRole.SHAREHOLDER),  # not its operator
        interest(turnover=None),  # no annual report
        interest(entity_type=BusinessEntityType.SOLE_PROPRIETORSHIP),
    ],
)
def test_only_an_operated_individual_business_in_business_with_a_report_counts(other) -> None:
    members, results = household(2, market_regulation={0: market(other)})
    result = assess(members, results, WITH_BUSINESS_RULES, "rural", AS_OF)
    assert result.members[0].counted_by_category == {}


def test_a_missing_market_answer_leaves_income_and_companies_open() -> None:
    down = SourceResult(SCOPE, SourceStatus.UNAVAILABLE, reason="down")
    members, results = household(2, market_regulation={1: down})
    result = assess(members, results, WITH_BUSINESS_RULES, "rural", AS_OF)
    assert result.outcome is Outcome.REVIEW_REQUIRED
    assert _rule(result, RuleId.INCOME_BELOW_STANDARD).result is RuleResult.NOT_ASSESSABLE
    assert _rule(result, RuleId.NO_OPERATING_COMPANY).result is RuleResult.NOT_ASSESSABLE


@pytest.mark.parametrize("role", [BusinessRole.SHAREHOLDER, BusinessRole.LEGAL_REPRESENTATIVE])
@pytest.mark.parametrize(
    "entity_type", [BusinessEntityType.LIMITED_COMPANY, BusinessEntityType.JOINT_STOCK_COMPANY]
)
def test_a_company_in_business_fails_the_property_rules(role, entity_type) -> None:
    held = interest(entity_type, role, turnover="900000.00", ref="CO1")
    members, results = household(2, market_regulation={1: market(held)})
    result = assess(members, results, WITH_BUSINESS_RULES, "rural", AS_OF)
    company = _rule(result, RuleId.NO_OPERATING_COMPANY)
    assert company.result is RuleResult.FAILED
    assert company.details[0].params == {"member_indexes": [1], "count": 1}
    assert company.evidence == (RecordRef(SCOPE, "CO1"),)
    assert result.outcome is Outcome.INELIGIBLE
    # a company's turnover is the company's, never the household's income
    assert result.per_capita_income_monthly == Decimal("0.00")
    assert not result.low_income_edge


def test_one_company_held_by_two_members_counts_once() -> None:
    members, results = household(
        2,
        market_regulation={
            0: market(
                interest(BusinessEntityType.LIMITED_COMPANY, BusinessRole.SHAREHOLDER, ref="CO")
            ),
            1: market(
                interest(BusinessEntityType.LIMITED_COMPANY, BusinessRole.SHAREHOLDER, ref="CO")
            ),
        },
    )
    result = assess(members, results, WITH_BUSINESS_RULES, "rural", AS_OF)
    company = _rule(result, RuleId.NO_OPERATING_COMPANY)
    assert company.details[0].params == {"member_indexes": [0, 1], "count": 1}
    assert company.figures == {"count": "1"}


@pytest.mark.parametrize("status", [BusinessStatus.DEREGISTERED, BusinessStatus.REVOKED])
def test_a_closed_company_counts_for_nothing(status) -> None:
    closed = interest(BusinessEntityType.LIMITED_COMPANY, BusinessRole.SHAREHOLDER, status)
    members, results = household(2, market_regulation={0: market(closed)})
    result = assess(members, results, WITH_BUSINESS_RULES, "rural", AS_OF)
    assert _rule(result, RuleId.NO_OPERATING_COMPANY).result is RuleResult.PASSED
    assert result.outcome is Outcome.ELIGIBLE


def test_declared_businesses_are_compared_with_those_in_business() -> None:
    members, results = household(
        2,
        market_regulation={
            0: market(
                interest(ref="A"),
                interest(status=BusinessStatus.DEREGISTERED, ref="B"),
                interest(BusinessEntityType.LIMITED_COMPANY, BusinessRole.SHAREHOLDER, ref="C"),
                interest(
                    BusinessEntityType.LIMITED_COMPANY, BusinessRole.LEGAL_REPRESENTATIVE, ref="C"
                ),
            )
        },
    )
    # in business: A and C (twice, once counted) = 2; B is 注销
    said_one = assess(
        members, results, WITH_BUSINESS_RULES, "rural", AS_OF, declared=Declared(businesses=1)
    )
    (finding,) = [f for f in said_one.findings if f.subject == "businesses"]
    assert (finding.declared, finding.verified) == (Decimal(1), Decimal(2))
    assert finding.message.code == "finding.businesses"
    said_two = assess(
        members, results, WITH_BUSINESS_RULES, "rural", AS_OF, declared=Declared(businesses=2)
    )
    assert not [f for f in said_two.findings if f.subject == "businesses"]
