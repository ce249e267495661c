"""差额 or 分档 (办法 第二十三条) and the work-refusal cut of the refuser's own share (办法
第三十四条; 暂行办法 第四十五条), as pure functions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from verification.assessment.allowance import (
    AllowanceParams,
    WorkRefusalParams,
    allowance,
    choose_tier,
)
from verification.policies.layered.params import (
    AllowanceMethod,
    AllowanceTier,
    RefusalCut,
    Tiers,
)

D = Decimal
TIERS = (
    AllowanceTier(up_to_gap_fraction="0.30", fraction_of_standard="0.30"),
    AllowanceTier(up_to_gap_fraction="0.60", fraction_of_standard="0.60"),
    AllowanceTier(up_to_gap_fraction="1", fraction_of_standard="1.00"),
)
DIFFERENCE = AllowanceParams(AllowanceMethod.DIFFERENCE, "暂行办法 第十二条第一款")
TIERED = AllowanceParams(
    AllowanceMethod.TIERED, "示例", tiered_permitted=True, tiers=TIERS, tiers_citation="示例档次"
)
STOP = WorkRefusalParams(3, RefusalCut.REFUSER_ONLY, "暂行办法 第四十五条", D("1.00"))
LOCAL = WorkRefusalParams(3, RefusalCut.REFUSER_ONLY, "暂行办法 第四十五条", None)
# the eligible scenario under gx-2016: 2500 a year, 208.33 a month, 300.00 a month for 3
STANDARD = {"standard_annual": D("2500"), "standard_monthly": D("208.33")}


def run(params, refusal=None, *, per_capita="100.00", total="3600", persons=(0, 1, 2), **kw):
    return allowance(
        params,
        refusal,
        **STANDARD,
        per_capita_monthly=D(per_capita),
        household_total=D(total),
        months=12,
        persons=list(persons),
        refusals=kw.get("refusals", {}),
    )


def test_difference_is_the_engines_figure_and_cites_its_article() -> None:
    paid = run(DIFFERENCE)
    # (208.33 × 3 × 12 − 3600) ÷ 12 = 324.99
    assert paid.amount_monthly == D("324.99") and paid.before_cuts_monthly == D("324.99")
    assert paid.tier is None and paid.cuts == ()
    assert paid.messages[0].code == "rule.allowance.difference"
    assert paid.messages[0].params["citation"] == "暂行办法 第十二条第一款"


def test_tiered_pays_the_tier_per_person() -> None:
    # gap (208.33 − 100.00) ÷ 208.33 = 0.52 → tier 2: 0.60 × 2500 ÷ 12 = 125.00 a person
    paid = run(TIERED)
    assert paid.tier is not None and paid.tier.number == 2
    assert paid.tier.per_person_monthly == D("125.00")
    assert paid.amount_monthly == D("375.00")
    assert paid.messages[0].code == "rule.allowance.tiered"
    assert paid.messages[0].params["tier"] == 2


@pytest.mark.parametrize(
    ("per_capita", "tier"),
    [("208.32", 0), ("145.84", 0), ("145.83", 1), ("83.34", 1), ("83.33", 2), ("0.00", 2)],
)
def test_tier_bounds_are_inclusive(per_capita: str, tier: int) -> None:
    # gap 0.30 exactly at 145.831, 0.60 at 83.332
    assert choose_tier(TIERS, D("208.33"), D(per_capita)) == tier


def test_tiers_missing_or_not_permitted_state_no_amount() -> None:
    missing = run(AllowanceParams(AllowanceMethod.TIERED, "c", tiered_permitted=True))
    assert missing.amount_monthly is None
    assert [m.code for m in missing.messages] == ["policy.allowance.tiers_missing"]
    refused = run(AllowanceParams(AllowanceMethod.TIERED, "c", tiers=TIERS))
    assert refused.amount_monthly is None
    assert [m.code for m in refused.messages] == ["policy.allowance.tiered_not_permitted"]


def test_tiers_must_not_pay_a_poorer_household_less() -> None:
    adapter = TypeAdapter(Tiers)
    with pytest.raises(ValidationError, match="must not decrease"):
        adapter.validate_python(
            [
                {"up_to_gap_fraction": "0.5", "fraction_of_standard": "0.8"},
                {"up_to_gap_fraction": "1", "fraction_of_standard": "0.5"},
            ]
        )


def test_three_refusals_stop_only_the_refusers_share() -> None:
    paid = run(DIFFERENCE, STOP, refusals={1: 3, 2: 2})
    (cut,) = paid.cuts
    # share: 3899.88 ÷ 36 = 108.33; the other two keep 2 × 108.33
    assert cut.member_index == 1 and cut.share_monthly == D("108.33")
    assert cut.cut_monthly == D("108.33")
    assert paid.before_cuts_monthly == D("324.99")
    assert paid.amount_monthly == D("216.66")  # 3899.88 × 2 ÷ 36, rounded once
    assert cut.message.code == "rule.work_refusal.cut"
    assert cut.message.params["citation"] == "暂行办法 第四十五条"


def test_a_cut_under_tiers_is_the_refusers_tier_amount() -> None:
    paid = run(TIERED, STOP, refusals={0: 4})
    assert [c.cut_monthly for c in paid.cuts] == [D("125.00")]
    assert paid.amount_monthly == D("250.00")


def test_a_cut_left_to_local_government_is_not_guessed() -> None:
    paid = run(DIFFERENCE, LOCAL, refusals={0: 3})
    assert paid.amount_monthly is None and paid.before_cuts_monthly == D("324.99")
    assert paid.cuts[0].cut_monthly is None
    assert paid.cuts[0].message.code == "rule.work_refusal.cut_undetermined"
    assert paid.messages[-1].code == "policy.work_refusal.fraction_left_to_local"
    assert paid.messages[-1].params["member_indexes"] == [0]


def test_a_refuser_not_assessed_is_not_cut() -> None:
    paid = run(DIFFERENCE, STOP, persons=(0,), total="0", refusals={1: 5})
    assert paid.cuts == () and paid.amount_monthly == D("208.33")


money = st.decimals(min_value=0, max_value=5000, places=2)
fractions = st.decimals(min_value=0, max_value=1, places=2)


@given(
    per_capita=st.decimals(min_value=0, max_value="208.32", places=2),
    poorer=st.decimals(min_value=0, max_value="208.32", places=2),
    persons=st.integers(min_value=1, max_value=8),
)
def test_tiered_amounts_never_fall_as_income_falls(per_capita, poorer, persons) -> None:
    low, high = sorted((per_capita, poorer))
    people = list(range(persons))

    def amount(pc: Decimal) -> Decimal:
        paid = run(TIERED, per_capita=str(pc), persons=people)
        assert paid.amount_monthly is not None
        return paid.amount_monthly

    assert amount(low) >= amount(high)


@given(
    size=st.integers(min_value=1, max_value=8),
    income=money,
    refusals=st.dictionaries(st.integers(0, 7), st.integers(0, 6), max_size=8),
    fraction=fractions,
    tiered=st.booleans(),
)
def test_a_refusal_cut_never_touches_another_members_share(
    size, income, refusals, fraction, tiered
) -> None:
    people = list(range(size))
    refusal = WorkRefusalParams(3, RefusalCut.REFUSER_ONLY, "c", fraction)
    params = TIERED if tiered else DIFFERENCE
    per_capita = min(D("208.32"), (income / size).quantize(D("0.01")))
    base = run(params, per_capita=str(per_capita), total=str(income * 12), persons=people)
    cut = run(
        params,
        refusal,
        per_capita=str(per_capita),
        total=str(income * 12),
        persons=people,
        refusals=refusals,
    )
    assert base.amount_monthly is not None and cut.amount_monthly is not None
    refusers = {i for i, n in refusals.items() if n >= 3 and i < size}
    assert {c.member_index for c in cut.cuts} == refusers
    assert cut.before_cuts_monthly == base.amount_monthly
    share = cut.cuts[0].share_monthly if cut.cuts else None
    # whatever is withheld is at most the refusers' own shares: the others keep theirs.  The
    # amount is the exact shares rounded once; each stated share is rounded on its own, so
    # the others' stated shares may exceed their exact sum by half a fen each (e.g. 1041.63
    # for five: 208.33 stated, 833.304 exact for four, paid 833.30), and the payment is off
    # its exact value by at most half a fen
    if share is not None:
        others = size - len(refusers)
        kept_by_others = share * others
        assert cut.amount_monthly >= kept_by_others - D("0.005") * (others + 1)
    assert cut.amount_monthly <= base.amount_monthly
    if not refusers or fraction == 0:
        assert cut.amount_monthly == base.amount_monthly
