"""The social-insurance agency's (人社) wire format: fixed-width records.

``GET v1/insured/{id}?start=YYYYMM&end=YYYYMM`` answers HTTP 200 ``text/plain`` in ASCII:
one record a line, each ending in CR LF, every field at a fixed column (1-based, inclusive;
numbers right-aligned and zero-padded, texts left-aligned and space-padded)::

    H  1 type "H"; 2-3 return code; 4-19 person reference; 20-25 start; 26-31 end;
       32-35 the number of records that follow, trailer included
    E  1 "E"; 2 status; 3-20 employer's unified social credit code (blank: none); 21-26 since
    C  1 "C"; 2-7 month; 8-19 contribution base (缴费基数) in fen; 20-37 employer; 38-53 ref
    P  1 "P"; 2-7 month; 8-9 benefit type; 10-21 amount in fen; 22-37 ref
    T  1 "T"; 2-5 the number of E, C and P records; 6-19 the sum of the P amounts in fen

Return codes: ``00`` found, ``04`` no record of the person (then nothing follows but the
trailer), anything else a refusal.  Status: ``1`` employed and contributing, ``2``
contributions suspended, ``3`` retired, ``4`` registered unemployed, ``5`` ended.  Benefit
types: ``11`` 城乡居民基本养老保险基础养老金, ``21`` 企业职工基本养老金, ``31`` 机关事业单位
养老金, ``41`` 失业保险金.  Documented in services/mock_sources/WIRE.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from connectors.sdk.errors import MalformedResponseError
from connectors.sdk.evidence import (
    Employment,
    EmploymentStatus,
    Evidence,
    IncomeCategory,
    IncomeItem,
    RecordRef,
    WageIndicator,
)
from connectors.sdk.wire import fen_to_yuan

SCOPE: Final = "social_insurance"
CODE_OK: Final = "00"
CODE_NO_RECORD: Final = "04"
# at most ten years of months, several records each: an endless answer is refused
MAX_RECORDS: Final = 2000

BENEFIT_CATEGORY: Final = {
    "11": IncomeCategory.BASIC_PENSION,  # 城乡居民基本养老保险基础养老金
    "21": IncomeCategory.EMPLOYEE_PENSION,  # 企业职工基本养老金
    "31": IncomeCategory.PUBLIC_PENSION,  # 机关事业单位养老金
    "41": IncomeCategory.UNEMPLOYMENT_BENEFIT,  # 失业保险金
}
STATUS: Final = {
    "1": EmploymentStatus.EMPLOYED,
    "2": EmploymentStatus.SUSPENDED,
    "3": EmploymentStatus.RETIRED,
    "4": EmploymentStatus.UNEMPLOYED,
    "5": EmploymentStatus.ENDED,
}
# each record's length, its type included
LENGTHS: Final = {"H": 35, "E": 26, "C": 53, "P": 37, "T": 19}


def insured_path(id_number: str) -> str:
    return f"v1/insured/{id_number}"


@dataclass(frozen=True, slots=True)
class Header:
    code: str
    reference: str
    count: int  # records after the header, the trailer included


@dataclass(frozen=True, slots=True)
class Answer:
    header: Header
    employment: tuple[Employment, ...]
    contributions: tuple[WageIndicator, ...]
    benefits: tuple[IncomeItem, ...]


def _digits(record: str, start: int, end: int, field: str) -> int:
    """The unsigned number in columns ``start``-``end`` (1-based, inclusive)."""
    text = record[start - 1 : end]
    if not text.isascii() or not text.isdigit():
        raise MalformedResponseError(field, "is not a zero-padded number")
    return int(text)


def _month(record: str, start: int, field: str) -> str:
    """``YYYYMM`` at ``start`` as ``YYYY-MM``."""
    year, month = (
        _digits(record, start, start + 3, field),
        _digits(record, start + 4, start + 5, field),
    )
    if not 1 <= month <= 12 or year < 1900:
        raise MalformedResponseError(field, "is not a month")
    return f"{year:04d}-{month:02d}"


def _text(record: str, start: int, end: int) -> str:
    return record[start - 1 : end].strip()


def _reference(record: str, start: int, end: int, field: str) -> str:
    text = _text(record, start, end)
    if not text:
        raise MalformedResponseError(field, "is blank")
    return text


def _fen(record: str, start: int, end: int, field: str) -> Decimal:
    return fen_to_yuan(_digits(record, start, end, field))


def records(body: bytes) -> list[str]:
    """The answer's records: ASCII lines, each ending in CR LF, of their type's length."""
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError as exc:
        raise MalformedResponseError("body", "is not ASCII") from exc
    if not text.endswith("\r\n"):
        raise MalformedResponseError("body", "does not end with a complete record")
    lines = text[:-2].split("\r\n")
    if len(lines) > MAX_RECORDS:
        raise MalformedResponseError("body", "has too many records")
    for line in lines:
        kind = line[:1]
        if kind not in LENGTHS:
            raise MalformedResponseError("record", "has an unknown type")
        if len(line) != LENGTHS[kind]:
            raise MalformedResponseError(f"record {kind}", "has the wrong length")
    return lines


def parse(body: bytes) -> Answer:
    """The header and, when the person was found, their records, checked against the header's
    count and the trailer's count and sum (a truncated answer is refused)."""
    lines = records(body)
    if lines[0][:1] != "H":
        raise MalformedResponseError("header", "is not the first record")
    head = lines[0]
    header = Header(
        code=head[1:3], reference=_text(head, 4, 19), count=_digits(head, 32, 35, "count")
    )
    rest = lines[1:]
    if header.count != len(rest) or not rest or rest[-1][:1] != "T":
        raise MalformedResponseError("count", "disagrees with the records sent")
    trailer, details = rest[-1], rest[:-1]
    if any(line[:1] in {"H", "T"} for line in details):
        raise MalformedResponseError("record", "is out of place")
    if _digits(trailer, 2, 5, "trailer count") != len(details):
        raise MalformedResponseError("trailer count", "disagrees with the records sent")
    if header.code == CODE_OK and not header.reference:
        raise MalformedResponseError("reference", "is blank")
    employment: list[Employment] = []
    contributions: list[WageIndicator] = []
    benefits: list[IncomeItem] = []
    person = RecordRef(SCOPE, header.reference)
    for line in details:
        kind = line[0]
        if kind == "E":
            if line[1] not in STATUS:
                raise MalformedResponseError("status", "is not a known code")
            employment.append(
                Employment(
                    status=STATUS[line[1]],
                    employer_code=_text(line, 3, 20) or None,
                    since=_month(line, 21, "since"),
                    ref=person,
                )
            )
        elif kind == "C":
            contributions.append(
                WageIndicator(
                    monthly_wage=_fen(line, 8, 19, "base"),
                    # a month contributed is a month employed
                    account_active=True,
                    ref=RecordRef(SCOPE, _reference(line, 38, 53, "reference")),
                    month=_month(line, 2, "month"),
                )
            )
        else:  # "P"
            kind_code = line[7:9]
            if kind_code not in BENEFIT_CATEGORY:
                raise MalformedResponseError("benefit type", "is not a known code")
            benefits.append(
                IncomeItem(
                    category=BENEFIT_CATEGORY[kind_code],
                    month=_month(line, 2, "month"),
                    amount=_fen(line, 10, 21, "amount"),
                    ref=RecordRef(SCOPE, _reference(line, 22, 37, "reference")),
                )
            )
    paid = sum((item.amount for item in benefits), Decimal("0.00"))
    if _fen(trailer, 6, 19, "trailer sum") != paid:
        raise MalformedResponseError("trailer sum", "disagrees with the benefits sent")
    return Answer(header, tuple(employment), tuple(contributions), tuple(benefits))


def to_evidence(answer: Answer) -> Evidence:
    return Evidence(
        incomes=answer.benefits,
        wage_indicators=answer.contributions,
        employment=answer.employment,
    )
