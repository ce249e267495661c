from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.message_view_params import MessageViewParams


T = TypeVar("T", bound="MessageView")


@_attrs_define
class MessageView:
    """A statement a person reads: its stable code, parameters and text.

    Attributes:
        code (str): stable machine code (a key of the message catalogue)
        text (str): the statement in the requested language (default zh-CN)
        params (MessageViewParams | Unset): the message's named parameters, machine data: a member is a 0-based
            `member_index` (the text counts from 1), amounts are decimal strings
    """

    code: str
    text: str
    params: MessageViewParams | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        text = self.text

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "text": text,
            }
        )
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_view_params import MessageViewParams  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        text = d.pop("text")

        _params = d.pop("params", UNSET)
        params: MessageViewParams | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = MessageViewParams.from_dict(_params)

        message_view = cls(
            code=code,
            text=text,
            params=params,
        )

        message_view.additional_properties = d
        return message_view

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
