"""The seam between the layered policy and the engine: ``engine_policy(resolve(...))``.

Pure: the shipped layers (and edited copies) resolved for a region and a date, turned into
the engine's ``Policy``; every value traced to its layer, dated entry and citation; a gap
refused, never filled."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from connectors.sdk.evidence import (
    Evidence,
    IncomeCategory,
    IncomeItem,
    RecordRef,
    SourceResult,
    SourceStatus,
)
from verification.assessment.engine import assess
from verification.assessment.income import lookback_window
from verification.assessment.model import Member
from verification.policies import in_force
from verification.policies.in_force import ENGINE_PARAMS, PoliciesInForce, engine_policy
from verification.policies.layered.loading import LayerSet, default_layers_dir
from verification.policies.layered.params import EmploymentCostScope
from verification.problems import InvalidRequest

NANNING = "450102"
TODAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def policies() -> PoliciesInForce:
    return PoliciesInForce(LayerSet.from_dir(default_layers_dir()))


def _copy_layers(tmp_path: Path) -> Path:
    for path in default_layers_dir().glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_the_policy_is_the_most_specific_layer_on_the_date(policies: PoliciesInForce) -> None:
    policy = policies.policy(NANNING, TODAY)
    assert (policy.id, policy.version, policy.name, policy.on) == (
        "gx-nanning",
        "2026-12-06",
        "南宁市",
        TODAY,
    )
    assert policy.standards["rural"].annual_per_person == Decimal("2500.00")
    assert policy.standards["urban"].annual_per_person == Decimal("10200.00")  # Nanning's own
    # national rules followed as data
    assert policy.income.employment_cost_deducted_from is EmploymentCostScope.ALL_WAGE_EARNERS
    assert policy.income.employment_cost_monthly == Decimal("100.00")
    assert policy.edge_requires_property_within_limits is True  # rule 11
    assert policy.graduation_months == 6  # rule 23: 渐退 at most 6 months
    assert policy.review_intervals_months.model_dump() == {  # rule 21
        "three_no": 12,
        "illness_disability_stable": 12,
        "stable": 12,
        "variable_urban": 6,
        "variable_rural": 6,
    }
    assert policy.single_person.allowed and policy.single_person.min_age == 18  # rule 13
    assert policy.low_income_multiple == Decimal("1.5")
    assert policy.example  # the Guangxi standards are examples


def test_every_value_used_is_traced_to_a_dated_cited_entry(policies: PoliciesInForce) -> None:
    policy = policies.policy(NANNING, TODAY)
    used = {u.key: u for u in policy.used}
    assert set(used) == {param.key for param in ENGINE_PARAMS}
    rural = used["standard.rural"]
    assert (rural.layer, rural.valid_from, rural.valid_until) == ("gx", dt.date(2017, 1, 1), None)
    assert rural.value == "2500.00" and rural.example and "示例值" in rural.citation
    urban = used["standard.urban"]
    assert (urban.layer, urban.valid_from, urban.value) == (
        "gx-nanning",
        dt.date(2025, 1, 1),
        "10200.00",
    )
    graduation = used["graduation.months"]
    assert graduation.layer == "cn" and graduation.value == 6 and not graduation.example
    assert "一（三）" in graduation.citation and graduation.valid_from == dt.date(2022, 10, 20)
    scope = used["income.employment_cost_deducted_from"]
    assert scope.value == "all_wage_earners" and "第十三条第一款第（一）项" in scope.citation
    assert all(
        u.status == "in_force" for k, u in used.items() if k != "income.excluded.basic_pension"
    )


def test_a_standard_changing_on_1_january_gives_each_day_its_own(
    policies: PoliciesInForce,
) -> None:
    before = policies.policy(NANNING, dt.date(2024, 12, 31))
    after = policies.policy(NANNING, dt.date(2025, 1, 1))
    assert before.standards["urban"].monthly_per_person == Decimal("800.00")  # 9600 / 12
    assert after.standards["urban"].monthly_per_person == Decimal("850.00")  # 10200 / 12
    (old,) = [u for u in before.used if u.key == "standard.urban"]
    assert (old.valid_from, old.valid_until) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def test_the_basic_pension_exclusion_applies_until_it_lapses(policies: PoliciesInForce) -> None:
    in_force_day = policies.policy(NANNING, dt.date(2025, 12, 31))
    lapsed_day = policies.policy(NANNING, dt.date(2026, 1, 1))
    assert in_force_day.income.excluded_categories == [IncomeCategory.BASIC_PENSION]
    assert lapsed_day.income.excluded_categories == []  # not applied: the pension counts
    (traced,) = [u for u in lapsed_day.used if u.key == "income.excluded.basic_pension"]
    assert traced.status == "lapsed" and traced.value is None
    assert traced.valid_until == dt.date(2025, 12, 31)


def test_the_engine_counts_the_pension_once_the_exclusion_lapsed(
    policies: PoliciesInForce,
) -> None:
    def per_capita(on: dt.date) -> Decimal:
        window = lookback_window(on, 12)
        months = [f"{y:04d}-{m:02d}" for y in (on.year - 1, on.year) for m in range(1, 13)]
        items = tuple(
            IncomeItem(
                IncomeCategory.BASIC_PENSION, month, Decimal("150.00"), RecordRef("tax", "t")
            )
            for month in months
            if window.contains(month)
        )
        results = {
            (0, scope): SourceResult(scope, SourceStatus.OK, Evidence())
            for scope in ("hukou", "vehicle", "housing", "bank", "provident_fund")
        }
        results[(0, "tax")] = SourceResult("tax", SourceStatus.OK, Evidence(incomes=items))
        members = [Member(index=0, relation="self", birth_date=dt.date(1950, 1, 1))]
        policy = policies.policy(NANNING, on)
        return assess(members, results, policy, "rural", on).per_capita_income_monthly

    assert per_capita(dt.date(2025, 12, 31)) == Decimal("0.00")
    assert per_capita(dt.date(2026, 1, 1)) == Decimal("150.00")


def test_a_value_left_to_local_refuses_naming_parameter_and_region(
    policies: PoliciesInForce,
) -> None:
    # 内蒙古: a layer of its own, but no standard in force (the 办法 leaves it to the region)
    with pytest.raises(InvalidRequest) as refused:
        policies.policy("150102", TODAY)
    error = refused.value
    assert error.instance_code == "policy-incomplete" and error.instance_status == 422
    assert "region 150102 on 2026-12-06" in error.detail
    assert "standard.rural (left_to_local)" in error.detail
    named = {item["parameter"]: item for item in error.extra["parameters"]}
    assert named["standard.rural"]["status"] == "left_to_local"
    assert named["standard.rural"]["layer"] == "cn"
    assert error.extra["region"] == "150102" and error.extra["on"] == "2026-12-06"
    assert "standard.rural" in error.audit_fields["parameters"]


def test_a_lapsed_value_without_a_safe_reading_refuses(tmp_path: Path) -> None:
    layers = _copy_layers(tmp_path)
    cn = layers / "cn.toml"
    # the national edge line ends on 2026-06-30, and nothing follows it
    text = cn.read_text(encoding="utf-8").replace(
        "[[edge.income_multiple]]\nvalid_from = 2021-07-01\n",
        "[[edge.income_multiple]]\nvalid_from = 2021-07-01\nvalid_until = 2026-06-30\n",
    )
    cn.write_text(text, encoding="utf-8")
    edited = PoliciesInForce(LayerSet.from_dir(layers))
    assert edited.policy(NANNING, dt.date(2026, 6, 30)).low_income_multiple == Decimal("1.5")
    with pytest.raises(InvalidRequest) as refused:
        edited.policy(NANNING, dt.date(2026, 7, 1))
    (item,) = refused.value.extra["parameters"]
    assert item == {
        "parameter": "edge.income_multiple",
        "label": "低保边缘家庭的收入线（低保标准的倍数）",
        "status": "lapsed",
        "lapsed_on": "2026-06-30",
        "layer": "cn",
    }


def test_a_region_without_a_layer_has_no_policy(policies: PoliciesInForce) -> None:
    with pytest.raises(InvalidRequest) as refused:
        policies.policy("110101", TODAY)
    assert refused.value.instance_code == "no-policy"
    assert "no policy is in force for region 110101" in refused.value.detail


def test_resolution_is_cached_per_chain_and_date(
    policies: PoliciesInForce, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, dt.date]] = []
    real = in_force.resolve

    def counting(layers: LayerSet, region: str, on: dt.date):  # type: ignore[no-untyped-def]
        calls.append((region, on))
        return real(layers, region, on)

    monkeypatch.setattr(in_force, "resolve", counting)
    fresh = PoliciesInForce(policies.layers)
    day = dt.date(2026, 3, 3)
    first = fresh.effective("450102", day)
    second = fresh.effective("450103", day)  # same chain: gx-nanning → gx → cn
    assert len(calls) == 1 and first.resolved is second.resolved
    assert (first.region_code, second.region_code) == ("450102", "450103")
    fresh.effective("450102", day + dt.timedelta(days=1))
    fresh.effective("450201", day)  # 柳州: gx → cn
    assert len(calls) == 3
    assert engine_policy(second) == engine_policy(first)
