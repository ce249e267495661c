from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="InclusionView")


@_attrs_define
class InclusionView:
    """
    Attributes:
        index (int):
        leaf_hash (str):
        proof (list[str]):
        root_hash (str):
        tree_size (int):
    """

    index: int
    leaf_hash: str
    proof: list[str]
    root_hash: str
    tree_size: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        leaf_hash = self.leaf_hash

        proof = self.proof

        root_hash = self.root_hash

        tree_size = self.tree_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index": index,
                "leaf_hash": leaf_hash,
                "proof": proof,
                "root_hash": root_hash,
                "tree_size": tree_size,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        index = d.pop("index")

        leaf_hash = d.pop("leaf_hash")

        proof = cast(list[str], d.pop("proof"))

        root_hash = d.pop("root_hash")

        tree_size = d.pop("tree_size")

        inclusion_view = cls(
            index=index,
            leaf_hash=leaf_hash,
            proof=proof,
            root_hash=root_hash,
            tree_size=tree_size,
        )

        inclusion_view.additional_properties = d
        return inclusion_view

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
