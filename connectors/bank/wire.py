"""Bank clearing-gateway wire format: ``POST gateway/deposit-query``, amounts in cents.

A gateway that answers later says HTTP 202 ``respCode`` ``202000`` with its ``ticket`` and
an optional ``expectedBy`` (RFC 3339); the answer is asked for with
``GET gateway/deposit-query/{ticket}``: 202 again while not ready, then the usual answer
(200 deposits, or 404 ``404001``); an unknown ticket is 404 ``404002``.

Twelve months' interest arrives as one figure per account; ``interest_items``
spreads it over the twelve months ending at the window's end, cent-exact:
each month gets ``total // 12`` cents and the remainder goes one cent at a
time to the earliest months, so the items always sum to the agency's figure.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final, Literal
from urllib.parse import quote

from pydantic import AwareDatetime, Field, StringConstraints

from connectors.sdk.evidence import (
    Evidence,
    FinancialAsset,
    FinancialKind,
    IncomeCategory,
    IncomeItem,
    RecordRef,
)
from connectors.sdk.wire import AmountText, Reference, WireModel, fen_to_yuan, yuan

SCOPE: Final = "bank"
QUERY_PATH: Final = "gateway/deposit-query"
CERT_TYPE_ID_CARD: Final = "01"
RESP_OK: Final = "000000"
RESP_CUSTOMER_NOT_FOUND: Final = "404001"
RESP_ACCEPTED: Final = "202000"  # accepted, answered later under the ticket
RESP_UNKNOWN_TICKET: Final = "404002"
INTEREST_MONTHS: Final = 12

_ACCOUNT_KIND: Final = {"D": FinancialKind.DEMAND_DEPOSIT, "T": FinancialKind.TIME_DEPOSIT}
_INVESTMENT_KIND: Final = {
    "STOCK": FinancialKind.SECURITIES,
    "FUND": FinancialKind.SECURITIES,
    "WMP": FinancialKind.WEALTH_PRODUCT,
}
Cents = Annotated[int, Field(ge=0)]


class DepositQuery(WireModel):
    cert_type: str = Field(serialization_alias="certType")
    cert_no: str = Field(serialization_alias="certNo")
    cust_name: str = Field(serialization_alias="custName")


class Envelope(WireModel):
    resp_code: Annotated[str, StringConstraints(max_length=16)] = Field(alias="respCode")


class Accepted(WireModel):
    """A query accepted to be answered later."""

    resp_code: Literal["202000"] = Field(alias="respCode")
    ticket: Reference
    expected_by: AwareDatetime | None = Field(default=None, alias="expectedBy")


def answer_path(ticket: str) -> str:
    """Where the answer promised under ``ticket`` is asked for."""
    return f"{QUERY_PATH}/{quote(ticket, safe='')}"


class Account(WireModel):
    acct_no_masked: Reference = Field(alias="acctNoMasked")
    acct_type: Literal["D", "T"] = Field(alias="acctType")
    balance_cents: Cents = Field(alias="balanceCents")
    interest_12m_cents: Cents = Field(alias="interest12mCents")


class Investment(WireModel):
    product_code: Reference = Field(alias="productCode")
    kind: Literal["STOCK", "FUND", "WMP"]
    market_value: AmountText = Field(alias="marketValue")


class Deposits(WireModel):
    resp_code: str = Field(alias="respCode")
    accounts: list[Account]
    investments: list[Investment]


def months_ending(period_end: dt.date, count: int = INTEREST_MONTHS) -> list[str]:
    """The ``count`` months (``YYYY-MM``, oldest first) ending with ``period_end``'s month."""
    last = period_end.year * 12 + period_end.month - 1
    first = last - count + 1
    return [f"{index // 12:04d}-{index % 12 + 1:02d}" for index in range(first, last + 1)]


def interest_items(account: Account, period_end: dt.date) -> list[IncomeItem]:
    per_month, remainder = divmod(account.interest_12m_cents, INTEREST_MONTHS)
    ref = RecordRef(SCOPE, account.acct_no_masked)
    items = []
    for position, month in enumerate(months_ending(period_end)):
        cents = per_month + (1 if position < remainder else 0)
        if cents:
            items.append(IncomeItem(IncomeCategory.PROPERTY, month, fen_to_yuan(cents), ref))
    return items


def to_evidence(deposits: Deposits, period_end: dt.date) -> Evidence:
    assets = [
        FinancialAsset(
            kind=_ACCOUNT_KIND[account.acct_type],
            value=fen_to_yuan(account.balance_cents),
            ref=RecordRef(SCOPE, account.acct_no_masked),
        )
        for account in deposits.accounts
    ]
    assets.extend(
        FinancialAsset(
            kind=_INVESTMENT_KIND[investment.kind],
            value=yuan(investment.market_value),
            ref=RecordRef(SCOPE, investment.product_code),
        )
        for investment in deposits.investments
    )
    incomes = tuple(
        item for account in deposits.accounts for item in interest_items(account, period_end)
    )
    return Evidence(incomes=incomes, financial_assets=tuple(assets))
