"""The effective policy for a region and a date: inheritance, dates, lapses and provenance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from tests.verification.policies.layered_files import city, layer_set, province
from verification.policies.layered import params as p
from verification.policies.layered.loading import LayerSet
from verification.policies.layered.model import Level
from verification.policies.layered.resolution import NotInForceError, Status, resolve

PROVINCE = """
[[standard.rural]]
valid_from = 2023-01-01
valid_until = 2023-12-31
value = "3000.00"
source = "zz-doc"
article = "第一条"

[[standard.rural]]
valid_from = 2024-01-01
value = "3600.00"
source = "zz-doc"
article = "第二条"

[[standard.urban]]
valid_from = 2023-01-01
value = "6000.00"
example = true
note = "没有公布的数字"

[[graduation.months]]
valid_from = 2023-01-01
value = 9
source = "zz-doc"
article = "第三条"

[[edge.income_multiple]]
valid_from = 2019-01-01
valid_until = 2020-12-31
value = "2"
source = "zz-doc"
article = "第四条"

[[review.recheck_after_death_months]]
valid_from = 2023-01-01
value = 2
source = "zz-doc"
article = "第五条"
"""

CITY = """
[documents.city-doc]
title = "测试市低保标准"

[[standard.rural]]
valid_from = 2022-01-01
valid_until = 2022-12-31
value = "4000.00"
source = "city-doc"
article = "一"

[[standard.urban]]
valid_from = 2025-01-01
value = "9000.00"
source = "city-doc"
article = "二"
"""


@pytest.fixture(scope="module")
def layers(tmp_path_factory: pytest.TempPathFactory) -> LayerSet:
    directory: Path = tmp_path_factory.mktemp("layers")
    return layer_set(directory, zz=province(body=PROVINCE), **{"zz-city": city(body=CITY)})


def test_the_chain_of_a_region_runs_from_the_most_specific_layer_to_the_nation(
    layers: LayerSet,
) -> None:
    assert [layer.id for layer in layers.chain("990102")] == ["zz-city", "zz", "cn"]
    assert [layer.id for layer in layers.chain("9901")] == ["zz-city", "zz", "cn"]
    assert [layer.id for layer in layers.chain("990201")] == ["zz", "cn"]
    assert [layer.id for layer in layers.chain("110101")] == ["cn"]
    for bad in ("9", "99010", "9901021", "abcdef", "９９０１"):
        with pytest.raises(ValueError, match="is not 2, 4 or 6 digits"):
            layers.chain(bad)


def test_a_city_value_overrides_the_province_and_the_nation(layers: LayerSet) -> None:
    rural = resolve(layers, "990102", dt.date(2022, 6, 1))[p.STANDARD_RURAL]
    assert rural.status is Status.IN_FORCE and rural.value == Decimal("4000.00")
    assert rural.source is not None
    assert (rural.source.layer_id, rural.source.level) == ("zz-city", Level.CITY)
    assert rural.source.document is not None and rural.source.document.title == "测试市低保标准"
    # on that date the province states nothing; the nation leaves the standard to local data
    assert [(o.layer_id, o.entry.left_to_local) for o in rural.overrides] == [("cn", True)]


def test_what_a_city_does_not_set_comes_from_its_province(layers: LayerSet) -> None:
    policy = resolve(layers, "990102", dt.date(2024, 6, 1))
    urban = policy[p.STANDARD_URBAN]
    assert urban.value == Decimal("6000.00") and urban.source is not None
    assert urban.source.layer_id == "zz" and urban.source.example
    assert "示例值：没有公布的数字" in urban.source.citation_text()
    # and what neither sets, from the nation
    assert policy.value(p.PUBLICITY_DAYS) == 7
    assert policy[p.PUBLICITY_DAYS].source is not None
    assert policy[p.PUBLICITY_DAYS].source.layer_id == "cn"


def test_each_date_gets_the_entry_in_force_on_it(layers: LayerSet) -> None:
    def rural(day: dt.date) -> object:
        return resolve(layers, "990201", day)[p.STANDARD_RURAL].value

    assert rural(dt.date(2023, 1, 1)) == Decimal("3000.00")
    assert rural(dt.date(2023, 12, 31)) == Decimal("3000.00")
    assert rural(dt.date(2024, 1, 1)) == Decimal("3600.00")
    assert rural(dt.date(2030, 1, 1)) == Decimal("3600.00")


def test_a_city_value_that_ended_is_noted_when_the_province_takes_over(layers: LayerSet) -> None:
    rural = resolve(layers, "990102", dt.date(2023, 3, 1))[p.STANDARD_RURAL]
    assert rural.status is Status.IN_FORCE and rural.value == Decimal("3000.00")
    assert rural.source is not None and rural.source.layer_id == "zz"
    assert rural.after_lapse is not None
    assert rural.after_lapse.layer_id == "zz-city"
    assert rural.after_lapse.entry.valid_until == dt.date(2022, 12, 31)


def test_a_value_that_lapsed_without_a_successor_is_reported_never_applied(
    layers: LayerSet,
) -> None:
    # the province's multiple ended 2020-12-31; the national one starts 2021-07-01
    policy = resolve(layers, "990201", dt.date(2021, 3, 1))
    edge = policy[p.EDGE_INCOME_MULTIPLE]
    assert edge.status is Status.LAPSED and edge.value is None
    assert edge.lapsed_on == dt.date(2020, 12, 31)
    assert edge.source is not None and edge.source.entry.value == Decimal("2")
    assert edge in policy.with_status(Status.LAPSED)
    lapsed = r"edge\.income_multiple is lapsed \(ended 2020-12-31\)"
    with pytest.raises(NotInForceError, match=lapsed):
        policy.value(p.EDGE_INCOME_MULTIPLE)
    # once the national value starts it applies, with the province's lapse noted
    later = resolve(layers, "990201", dt.date(2021, 7, 1))[p.EDGE_INCOME_MULTIPLE]
    assert later.status is Status.IN_FORCE and later.value == Decimal("1.5")
    assert later.after_lapse is not None and later.after_lapse.layer_id == "zz"


def test_the_basic_pension_exclusion_lapses_after_the_fourteenth_five_year_plan(
    layers: LayerSet,
) -> None:
    applied = resolve(layers, "990102", dt.date(2024, 6, 1))
    assert applied.value(p.EXCLUDED_BASIC_PENSION) is True
    lapsed = resolve(layers, "990102", dt.date(2026, 1, 1))[p.EXCLUDED_BASIC_PENSION]
    assert lapsed.status is Status.LAPSED and lapsed.value is None
    assert lapsed.lapsed_on == dt.date(2025, 12, 31)
    assert lapsed.source is not None and lapsed.source.entry.citation.article == (
        "第十三条第二款第（三）项"
    )


def test_left_to_local_and_unset_are_not_values(layers: LayerSet) -> None:
    policy = resolve(layers, "110101", dt.date(2026, 1, 1))
    standard = policy[p.STANDARD_RURAL]
    assert standard.status is Status.LEFT_TO_LOCAL and standard.value is None
    assert standard.source is not None and standard.source.entry.reason
    with pytest.raises(NotInForceError, match=r"standard\.rural is left_to_local"):
        policy.value(p.STANDARD_RURAL)
    # the 20-day limit for delegated decisions starts with the 2022 notice
    early = resolve(layers, "110101", dt.date(2022, 1, 1))[p.TOTAL_DELEGATED_DAYS]
    assert early.status is Status.UNSET and early.source is None


def test_a_value_above_a_national_ceiling_is_flagged(layers: LayerSet) -> None:
    policy = resolve(layers, "990201", dt.date(2024, 6, 1))
    graduation = policy[p.GRADUATION_MONTHS]
    assert graduation.value == 9  # stated by the province, so it is what the province says…
    assert graduation.exceeds is not None  # …and flagged as above the national ceiling
    assert graduation.exceeds.layer_id == "cn" and graduation.exceeds.entry.value == 6
    shorter = policy[p.RECHECK_AFTER_DEATH_MONTHS]
    assert shorter.value == 2 and shorter.exceeds is None  # a region may shorten a limit


def test_examples_are_listed(layers: LayerSet) -> None:
    policy = resolve(layers, "990201", dt.date(2024, 6, 1))
    examples = {r.param.key for r in policy.examples()}
    assert "standard.urban" in examples and "standard.rural" not in examples
    assert "declaration.income_fraction" in examples  # the service's own thresholds


def test_every_parameter_is_resolved(layers: LayerSet) -> None:
    policy = resolve(layers, "990102", dt.date(2024, 6, 1))
    assert set(policy.resolved) == set(p.PARAMS)
    assert policy.region_code == "990102" and policy.on == dt.date(2024, 6, 1)
