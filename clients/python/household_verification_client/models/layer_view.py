from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LayerView")


@_attrs_define
class LayerView:
    """
    Attributes:
        file (str):
        id (str):
        level (str):
        name (str):
        region_prefix (str):
    """

    file: str
    id: str
    level: str
    name: str
    region_prefix: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file

        id = self.id

        level = self.level

        name = self.name

        region_prefix = self.region_prefix

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
                "id": id,
                "level": level,
                "name": name,
                "region_prefix": region_prefix,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = d.pop("file")

        id = d.pop("id")

        level = d.pop("level")

        name = d.pop("name")

        region_prefix = d.pop("region_prefix")

        layer_view = cls(
            file=file,
            id=id,
            level=level,
            name=name,
            region_prefix=region_prefix,
        )

        layer_view.additional_properties = d
        return layer_view

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
