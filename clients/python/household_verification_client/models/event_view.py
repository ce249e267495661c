from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.event_view_event import EventViewEvent


T = TypeVar("T", bound="EventView")


@_attrs_define
class EventView:
    """
    Attributes:
        action (str):
        event (EventViewEvent):
        leaf_hash (str):
        recorded_at (datetime.datetime):
        seq (int):
    """

    action: str
    event: EventViewEvent
    leaf_hash: str
    recorded_at: datetime.datetime
    seq: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        event = self.event.to_dict()

        leaf_hash = self.leaf_hash

        recorded_at = self.recorded_at.isoformat()

        seq = self.seq

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "event": event,
                "leaf_hash": leaf_hash,
                "recorded_at": recorded_at,
                "seq": seq,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_view_event import EventViewEvent  # noqa: PLC0415

        d = dict(src_dict)
        action = d.pop("action")

        event = EventViewEvent.from_dict(d.pop("event"))

        leaf_hash = d.pop("leaf_hash")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        seq = d.pop("seq")

        event_view = cls(
            action=action,
            event=event,
            leaf_hash=leaf_hash,
            recorded_at=recorded_at,
            seq=seq,
        )

        event_view.additional_properties = d
        return event_view

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
