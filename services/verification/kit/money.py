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

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Annotated

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


def to_yuan(value: Decimal | int | str | Fraction) -> Decimal:
    """``value`` stated in yuan: rounded half-up (away from zero) to the fen."""
    if isinstance(value, Fraction):
        fen = math.floor(abs(value) * 100 + Fraction(1, 2))
        return Decimal(fen if value >= 0 else -fen).scaleb(-2).quantize(FEN)
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def yuan_quotient(dividend: Decimal | int, divisor: Decimal | int) -> Decimal:
    """``dividend ÷ divisor`` stated in yuan: the exact quotient (a fraction, never a
    28-digit approximation) rounded half-up to the fen once."""
    return to_yuan(Fraction(dividend) / Fraction(divisor))


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
