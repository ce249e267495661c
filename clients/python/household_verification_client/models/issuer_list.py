from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.issuer_view import IssuerView


T = TypeVar("T", bound="IssuerList")


@_attrs_define
class IssuerList:
    """
    Attributes:
        issuers (list[IssuerView]):
    """

    issuers: list[IssuerView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        issuers = []
        for issuers_item_data in self.issuers:
            issuers_item = issuers_item_data.to_dict()
            issuers.append(issuers_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "issuers": issuers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.issuer_view import IssuerView  # noqa: PLC0415

        d = dict(src_dict)
        issuers = []
        _issuers = d.pop("issuers")
        for issuers_item_data in _issuers:
            issuers_item = IssuerView.from_dict(issuers_item_data)

            issuers.append(issuers_item)

        issuer_list = cls(
            issuers=issuers,
        )

        issuer_list.additional_properties = d
        return issuer_list

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
