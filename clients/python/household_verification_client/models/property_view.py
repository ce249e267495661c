from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.property_use import PropertyUse

if TYPE_CHECKING:
    from ..models.evidence_ref import EvidenceRef


T = TypeVar("T", bound="PropertyView")


@_attrs_define
class PropertyView:
    """
    Attributes:
        acquired_on (datetime.date):
        area_m2 (str): square metres, decimal string
        estimated_value (str):
        evidence (EvidenceRef):
        member_index (int):
        use (PropertyUse):
    """

    acquired_on: datetime.date
    area_m2: str
    estimated_value: str
    evidence: EvidenceRef
    member_index: int
    use: PropertyUse
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        acquired_on = self.acquired_on.isoformat()

        area_m2 = self.area_m2

        estimated_value = self.estimated_value

        evidence = self.evidence.to_dict()

        member_index = self.member_index

        use = self.use.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "acquired_on": acquired_on,
                "area_m2": area_m2,
                "estimated_value": estimated_value,
                "evidence": evidence,
                "member_index": member_index,
                "use": use,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence_ref import EvidenceRef  # noqa: PLC0415

        d = dict(src_dict)
        acquired_on = datetime.date.fromisoformat(d.pop("acquired_on"))

        area_m2 = d.pop("area_m2")

        estimated_value = d.pop("estimated_value")

        evidence = EvidenceRef.from_dict(d.pop("evidence"))

        member_index = d.pop("member_index")

        use = PropertyUse(d.pop("use"))

        property_view = cls(
            acquired_on=acquired_on,
            area_m2=area_m2,
            estimated_value=estimated_value,
            evidence=evidence,
            member_index=member_index,
            use=use,
        )

        property_view.additional_properties = d
        return property_view

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
