"""车管 vehicle administration: a bare page object, paginated by ``page``/``size``.

Values are integer fen.  A person the agency does not hold answers exactly
like a person without vehicles (``total`` 0).  ``page`` starts at 1 and
``size`` is 1..20 (default 20); anything else is a 400 from the app's
validation handler.  A page past the end has ``total`` and no items.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from mock_sources.records import in_cents
from mock_sources.scenarios import records_for

router = APIRouter(prefix="/vehicle", tags=["vehicle"])

MAX_PAGE_SIZE = 20


@router.get("/vehicles")
async def list_vehicles(
    id_number: Annotated[str, Query(alias="idNo")],
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = MAX_PAGE_SIZE,
) -> dict[str, Any]:
    records = records_for(id_number)
    vehicles = records.vehicles if records is not None else ()
    start = (page - 1) * size
    return {
        "total": len(vehicles),
        "page": page,
        "size": size,
        "items": [
            {
                "hphm": vehicle.plate,
                "clzl": vehicle.vehicle_type,
                "syxz": vehicle.use.value,
                "ccdjrq": vehicle.first_registered.strftime("%Y%m%d"),
                "pgjz_fen": in_cents(vehicle.value),
            }
            for vehicle in vehicles[start : start + size]
        ],
    }
