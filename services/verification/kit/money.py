"""Money is ``Decimal`` yuan with two places, rounded half-up (四舍五入) to the fen.

Every monetary figure the service computes passes through ``to_yuan`` once, at
the point the figure is stated (an average, a total, an allowance), so results
never depend on float arithmetic or on where intermediate rounding happened.
``Money`` is the pydantic type for API bodies: a string on the wire, never a
JSON float.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


def to_yuan(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


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
