"""Bank clearing-gateway wire format: ``POST gateway/deposit-query``, amounts in cents.

A gateway that answers later says HTTP 202 ``respCode`` ``202000`` with its ``ticket`` and
an optional ``expectedBy`` (RFC 3339); the answer is asked for with
``GET gateway/deposit-query/{ticket}``: 202 again while not ready, then the usual answer
(200 deposits, or 404 ``404001``); an unknown ticket is 404 ``404002``.

A gateway that exchanges batch files (the connector's ``exchange="batch_file"``) writes each
query into its current submission file and answers 202 with the ticket ``<file id>:<line>``;
the answers come in the file's result, ``GET gateway/batch-files/{file id}/result`` (202 while
not ready, 404 ``404003`` for an unknown file): JSON Lines, a header
``{"fileId", "lines", "sha256"}`` (the count of records and the SHA-256 of every byte after
the header's line) and one record per submitted line, ``{"line": i, "respCode", ...}`` with
the immediate answer's fields.  ``parse_result_file`` refuses a file whose count or checksum
disagrees with its header (``IncompleteResultFileError``: a truncated download, fetched again).

Investments are the bank's wealth products (``WMP``); a ``STOCK`` or ``FUND`` line is not
refused but not reported either: securities are the register's (the ``securities`` source).

Twelve months' interest arrives as one figure per account; ``interest_items``
spreads it over the twelve months ending at the window's end, cent-exact:
each month gets ``total // 12`` cents and the remainder goes one cent at a
time to the earliest months, so the items always sum to the agency's figure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
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
RESP_UNKNOWN_FILE: Final = "404003"
BATCH_FILES_PATH: Final = "gateway/batch-files"
_BATCH_TICKET: Final = re.compile(r"(?P<file>[A-Za-z0-9_-]{1,48}):(?P<line>[1-9][0-9]{0,8})")
INTEREST_MONTHS: Final = 12

_ACCOUNT_KIND: Final = {"D": FinancialKind.DEMAND_DEPOSIT, "T": FinancialKind.TIME_DEPOSIT}
# what the bank holds beside its accounts: its wealth products.  ``STOCK`` and ``FUND`` (the
# bank's custody view of securities, which gateways sent until the securities register was
# its own source) are read and left out: the register is the authority on securities, and
# counting both would count one holding twice (docs/decisions/0014)
_INVESTMENT_KIND: Final = {"WMP": FinancialKind.WEALTH_PRODUCT}
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


class ResultFileHeader(WireModel):
    file_id: Reference = Field(alias="fileId")
    lines: Annotated[int, Field(ge=0)]
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class ResultRecord(WireModel):
    """One line of a result file: the line it answers and that query's answer's envelope;
    the answer itself (``Deposits`` when ``respCode`` is ``000000``) is read from ``body``."""

    line: Annotated[int, Field(ge=1)]
    resp_code: Annotated[str, StringConstraints(max_length=16)] = Field(alias="respCode")


@dataclass(frozen=True, slots=True)
class BatchTicket:
    """Where a batch-file gateway will answer a query: the submission file and its line."""

    file_id: str
    line: int


class IncompleteResultFileError(ValueError):
    """A result file whose records disagree with its header (truncated, or corrupted)."""


@dataclass(frozen=True, slots=True)
class ResultFile:
    """A complete result file: each line's record, as its raw JSON object."""

    file_id: str
    records: dict[int, dict[str, object]]


def batch_ticket(reference: str) -> BatchTicket | None:
    """The file and line a batch-file ticket names; ``None`` if it names none."""
    found = _BATCH_TICKET.fullmatch(reference)
    if found is None:
        return None
    return BatchTicket(found["file"], int(found["line"]))


def result_path(file_id: str) -> str:
    """Where the result file of submission file ``file_id`` is fetched."""
    return f"{BATCH_FILES_PATH}/{quote(file_id, safe='')}/result"


def parse_result_file(content: bytes) -> ResultFile:
    """A result file, checked against its header: every record there, none more, the
    checksum right, each record a JSON object with its line number, no line twice.

    ``IncompleteResultFileError`` when the count or the checksum disagrees (the download may
    be retried); pydantic's ``ValidationError``, ``ValueError`` or ``TypeError`` for a
    malformed header or record."""
    header_line, newline, body = content.partition(b"\n")
    if not newline:
        raise IncompleteResultFileError("result file: no header line")
    header = ResultFileHeader.model_validate_json(header_line)
    if hashlib.sha256(body).hexdigest() != header.sha256:
        raise IncompleteResultFileError("result file: checksum mismatch")
    lines = body.splitlines()
    if len(lines) != header.lines:
        raise IncompleteResultFileError("result file: record count mismatch")
    records: dict[int, dict[str, object]] = {}
    for raw in lines:
        record = json.loads(raw)
        if not isinstance(record, dict):
            raise TypeError("result file: a record is not an object")
        line = ResultRecord.model_validate(record).line
        if line in records:
            raise ValueError("result file: a line answered twice")
        records[line] = record
    return ResultFile(header.file_id, records)


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
        if investment.kind in _INVESTMENT_KIND
    )
    incomes = tuple(
        item for account in deposits.accounts for item in interest_items(account, period_end)
    )
    return Evidence(incomes=incomes, financial_assets=tuple(assets))
