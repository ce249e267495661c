from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Change")


@_attrs_define
class Change:
    """
    Attributes:
        current (str):
        previous (str):
        subject (str):
        member_index (int | None | Unset):
    """

    current: str
    previous: str
    subject: str
    member_index: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        current = self.current

        previous = self.previous

        subject = self.subject

        member_index: int | None | Unset
        if isinstance(self.member_index, Unset):
            member_index = UNSET
        else:
            member_index = self.member_index

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "current": current,
                "previous": previous,
                "subject": subject,
            }
        )
        if member_index is not UNSET:
            field_dict["member_index"] = member_index

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        current = d.pop("current")

        previous = d.pop("previous")

        subject = d.pop("subject")

        def _parse_member_index(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        member_index = _parse_member_index(d.pop("member_index", UNSET))

        change = cls(
            current=current,
            previous=previous,
            subject=subject,
            member_index=member_index,
        )

        change.additional_properties = d
        return change

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
