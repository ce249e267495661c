"""A fake social-insurance agency (人社) for the embedded demo and the tests.

Mounted by the mock agency server through the ``mock_sources.agencies`` entry point.  It
answers in fixed-width records (``wire.py``, WIRE.md "social_insurance") and holds the
social-insurance records of the WIRE.md scenario households that exercise it
(``elder_basic_pension``, ``retired_employee``, ``unemployed_benefit``,
``undeclared_wages``).  The people the other agencies answer from their synthetic
generator (``is_synthetic_person``) get records of this agency's own, derived from
``SHA-256("social_insurance:" + id_number)`` alone (``synthetic_insured``; WIRE.md,
"Synthetic people"): pensions for people born in 1965 or earlier (the residents' basic
pension for most, an enterprise employee's pension for some), employment with a
contribution base for about one adult in ten born later.  Anyone else has no record (code
``04``).  Every monthly item is the same in each month asked for, except contribution
bases, which are adjusted every July as real ones are.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from fastapi import APIRouter, Response

from mock_sources.plugins import MockAgency, PersonId, is_synthetic_person

router = APIRouter(prefix="/social-insurance", tags=["social_insurance"])

MAX_MONTHS = 120


@dataclass(frozen=True, slots=True)
class _Benefit:
    kind: str  # 11 residents' basic pension, 21 enterprise, 31 public service, 41 unemployment
    fen: int  # a month


@dataclass(frozen=True, slots=True)
class _Insured:
    ref: str
    status: str  # 1 employed, 2 suspended, 3 retired, 4 unemployed, 5 ended
    employer: str  # unified social credit code, "" for none
    since: str  # YYYYMM
    # contribution base in fen: (January to June, July to December) of every year
    base_fen: tuple[int, int] | None = None
    benefits: tuple[_Benefit, ...] = ()


_EMPLOYER = "91450100MA5KXY7C3Q"  # a company's credit code (fictitious)
_FORMER_EMPLOYER = "91450103MA5L2P8D1W"

RECORDS: dict[str, _Insured] = {
    # elder_basic_pension: 莫桂英, the residents' scheme's basic pension only
    "450102195004122123": _Insured(
        "SI450102301", "3", "", "201007", None, (_Benefit("11", 15000),)
    ),
    # retired_employee: 梁振华, an enterprise employee's pension; 黄月娥, the basic pension
    "450102195806012313": _Insured(
        "SI450102302", "3", _FORMER_EMPLOYER, "201807", None, (_Benefit("21", 260000),)
    ),
    "450102196208152329": _Insured(
        "SI450102303", "3", "", "202209", None, (_Benefit("11", 15000),)
    ),
    # unemployed_benefit: 何志明, registered unemployed, drawing 失业保险金
    "450102198503102411": _Insured(
        "SI450102304", "4", _FORMER_EMPLOYER, "202511", None, (_Benefit("41", 167400),)
    ),
    # undeclared_wages: 陈建宁, employed and contributing on a base that implies a wage
    "450102199002142612": _Insured("SI450102305", "1", _EMPLOYER, "202003", (350000, 380000)),
}


_LAST_PENSIONER_BIRTH_YEAR = 1965
_LAST_ADULT_BIRTH_YEAR = 2007
_SYNTHETIC_SALT = "social_insurance:"


def insured_record(id_number: str) -> _Insured | None:
    """This agency's record of ``id_number``: a scenario person's, a synthetic person's
    (``synthetic_insured``), or None (no record)."""
    found = RECORDS.get(id_number)
    if found is not None or not is_synthetic_person(id_number):
        return found
    return synthetic_insured(id_number)


def synthetic_insured(id_number: str) -> _Insured | None:
    """The deterministic record of a person no scenario names (a valid ID number): every
    decision a fixed byte of ``SHA-256("social_insurance:" + id_number)``."""
    digest = hashlib.sha256((_SYNTHETIC_SALT + id_number).encode("ascii")).digest()
    born = int(id_number[6:10])
    ref = f"SI{int.from_bytes(digest[1:5], 'big') % 10**9:09d}"  # 9 characters, as the wire's
    since_year = 2005 + digest[5] % 18
    since = f"{since_year}{1 + digest[6] % 12:02d}"
    if born <= _LAST_PENSIONER_BIRTH_YEAR:
        roll = digest[0] % 10
        if roll < 6:  # the residents' scheme's basic pension: 150.00 to 249.00 a month
            return _Insured(
                ref, "3", "", since, None, (_Benefit("11", 15000 + digest[7] % 100 * 100),)
            )
        if roll < 8:  # a retired enterprise employee: 1,800.00 to 3,790.00 a month
            pension = _Benefit("21", 180000 + digest[7] % 200 * 1000)
            return _Insured(ref, "3", _FORMER_EMPLOYER, since, None, (pension,))
        return None
    if born > _LAST_ADULT_BIRTH_YEAR or digest[0] % 10:
        return None
    base = 300000 + digest[8] % 50 * 10000  # 3,000.00 to 7,900.00 a month, then +5 % in July
    return _Insured(ref, "1", _EMPLOYER, since, (base, base + base // 20))


def _months(start: str, end: str) -> list[str] | None:
    """Every YYYYMM from ``start`` to ``end``, inclusive; None for a bad range."""
    if not (len(start) == len(end) == 6 and start.isdigit() and end.isdigit()) or start > end:
        return None
    year, month = int(start[:4]), int(start[4:])
    if not 1 <= month <= 12 or not 1 <= int(end[4:]) <= 12:
        return None
    found: list[str] = []
    while f"{year:04d}{month:02d}" <= end:
        if len(found) == MAX_MONTHS:
            return None
        found.append(f"{year:04d}{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _answer(code: str, reference: str, start: str, end: str, details: list[str]) -> Response:
    paid = sum(int(line[9:21]) for line in details if line.startswith("P"))
    lines = [
        f"H{code}{reference:<16}{start[:6]:<6}{end[:6]:<6}{len(details) + 1:04d}",
        *details,
        f"T{len(details):04d}{paid:014d}",
    ]
    body = "".join(f"{line}\r\n" for line in lines)
    return Response(body.encode("ascii"), media_type="text/plain; charset=us-ascii")


@router.get("/v1/insured/{id_number}")
async def insured(id_number: str, start: str = "", end: str = "") -> Response:
    months = _months(start, end)
    start, end = (start, end) if months is not None else ("", "")
    if months is None:
        return _answer("91", "", start, end, [])  # 参数错误
    record = insured_record(id_number)
    if record is None:
        return _answer("04", "", start, end, [])  # 无参保记录
    details = [f"E{record.status}{record.employer:<18}{record.since}"]
    for month in months:
        if record.base_fen is not None:
            base = record.base_fen[0] if int(month[4:]) < 7 else record.base_fen[1]
            details.append(f"C{month}{base:012d}{record.employer:<18}C{record.ref[2:]}{month}")
        details.extend(
            f"P{month}{benefit.kind}{benefit.fen:012d}P{benefit.kind}{record.ref[2:]}{month[2:]}"
            for benefit in record.benefits
        )
    return _answer("00", record.ref, start, end, details)


AGENCY = MockAgency("social_insurance", router, PersonId.path("id_number"))
