"""Exact unit conversion and the strict wire value types."""

import datetime as dt
from decimal import Decimal

import pytest
from pydantic import ValidationError

from connectors.sdk.wire import (
    AmountText,
    CompactDate,
    CompactMonth,
    IsoDate,
    WireModel,
    compact_month,
    fen_to_yuan,
    month_of,
    wan_yuan_to_yuan,
    yuan,
)


class Sample(WireModel):
    amount: AmountText
    compact: CompactDate
    iso: IsoDate
    month: CompactMonth


def test_conversions_are_exact_to_two_places():
    assert str(fen_to_yuan(6000000)) == "60000.00"
    assert str(fen_to_yuan(1)) == "0.01"
    assert str(fen_to_yuan(0)) == "0.00"
    assert str(wan_yuan_to_yuan(Decimal("45.20"))) == "452000.00"
    assert str(wan_yuan_to_yuan(Decimal("0.000001"))) == "0.01"
    assert str(yuan(Decimal("1.005"))) == "1.01"
    assert str(yuan(Decimal("3500"))) == "3500.00"


def test_month_forms():
    assert month_of(dt.date(2026, 1, 31)) == "2026-01"
    assert compact_month(dt.date(2025, 11, 1)) == "202511"


def test_valid_values_parse():
    sample = Sample.model_validate_json(
        '{"amount": "89.50", "compact": "20190312", "iso": "2015-06-01", "month": "202510"}'
    )
    assert sample.amount == Decimal("89.50")
    assert sample.compact == dt.date(2019, 3, 12)
    assert sample.iso == dt.date(2015, 6, 1)
    assert sample.month == "2025-10"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", 89.5),
        ("amount", "-1.00"),
        ("amount", "NaN"),
        ("amount", "1e5"),
        ("compact", "2019-03-12"),
        ("compact", "20190230"),
        ("iso", "20150601"),
        ("month", "202500"),
        ("month", 202510),
    ],
)
def test_invalid_values_fail_without_echoing_them(field, value):
    good = {"amount": "1.00", "compact": "20190312", "iso": "2015-06-01", "month": "202510"}
    with pytest.raises(ValidationError) as caught:
        Sample.model_validate({**good, field: value})
    (error,) = caught.value.errors(include_input=False)
    assert error["loc"] == (field,)
    assert str(value) not in error["msg"]
