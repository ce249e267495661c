"""The report's procedure section from explicit policy values: sources (rule 15), the adverse
notice (rule 16), the re-check after a death (rule 22)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from connectors.sdk.discovery import installed_sources
from connectors.sdk.evidence import (
    Evidence,
    IdentityFact,
    PersonStatus,
    RecordRef,
    SourceResult,
    SourceStatus,
)
from verification.kit.months import add_months
from verification.messages.locale import Locale
from verification.messages.render import render
from verification.policies.layered import params as p
from verification.policies.layered.loading import LayerSet, default_layers_dir
from verification.policies.layered.resolution import resolve
from verification.procedure.calendar import china
from verification.procedure.recheck import Death, death_rechecks, next_review
from verification.procedure.sources import Coverage, coverage
from verification.procedure.view import adverse_notice, procedure_view

LAYERS = LayerSet.from_dir(default_layers_dir())
DAY = dt.date(2026, 10, 12)
POLICY = resolve(LAYERS, "450102", DAY)
# social_insurance and pension are answered by the separately installed social-insurance
# source (connectors/social_insurance)
NOT_SUPPORTED = {
    "internet_finance",
    "marriage",
    "funeral",
}


def _hukou(status: PersonStatus, died: dt.date | None = None) -> SourceResult:
    fact = IdentityFact(status, True, "450102", died, RecordRef("hukou", "R1"))
    return SourceResult("hukou", SourceStatus.OK, Evidence(identity=fact))


def _view(outcome: str = "eligible", results: dict | None = None, scopes: set | None = None):
    return procedure_view(
        assessed=POLICY,
        accepted=POLICY,
        accepted_on=DAY,
        received_on=DAY,
        calendar=china(),
        queried_scopes=scopes if scopes is not None else {"hukou", "tax", "bank"},
        outcome=outcome,
        results=results or {},
    )


def test_every_national_source_is_listed_and_the_gaps_are_marked() -> None:
    view = _view(scopes={"hukou", "tax", "bank"})
    by_source = {s.source: s for s in view.sources}
    # the 2022 通知's list: 办法 第十七条's eleven and four more
    assert len(view.sources) == 15
    assert {k for k, s in by_source.items() if s.coverage == "not_supported"} == NOT_SUPPORTED
    assert by_source["tax"].coverage == "queried" and by_source["tax"].scope == "tax"
    # the register answers securities, not the bank (ADR 0014); it was not asked here
    assert by_source["securities"].scope == "securities"
    assert by_source["securities"].coverage == "not_queried"
    assert by_source["securities"].message.text == (
        "证券（中国结算登记的证券和基金份额）：本次未查询（证券登记结算不在请求的范围内）"
    )
    assert by_source["bank_deposits"].scope == "bank"
    assert by_source["real_estate"].coverage == "not_queried"  # housing was not asked
    for register in ("social_insurance", "pension"):  # installed, not asked here
        assert by_source[register].coverage == "not_queried"
        assert by_source[register].scope == "social_insurance"
    assert by_source["marriage"].message.text == "婚姻登记：本服务无法查询，须另行核实"
    assert by_source["marriage"].scope is None
    assert by_source["tax"].message.text == "纳税记录：已查询（税务）"


def test_before_the_2022_notice_the_list_is_the_measures_eleven() -> None:
    national = resolve(LAYERS, "450102", dt.date(2022, 1, 5)).value(p.VERIFICATION_SOURCES)
    listed = coverage(national, {"hukou"})
    assert len(listed) == 11
    assert {c.source.value for c in listed if c.coverage is Coverage.NOT_SUPPORTED} == {
        "internet_finance",
    }
    # answered by the insurance platform, not asked here
    assert {c.source.value: c.scope for c in listed}["commercial_insurance"] == "insurance"


def test_every_register_answered_is_one_of_the_national_list() -> None:
    declared = {register for source in installed_sources() for register in source.registers}
    assert declared <= {source.value for source in p.DataSource}


def test_an_adverse_result_tells_the_applicant_who_may_object() -> None:
    ineligible = adverse_notice(POLICY, "ineligible")
    assert ineligible is not None and ineligible.code == "procedure.adverse_notice.ineligible"
    text = render(ineligible.code, ineligible.params, Locale.ZH_CN)
    assert "告知申请人" in text and "复查" in text and "佐证材料" in text
    assert "第十八条第一款" in text and "第十八条第二款" in text
    english = render(ineligible.code, ineligible.params, Locale.EN)
    assert "applicant is to be told" in english and "re-examination" in english
    review = adverse_notice(POLICY, "review_required")
    assert review is not None and review.code == "procedure.adverse_notice.review_required"
    assert adverse_notice(POLICY, "eligible") is None
    assert _view("eligible").adverse_notice is None
    assert _view("ineligible").adverse_notice is not None


def test_a_death_brings_a_recheck_within_three_months() -> None:
    results = {
        (0, "hukou"): _hukou(PersonStatus.ACTIVE),
        (1, "hukou"): _hukou(PersonStatus.DECEASED, dt.date(2026, 8, 31)),
        (2, "hukou"): _hukou(PersonStatus.DECEASED, None),
    }
    view = _view(results=results)
    dated, undated = sorted(view.death_rechecks, key=lambda r: r.member_index)
    assert dated.due_on == dt.date(2026, 11, 30)  # 31 August + 3 months, end of November
    assert dated.months == 3 and dated.date_of_death == dt.date(2026, 8, 31)
    assert dated.message.text.startswith("成员2于2026-08-31死亡：应于2026-11-30前")
    assert "一（三）" in dated.citation
    assert undated.due_on == DAY and undated.date_of_death is None  # at once
    assert undated.message.code == "procedure.death_recheck_undated"
    # earliest first: the undated one is due at once
    assert [r.member_index for r in view.death_rechecks] == [2, 1]
    # before the 2022 通知 no such rule: nothing scheduled
    early = resolve(LAYERS, "450102", dt.date(2022, 5, 1))
    old = procedure_view(
        assessed=early,
        accepted=None,
        accepted_on=None,
        received_on=dt.date(2022, 5, 1),
        calendar=china(),
        queried_scopes={"hukou"},
        outcome="review_required",
        results=results,
    )
    assert old.death_rechecks == [] and old.deadlines == []


deaths = st.lists(
    st.builds(
        Death,
        st.integers(0, 9),
        st.one_of(st.none(), st.dates(dt.date(2021, 1, 1), dt.date(2026, 12, 31))),
    ),
    max_size=5,
)


@given(deaths, st.integers(1, 6), st.dates(dt.date(2021, 1, 1), dt.date(2027, 6, 30)))
def test_rechecks_are_due_by_the_death_plus_the_months(
    found: list[Death], months: int, reported: dt.date
) -> None:
    rechecks = death_rechecks(found, months, reported)
    assert len(rechecks) == len(found)
    assert [r.due_on for r in rechecks] == sorted(r.due_on for r in rechecks)
    for recheck in rechecks:
        if recheck.date_of_death is None:
            assert recheck.due_on == reported
        else:
            assert recheck.due_on == add_months(recheck.date_of_death, months)
            assert recheck.date_of_death < recheck.due_on


@given(st.dates(), st.one_of(st.none(), st.dates()))
def test_a_recheck_only_ever_brings_the_review_forward(regular: dt.date, due) -> None:
    chosen = next_review(regular, due)
    assert chosen <= regular
    assert chosen == (regular if due is None else min(regular, due))
