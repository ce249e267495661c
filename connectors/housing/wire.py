"""不动产登记 wire format: ``GET v1/owners/{id}/properties``, values in 万元."""

from __future__ import annotations

from typing import Annotated, Final

from pydantic import StringConstraints

from connectors.sdk.evidence import Property, PropertyUse, RecordRef
from connectors.sdk.wire import AmountText, IsoDate, Reference, WireModel, wan_yuan_to_yuan

SCOPE: Final = "housing"
STATUS_OK: Final = "OK"
STATUS_NO_RECORD: Final = "NO_RECORD"

_USE: Final = {
    "住宅": PropertyUse.RESIDENTIAL,
    "商业": PropertyUse.COMMERCIAL,
    "商服": PropertyUse.COMMERCIAL,
}


def properties_path(id_number: str) -> str:
    return f"v1/owners/{id_number}/properties"


class PropertyRecord(WireModel):
    bdcdyh: Reference
    fwyt: Annotated[str, StringConstraints(max_length=32)]
    jzmj: AmountText
    djsj: IsoDate
    pgjz_wy: AmountText


class Records(WireModel):
    records: list[PropertyRecord]


class PropertiesReply(WireModel):
    status: Annotated[str, StringConstraints(max_length=32)]
    result: Records | None = None


def to_properties(result: Records) -> tuple[Property, ...]:
    return tuple(
        Property(
            use=_USE.get(record.fwyt, PropertyUse.OTHER),
            area_m2=record.jzmj,
            acquired_on=record.djsj,
            estimated_value=wan_yuan_to_yuan(record.pgjz_wy),
            ref=RecordRef(SCOPE, record.bdcdyh),
        )
        for record in result.records
    )
