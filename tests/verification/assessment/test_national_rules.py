"""刚性支出困难家庭 (认定办法 第四条), single-person candidates in a 边缘 household (办法 第八条
第一款), the support that may be disregarded (2022 通知 一（一）) and declared relations (办法
第七条), as pure functions; and the parameters read from the layered policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verification.assessment.composition import CompositionParams, composition_findings
from verification.assessment.hardship import HardshipParams, HardshipStatus, hardship
from verification.assessment.model import Declared, DeclaredMember, Outcome, RuleResult
from verification.assessment.rule_params import national_rules
from verification.assessment.single_person import (
    SinglePersonParams,
    declared_categories,
    edge_candidates,
    support_notes,
)
from verification.policies.effective import resolve
from verification.policies.layered.loading import LayerSet, default_layers_dir
from verification.policies.layered.params import (
    AllowanceMethod,
    ExcludedPerson,
    HardshipSpending,
    Relation,
    SinglePersonCategory,
)

D = Decimal
PASSED = dict.fromkeys(
    (
        "financial_assets_within_limit",
        "no_non_exempt_vehicle",
        "housing_within_limit",
        "no_operating_company",
    ),
    RuleResult.PASSED,
)
SET = HardshipParams(
    requires_not_dibao_or_edge=True,
    spending_window_months=12,
    spending_kinds=tuple(HardshipSpending),
    citation="认定办法 第四条",
    disposable_income_annual=D("26000.00"),
    disposable_income_citation="示例",
    spending_share=D("0.50"),
    spending_share_citation="示例",
)
LOCAL = replace(
    SET,
    disposable_income_annual=None,
    disposable_income_citation="认定办法 第四条第一款第（二）项",
    spending_share=None,
    spending_share_citation="认定办法 第四条第二款",
)


def judge(
    params=SET,
    *,
    outcome=Outcome.INELIGIBLE,
    edge=False,
    per_capita="1500.00",
    income="36000",
    spending=None,
    rules=None,
):
    return hardship(
        params,
        outcome=outcome,
        low_income_edge=edge,
        property_results=PASSED if rules is None else rules,
        per_capita_monthly=D(per_capita),
        income_before_deductions=D(income),
        months=12,
        spending=spending,
    )


def test_hardship_met_when_every_condition_holds() -> None:
    # 1500 × 12 = 18000 < 26000; 20000 > 0.50 × 36000 = 18000
    found = judge(spending={"medical": D("20000.00")})
    assert found.status is HardshipStatus.MET
    assert found.figures["per_capita_annual"] == "18000.00"
    assert found.figures["rigid_spending"] == "20000.00"
    assert [m.code for m in found.messages] == [
        "rule.hardship.income_below",
        "rule.hardship.property_within",
        "rule.hardship.spending_above",
    ]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"spending": {"medical": D("18000.00")}}, "rule.hardship.spending_not_above"),
        (
            {"per_capita": "2166.67", "spending": {"living": D("99999")}},
            "rule.hardship.income_not_below",
        ),
        (
            {
                "rules": {**PASSED, "no_non_exempt_vehicle": RuleResult.FAILED},
                "spending": {"medical": D("99999")},
            },
            "rule.hardship.property_exceeds",
        ),
    ],
)
def test_hardship_not_met_when_a_condition_fails(change, code) -> None:
    found = judge(**change)
    assert found.status is HardshipStatus.NOT_MET
    assert code in [m.code for m in found.messages]


def test_dibao_and_edge_households_are_not_hardship_households() -> None:
    assert judge(outcome=Outcome.ELIGIBLE).status is HardshipStatus.NOT_APPLICABLE
    edge = judge(edge=True, spending={"medical": D("99999")})
    assert edge.status is HardshipStatus.NOT_APPLICABLE
    assert edge.messages[0].code == "rule.hardship.edge"


def test_local_figures_not_set_are_reported_not_guessed() -> None:
    found = judge(LOCAL, spending={"medical": D("99999")})
    assert found.status is HardshipStatus.NOT_ASSESSABLE
    notes = [m for m in found.messages if m.code == "policy.hardship.left_to_local"]
    assert [n.params["parameter"] for n in notes] == [
        "hardship.disposable_income_per_capita_annual",
        "hardship.spending_share_of_income",
    ]
    assert notes[1].params["citation"] == "认定办法 第四条第二款"


def test_undeclared_spending_or_a_review_cannot_be_assessed() -> None:
    assert judge().status is HardshipStatus.NOT_ASSESSABLE
    review = judge(outcome=Outcome.REVIEW_REQUIRED, spending={"medical": D("99999")})
    assert review.status is HardshipStatus.NOT_ASSESSABLE


def test_only_the_kinds_in_force_count() -> None:
    params = replace(SET, spending_kinds=(HardshipSpending.MEDICAL,))
    found = judge(params, spending={"medical": D("10000"), "living": D("15000")})
    assert found.figures["rigid_spending"] == "10000.00"
    assert found.status is HardshipStatus.NOT_MET


@given(
    spending=st.decimals(min_value=0, max_value=100000, places=2),
    more=st.decimals(min_value=0, max_value=1000, places=2),
)
def test_more_spending_never_undoes_a_met_hardship(spending, more) -> None:
    before = judge(spending={"medical": spending}).status
    after = judge(spending={"medical": spending + more}).status
    assert before is not HardshipStatus.MET or after is HardshipStatus.MET


# -- single-person candidates (rule 12) and the support exemption (rule 13) --------------

EDGE = SinglePersonParams(
    edge_categories=(
        SinglePersonCategory.DISABILITY_GRADE_1_2,
        SinglePersonCategory.DISABILITY_GRADE_3_INTELLECTUAL_MENTAL,
        SinglePersonCategory.SERIOUS_ILLNESS,
    ),
    edge_citation="办法 第八条第一款第（一）（二）项",
    support_exemptable=True,
    support_citation="2022 通知 一（一）",
)


@pytest.mark.parametrize(
    ("member", "category"),
    [
        (DeclaredMember(disability_grade=2), SinglePersonCategory.DISABILITY_GRADE_1_2),
        (DeclaredMember(severe_disability=True), SinglePersonCategory.DISABILITY_GRADE_1_2),
        (
            DeclaredMember(disability_grade=3, disability_kind="mental"),
            SinglePersonCategory.DISABILITY_GRADE_3_INTELLECTUAL_MENTAL,
        ),
        (DeclaredMember(serious_illness=True), SinglePersonCategory.SERIOUS_ILLNESS),
    ],
)
def test_declared_circumstances_give_the_categories(member, category) -> None:
    assert category in declared_categories(member)


def test_grade_3_physical_or_grade_4_is_no_category() -> None:
    assert (
        declared_categories(DeclaredMember(disability_grade=3, disability_kind="physical")) == set()
    )
    assert (
        declared_categories(DeclaredMember(disability_grade=4, disability_kind="mental")) == set()
    )


def test_candidates_only_in_an_edge_household() -> None:
    declared = Declared(
        members={
            0: DeclaredMember(disability_grade=3, disability_kind="intellectual"),
            1: DeclaredMember(disability_grade=4, disability_kind="physical"),
        }
    )
    (candidate,) = edge_candidates(EDGE, declared, [0, 1], edge_household=True)
    assert candidate.member_index == 0
    assert candidate.categories == (SinglePersonCategory.DISABILITY_GRADE_3_INTELLECTUAL_MENTAL,)
    assert candidate.message.params["citation"] == "办法 第八条第一款第（一）（二）项"
    assert edge_candidates(EDGE, declared, [0, 1], edge_household=False) == ()
    none_in_force = SinglePersonParams((), None, False, None)
    assert edge_candidates(none_in_force, declared, [0, 1], edge_household=True) == ()


def test_support_that_may_be_disregarded_is_stated_not_deducted() -> None:
    declared = Declared(members={0: DeclaredMember(exempt_support_monthly=D("150"))})
    (note,) = support_notes(EDGE, declared, 0)
    assert note.code == "rule.single_person.support_exemptable"
    assert note.params == {"member_index": 0, "amount": "150.00", "citation": "2022 通知 一（一）"}
    assert support_notes(EDGE, declared, None) == ()
    assert support_notes(SinglePersonParams((), None, False, None), declared, 0) == ()


# -- relations (rules 1–2) -----------------------------------------------------------------

VOCABULARY = CompositionParams(
    member_relations=tuple(Relation),
    relations_citation="办法 第七条第一款",
    excluded_persons=tuple(ExcludedPerson),
    excluded_citation="办法 第七条第二款",
)


def test_relations_outside_the_vocabulary_and_excluded_persons_are_findings() -> None:
    declared = Declared(
        members={
            0: DeclaredMember(relation="applicant"),
            1: DeclaredMember(relation="spouse"),
            2: DeclaredMember(relation="other"),
            3: DeclaredMember(relation="minor_child", excluded_as="imprisoned"),
        }
    )
    found = composition_findings(VOCABULARY, declared, range(5))
    assert [(f.code, f.member_index) for f in found] == [
        ("finding.relation_outside_members", 2),
        ("finding.member_excluded_person", 3),
    ]
    assert found[0].message.params["citation"] == "办法 第七条第一款"


def test_a_narrower_vocabulary_flags_the_relations_it_lacks() -> None:
    narrow = CompositionParams((Relation.SPOUSE,), "c", None, None)
    declared = Declared(
        members={0: DeclaredMember(relation="student_child", excluded_as="imprisoned")}
    )
    assert [f.code for f in composition_findings(narrow, declared, [0])] == [
        "finding.relation_outside_members"
    ]
    nothing = CompositionParams(None, None, None, None)
    assert composition_findings(nothing, declared, [0]) == ()


# -- the parameters as the layered policy gives them --------------------------------------


@pytest.fixture(scope="module")
def layers() -> LayerSet:
    return LayerSet.from_dir(default_layers_dir())


def test_nanning_uses_the_national_baseline(layers: LayerSet) -> None:
    rules = national_rules(resolve(layers, "450102", dt.date(2026, 3, 1)))
    assert rules.allowance.method is AllowanceMethod.DIFFERENCE
    assert "第十二条第一款" in rules.allowance.citation
    assert rules.work_refusal is not None and rules.work_refusal.consecutive_refusals == 3
    assert rules.work_refusal.cut_fraction is None  # left to local government
    assert rules.hardship is not None and rules.hardship.disposable_income_annual is None
    assert rules.composition.member_relations == tuple(Relation)


def test_liuzhou_sets_tiers_and_the_local_figures_as_examples(layers: LayerSet) -> None:
    rules = national_rules(resolve(layers, "450202", dt.date(2026, 3, 1)))
    assert rules.allowance.method is AllowanceMethod.TIERED and rules.allowance.tiers
    assert rules.allowance.citation.startswith("柳州市 示例值")
    assert "第二十三条" in rules.allowance.citation  # the national permission
    assert rules.work_refusal is not None and rules.work_refusal.cut_fraction == D("1.00")
    assert rules.hardship is not None
    assert rules.hardship.disposable_income_annual == D("26000.00")
    assert rules.hardship.spending_share == D("0.50")


def test_before_the_2021_measures_and_the_2025_hardship_rules(layers: LayerSet) -> None:
    rules = national_rules(resolve(layers, "450202", dt.date(2019, 3, 1)))
    assert rules.allowance.method is AllowanceMethod.DIFFERENCE
    assert rules.allowance.tiered_permitted is False
    assert rules.hardship is None
    assert rules.single_person.edge_categories == ()
    assert rules.composition.member_relations is None
