"""A fake social-insurance agency for the embedded demo and the tests.

Mounted by the mock agency server through the ``mock_sources.agencies`` entry point.  It
holds two people of the WIRE.md scenarios: 黄秀兰 (household ``eligible``), whose
contributions are suspended and who draws 150.00 yuan of unemployment benefit every month,
and 韦国强 of the same household, whose insurance ended.  Anyone else is not insured.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter

from mock_sources.plugins import MockAgency, PersonId

router = APIRouter(prefix="/social-insurance", tags=["social_insurance"])


@dataclass(frozen=True, slots=True)
class _Record:
    ref: str
    state: str
    base: str
    unemployment_benefit: str | None = None  # a month, yuan


RECORDS = {
    "450102198207040228": _Record("SI-0002", "SUSPENDED", "2800.00", unemployment_benefit="150.00"),
    "450102198003120111": _Record("SI-0001", "ENDED", "2500.00"),
}


def _months(start: str, end: str) -> list[str]:
    """Every YYYYMM from ``start`` to ``end``, inclusive."""
    year, month = int(start[:4]), int(start[4:])
    found: list[str] = []
    while f"{year:04d}{month:02d}" <= end and len(found) < 120:
        found.append(f"{year:04d}{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


@router.get("/v1/insured/{id_number}")
async def insured(id_number: str, start: str, end: str) -> dict[str, Any]:
    record = RECORDS.get(id_number)
    if record is None:
        return {"status": "NOT_INSURED"}
    payments = (
        [
            {
                "ref": f"{record.ref}-{month}",
                "month": month,
                "kind": "UNEMPLOYMENT",
                "amount": record.unemployment_benefit,
            }
            for month in _months(start, end)
        ]
        if record.unemployment_benefit is not None
        else []
    )
    return {
        "status": "OK",
        "insured": {
            "ref": record.ref,
            "state": record.state,
            "base": record.base,
            "payments": payments,
        },
    }


AGENCY = MockAgency("social_insurance", router, PersonId.path("id_number"))
