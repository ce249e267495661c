from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.used_value import UsedValue


T = TypeVar("T", bound="PolicyView")


@_attrs_define
class PolicyView:
    """The policy the report applied: the layered policy of its region on its assessment date.

    Attributes:
        example (bool): at least one value used is an example, not a published one
        id (str): the most specific layer that applies (`gx-nanning`, `gd`, …)
        name (str): that layer's name
        version (str): the assessment date the values were resolved for (ISO); re-reading the layers for `id`'s region
            on that date gives the same values
        values (list[UsedValue] | Unset): every policy value the assessment used: parameter key, value, layer, the dated
            entry (`valid_from`/`valid_until`) and its citation; `example: true` marks an illustrative figure; `status:
            lapsed` a value that ended with no successor and was not applied (see `policy_notes`)
    """

    example: bool
    id: str
    name: str
    version: str
    values: list[UsedValue] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        example = self.example

        id = self.id

        name = self.name

        version = self.version

        values: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.values, Unset):
            values = []
            for values_item_data in self.values:
                values_item = values_item_data.to_dict()
                values.append(values_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "example": example,
                "id": id,
                "name": name,
                "version": version,
            }
        )
        if values is not UNSET:
            field_dict["values"] = values

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.used_value import UsedValue  # noqa: PLC0415

        d = dict(src_dict)
        example = d.pop("example")

        id = d.pop("id")

        name = d.pop("name")

        version = d.pop("version")

        _values = d.pop("values", UNSET)
        values: list[UsedValue] | Unset = UNSET
        if _values is not UNSET:
            values = []
            for values_item_data in _values:
                values_item = UsedValue.from_dict(values_item_data)

                values.append(values_item)

        policy_view = cls(
            example=example,
            id=id,
            name=name,
            version=version,
            values=values,
        )

        policy_view.additional_properties = d
        return policy_view

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
