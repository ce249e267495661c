from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.create_endpoint_event_types_item import CreateEndpointEventTypesItem
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateEndpoint")


@_attrs_define
class CreateEndpoint:
    """
    Attributes:
        event_types (list[CreateEndpointEventTypesItem]): the event types to receive (no duplicates)
        url (str): where events are POSTed: https (plain http only to the loopback interface in demo mode)
        description (None | str | Unset):
    """

    event_types: list[CreateEndpointEventTypesItem]
    url: str
    description: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        event_types = []
        for event_types_item_data in self.event_types:
            event_types_item = event_types_item_data.value
            event_types.append(event_types_item)

        url = self.url

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event_types": event_types,
                "url": url,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_types = []
        _event_types = d.pop("event_types")
        for event_types_item_data in _event_types:
            event_types_item = CreateEndpointEventTypesItem(event_types_item_data)

            event_types.append(event_types_item)

        url = d.pop("url")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        create_endpoint = cls(
            event_types=event_types,
            url=url,
            description=description,
        )

        return create_endpoint
