from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.member_view_status import MemberViewStatus

T = TypeVar("T", bound="MemberView")


@_attrs_define
class MemberView:
    """
    Attributes:
        id_number_masked (str):
        index (int):
        name_masked (str):
        relation (str):
        status (MemberViewStatus):
    """

    id_number_masked: str
    index: int
    name_masked: str
    relation: str
    status: MemberViewStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id_number_masked = self.id_number_masked

        index = self.index

        name_masked = self.name_masked

        relation = self.relation

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id_number_masked": id_number_masked,
                "index": index,
                "name_masked": name_masked,
                "relation": relation,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id_number_masked = d.pop("id_number_masked")

        index = d.pop("index")

        name_masked = d.pop("name_masked")

        relation = d.pop("relation")

        status = MemberViewStatus(d.pop("status"))

        member_view = cls(
            id_number_masked=id_number_masked,
            index=index,
            name_masked=name_masked,
            relation=relation,
            status=status,
        )

        member_view.additional_properties = d
        return member_view

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
