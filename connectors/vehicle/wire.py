"""车管 wire format: ``GET vehicles?idNo=&page=&size=``, page-numbered, values in fen."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Final, Literal

from pydantic import Field, StringConstraints

from connectors.sdk.evidence import RecordRef, Vehicle, VehicleUse
from connectors.sdk.wire import CompactDate, Reference, WireModel, fen_to_yuan

SCOPE: Final = "vehicle"
VEHICLES_PATH: Final = "vehicles"
PAGE_SIZE: Final = 20  # the agency's maximum
MAX_PAGES: Final = 50  # 1000 vehicles: more means the agency is paging wrongly

_USE: Final = {
    "非营运": VehicleUse.PRIVATE,
    "营运": VehicleUse.COMMERCIAL,
    "农用": VehicleUse.AGRICULTURAL,
    "残疾人专用": VehicleUse.DISABILITY,
}


class VehicleRecord(WireModel):
    hphm: Reference
    clzl: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    syxz: Literal["非营运", "营运", "农用", "残疾人专用"]
    ccdjrq: CompactDate
    pgjz_fen: Annotated[int, Field(ge=0)]


class VehiclePage(WireModel):
    total: Annotated[int, Field(ge=0)]
    page: Annotated[int, Field(ge=1)]
    size: Annotated[int, Field(ge=1)]
    items: list[VehicleRecord]

    @property
    def is_last(self) -> bool:
        return self.page * self.size >= self.total


def to_vehicles(records: Iterable[VehicleRecord]) -> tuple[Vehicle, ...]:
    """Translate records, keeping the first of any plate repeated across pages."""
    vehicles: dict[str, Vehicle] = {}
    for record in records:
        vehicles.setdefault(
            record.hphm,
            Vehicle(
                use=_USE[record.syxz],
                kind=record.clzl,
                registered_on=record.ccdjrq,
                estimated_value=fen_to_yuan(record.pgjz_fen),
                ref=RecordRef(SCOPE, record.hphm),
            ),
        )
    return tuple(vehicles.values())
