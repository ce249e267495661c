from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.message_view import MessageView


T = TypeVar("T", bound="SinglePersonCandidateView")


@_attrs_define
class SinglePersonCandidateView:
    """A member of a 边缘 household who may apply alone (办法 第八条第一款第（一）（二）项).

    Attributes:
        categories (list[str]): the `single_person.edge_household_categories` met
        member_index (int):
        message (MessageView): A statement a person reads: its stable code, parameters and text.
    """

    categories: list[str]
    member_index: int
    message: MessageView
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        categories = self.categories

        member_index = self.member_index

        message = self.message.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "categories": categories,
                "member_index": member_index,
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_view import MessageView  # noqa: PLC0415

        d = dict(src_dict)
        categories = cast(list[str], d.pop("categories"))

        member_index = d.pop("member_index")

        message = MessageView.from_dict(d.pop("message"))

        single_person_candidate_view = cls(
            categories=categories,
            member_index=member_index,
            message=message,
        )

        single_person_candidate_view.additional_properties = d
        return single_person_candidate_view

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
