"""Re-verification with the insurance platform's evidence: a policy's cash value and the
annuities counted as income are changes of their own, and the reasons of a stop say when they
rose."""

from __future__ import annotations

from decimal import Decimal

from tests.verification.reviews.builder import report
from tests.verification.reviews.test_changes import change, codes, compare, subjects
from verification.reports.model import EvidenceRef, FinancialItemView, VerificationReport


def _with_cash_value(base: VerificationReport, value: str) -> VerificationReport:
    item = FinancialItemView(
        member_index=0,
        kind="insurance_cash_value",
        value=Decimal(value),
        evidence=EvidenceRef(source="insurance", reference="P2009450102000211"),
    )
    assets = base.assets.model_copy(update={"financial": [*base.assets.financial, item]})
    return base.model_copy(update={"assets": assets})


def _with_annuity(base: VerificationReport, monthly: str) -> VerificationReport:
    first = base.income.members[0]
    counted = {**first.counted_by_category, "annuity": Decimal(monthly)}
    members = [first.model_copy(update={"counted_by_category": counted}), *base.income.members[1:]]
    income = base.income.model_copy(update={"members": members})
    return base.model_copy(update={"income": income})


def test_a_new_cash_value_above_the_limit_stops_and_says_why() -> None:
    # 8000.00 of deposits, then a whole-life policy worth 18000.00: 26000.00 > 22560.00
    previous = _with_cash_value(report(), "0.00")
    current = _with_cash_value(report(financial_total="26000.00"), "18000.00")

    result = compare(previous, current)

    assert result.recommendation == "stop"
    assert codes(result) == ("review.financial_above", "review.insurance_cash_value_up")
    assert change(result, "insurance_cash_value").previous == "0.00"
    assert change(result, "insurance_cash_value").current == "18000.00"
    assert change(result, "financial_assets").current == "26000.00"


def test_a_new_annuity_above_the_standard_stops_and_says_why() -> None:
    # wages 900.00 + 300.00, then an annuity: (1200.00 + 1800.00) / 3 = 1000.00 ≥ 940.00
    previous = report()
    current = _with_annuity(report(member_incomes=("2700.00", "300.00", "0.00")), "1800.00")

    result = compare(previous, current)

    assert result.recommendation == "stop"
    assert codes(result) == ("review.income_above", "review.annuity_income_up")
    assert change(result, "annuity_income").previous == "0.00"
    assert change(result, "annuity_income").current == "1800.00"


def test_a_cash_value_that_fell_is_a_change_but_no_reason() -> None:
    previous = _with_cash_value(report(financial_total="30000.00"), "20000.00")
    current = _with_cash_value(report(financial_total="28000.00"), "18000.00")

    result = compare(previous, current)

    assert result.recommendation == "stop"
    assert codes(result) == ("review.financial_above",)
    assert "insurance_cash_value" in subjects(result)


def test_unchanged_insurance_is_no_change() -> None:
    previous = _with_annuity(_with_cash_value(report(), "500.00"), "100.00")
    current = _with_annuity(_with_cash_value(report(), "500.00"), "100.00")

    result = compare(previous, current)

    assert subjects(result) == set()
    assert result.recommendation == "continue"
