"""中国结算-style securities register: two steps, ``rtncode/rtnmsg``, market values in fen.

First the investor's accounts under their 一码通 account (``ymth``): ``GET
csdc/v1/investor-accounts?zjlb=00&zjhm=<id>``; then each account's holdings, valued at the
last trading day (in this mock: the last weekday) on or before the date asked:
``GET csdc/v1/accounts/{zqzh}/holdings?zjhm=<id>&cxrq=YYYYMMDD``.  The register's
identity-document code for the resident ID card is ``00`` (the bank's is ``01``); any other
``zjlb``, or a person with no 一码通 account, is HTTP 200 ``rtncode`` ``1001``.  An account
that is not the investor's (or unknown) is ``2001``; a ``cxrq`` that is no date is ``9001``.
A closed account (``zhzt`` ``9``) answers no holdings.  Missing query parameters are HTTP 400
``{"error": "invalid request"}`` (the app's handler).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter

from mock_sources.records import (
    SecuritiesAccount,
    SecuritiesAccountState,
    SecuritiesInvestor,
    in_cents,
)
from mock_sources.scenarios import records_for

router = APIRouter(prefix="/securities", tags=["securities"])

RESIDENT_ID_CARD = "00"
_SATURDAY = 5
_NO_INVESTOR: dict[str, Any] = {
    "rtncode": "1001",
    "rtnmsg": "无此投资者",
    "ymth": None,
    "zhlist": [],
}
_NOT_THE_INVESTORS: dict[str, Any] = {"rtncode": "2001", "rtnmsg": "账户与投资者不符"}
_BAD_PARAMETER: dict[str, Any] = {"rtncode": "9001", "rtnmsg": "参数错误"}


@router.get("/csdc/v1/investor-accounts")
async def investor_accounts(zjlb: str, zjhm: str) -> dict[str, Any]:
    investor = _investor(zjhm) if zjlb == RESIDENT_ID_CARD else None
    if investor is None:
        return _NO_INVESTOR
    return {
        "rtncode": "0000",
        "rtnmsg": "成功",
        "ymth": investor.unified_number,
        "zhlist": [
            {"zqzh": account.number, "zhlb": account.kind.value, "zhzt": account.state.value}
            for account in investor.accounts
        ],
    }


@router.get("/csdc/v1/accounts/{zqzh}/holdings")
async def holdings(zqzh: str, zjhm: str, cxrq: str) -> dict[str, Any]:
    if len(cxrq) != len("YYYYMMDD") or not cxrq.isascii() or not cxrq.isdigit():
        return _BAD_PARAMETER
    try:
        asked = dt.date(int(cxrq[:4]), int(cxrq[4:6]), int(cxrq[6:]))
    except ValueError:
        return _BAD_PARAMETER
    account = _account(_investor(zjhm), zqzh)
    if account is None:
        return _NOT_THE_INVESTORS
    held = () if account.state is SecuritiesAccountState.CLOSED else account.holdings
    return {
        "rtncode": "0000",
        "rtnmsg": "成功",
        "zqzh": account.number,
        "gzrq": f"{_last_trading_day(asked):%Y%m%d}",
        "cyjl": [
            {
                "zqdm": holding.code,
                "zqlb": holding.category.value,
                "cysl": f"{holding.quantity:f}",
                "szfen": in_cents(holding.market_value),
            }
            for holding in held
        ],
    }


def _investor(id_number: str) -> SecuritiesInvestor | None:
    records = records_for(id_number)
    return records.securities if records is not None else None


def _account(investor: SecuritiesInvestor | None, number: str) -> SecuritiesAccount | None:
    if investor is None:
        return None
    return next((account for account in investor.accounts if account.number == number), None)


def _last_trading_day(day: dt.date) -> dt.date:
    while day.weekday() >= _SATURDAY:
        day -= dt.timedelta(days=1)
    return day
