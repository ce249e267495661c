"""The national rules (docs/national-rules.md) as behaviour: each of the 28 rules proved
through the assessment on the shipped layers (``assess`` with ``engine_policy(resolve(...))``)
or through the API.

Where a test elsewhere already proves a rule that way, ``RULE_TESTS`` names it and
``test_every_listed_test_exists`` keeps the table from rotting; the tests below add what no
other test proves.  The procedural rules (15–19, 22, 25,
27) are proved through the API in ``test_procedure_api.py`` and ``test_public_notice.py``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import shutil
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from connectors.sdk.discovery import installed_sources
from connectors.sdk.evidence import (
    Evidence,
    IncomeCategory,
    IncomeItem,
    RecordRef,
    SourceResult,
    SourceStatus,
    Vehicle,
    VehicleUse,
)
from connectors.tax.wire import IncomeRow, to_incomes
from tests.conftest import Api
from tests.verification.helpers import scenario_body, scenario_members
from verification.assessment.engine import assess
from verification.assessment.income import lookback_window
from verification.assessment.model import (
    Assessment,
    Declared,
    DeclaredMember,
    Member,
    Outcome,
    Results,
)
from verification.households.scheduling import Category, next_review_on
from verification.messages.locale import Locale
from verification.messages.render import render_message
from verification.policies.effective import resolve
from verification.policies.in_force import engine_policy, lapse_notes
from verification.policies.layered import params as p
from verification.policies.layered.loading import LayerSet, default_layers_dir
from verification.policies.layered.resolution import Status
from verification.policies.model import Policy

NANNING = "450102"
FUXIN = "210902"
GUANGDONG = "440103"
D = Decimal

# rule → tests elsewhere that prove it through the assessment or the API ("path::name";
# a parametrized test by its function name); this module's own tests are listed too
RULE_TESTS: dict[int, list[str]] = {
    1: [
        "tests/verification/test_national_rules_api.py::"
        "test_declared_relations_are_checked_against_article_7",
    ],
    2: [
        "tests/verification/assessment/test_engine.py::"
        "test_deceased_member_leaves_the_household_size",
        "tests/verification/test_national_rules_api.py::"
        "test_declared_relations_are_checked_against_article_7",
    ],
    3: [
        "tests/verification/test_scenarios.py::test_scenario_outcome",
        "tests/verification/test_policy_engine_api.py::"
        "test_the_assessment_date_picks_the_dated_entry",
    ],
    4: [
        "tests/verification/test_scenarios.py::test_scenario_outcome",
        "tests/verification/test_national_rules_behaviour.py::"
        "test_rule_4_every_wage_earner_nets_the_employment_cost",
    ],
    5: [
        "tests/verification/test_national_rules_behaviour.py::"
        "test_rules_5_6_no_source_reports_the_excluded_kinds",
        "tests/verification/test_national_rules_behaviour.py::"
        "test_rules_5_6_the_exclusions_in_force_have_no_category_to_apply_to",
    ],
    6: [
        "tests/verification/test_national_rules_behaviour.py::"
        "test_rules_5_6_no_source_reports_the_excluded_kinds",
        "tests/verification/test_national_rules_behaviour.py::"
        "test_rules_5_6_the_exclusions_in_force_have_no_category_to_apply_to",
    ],
    7: [
        "tests/verification/test_policy_lapse_notes.py::"
        "test_the_report_flags_the_lapse_and_counts_the_pension",
        "tests/verification/test_national_rules_behaviour.py::"
        "test_rule_7_pension_excluded_in_2025_counted_and_noted_in_2026",
    ],
    8: [
        "tests/verification/test_national_rules_behaviour.py::"
        "test_rule_8_a_local_exclusion_is_stated_not_applied",
    ],
    9: [
        "tests/verification/assessment/test_engine.py::"
        "test_rigid_expenses_are_capped_and_need_an_ill_or_disabled_member",
        "tests/verification/test_national_rules_behaviour.py::"
        "test_rule_9_rigid_expenses_under_the_regional_cap",
    ],
    10: ["tests/verification/test_scenarios.py::test_scenario_outcome"],
    11: [
        "tests/verification/test_scenarios.py::test_scenario_outcome",
        "tests/verification/test_national_rules_behaviour.py::"
        "test_rule_11_the_edge_needs_property_within_limits",
    ],
    12: [
        "tests/verification/test_national_rules_api.py::"
        "test_an_edge_household_flags_a_single_person_candidate",
    ],
    13: [
        "tests/verification/test_policy_engine_api.py::"
        "test_single_person_household_through_the_api",
        "tests/verification/test_national_rules_api.py::"
        "test_single_person_support_that_may_be_disregarded_is_noted",
    ],
    14: [
        "tests/verification/test_authorization_refusals.py::"
        "test_refusal_is_a_problem_audited_and_stores_nothing",
        "tests/verification/test_national_rules_behaviour.py::"
        "test_rule_14_no_agency_is_queried_without_a_valid_authorization",
    ],
    20: [
        "tests/verification/test_national_rules_api.py::"
        "test_difference_in_nanning_states_its_method_and_article",
        "tests/verification/test_national_rules_api.py::test_a_tiered_city_pays_the_tier",
    ],
    21: [
        "tests/verification/test_national_rules_behaviour.py::"
        "test_rule_21_reviews_yearly_or_half_yearly",
    ],
    23: [
        "tests/verification/test_national_rules_behaviour.py::"
        "test_rule_23_graduation_is_six_months",
        "tests/verification/test_national_rules_behaviour.py::"
        "test_rule_23_a_longer_regional_graduation_is_capped_and_noted",
    ],
    24: [
        "tests/verification/test_national_rules_api.py::"
        "test_work_refusal_cuts_only_the_refusers_share",
        "tests/verification/test_national_rules_api.py::"
        "test_a_cut_left_to_local_government_suggests_no_amount",
    ],
    26: [
        "tests/verification/test_national_rules_api.py::test_rigid_spending_hardship_is_stated",
        "tests/verification/test_national_rules_api.py::"
        "test_hardship_figures_left_to_local_are_noted_not_guessed",
    ],
    28: [
        "tests/verification/test_no_plaintext_at_rest.py::"
        "test_no_personal_data_in_clear_in_any_table",
        "tests/verification/test_audit_log.py::test_chain_verifies_and_holds_no_personal_data",
        "tests/verification/test_no_leaks.py::test_scenario_requests_leak_nothing",
        "tests/verification/test_no_leaks.py::test_adversarial_requests_do_not_echo_id_numbers",
    ],
    15: [
        "tests/verification/test_procedure_api.py::test_the_report_lists_the_national_sources_and_the_gaps",
        "tests/verification/test_procedure_api.py::test_deadlines_run_from_the_accepted_date_in_working_days",
    ],
    16: [
        "tests/verification/test_procedure_api.py::test_an_ineligible_result_says_the_applicant_is_told_and_may_object",
    ],
    17: [
        "tests/verification/test_procedure_api.py::test_deadlines_run_from_the_accepted_date_in_working_days",
        "tests/verification/test_procedure_api.py::test_the_acceptance_date_defaults_to_the_day_received",
        "tests/verification/test_procedure_api.py::test_an_acceptance_date_after_the_request_is_refused_and_audited",
    ],
    18: [
        "tests/verification/test_public_notice.py::test_the_notice_period_starts_when_posted_and_not_before_the_verification",
    ],
    19: [
        "tests/verification/test_public_notice.py::test_an_eligible_household_is_published_with_only_the_allowed_fields",
        "tests/verification/test_public_notice.py::test_a_single_person_household_names_the_member_assessed_alone",
    ],
    22: [
        "tests/verification/test_procedure_api.py::test_a_deceased_member_calls_for_a_recheck_within_three_months",
        "tests/verification/test_procedure_api.py::test_a_death_found_at_a_review_brings_the_next_review_forward",
    ],
    25: [
        "tests/verification/test_procedure_api.py::test_rules_without_data_are_marked_in_the_effective_policy",
    ],
    27: [
        "tests/verification/test_procedure_api.py::test_rules_without_data_are_marked_in_the_effective_policy",
    ],
}


def test_every_rule_has_a_listed_test() -> None:
    assert set(RULE_TESTS) == set(range(1, 29))
    assert all(RULE_TESTS.values())


@pytest.mark.parametrize(
    "listed", sorted({t for tests in RULE_TESTS.values() for t in tests}), ids=str
)
def test_every_listed_test_exists(listed: str) -> None:
    path, name = listed.split("::")
    assert Path(path).suffix == ".py" and name.startswith("test_")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    assert callable(getattr(module, name, None)), f"{listed} is gone: update RULE_TESTS"


# -- helpers: a household of evidence, assessed on the shipped layers ----------------------


@pytest.fixture(scope="module")
def layers() -> LayerSet:
    return LayerSet.from_dir(default_layers_dir())


def policy_of(layers: LayerSet, region: str, on: dt.date) -> Policy:
    return engine_policy(resolve(layers, region, on))


def _ref(scope: str) -> RecordRef:
    return RecordRef(scope, f"{scope}-ref")


def household(
    size: int,
    on: dt.date,
    incomes: dict[int, list[tuple[IncomeCategory, str]]],
    **other: dict[int, Evidence],
) -> tuple[list[Member], Results]:
    """``size`` living members, every source answering; ``incomes``: member → (category,
    monthly amount) for every month of the window; ``other``: scope → member → evidence."""
    window = lookback_window(on, 12)
    months = [f"{y:04d}-{m:02d}" for y in (on.year - 1, on.year) for m in range(1, 13)]
    months = [m for m in months if window.contains(m)]
    members = [Member(i, "self" if i == 0 else "child", dt.date(1980, 1, 1)) for i in range(size)]
    results = {}
    for i in range(size):
        # every installed source but hukou and tax, given below (social insurance included)
        for scope in sorted(set(installed_sources().scopes) - {"hukou", "tax"}):
            evidence = other.get(scope, {}).get(i)
            status = SourceStatus.NOT_FOUND if evidence is None else SourceStatus.OK
            results[(i, scope)] = SourceResult(scope, status, evidence or Evidence())
        results[(i, "hukou")] = SourceResult("hukou", SourceStatus.OK, Evidence())
        items = tuple(
            IncomeItem(category, month, D(amount), _ref("tax"))
            for category, amount in incomes.get(i, [])
            for month in months
        )
        results[(i, "tax")] = SourceResult("tax", SourceStatus.OK, Evidence(incomes=items))
    return members, results


ON = dt.date(2026, 6, 1)


# -- rule 4: wages net of the employment cost, for every wage earner -----------------------


@pytest.mark.parametrize(("region", "cost"), [(NANNING, "100.00"), (GUANGDONG, "200.00")])
def test_rule_4_every_wage_earner_nets_the_employment_cost(
    layers: LayerSet, region: str, cost: str
) -> None:
    """办法 第十三条第一款第（一）项: no declaration needed, from wages and labour alike; not
    from a pension."""
    members, results = household(
        3,
        ON,
        {
            0: [(IncomeCategory.WAGES, "900.00")],
            1: [(IncomeCategory.LABOUR, "700.00")],
            2: [(IncomeCategory.PENSION, "500.00")],
        },
    )
    result = assess(members, results, policy_of(layers, region, ON), "rural", ON)
    assert [(d.kind, d.member_index, d.monthly_amount) for d in result.deductions] == [
        ("employment_cost", 0, D(cost)),
        ("employment_cost", 1, D(cost)),
    ]
    assert result.household_before_deductions == D("2100.00")
    assert result.household_income_monthly == D("2100.00") - 2 * D(cost)


# -- rules 5 and 6: what the evidence model can express ------------------------------------


def test_rules_5_6_no_source_reports_the_excluded_kinds() -> None:
    """No income category names 优待抚恤金, 计划生育奖励与扶助金, scholarships, rewards or
    social assistance: the sources report wages, labour, business (tax), interest (bank) and
    insurance annuities, and a tax item of any other code is counted in full as other income."""
    assert {c.value for c in IncomeCategory} == {
        "wages", "labour", "business", "property", "basic_pension", "pension", "transfer",
        "other",
        # social insurance (人社): pensions by type and 失业保险金, none of the excluded kinds
        "employee_pension", "public_pension", "unemployment_benefit",
        "annuity",
    }  # fmt: skip
    row = IncomeRow.model_validate(
        {"ssq": "202601", "sdxm": "9999", "sre": "123.45", "ynse": "0.00", "pzxh": "p-1"}
    )
    (item,) = to_incomes([row])
    assert item.category is IncomeCategory.OTHER and item.amount == D("123.45")


def test_rules_5_6_the_exclusions_in_force_have_no_category_to_apply_to(
    layers: LayerSet,
) -> None:
    """The national layer excludes them from 2021-07-01, but the engine applies an exclusion
    only to a category of evidence, and there is none: a transfer or other income is counted
    whatever it was paid for.  Latent while no source reports these kinds (see the docs)."""
    effective = resolve(layers, NANNING, ON)
    for param in (
        p.EXCLUDED_SPECIAL_CARE,
        p.EXCLUDED_FAMILY_PLANNING,
        p.EXCLUDED_SCHOLARSHIP,
        p.EXCLUDED_REWARD,
        p.EXCLUDED_SOCIAL_ASSISTANCE,
    ):
        assert effective[param].status is Status.IN_FORCE and effective.value(param) is True
    policy = engine_policy(effective)
    assert policy.income.excluded_categories == []
    members, results = household(
        1, ON, {0: [(IncomeCategory.TRANSFER, "150.00"), (IncomeCategory.OTHER, "50.00")]}
    )
    result = assess(members, results, policy, "rural", ON)
    assert result.household_income_monthly == D("200.00")  # both counted
    assert result.per_capita_income_monthly == D("200.00")


# -- rule 7: the basic pension during the 十四五 ---------------------------------------------


def test_rule_7_pension_excluded_in_2025_counted_and_noted_in_2026(layers: LayerSet) -> None:
    def assessed(on: dt.date) -> Assessment:
        members, results = household(1, on, {0: [(IncomeCategory.BASIC_PENSION, "180.00")]})
        return assess(members, results, policy_of(layers, NANNING, on), "rural", on)

    during = assessed(dt.date(2025, 6, 1))
    assert during.per_capita_income_monthly == D("0.00")
    assert during.outcome is Outcome.ELIGIBLE
    assert lapse_notes(resolve(layers, NANNING, dt.date(2025, 6, 1))) == []
    after = assessed(dt.date(2026, 6, 1))
    assert after.per_capita_income_monthly == D("180.00")
    note, counted = lapse_notes(resolve(layers, NANNING, dt.date(2026, 6, 1)))
    assert note.params["parameter"] == "income.excluded.basic_pension"
    assert note.params["lapsed_on"] == "2025-12-31"
    assert "基础养老金已计入家庭收入" in render_message(counted, Locale.ZH_CN)


# -- rule 8: local exclusions --------------------------------------------------------------


def _copy_layers(tmp_path: Path, file: str, extra: str) -> LayerSet:
    for path in default_layers_dir().glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    target = tmp_path / file
    target.write_text(target.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return LayerSet.from_dir(tmp_path)


def test_rule_8_a_local_exclusion_is_stated_not_applied(tmp_path: Path) -> None:
    """办法 第十三条第二款第（四）项 lets a city exclude other income, in its own words; the
    evidence has no category for it, so the engine counts the income and the effective policy
    (GET /v1/policies/effective) shows the city's text."""
    layers = _copy_layers(
        tmp_path,
        "gx-nanning.toml",
        '\n[[income.excluded.local]]\nvalid_from = 2026-01-01\nvalue = ["临时生活补贴"]\n'
        'example = true\nnote = "测试"\n',
    )
    effective = resolve(layers, NANNING, ON)
    assert effective[p.EXCLUDED_LOCAL].status is Status.IN_FORCE
    assert effective.value(p.EXCLUDED_LOCAL) == ("临时生活补贴",)
    assert p.EXCLUDED_LOCAL.key not in {u.key for u in engine_policy(effective).used}
    members, results = household(1, ON, {0: [(IncomeCategory.TRANSFER, "90.00")]})
    result = assess(members, results, engine_policy(effective), "rural", ON)
    assert result.household_income_monthly == D("90.00")


# -- rule 9: rigid expenses ----------------------------------------------------------------


def test_rule_9_rigid_expenses_under_the_regional_cap(layers: LayerSet) -> None:
    members, results = household(2, ON, {0: [(IncomeCategory.BUSINESS, "800.00")]})
    declared = Declared(
        members={1: DeclaredMember(severe_disability=True)}, rigid_expenses_monthly=D("450")
    )
    result = assess(
        members, results, policy_of(layers, NANNING, ON), "rural", ON, declared=declared
    )
    # gx caps it at 300.00 a month (example): 800.00 − 300.00 = 500.00 for 2
    assert [(d.kind, d.monthly_amount) for d in result.deductions] == [
        ("rigid_expense", D("300.00"))
    ]
    assert result.per_capita_income_monthly == D("250.00")


# -- rule 11: the edge needs property within the limits ------------------------------------


def test_rule_11_the_edge_needs_property_within_limits(layers: LayerSet) -> None:
    """办法 第八条第二款 on the shipped layers: 250.00 a head is above the standard (208.33) and
    below 1.5 × it (312.50); with a private car the household is not 边缘."""
    policy = policy_of(layers, NANNING, ON)
    income = {0: [(IncomeCategory.BUSINESS, "500.00")]}
    members, results = household(2, ON, income)
    plain = assess(members, results, policy, "rural", ON)
    assert plain.per_capita_income_monthly == D("250.00")
    assert plain.outcome is Outcome.INELIGIBLE and plain.low_income_edge is True
    car = Vehicle(VehicleUse.PRIVATE, "车", dt.date(2020, 1, 1), D("9000"), _ref("vehicle"))
    members, results = household(2, ON, income, vehicle={1: Evidence(vehicles=(car,))})
    with_car = assess(members, results, policy, "rural", ON)
    assert with_car.per_capita_income_monthly == D("250.00")
    assert with_car.low_income_edge is False


# -- rule 14: no query without a valid authorization ---------------------------------------


async def _agency_requests(mock_sources_url: str) -> int:
    async with httpx.AsyncClient(base_url=mock_sources_url) as client:
        stats = (await client.get("/_stats")).json()["agencies"]
    return sum(agency["requests"] for agency in stats.values())


async def test_rule_14_no_agency_is_queried_without_a_valid_authorization(
    api: Api, mock_sources_url: str
) -> None:
    """办法 第九条第（三）项; 暂行办法 第五十八条第二款: a refused authorization (here, a member
    who did not consent; the other refusals: test_authorization_refusals.py) reaches no
    agency; the same household with consent does."""
    body = scenario_body(api.issuer_key, "eligible")
    before = await _agency_requests(mock_sources_url)
    refused_body = scenario_body(
        api.issuer_key,
        "eligible",
        members=[{**m, "consented": i != 1} for i, m in enumerate(scenario_members("eligible"))],
    )
    refused = await api.http.post("/v1/verifications", json=refused_body, headers=api.auth())
    assert refused.status_code in (403, 422), refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert await _agency_requests(mock_sources_url) == before
    unsigned = {"authorization": body["authorization"][:-4] + "AAAA"}
    bad = await api.http.post("/v1/verifications", json=unsigned, headers=api.auth())
    assert bad.status_code in (400, 401, 422), bad.text
    assert await _agency_requests(mock_sources_url) == before
    granted = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert granted.status_code == 201, granted.text
    assert await _agency_requests(mock_sources_url) > before


# -- rule 21: reviews yearly or half-yearly ------------------------------------------------


@pytest.mark.parametrize("region", [NANNING, FUXIN, GUANGDONG])
def test_rule_21_reviews_yearly_or_half_yearly(layers: LayerSet, region: str) -> None:
    """办法 第三十一条第二款: the seeds' monthly/quarterly/half-yearly intervals ended with their
    periods; every shipped region now reviews stable households yearly and irregular incomes
    half-yearly, in town and country."""
    policy = policy_of(layers, region, ON)
    last = dt.date(2026, 3, 31)
    assert next_review_on(policy, Category.STABLE, "urban", last) == dt.date(2027, 3, 31)
    assert next_review_on(policy, Category.THREE_NO, "rural", last) == dt.date(2027, 3, 31)
    for area in ("urban", "rural"):
        assert next_review_on(policy, Category.VARIABLE, area, last) == dt.date(2026, 9, 30)
    (stable,) = [u for u in policy.used if u.key == "review.interval_months.stable"]
    assert stable.layer == "cn" and "第三十一条第二款" in stable.citation


# -- rule 23: 渐退 of at most 6 months -----------------------------------------------------


def test_rule_23_graduation_is_six_months(layers: LayerSet) -> None:
    assert policy_of(layers, NANNING, ON).graduation_months == 6
    assert policy_of(layers, FUXIN, ON).graduation_months == 6  # Fuxin's year ended in 2020


def test_rule_23_a_longer_regional_graduation_is_capped_and_noted(tmp_path: Path) -> None:
    """2022 通知 一（三）: a city asking 12 months gets the national ceiling of 6, traced to the
    national entry, and the report's notes say so."""
    layers = _copy_layers(
        tmp_path,
        "gx-nanning.toml",
        "\n[[graduation.months]]\nvalid_from = 2026-01-01\nvalue = 12\nexample = true\n"
        'note = "测试：长于全国上限"\n',
    )
    effective = resolve(layers, NANNING, ON)
    assert effective[p.GRADUATION_MONTHS].exceeds is not None  # the resolution flags it
    policy = engine_policy(effective)
    assert policy.graduation_months == 6
    (used,) = [u for u in policy.used if u.key == "graduation.months"]
    assert (used.value, used.layer, used.status) == (6, "cn", "in_force")
    assert "一（三）" in used.citation
    (note,) = [n for n in lapse_notes(effective) if n.code == "policy.capped"]
    assert note.params["asked"] == "12" and note.params["ceiling"] == "6"
    assert note.params["layer"] == "南宁市" and note.params["ceiling_layer"] == "全国"
    chinese = render_message(note, Locale.ZH_CN)
    assert "超过全国规定的上限 6" in chinese and "按上限 6 适用" in chinese
    assert "applied the ceiling" in render_message(note, Locale.EN)
    # a shorter regional value is the region's own
    (tmp_path / "shorter").mkdir()
    shorter = _copy_layers(
        tmp_path / "shorter",
        "gx-nanning.toml",
        "\n[[graduation.months]]\nvalid_from = 2026-01-01\nvalue = 3\nexample = true\n"
        'note = "测试：短于全国上限"\n',
    )
    assert engine_policy(resolve(shorter, NANNING, ON)).graduation_months == 3
    assert not [n for n in lapse_notes(resolve(shorter, NANNING, ON)) if n.code == "policy.capped"]
