"""税务 tax: income rows by tax period, cursor-paginated six rows a page.

Each declared income item yields one row per month of the requested
``from``..``to`` window (inclusive, ``YYYYMM``), ordered by period then item.
Row *i* is computed directly from its index, so a page costs six rows whatever
the window.  The cursor is unpadded URL-safe base64 of ``{"o":<offset>}``;
callers must treat it as opaque.  A person unknown to tax has no rows.  A bad
window or cursor is HTTP 400 ``{"error": ...}``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from mock_sources.records import TaxIncome, two_places
from mock_sources.scenarios import records_for

router = APIRouter(prefix="/tax", tags=["tax"])

ROWS_PER_PAGE = 6
_PERIOD = re.compile(r"(\d{4})(0[1-9]|1[0-2])")


class _BadQueryError(ValueError):
    pass


def _month_index(period: str) -> int:
    match = _PERIOD.fullmatch(period)
    if match is None:
        raise _BadQueryError("invalid period")
    return int(match[1]) * 12 + int(match[2]) - 1


def _window(period_from: str, period_to: str) -> tuple[int, int]:
    first, last = _month_index(period_from), _month_index(period_to)
    if first > last:
        raise _BadQueryError("invalid period")
    return first, last


def _period(month_index: int) -> str:
    year, month = divmod(month_index, 12)
    return f"{year:04d}{month + 1:02d}"


def encode_cursor(offset: int) -> str:
    raw = json.dumps({"o": offset}, separators=(",", ":")).encode("ascii")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        offset = json.loads(raw)["o"]
    except (binascii.Error, ValueError, TypeError, KeyError) as exc:
        raise _BadQueryError("invalid cursor") from exc
    if type(offset) is not int or offset < 0:
        raise _BadQueryError("invalid cursor")
    return offset


def _voucher(taxpayer_id: str, income: TaxIncome, period: str) -> str:
    seed = hashlib.sha256(f"{taxpayer_id}:{income.item.value}".encode()).digest()
    return f"T{period}{int.from_bytes(seed[:4], 'big') % 1_000_000:06d}"


@router.get("/income-records", response_model=None)
async def income_records(
    taxpayer_id: Annotated[str, Query(alias="nsrsbh")],
    period_from: Annotated[str, Query(alias="from")],
    period_to: Annotated[str, Query(alias="to")],
    cursor: str | None = None,
) -> dict[str, Any] | JSONResponse:
    try:
        first, last = _window(period_from, period_to)
        offset = decode_cursor(cursor) if cursor else 0
    except _BadQueryError as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)

    records = records_for(taxpayer_id)
    incomes = sorted(records.tax if records is not None else (), key=lambda income: income.item)
    total = (last - first + 1) * len(incomes)
    rows = []
    for index in range(offset, min(offset + ROWS_PER_PAGE, total)):
        months_in, item_index = divmod(index, len(incomes))
        income, period = incomes[item_index], _period(first + months_in)
        rows.append(
            {
                "ssq": period,
                "sdxm": income.item.value,
                "sre": two_places(income.monthly_income),
                "ynse": two_places(income.monthly_tax),
                "pzxh": _voucher(taxpayer_id, income, period),
            }
        )
    next_offset = offset + ROWS_PER_PAGE
    next_cursor = encode_cursor(next_offset) if next_offset < total else None
    return {"rows": rows, "next_cursor": next_cursor}
