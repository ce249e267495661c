"""Building blocks for the agencies' wire models: strict value types and exact units.

Each agency's ``wire.py`` declares pydantic models on ``WireModel`` (strict,
frozen, extra fields ignored) using the annotated types below, so a wrong
shape surfaces as a ``ValidationError`` whose locations name the field but
never echo its value.  Money is converted with ``Decimal`` only and always
lands as yuan with two places (half-up when an agency sends more precision).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Final

from pydantic import BaseModel, ConfigDict, PlainValidator, StringConstraints

YUAN_PLACES: Final = Decimal("0.01")
_AMOUNT = re.compile(r"\d{1,15}(\.\d{1,8})?")
_COMPACT_DATE = re.compile(r"\d{8}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_COMPACT_MONTH = re.compile(r"(\d{4})(0[1-9]|1[0-2])")


class WireModel(BaseModel):
    """Base of every agency wire model: strict types, immutable, unknown fields ignored."""

    model_config = ConfigDict(strict=True, frozen=True, extra="ignore")


def _amount(value: object) -> Decimal:
    if not isinstance(value, str) or not _AMOUNT.fullmatch(value):
        raise ValueError("expected a non-negative decimal number as a string")
    return Decimal(value)


def _compact_date(value: object) -> dt.date:
    if not isinstance(value, str) or not _COMPACT_DATE.fullmatch(value):
        raise ValueError("expected a date as YYYYMMDD")
    return _calendar_date(int(value[:4]), int(value[4:6]), int(value[6:]))


def _iso_date(value: object) -> dt.date:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("expected a date as YYYY-MM-DD")
    return _calendar_date(int(value[:4]), int(value[5:7]), int(value[8:]))


def _calendar_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError("not a calendar date") from None


def _compact_month(value: object) -> str:
    match = _COMPACT_MONTH.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError("expected a month as YYYYMM")
    return f"{match.group(1)}-{match.group(2)}"


AmountText = Annotated[Decimal, PlainValidator(_amount)]
"""A non-negative decimal sent as a JSON string, e.g. ``"3500.00"``."""

CompactDate = Annotated[dt.date, PlainValidator(_compact_date)]
"""A date sent as ``YYYYMMDD``."""

IsoDate = Annotated[dt.date, PlainValidator(_iso_date)]
"""A date sent as ``YYYY-MM-DD``."""

CompactMonth = Annotated[str, PlainValidator(_compact_month)]
"""A month sent as ``YYYYMM``; validates to the evidence form ``YYYY-MM``."""

Reference = Annotated[str, StringConstraints(min_length=1, max_length=64)]
"""An agency's own record reference."""


def yuan(amount: Decimal) -> Decimal:
    """An amount already in yuan, to two places."""
    return amount.quantize(YUAN_PLACES, rounding=ROUND_HALF_UP)


def fen_to_yuan(fen: int) -> Decimal:
    """Integer fen (or cents: 1/100 yuan) to yuan, exactly."""
    return yuan(Decimal(fen).scaleb(-2))


def wan_yuan_to_yuan(wan: Decimal) -> Decimal:
    """Ten-thousand yuan (万元) to yuan."""
    return yuan(wan.scaleb(4))


def month_of(day: dt.date) -> str:
    """The evidence month key ``YYYY-MM`` of a date."""
    return f"{day.year:04d}-{day.month:02d}"


def compact_month(day: dt.date) -> str:
    """The agencies' month form ``YYYYMM`` of a date."""
    return f"{day.year:04d}{day.month:02d}"
