from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.hardship_view_status import HardshipViewStatus

if TYPE_CHECKING:
    from ..models.hardship_view_figures import HardshipViewFigures
    from ..models.message_view import MessageView


T = TypeVar("T", bound="HardshipView")


@_attrs_define
class HardshipView:
    """刚性支出困难家庭 (认定办法 第四条): whether the data shows the household qualifies.

    Attributes:
        figures (HardshipViewFigures): the figures compared (decimal strings): every key present, null where not stated
            (not applicable, not set by the region, or the income not verified)
        messages (list[MessageView]):
        status (HardshipViewStatus):
    """

    figures: HardshipViewFigures
    messages: list[MessageView]
    status: HardshipViewStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        figures = self.figures.to_dict()

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "figures": figures,
                "messages": messages,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.hardship_view_figures import HardshipViewFigures  # noqa: PLC0415
        from ..models.message_view import MessageView  # noqa: PLC0415

        d = dict(src_dict)
        figures = HardshipViewFigures.from_dict(d.pop("figures"))

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = MessageView.from_dict(messages_item_data)

            messages.append(messages_item)

        status = HardshipViewStatus(d.pop("status"))

        hardship_view = cls(
            figures=figures,
            messages=messages,
            status=status,
        )

        hardship_view.additional_properties = d
        return hardship_view

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
