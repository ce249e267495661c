"""税务 wire format: ``GET income-records``, 6 rows a page, ``next_cursor`` until null."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Final

from pydantic import StringConstraints

from connectors.sdk.evidence import IncomeCategory, IncomeItem, RecordRef
from connectors.sdk.wire import AmountText, CompactMonth, Reference, WireModel, yuan

SCOPE: Final = "tax"
RECORDS_PATH: Final = "income-records"
MAX_PAGES: Final = 100  # 600 rows: far beyond a look-back window's worth

_CATEGORY: Final = {
    "0101": IncomeCategory.WAGES,
    "0400": IncomeCategory.LABOUR,
    "0500": IncomeCategory.BUSINESS,
}


class IncomeRow(WireModel):
    ssq: CompactMonth
    sdxm: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    sre: AmountText
    ynse: AmountText
    pzxh: Reference


class RecordsPage(WireModel):
    rows: list[IncomeRow]
    next_cursor: Annotated[str, StringConstraints(min_length=1, max_length=512)] | None


def to_incomes(rows: Iterable[IncomeRow]) -> tuple[IncomeItem, ...]:
    """Gross income per row; item codes other than the three known ones count as other."""
    return tuple(
        IncomeItem(
            category=_CATEGORY.get(row.sdxm, IncomeCategory.OTHER),
            month=row.ssq,
            amount=yuan(row.sre),
            ref=RecordRef(SCOPE, row.pzxh),
        )
        for row in rows
    )
