"""住建/不动产登记 real estate: ``status/result`` envelope, values in 万元.

Area and value are decimal strings with two places; the value is converted
from yuan to ten-thousand yuan.  A person without property, or one the
registry does not hold, is ``{"status": "NO_RECORD", "result": null}``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter

from mock_sources.records import money, two_places
from mock_sources.scenarios import records_for

router = APIRouter(prefix="/housing", tags=["housing"])

_TEN_THOUSAND = Decimal(10000)


@router.get("/v1/owners/{id_number}/properties")
async def list_properties(id_number: str) -> dict[str, Any]:
    records = records_for(id_number)
    if records is None or not records.properties:
        return {"status": "NO_RECORD", "result": None}
    return {
        "status": "OK",
        "result": {
            "records": [
                {
                    "bdcdyh": item.unit_number,
                    "fwyt": item.use,
                    "jzmj": two_places(item.area_m2),
                    "djsj": item.registered_on.isoformat(),
                    "pgjz_wy": two_places(money(item.value / _TEN_THOUSAND)),
                }
                for item in records.properties
            ]
        },
    }
