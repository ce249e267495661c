from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.key_view import KeyView


T = TypeVar("T", bound="IssuerView")


@_attrs_define
class IssuerView:
    """
    Attributes:
        code (str):
        created_at (datetime.datetime):
        keys (list[KeyView]):
        name (str):
    """

    code: str
    created_at: datetime.datetime
    keys: list[KeyView]
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        created_at = self.created_at.isoformat()

        keys = []
        for keys_item_data in self.keys:
            keys_item = keys_item_data.to_dict()
            keys.append(keys_item)

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "created_at": created_at,
                "keys": keys,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.key_view import KeyView  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        keys = []
        _keys = d.pop("keys")
        for keys_item_data in _keys:
            keys_item = KeyView.from_dict(keys_item_data)

            keys.append(keys_item)

        name = d.pop("name")

        issuer_view = cls(
            code=code,
            created_at=created_at,
            keys=keys,
            name=name,
        )

        issuer_view.additional_properties = d
        return issuer_view

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
