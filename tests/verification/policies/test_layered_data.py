"""The shipped layers: the seeds' figures as dated, cited entries, examples marked, and the
values the scenario households' outcomes depend on unchanged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from verification.policies.layered import params as p
from verification.policies.layered.loading import LayerSet, default_layers_dir
from verification.policies.layered.resolution import Status, resolve

NANNING = "450102"  # 南宁市兴宁区: the scenario households' region
FUXIN = "210902"


@pytest.fixture(scope="module")
def layers() -> LayerSet:
    return LayerSet.from_dir(default_layers_dir())


def test_cities_extend_their_provinces(layers: LayerSet) -> None:
    def chain(code: str) -> list[str]:
        return [layer.id for layer in layers.chain(code)]

    assert chain(NANNING) == ["gx-nanning", "gx", "cn"]
    assert chain("450201") == ["gx-liuzhou", "gx", "cn"]  # 柳州: the example 分档 city
    assert chain("450301") == ["gx", "cn"]  # 桂林: no city layer
    assert chain(FUXIN) == ["ln-fuxin", "ln", "cn"]
    assert chain("440103") == ["gd", "cn"]
    assert chain("150102") == ["nm", "cn"]


@pytest.mark.parametrize(
    ("day", "annual", "seed"),
    [
        (dt.date(2015, 6, 1), Decimal("2028.00"), "000"),
        (dt.date(2016, 6, 1), Decimal("2500.00"), "000"),
        (dt.date(2017, 6, 1), Decimal("2500.00"), None),  # the seeds give no figure: example
        (dt.date(2026, 12, 1), Decimal("2500.00"), None),
    ],
)
def test_guangxi_rural_standard_year_by_year(
    layers: LayerSet, day: dt.date, annual: Decimal, seed: str | None
) -> None:
    rural = resolve(layers, NANNING, day)[p.STANDARD_RURAL]
    assert rural.status is Status.IN_FORCE and rural.value == annual
    assert rural.source is not None and rural.source.layer_id == "gx"  # Nanning inherits it
    if seed is None:
        assert rural.source.example and rural.source.entry.citation.note
    else:
        assert rural.source.document is not None and rural.source.document.seed == seed
        assert rural.source.document.number == "桂政办发〔2016〕9号"
        assert f"{annual:.0f}" in (rural.source.entry.citation.quote or "")


def test_nanning_sets_its_own_urban_standard_each_year(layers: LayerSet) -> None:
    def urban(day: dt.date) -> tuple[object, str]:
        resolved = resolve(layers, NANNING, day)[p.STANDARD_URBAN]
        assert resolved.source is not None and resolved.source.example
        return resolved.value, resolved.source.layer_id

    assert urban(dt.date(2023, 6, 1)) == (Decimal("6240.00"), "gx")
    assert urban(dt.date(2024, 6, 1)) == (Decimal("9600.00"), "gx-nanning")
    assert urban(dt.date(2025, 6, 1)) == (Decimal("10200.00"), "gx-nanning")
    assert urban(dt.date(2026, 6, 1)) == (Decimal("10200.00"), "gx-nanning")
    overridden = resolve(layers, NANNING, dt.date(2025, 6, 1))[p.STANDARD_URBAN].overrides
    assert (overridden[0].layer_id, overridden[0].entry.value) == ("gx", Decimal("6240.00"))


def test_the_basic_pension_exclusion_by_region_and_date(layers: LayerSet) -> None:
    def pension(code: str, day: dt.date) -> tuple[Status, str | None]:
        resolved = resolve(layers, code, day)[p.EXCLUDED_BASIC_PENSION]
        return resolved.status, resolved.source.layer_id if resolved.source else None

    assert pension(NANNING, dt.date(2024, 6, 1)) == (Status.IN_FORCE, "cn")
    assert pension(NANNING, dt.date(2026, 1, 1)) == (Status.LAPSED, "cn")
    assert resolve(layers, NANNING, dt.date(2026, 1, 1))[p.EXCLUDED_BASIC_PENSION].lapsed_on == (
        dt.date(2025, 12, 31)
    )
    # Fuxin: the 十三五 exclusion of seed 001, a gap, then the 十四五 one of the 办法
    assert pension(FUXIN, dt.date(2018, 1, 1)) == (Status.IN_FORCE, "ln-fuxin")
    assert pension(FUXIN, dt.date(2021, 3, 1)) == (Status.LAPSED, "ln-fuxin")
    after = resolve(layers, FUXIN, dt.date(2022, 1, 1))[p.EXCLUDED_BASIC_PENSION]
    assert after.status is Status.IN_FORCE and after.source is not None
    assert after.source.layer_id == "cn"
    assert after.after_lapse is not None and after.after_lapse.layer_id == "ln-fuxin"


def test_fuxin_graduation_gives_way_to_the_national_ceiling(layers: LayerSet) -> None:
    early = resolve(layers, FUXIN, dt.date(2018, 1, 1))[p.GRADUATION_MONTHS]
    assert early.value == 12 and early.source is not None
    assert early.source.document is not None and early.source.document.seed == "001"
    now = resolve(layers, FUXIN, dt.date(2026, 6, 1))[p.GRADUATION_MONTHS]
    assert now.value == 6 and now.source is not None and now.source.layer_id == "cn"
    # Guangxi states none: the national six months reach it too
    assert resolve(layers, NANNING, dt.date(2026, 6, 1)).value(p.GRADUATION_MONTHS) == 6


def test_the_2013_seed_rules_end_with_the_2021_measures(layers: LayerSet) -> None:
    old = resolve(layers, "150102", dt.date(2015, 6, 1))
    assert old.value(p.REVIEW_VARIABLE_URBAN) == 1
    assert old.value(p.COUNTY_SAMPLE_FRACTION) == Decimal("0.30")
    assert "income" in old.value(p.PUBLISHED_FIELDS)
    assert old.value(p.RESTART_ON_RE_REVIEW) is True
    new = resolve(layers, "150102", dt.date(2026, 6, 1))
    assert new.value(p.REVIEW_VARIABLE_URBAN) == 6
    assert new[p.COUNTY_SAMPLE_FRACTION].status is Status.LEFT_TO_LOCAL
    assert "income" not in new.value(p.PUBLISHED_FIELDS)
    assert new.value(p.RESTART_ON_RE_REVIEW) is False


def test_every_seed_is_cited(layers: LayerSet) -> None:
    cited = {
        doc.seed
        for layer in layers.layers.values()
        for entries in layer.params.values()
        for entry in entries
        if entry.citation.document is not None
        and (doc := layers.documents(layer)[entry.citation.document]).seed is not None
    }
    assert cited == {"000", "001", "002", "003", "004"}


def test_no_shipped_value_exceeds_a_ceiling_on_any_date(layers: LayerSet) -> None:
    for layer in layers.layers.values():
        chain = layers.ancestors(layer)
        days = {
            day
            for each in chain
            for entries in each.params.values()
            for entry in entries
            for day in (
                entry.valid_from,
                entry.valid_until + dt.timedelta(days=1) if entry.valid_until else None,
            )
            if day is not None
        }
        code = (layer.region_prefix or "11").ljust(6, "0")
        for day in sorted(days):
            policy = resolve(layers, code, day)
            breaches = [r.param.key for r in policy.resolved.values() if r.exceeds is not None]
            assert breaches == [], (layer.id, day)


def test_the_scenario_region_keeps_the_figures_its_outcomes_depend_on(layers: LayerSet) -> None:
    """The figures the flat gx-2016 file gave the scenario households, from the layers."""
    new = resolve(layers, NANNING, dt.date(2026, 12, 1))
    assert new.value(p.STANDARD_RURAL) == Decimal("2500.00")
    assert new.value(p.LOOKBACK_MONTHS) == 12
    assert new.value(p.EDGE_INCOME_MULTIPLE) == Decimal("1.5")
    assert new.value(p.FINANCIAL_MULTIPLE) == Decimal("2")
    assert [str(u) for u in new.value(p.EXEMPT_VEHICLE_USES)] == ["agricultural", "disability"]
    assert new.value(p.MAX_RESIDENCES) == 1
    assert new.value(p.COMMERCIAL_PROPERTY_ALLOWED) is False
    assert new.value(p.COUNT_PROVIDENT_FUND) is False
    assert new.value(p.EMPLOYMENT_COST_MONTHLY) == Decimal("100.00")
    assert new.value(p.RIGID_EXPENSE_DEDUCTIBLE) is True
    assert new.value(p.RIGID_EXPENSE_CAP_MONTHLY) == Decimal("300.00")
    assert new.value(p.DECLARED_INCOME_FRACTION) == Decimal("0.10")
    assert new.value(p.DECLARED_INCOME_MINIMUM) == Decimal("50.00")
    assert new.value(p.DECLARED_ASSETS_FRACTION) == Decimal("0.10")
    assert new.value(p.DECLARED_ASSETS_MINIMUM) == Decimal("1000.00")
