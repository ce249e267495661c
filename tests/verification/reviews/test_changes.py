"""Re-verification: comparing a household's new report with its previous one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.verification.reviews.builder import report
from verification.messages.locale import Locale
from verification.messages.render import Message, render_message
from verification.reports.language import message_view
from verification.reports.model import BusinessView, EvidenceRef, VerificationReport
from verification.reviews.changes import Change, ChangeAssessment, compare_reports

PAID = Decimal("1620.00")  # (940.00 - 400.00) × 3, the baseline household's allowance
COMPOSITION_CHANGED = message_view(
    Message(
        "reason.rule",
        {"rule": "household_composition", "details": [{"code": "rule.composition.changed"}]},
    ),
    Locale.ZH_CN,
)
BANK_MISSING = message_view(
    Message(
        "reason.rule",
        {
            "rule": "sources_complete",
            "details": [
                {
                    "code": "rule.evidence_missing",
                    "params": {
                        "sources": [{"member_index": 1, "scope": "bank", "status": "unavailable"}]
                    },
                }
            ],
        },
    ),
    Locale.ZH_CN,
)


def compare(
    previous: VerificationReport,
    current: VerificationReport,
    *,
    current_allowance: Decimal = PAID,
    graduation_months: int = 0,
    months_since_lifted: int | None = None,
) -> ChangeAssessment:
    return compare_reports(
        previous,
        current,
        current_allowance=current_allowance,
        graduation_months=graduation_months,
        months_since_lifted=months_since_lifted,
    )


def change(result: ChangeAssessment, subject: str) -> Change:
    (found,) = [c for c in result.changes if c.subject == subject]
    return found


def subjects(result: ChangeAssessment) -> set[str]:
    return {c.subject for c in result.changes}


def codes(result: ChangeAssessment) -> tuple[str, ...]:
    return tuple(reason.code for reason in result.reasons)


def test_baseline_report_is_eligible_with_the_paid_allowance() -> None:
    baseline = report()
    assert baseline.outcome == "eligible"
    assert baseline.suggested_allowance_monthly == PAID


def test_unchanged_household_continues() -> None:
    result = compare(report(), report())
    assert result.recommendation == "continue"
    assert result.changes == ()
    assert result.new_allowance == PAID
    assert not result.graduation
    assert codes(result) == ("review.unchanged",)


def test_an_eligible_report_without_an_amount_continues_the_paid_allowance() -> None:
    # a region whose 分档 table or work-refusal cut is unset: the amount is null, never 0.00
    current = report().model_copy(update={"suggested_allowance_monthly": None})
    result = compare(report(), current)
    assert result.recommendation == "continue"
    assert result.new_allowance == PAID
    assert codes(result)[0] == "review.allowance_not_computed"


def test_income_up_but_still_eligible_decreases_the_allowance() -> None:
    current = report(member_incomes=("1200.00", "300.00", "0.00"))  # 500.00 per capita
    result = compare(report(), current)
    assert result.recommendation == "decrease"
    assert result.new_allowance == Decimal("1320.00")
    assert change(result, "per_capita_income") == Change("per_capita_income", "400.00", "500.00")
    assert change(result, "household_income") == Change("household_income", "1200.00", "1500.00")
    assert "review.per_capita_up" in codes(result)
    assert subjects(result) == {"per_capita_income", "household_income", "member_income"}
    # member 0's wages, by category
    assert change(result, "member_income") == Change(
        "member_income", "900.00", "1200.00", 0, "wages"
    )


def test_a_pension_newly_reported_is_a_change_of_its_own_category() -> None:
    """The social-insurance source reports an enterprise pension at the review: member 1's
    ``employee_pension`` goes from nothing (0.00) to 2600.00 a month, beside the totals."""
    previous = report()
    current = report(member_incomes=("900.00", "300.00", "0.00"))
    pension = current.income.members[1].model_copy(
        update={
            "counted_by_category": {
                "wages": Decimal("300.00"),
                "employee_pension": Decimal("2600.00"),
            }
        }
    )
    members = [current.income.members[0], pension, current.income.members[2]]
    current = current.model_copy(
        update={"income": current.income.model_copy(update={"members": members})}
    )
    result = compare(previous, current)
    assert [c for c in result.changes if c.subject == "member_income"] == [
        Change("member_income", "0.00", "2600.00", 1, "employee_pension")
    ]


def test_income_down_increases_the_allowance() -> None:
    current = report(member_incomes=("600.00", "300.00", "0.00"))  # 300.00 per capita
    result = compare(report(), current)
    assert result.recommendation == "increase"
    assert result.new_allowance == Decimal("1920.00")
    assert change(result, "per_capita_income") == Change("per_capita_income", "400.00", "300.00")
    assert "review.per_capita_down" in codes(result)


def test_an_increase_of_a_single_fen_counts() -> None:
    result = compare(report(), report(), current_allowance=Decimal("1619.99"))
    assert result.recommendation == "increase"
    assert result.new_allowance == PAID


def test_new_private_car_stops_the_allowance() -> None:
    current = report(vehicle_uses=("disability", "private"))
    result = compare(report(), current)
    assert result.recommendation == "stop"
    assert codes(result) == ("review.new_vehicle",)
    assert change(result, "vehicles") == Change("vehicles", "0", "1")
    assert change(result, "outcome") == Change("outcome", "eligible", "ineligible")
    assert result.new_allowance == Decimal("0.00")
    assert not result.graduation


def test_exempt_vehicle_is_no_change() -> None:
    current = report(vehicle_uses=("disability", "agricultural"))
    result = compare(report(), current)
    assert result.recommendation == "continue"
    assert "vehicles" not in subjects(result)


def test_second_residence_and_financial_assets_are_changes_and_reasons() -> None:
    current = report(property_uses=("residential", "residential"), financial_total="30000.00")
    result = compare(report(), current)
    assert result.recommendation == "stop"
    assert codes(result) == ("review.financial_above", "review.housing_above")
    assert change(result, "properties") == Change("properties", "1", "2")
    assert change(result, "financial_assets") == Change("financial_assets", "8000.00", "30000.00")


def lifted_by_income() -> VerificationReport:
    return report(member_incomes=("2400.00", "600.00", "0.00"))  # 1000.00 per capita ≥ 940.00


def test_income_above_the_standard_during_graduation_continues_the_allowance() -> None:
    result = compare(report(), lifted_by_income(), graduation_months=12, months_since_lifted=3)
    assert result.recommendation == "continue"
    assert result.graduation
    assert result.new_allowance == PAID
    assert result.reasons[0] == Message(
        "review.graduation_running", {"months": 3, "graduation_months": 12}
    )
    assert "review.income_above" in codes(result)
    assert change(result, "per_capita_income") == Change("per_capita_income", "400.00", "1000.00")


def test_graduation_starts_when_the_household_is_lifted_at_this_review() -> None:
    result = compare(report(), lifted_by_income(), graduation_months=12, months_since_lifted=None)
    assert result.recommendation == "continue"
    assert result.graduation
    assert result.reasons[0] == Message(
        "review.graduation_running", {"months": 0, "graduation_months": 12}
    )


@pytest.mark.parametrize("months", [12, 13])
def test_income_above_the_standard_after_graduation_stops(months: int) -> None:
    result = compare(report(), lifted_by_income(), graduation_months=12, months_since_lifted=months)
    assert result.recommendation == "stop"
    assert not result.graduation
    assert codes(result) == ("review.income_above",)
    assert result.new_allowance == Decimal("0.00")


def test_no_graduation_period_in_the_policy_stops() -> None:
    result = compare(report(), lifted_by_income(), graduation_months=0, months_since_lifted=None)
    assert result.recommendation == "stop"
    assert codes(result) == ("review.income_above",)


def test_graduation_only_when_income_is_the_only_failed_rule() -> None:
    current = report(member_incomes=("2400.00", "600.00", "0.00"), vehicle_uses=("private",))
    result = compare(report(), current, graduation_months=12, months_since_lifted=3)
    assert result.recommendation == "stop"
    assert not result.graduation
    assert codes(result) == ("review.income_above", "review.new_vehicle")


def test_member_deceased_is_a_change_and_a_reason() -> None:
    current = report(
        statuses=("active", "active", "deceased"),
        reasons=[COMPOSITION_CHANGED],
    )
    result = compare(report(), current)
    assert result.recommendation == "continue"  # the composition rule asks for review
    assert change(result, "member_status") == Change(
        "member_status", "active", "deceased", member_index=2
    )
    assert change(result, "household_size") == Change("household_size", "3", "2")
    assert Message("review.member_deceased", {"member_index": 2}) in result.reasons
    assert result.reasons[:2] == (
        Message("review.review_required"),
        Message(COMPOSITION_CHANGED.code, COMPOSITION_CHANGED.params),
    )


def test_member_deceased_is_listed_whatever_the_recommendation() -> None:
    current = report(
        statuses=("active", "active", "deceased"),
        rules={"household_composition": "passed"},
    )
    result = compare(report(), current)
    assert current.outcome == "eligible"
    assert result.recommendation == "decrease"  # two members now: (940 - 600) × 2 = 680.00
    assert result.new_allowance == Decimal("680.00")
    assert Message("review.member_deceased", {"member_index": 2}) in result.reasons
    assert "review.household_size_down" in codes(result)


def test_member_already_deceased_is_no_new_change() -> None:
    before = report(statuses=("active", "active", "deceased"))
    result = compare(before, before, current_allowance=Decimal("0.00"))
    assert "member_status" not in subjects(result)
    assert "review.member_deceased" not in codes(result)


def test_review_required_continues_and_keeps_the_allowance() -> None:
    current = report(
        rules={"sources_complete": "not_assessable"},
        reasons=[BANK_MISSING],
    )
    assert current.suggested_allowance_monthly is None  # does not apply
    result = compare(report(), current)
    assert result.recommendation == "continue"
    assert result.new_allowance == PAID
    assert result.reasons == (
        Message("review.review_required"),
        Message(BANK_MISSING.code, BANK_MISSING.params),
    )
    assert change(result, "outcome") == Change("outcome", "eligible", "review_required")


@pytest.mark.parametrize("outcome", ["eligible", "ineligible", "review_required"])
def test_a_provisional_report_continues_and_says_it_is_provisional(outcome: str) -> None:
    """A report awaiting an agency's later answer is acted on by no increase, cut or stop:
    the item says the report is provisional, and the allowance paid continues."""
    richer = report(member_incomes=("9000.00", "3000.00", "0.00"))  # ineligible if complete
    poorer = report(member_incomes=("0.00", "0.00", "0.00"))  # an increase if complete
    base = {"eligible": poorer, "ineligible": richer}.get(outcome) or report(
        rules={"sources_complete": "not_assessable"}, reasons=[BANK_MISSING]
    )
    assert base.outcome == outcome
    current = base.model_copy(update={"status": "awaiting_sources"})
    result = compare(report(), current)
    assert (
        compare(report(), base).recommendation
        == {
            "eligible": "increase",
            "ineligible": "stop",
            "review_required": "continue",
        }[outcome]
    )
    assert result.recommendation == "continue"
    assert result.new_allowance == PAID
    assert result.reasons[0] == Message("review.awaiting_sources")
    assert "review.review_required" not in codes(result)
    if outcome == "review_required":
        assert result.reasons[1:] == (Message(BANK_MISSING.code, BANK_MISSING.params),)
    zh = render_message(result.reasons[0], Locale.ZH_CN)
    assert zh.startswith("报告为临时报告")


def test_review_required_never_stops_even_with_a_new_car() -> None:
    current = report(vehicle_uses=("private",), outcome="review_required")
    result = compare(report(), current)
    assert result.recommendation == "continue"
    assert change(result, "vehicles") == Change("vehicles", "0", "1")


def test_money_is_decimal_never_float() -> None:
    result = compare(report(), report(member_incomes=("1000.00", "300.00", "0.00")))
    assert type(result.new_allowance) is Decimal
    assert result.new_allowance.as_tuple().exponent == -2
    assert all(isinstance(c.previous, str) and isinstance(c.current, str) for c in result.changes)
    with pytest.raises(TypeError, match="Decimal"):
        compare(report(), report(), current_allowance=1620.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"current_allowance": Decimal("-1")}, "current_allowance"),
        ({"graduation_months": -1}, "graduation_months"),
        ({"months_since_lifted": -1}, "months_since_lifted"),
    ],
)
def test_negative_inputs_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        compare(report(), report(), **kwargs)  # type: ignore[arg-type]


def test_reasons_carry_no_personal_data() -> None:
    current = report(statuses=("active", "active", "deceased"), vehicle_uses=("private",))
    result = compare(report(), current)
    text = " ".join(
        render_message(reason, locale) for reason in result.reasons for locale in Locale
    ) + " ".join(f"{c.previous} {c.current}" for c in result.changes)
    for member in current.members:
        assert member.name_masked not in text
        assert member.id_number_masked not in text


amounts = st.decimals(
    min_value=Decimal("0"), max_value=Decimal("5000"), places=2, allow_nan=False
).map(str)
households = st.builds(
    lambda incomes, statuses, financial, vehicles, properties, outcome: report(
        member_incomes=incomes,
        statuses=statuses[: len(incomes)] if len(statuses) >= len(incomes) else None,
        financial_total=financial,
        vehicle_uses=vehicles,
        property_uses=properties,
        outcome=outcome,
    ),
    st.lists(amounts, min_size=1, max_size=4),
    st.lists(st.sampled_from(["active", "deceased", "moved_out", "unknown"]), max_size=4),
    st.decimals(min_value=Decimal("0"), max_value=Decimal("50000"), places=2).map(str),
    st.lists(st.sampled_from(["private", "commercial", "agricultural", "disability"]), max_size=2),
    st.lists(st.sampled_from(["residential", "commercial", "other"]), max_size=3),
    st.one_of(st.none(), st.sampled_from(["eligible", "ineligible", "review_required"])),
)


@settings(max_examples=150, deadline=None)
@given(
    previous=households,
    current=households,
    allowance=st.decimals(min_value=Decimal("0"), max_value=Decimal("20000"), places=2),
    graduation=st.integers(min_value=0, max_value=36),
    since=st.one_of(st.none(), st.integers(min_value=0, max_value=48)),
)
def test_property_never_stops_on_review_and_allowance_is_never_negative(
    previous: VerificationReport,
    current: VerificationReport,
    allowance: Decimal,
    graduation: int,
    since: int | None,
) -> None:
    result = compare(
        previous,
        current,
        current_allowance=allowance,
        graduation_months=graduation,
        months_since_lifted=since,
    )
    assert type(result.new_allowance) is Decimal
    assert result.new_allowance >= 0
    assert result.reasons
    if current.outcome == "review_required":
        assert result.recommendation == "continue"
        assert result.new_allowance == allowance
    if result.graduation:
        assert result.recommendation == "continue"
        assert result.new_allowance == allowance
    if result.recommendation == "stop":
        assert current.outcome == "ineligible"


def _with_businesses(report_: VerificationReport, *statuses: str) -> VerificationReport:
    businesses = [
        BusinessView(
            member_index=0,
            entity_type="limited_company",
            role=role,
            status=status,
            registered_capital=Decimal("500000.00"),
            subscribed_share=None,
            declared_turnover=None,
            report_year=None,
            evidence=EvidenceRef(source="market_regulation", reference=f"NB{n // 2}"),
        )
        # two roles (legal representative, shareholder) in each company: counted once
        for n, (status, role) in enumerate(
            (s, r) for s in statuses for r in ("legal_representative", "shareholder")
        )
    ]
    assets = report_.assets.model_copy(update={"businesses": businesses})
    return report_.model_copy(update={"assets": assets})


def test_a_new_operating_company_stops_the_allowance_and_is_a_change() -> None:
    previous = _with_businesses(report(), "deregistered")
    current = _with_businesses(report(rules={"no_operating_company": "failed"}), "active")
    result = compare(previous, current)
    assert result.recommendation == "stop"
    assert codes(result) == ("review.company_held",)
    assert Change("businesses", "0", "1") in result.changes


def test_businesses_unchanged_are_no_change() -> None:
    result = compare(_with_businesses(report(), "active"), _with_businesses(report(), "active"))
    assert not [c for c in result.changes if c.subject == "businesses"]
    # a report stored before the source has no businesses: read as none
    assert report().assets.businesses == []


def _with_support(base: VerificationReport, amount: str, status: str) -> VerificationReport:
    from verification.reports.model import ObligorsView

    return base.model_copy(
        update={
            "obligors": ObligorsView(
                obligors=[],
                support_monthly=Decimal(amount),
                support_status=status,  # type: ignore[arg-type]
                statement=message_view(Message("rule.obligors.none_named"), "zh-CN"),
            )
        }
    )


def test_an_obligor_losing_capacity_is_a_change_with_its_reasons() -> None:
    # the daughter's support fell from 264.00 to nothing: none of the obligors is capable
    before = _with_support(report(), "264.00", "capable")
    after = _with_support(report(), "0.00", "none_capable")
    result = compare_reports(
        before,
        after,
        current_allowance=Decimal("100.00"),
        graduation_months=6,
        months_since_lifted=None,
    )
    assert Change("obligor_support", "264.00", "0.00") in result.changes
    assert Change("obligor_support_status", "capable", "none_capable") in result.changes
    codes = [r.code for r in result.reasons]
    assert "review.obligor_support_changed" in codes
    assert "review.obligors_none_capable" in codes
    changed = next(r for r in result.reasons if r.code == "review.obligor_support_changed")
    assert changed.params == {"previous": "264.00", "current": "0.00"}
    assert "三无" in render_message(result.reasons[-1], "zh-CN")


def test_no_obligors_no_obligor_changes() -> None:
    result = compare_reports(
        report(),
        report(),
        current_allowance=Decimal("100.00"),
        graduation_months=6,
        months_since_lifted=None,
    )
    assert not any(c.subject.startswith("obligor") for c in result.changes)
