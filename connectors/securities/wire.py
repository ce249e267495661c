"""中国结算-style register wire format: two steps, ``rtncode``, market values in fen.

``GET csdc/v1/investor-accounts?zjlb=00&zjhm=`` lists the securities accounts under the
person's 一码通 account (``ymth``); ``GET csdc/v1/accounts/{zqzh}/holdings?zjhm=&cxrq=``
lists one account's holdings, valued at ``gzrq``, the last trading day on or before the date
asked (``cxrq``, the look-back window's end).  ``rtncode`` ``0000`` is success, ``1001`` no
such investor (no 一码通 account); any other code is a refusal.  A closed account (``zhzt``
``9``) holds nothing and is not asked.

Every holding (stock ``GP``, fund units ``JJ``, bond ``ZQ``) is a financial asset of kind
``securities`` at its market value (``szfen``, integer fen).  Its record reference is the
account number masked as the bank masks its own (the first two and the last four
characters) and the six-digit security code: ``A4****2211/601398``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Final, Literal
from urllib.parse import quote

from pydantic import Field, StringConstraints

from connectors.sdk.errors import MalformedResponseError
from connectors.sdk.evidence import FinancialAsset, FinancialKind, RecordRef
from connectors.sdk.wire import AmountText, CompactDate, WireModel, fen_to_yuan

SCOPE: Final = "securities"
ACCOUNTS_PATH: Final = "csdc/v1/investor-accounts"
ID_CARD: Final = "00"  # the register's code of the resident ID card (证件类别)
RTN_OK: Final = "0000"
RTN_NO_INVESTOR: Final = "1001"
ACCOUNT_CLOSED: Final = "9"
MAX_ACCOUNTS: Final = 32  # more under one 一码通 means the register is answering wrongly
# how much older than the date asked a valuation may be: the longest run of days without
# trading (the 国庆 week and its weekends) with room to spare
MAX_VALUATION_LAG: Final = dt.timedelta(days=15)

AccountNumber = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{6,20}$")]
Code = Annotated[str, StringConstraints(max_length=16)]


class AccountEntry(WireModel):
    zqzh: AccountNumber
    zhlb: Literal["11", "21", "41"]
    zhzt: Literal["0", "1", "4", "9"]

    @property
    def closed(self) -> bool:
        return self.zhzt == ACCOUNT_CLOSED


class AccountsReply(WireModel):
    rtncode: Code
    ymth: Annotated[str, StringConstraints(pattern=r"^\d{12}$")] | None = None
    zhlist: list[AccountEntry] = Field(default_factory=list)


class HoldingRecord(WireModel):
    zqdm: Annotated[str, StringConstraints(pattern=r"^\d{6}$")]
    zqlb: Literal["GP", "JJ", "ZQ"]
    cysl: AmountText
    szfen: Annotated[int, Field(ge=0)]


class HoldingsReply(WireModel):
    rtncode: Code
    zqzh: AccountNumber | None = None
    gzrq: CompactDate | None = None
    cyjl: list[HoldingRecord] = Field(default_factory=list)


def holdings_path(account: str) -> str:
    """Where one account's holdings are asked for."""
    return f"csdc/v1/accounts/{quote(account, safe='')}/holdings"


def compact_date(day: dt.date) -> str:
    return f"{day:%Y%m%d}"


def accounts_to_ask(reply: AccountsReply) -> list[str]:
    """The accounts whose holdings count: every one not closed, each once, in the register's
    order; ``MalformedResponseError`` for a success without a 一码通 number or with too many."""
    if reply.ymth is None:
        raise MalformedResponseError("ymth", "missing from a successful answer")
    if len(reply.zhlist) > MAX_ACCOUNTS:
        raise MalformedResponseError("zhlist", f"more than {MAX_ACCOUNTS} accounts")
    return list(dict.fromkeys(entry.zqzh for entry in reply.zhlist if not entry.closed))


def checked_holdings(reply: HoldingsReply, account: str, asked: dt.date) -> list[HoldingRecord]:
    """A successful holdings answer's records, once it is shown to be the account asked for,
    valued on or before ``asked`` and not more than ``MAX_VALUATION_LAG`` before it."""
    if reply.zqzh != account:
        raise MalformedResponseError("zqzh", "not the account asked for")
    if reply.gzrq is None:
        raise MalformedResponseError("gzrq", "missing from a successful answer")
    if reply.gzrq > asked:
        raise MalformedResponseError("gzrq", "valued after the date asked")
    if reply.gzrq < asked - MAX_VALUATION_LAG:
        raise MalformedResponseError("gzrq", "valued too long before the date asked")
    return list(reply.cyjl)


def masked(account: str) -> str:
    """An account number as a record reference shows it: ``A4****2211``."""
    return f"{account[:2]}****{account[-4:]}"


def to_assets(account: str, records: Iterable[HoldingRecord]) -> list[FinancialAsset]:
    return [
        FinancialAsset(
            kind=FinancialKind.SECURITIES,
            value=fen_to_yuan(record.szfen),
            ref=RecordRef(SCOPE, f"{masked(account)}/{record.zqdm}"),
        )
        for record in records
    ]
