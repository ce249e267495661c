"""保险 the insurance industry information platform (中国银保信 style): policies and annuities.

Two queries, both ``GET`` with the ID number in ``zjhm`` and a ``code``/``msg``/``data``
envelope.  ``policies`` lists every policy the person holds as policyholder, with its cash
value on the valuation date ``gzrq``.  ``annuity-payments`` lists the annuity payments made in
a **date range** of at most 92 days (``qsrq``..``zzrq``, inclusive): a longer look-back is
asked window by window.  An answer holds at most five payments; when a window holds more, the
answer stops at the end of a whole day and says so in ``jzrq`` (the last day it covers), and
the caller asks again from the day after.  Codes, not names: product types (``xzdm``) and
policy states (``bdzt``) are the platform's codes (``mock_sources.records``).

A person the platform holds no policy for is ``code`` ``1001`` on both queries; a range longer
than 92 days ``2001``; an unreadable date ``9001``.  Registered as a mock agency through the
``mock_sources.agencies`` entry points (``AGENCY``), like a plugin's.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Final

from fastapi import APIRouter, Query

from mock_sources.plugins import MockAgency, PersonId
from mock_sources.records import InsurancePolicy, two_places
from mock_sources.scenarios import records_for

router = APIRouter(prefix="/insurance", tags=["insurance"])

MAX_SPAN_DAYS: Final = 92  # days in one annuity-payments range, both ends included
PAYMENTS_PER_ANSWER: Final = 5
CODE_OK: Final = "0000"
CODE_NO_POLICY: Final = "1001"
CODE_SPAN_TOO_LONG: Final = "2001"
CODE_BAD_PARAMETER: Final = "9001"
_DATE = re.compile(r"\d{8}")


def _envelope(code: str, msg: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "msg": msg, "data": data}


def _date(text: str) -> dt.date | None:
    if not _DATE.fullmatch(text):
        return None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _compact(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _policies(id_number: str) -> tuple[InsurancePolicy, ...]:
    records = records_for(id_number)
    return records.insurance if records is not None else ()


@router.get("/v2/policies")
async def policies(
    id_number: Annotated[str, Query(alias="zjhm")],
    valuation_date: Annotated[str, Query(alias="gzrq")],
) -> dict[str, Any]:
    on = _date(valuation_date)
    if on is None:
        return _envelope(CODE_BAD_PARAMETER, "参数错误")
    held = [policy for policy in _policies(id_number) if policy.issued_on <= on]
    if not held:
        return _envelope(CODE_NO_POLICY, "无保单记录")
    return _envelope(
        CODE_OK,
        "成功",
        {
            "gzrq": _compact(on),
            "bdxx": [
                {
                    "bdh": policy.policy_number,
                    "xzdm": policy.product.value,
                    "bdzt": policy.status.value,
                    "cbrq": _compact(policy.issued_on),
                    "xjjz": two_places(policy.cash_value),
                }
                for policy in sorted(held, key=lambda p: p.policy_number)
            ],
        },
    )


def _payments(policy: InsurancePolicy, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    if policy.annuity_from is None or policy.monthly_annuity <= 0:
        return []
    found = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        day = dt.date(year, month, policy.annuity_day)
        if first <= day <= last and day >= policy.annuity_from:
            found.append(
                {
                    "lsh": f"NJ{policy.policy_number[-6:]}{day:%Y%m}",
                    "bdh": policy.policy_number,
                    "gfrq": _compact(day),
                    "gfje": two_places(policy.monthly_annuity),
                }
            )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


@router.get("/v2/annuity-payments")
async def annuity_payments(
    id_number: Annotated[str, Query(alias="zjhm")],
    range_start: Annotated[str, Query(alias="qsrq")],
    range_end: Annotated[str, Query(alias="zzrq")],
) -> dict[str, Any]:
    first, last = _date(range_start), _date(range_end)
    if first is None or last is None or first > last:
        return _envelope(CODE_BAD_PARAMETER, "参数错误")
    if (last - first).days + 1 > MAX_SPAN_DAYS:
        return _envelope(CODE_SPAN_TOO_LONG, "查询区间超过92天")
    held = _policies(id_number)
    if not held:
        return _envelope(CODE_NO_POLICY, "无保单记录")
    found = sorted(
        (row for policy in held for row in _payments(policy, first, last)),
        key=lambda row: (row["gfrq"], row["lsh"]),
    )
    covered = last
    if len(found) > PAYMENTS_PER_ANSWER:
        # stop at the end of a whole day: the first day not answered is asked again
        cut = found[PAYMENTS_PER_ANSWER]["gfrq"]
        kept = [row for row in found if row["gfrq"] < cut]
        if kept:
            found = kept
            covered = dt.date.fromisoformat(cut) - dt.timedelta(days=1)
        else:  # one day holds more than a page: that whole day
            found = [row for row in found if row["gfrq"] == cut]
            covered = dt.date.fromisoformat(cut)
    return _envelope(
        CODE_OK,
        "成功",
        {"qsrq": _compact(first), "jzrq": _compact(covered), "jfjl": found},
    )


AGENCY: Final = MockAgency("insurance", router, PersonId.query("zjhm"))
