from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.vehicle_use import VehicleUse

if TYPE_CHECKING:
    from ..models.evidence_ref import EvidenceRef


T = TypeVar("T", bound="VehicleView")


@_attrs_define
class VehicleView:
    """
    Attributes:
        estimated_value (str):
        evidence (EvidenceRef):
        kind (str):
        member_index (int):
        registered_on (datetime.date):
        use (VehicleUse):
    """

    estimated_value: str
    evidence: EvidenceRef
    kind: str
    member_index: int
    registered_on: datetime.date
    use: VehicleUse
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        estimated_value = self.estimated_value

        evidence = self.evidence.to_dict()

        kind = self.kind

        member_index = self.member_index

        registered_on = self.registered_on.isoformat()

        use = self.use.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "estimated_value": estimated_value,
                "evidence": evidence,
                "kind": kind,
                "member_index": member_index,
                "registered_on": registered_on,
                "use": use,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence_ref import EvidenceRef  # noqa: PLC0415

        d = dict(src_dict)
        estimated_value = d.pop("estimated_value")

        evidence = EvidenceRef.from_dict(d.pop("evidence"))

        kind = d.pop("kind")

        member_index = d.pop("member_index")

        registered_on = datetime.date.fromisoformat(d.pop("registered_on"))

        use = VehicleUse(d.pop("use"))

        vehicle_view = cls(
            estimated_value=estimated_value,
            evidence=evidence,
            kind=kind,
            member_index=member_index,
            registered_on=registered_on,
            use=use,
        )

        vehicle_view.additional_properties = d
        return vehicle_view

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
