"""Money is ``Decimal`` yuan with two places, rounded half-up (四舍五入) to the fen.

Round once: arithmetic on money stays exact — sums and products of ``Decimal``
amounts are exact, and a quotient (a monthly average, a per-capita figure) is
taken only when a figure is stated, by ``yuan_quotient``, on the exact
dividend.  Each stated figure is rounded half-up to the fen exactly once, and
no stated figure is computed from other rounded ones, so results never depend
on float arithmetic or on where intermediate rounding happened.  ``Money`` is
the pydantic type for API bodies: a string on the wire, never a JSON float.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


def to_yuan(value: Decimal | int | str) -> Decimal:
    """``value`` stated in yuan: rounded half-up (away from zero) to the fen."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def yuan_quotient(dividend: Decimal | int, divisor: int) -> Decimal:
    """``dividend ÷ divisor`` stated in yuan: the exact quotient rounded half-up (away from
    zero) to the fen once.  In whole numbers, so the rounding is of the exact value, never
    of a 28-digit approximation."""
    if divisor <= 0:
        raise ValueError("the divisor must be a positive whole number")
    numerator, denominator = Decimal(dividend).as_integer_ratio()
    scale = denominator * divisor  # dividend ÷ divisor = numerator ÷ scale
    fen = (abs(numerator) * 200 + scale) // (2 * scale)  # ⌊|quotient| × 100 + ½⌋
    return Decimal(fen if numerator >= 0 else -fen).scaleb(-2)


def format_yuan(value: Decimal) -> str:
    return str(to_yuan(value))


def refuse_float(value: object) -> object:
    if isinstance(value, float):
        # pydantic reports a ValueError as a field error; a TypeError would escape it
        raise ValueError('money must be a decimal string such as "1234.50", not a JSON number')  # noqa: TRY004
    return value


Money = Annotated[
    Decimal,
    BeforeValidator(refuse_float),
    Field(ge=0, max_digits=14, decimal_places=2),
    PlainSerializer(format_yuan, return_type=str, when_used="json"),
    WithJsonSchema(
        {"type": "string", "pattern": r"^\d{1,12}(\.\d{1,2})?$", "examples": ["1234.50"]}
    ),
]
