from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from verification.policies.catalog import (
    PolicyCatalog,
    PolicyFileError,
    default_policies_dir,
    load_policy,
)
from verification.problems import InvalidRequest


@pytest.fixture(scope="module")
def catalog() -> PolicyCatalog:
    return PolicyCatalog.from_dir(default_policies_dir())


def test_guangxi_figures_from_the_seeds(catalog: PolicyCatalog) -> None:
    p2015 = catalog.select("450102", dt.date(2015, 6, 1))
    p2016 = catalog.select("450102", dt.date(2026, 11, 23))
    assert p2015.id == "gx-2015" and p2015.standards["rural"].annual_per_person == Decimal("2028")
    assert p2016.id == "gx-2016" and p2016.standards["rural"].annual_per_person == Decimal("2500")
    # 2500 / 12 = 208.333… → 208.33; 2028 / 12 = 169.00
    assert p2016.standards["rural"].monthly_per_person == Decimal("208.33")
    assert p2015.standards["rural"].monthly_per_person == Decimal("169.00")


def test_no_policy_is_a_clear_refusal(catalog: PolicyCatalog) -> None:
    with pytest.raises(InvalidRequest, match="no policy is in force for region 110101"):
        catalog.select("110101", dt.date(2026, 1, 1))
    with pytest.raises(InvalidRequest):
        catalog.select("450102", dt.date(2014, 12, 31))


def test_more_specific_region_wins(tmp_path: Path) -> None:
    base = (default_policies_dir() / "gx-2016.toml").read_text(encoding="utf-8")
    (tmp_path / "gx.toml").write_text(base, encoding="utf-8")
    county = base.replace('id = "gx-2016"', 'id = "xn-2016"').replace(
        'region_prefix = "45"', 'region_prefix = "450102"'
    )
    (tmp_path / "xn.toml").write_text(county, encoding="utf-8")
    catalog = PolicyCatalog.from_dir(tmp_path)
    assert catalog.select("450102", dt.date(2026, 1, 1)).id == "xn-2016"
    assert catalog.select("450103", dt.date(2026, 1, 1)).id == "gx-2016"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda t: t.replace('annual_per_person = "2500"', "annual_per_person = 2500.5"),
            "decimal string",
        ),
        (lambda t: t.replace("[standards.urban]", "[standards.suburban]"), "urban missing"),
        (
            lambda t: t.replace(
                'excluded_categories = ["basic_pension"]', 'excluded_categories = ["x"]'
            ),
            "income.excluded_categories",
        ),
        (lambda t: t + "\nunknown_field = 1\n", "unknown_field"),
        (
            lambda t: t.replace("valid_from = 2016-01-01", "valid_from = 2016-13-01"),
            "not valid TOML",
        ),
    ],
)
def test_bad_policy_files_name_file_and_field(tmp_path: Path, edit, message: str) -> None:
    text = (default_policies_dir() / "gx-2016.toml").read_text(encoding="utf-8")
    path = tmp_path / "broken.toml"
    path.write_text(edit(text), encoding="utf-8")
    with pytest.raises(PolicyFileError, match=r"broken\.toml") as error:
        load_policy(path)
    assert message in str(error.value)
