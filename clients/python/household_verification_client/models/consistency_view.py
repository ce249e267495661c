from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ConsistencyView")


@_attrs_define
class ConsistencyView:
    """
    Attributes:
        new_root_hash (str):
        new_size (int):
        old_root_hash (str):
        old_size (int):
        proof (list[str]):
    """

    new_root_hash: str
    new_size: int
    old_root_hash: str
    old_size: int
    proof: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        new_root_hash = self.new_root_hash

        new_size = self.new_size

        old_root_hash = self.old_root_hash

        old_size = self.old_size

        proof = self.proof

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "new_root_hash": new_root_hash,
                "new_size": new_size,
                "old_root_hash": old_root_hash,
                "old_size": old_size,
                "proof": proof,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        new_root_hash = d.pop("new_root_hash")

        new_size = d.pop("new_size")

        old_root_hash = d.pop("old_root_hash")

        old_size = d.pop("old_size")

        proof = cast(list[str], d.pop("proof"))

        consistency_view = cls(
            new_root_hash=new_root_hash,
            new_size=new_size,
            old_root_hash=old_root_hash,
            old_size=old_size,
            proof=proof,
        )

        consistency_view.additional_properties = d
        return consistency_view

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
