"""Layer files are checked on load; every problem names the file and the field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from connectors.sdk.evidence import VehicleUse
from tests.verification.policies.layered_files import NATIONAL, city, layer_set, province
from verification.policies.layered.loading import LayerFileError, LayerSet, parse_layer
from verification.policies.layered.model import Level
from verification.policies.layered.params import PARAMS, Relation

RURAL_2023 = """
[[standard.rural]]
valid_from = 2023-01-01
value = "3000.00"
source = "zz-doc"
article = "第一条"
"""


def test_a_layer_is_read_with_typed_values() -> None:
    layer = parse_layer(
        "zz.toml",
        province(
            body=RURAL_2023
            + """
[[assets.exempt_vehicle_uses]]
valid_from = 2023-01-01
value = ["agricultural"]
example = true
note = "示例"
"""
        ),
    )
    assert (layer.id, layer.level, layer.region_prefix, layer.extends) == (
        "zz",
        Level.PROVINCE,
        "99",
        "cn",
    )
    (rural,) = layer.params["standard.rural"]
    assert rural.value == Decimal("3000.00") and isinstance(rural.value, Decimal)
    assert rural.valid_from == dt.date(2023, 1, 1) and rural.valid_until is None
    assert rural.citation.document == "zz-doc" and rural.citation.article == "第一条"
    (vehicles,) = layer.params["assets.exempt_vehicle_uses"]
    assert vehicles.value == (VehicleUse.AGRICULTURAL,) and vehicles.citation.example
    assert layer.documents["zz-doc"].title == "测试省低保文件"


def test_the_national_baseline_states_every_parameter() -> None:
    national = parse_layer("cn.toml", NATIONAL)
    assert set(national.params) == set(PARAMS)
    (relations,) = national.params["household.member_relations"]
    assert relations.value == tuple(Relation)


ENTRY = """
[[standard.rural]]
valid_from = 2023-01-01
{fields}
"""


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ('value = 2500.5\nsource = "zz-doc"', "must be a decimal string"),
        ('value = 2500\nsource = "zz-doc"', "must be a decimal string"),
        ('value = "-1"\nsource = "zz-doc"', "greater than or equal to 0"),
        ('value = "2500.123"\nsource = "zz-doc"', "decimal places"),
        ('value = "2500"', "cite a source (a document id) or mark the value example = true"),
        ('value = "2500"\nexample = true', "an example needs a note"),
        ('left_to_local = true\nsource = "zz-doc"', "left_to_local needs a reason"),
        ('value = "2500"\nleft_to_local = true\nreason = "x"\nsource = "zz-doc"', "either a value"),
        ('source = "zz-doc"', "either a value"),
        ('value = "2500"\nsource = "zz-doc"\nvalid_until = 2022-12-31', "valid_until is before"),
        ('value = "2500"\nsource = "zz-doc"\nvalud = 1', "valud: Extra inputs are not permitted"),
        ('value = "2500"\narticle = "第一条"\nexample = true\nnote = "x"', "needs the source"),
    ],
)
def test_bad_entries_name_file_parameter_and_entry(fields: str, message: str) -> None:
    with pytest.raises(LayerFileError) as error:
        parse_layer("zz.toml", province(body=ENTRY.format(fields=fields)))
    text = str(error.value)
    assert text.startswith("zz.toml: standard.rural entry 1 (from 2023-01-01): ")
    assert message in text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (RURAL_2023.replace("standard.rural", "standard.suburban"), "standard.suburban: unknown"),
        (
            '[standard.rural]\nvalid_from = 2023-01-01\nvalue = "1.00"',
            "standard.rural: write its entries as [[standard.rural]] tables",
        ),
        (
            RURAL_2023 + RURAL_2023.replace("2023-01-01", "2023-06-01"),
            "standard.rural: the entries from 2023-01-01 and from 2023-06-01 overlap",
        ),
        (
            '[[household.member_relations]]\nvalid_from = 2023-01-01\nvalue = ["cousin"]\n'
            'source = "zz-doc"',
            "household.member_relations entry 1 (from 2023-01-01): value.0: Input should be",
        ),
        (
            '[[graduation.months]]\nvalid_from = 2023-01-01\nvalue = 6.0\nsource = "zz-doc"',
            "graduation.months entry 1 (from 2023-01-01): value: Input should be a valid integer",
        ),
        (
            '[[allowance.tiers]]\nvalid_from = 2023-01-01\nsource = "zz-doc"\nvalue = ['
            '{up_to_gap_fraction = "0.5", fraction_of_standard = "0.5"}]',
            "ending at 1",
        ),
    ],
)
def test_bad_parameters_name_file_and_parameter(body: str, message: str) -> None:
    with pytest.raises(LayerFileError, match=r"^zz\.toml: ") as error:
        parse_layer("zz.toml", province(body=body))
    assert message in str(error.value)


def test_a_national_citation_names_its_article() -> None:
    text = NATIONAL.replace('article = "第八条第二款"\nquote', "quote", 1)
    with pytest.raises(LayerFileError, match=r"cn\.toml: edge\.income_multiple entry 1 .*article"):
        parse_layer("cn.toml", text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[layer\n", "not valid TOML"),
        ("x = 1\n", "the [layer] table is missing"),
        (province(prefix="9901"), "a province layer names a region prefix of 2 digits"),
        (province().replace('extends = "cn"\n', ""), "every other layer extends one"),
        (province().replace('level = "province"', 'level = "state"'), "layer.level"),
        (province().replace("[documents.zz-doc]", "[documents.ZZ]"), "documents.ZZ: an id is"),
        (province().replace("issued = 2022-01-01", "issued = 2022-01-01\nurl = 1"), "url"),
    ],
)
def test_bad_headers_and_documents(text: str, message: str) -> None:
    with pytest.raises(LayerFileError, match=r"^zz\.toml: ") as error:
        parse_layer("zz.toml", text)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"zz": province(body=RURAL_2023.replace("zz-doc", "nowhere"))},
            "zz.toml: standard.rural entry 1 (from 2023-01-01): source: no document 'nowhere'",
        ),
        ({"zz-city": city(extends="yy")}, "zz-city.toml: layer.extends: no layer 'yy'"),
        (
            {"zz": province(), "zz-city": city(extends="cn")},
            "zz-city.toml: layer.extends: region 9901 lies in 'zz' (99), so it extends 'zz', "
            "not 'cn'",
        ),
        ({"zz": province(), "zz2": province()}, "layer id 'zz' is also used by"),
        ({"zz": province(), "zz2": province(layer_id="zz2")}, "region prefix 99 is also stated"),
        (
            {"zz": province(), "zz-city": city(body='[documents.zz-doc]\ntitle = "again"\n')},
            "zz-city.toml: documents.zz-doc: already defined in zz.toml",
        ),
        (
            {"zz": province(body='[documents.banfa-2021]\ntitle = "again"\n')},
            "zz.toml: documents.banfa-2021: already defined in cn.toml",
        ),
    ],
)
def test_a_set_of_layers_is_checked_as_a_whole(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    with pytest.raises(LayerFileError) as error:
        layer_set(tmp_path, **files)
    assert message in str(error.value)


def test_the_national_layer_must_state_every_parameter(tmp_path: Path) -> None:
    start = NATIONAL.index("[[work_refusal.consecutive_refusals]]")
    end = NATIONAL.index("[[work_refusal.cut_applies_to]]")
    (tmp_path / "cn.toml").write_text(NATIONAL[:start] + NATIONAL[end:], encoding="utf-8")
    with pytest.raises(LayerFileError, match=r"missing: work_refusal\.consecutive_refusals"):
        LayerSet.from_dir(tmp_path)


def test_exactly_one_national_layer(tmp_path: Path) -> None:
    (tmp_path / "zz.toml").write_text(province(), encoding="utf-8")
    with pytest.raises(LayerFileError, match="exactly one national layer is needed, found 0"):
        LayerSet.from_dir(tmp_path)
    with pytest.raises(LayerFileError, match="no layer files"):
        LayerSet.from_dir(tmp_path / "empty")
