from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.citation_view import CitationView
    from ..models.entry_view_value_type_4_item import EntryViewValueType4Item


T = TypeVar("T", bound="EntryView")


@_attrs_define
class EntryView:
    """A dated entry of one layer.

    Attributes:
        citation (CitationView):
        layer (str): the layer's id (`cn`, `gx`, `gx-nanning`, …)
        layer_name (str):
        left_to_local (bool):
        level (str): national | province | city | county
        reason (None | str): why it is left to local government
        valid_from (datetime.date):
        valid_until (datetime.date | None): inclusive; null: open-ended
        value (bool | int | list[EntryViewValueType4Item] | list[str] | None | str): null when the entry leaves the
            value to local government
        service (None | str | Unset): the service has no data for this rule: `case_system` (left to the case-management
            system that calls it) or `not_supported`; null: not marked
        service_note (None | str | Unset): why, and who does it (Chinese)
    """

    citation: CitationView
    layer: str
    layer_name: str
    left_to_local: bool
    level: str
    reason: None | str
    valid_from: datetime.date
    valid_until: datetime.date | None
    value: bool | int | list[EntryViewValueType4Item] | list[str] | None | str
    service: None | str | Unset = UNSET
    service_note: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        citation = self.citation.to_dict()

        layer = self.layer

        layer_name = self.layer_name

        left_to_local = self.left_to_local

        level = self.level

        reason: None | str
        reason = self.reason

        valid_from = self.valid_from.isoformat()

        valid_until: None | str
        if isinstance(self.valid_until, datetime.date):
            valid_until = self.valid_until.isoformat()
        else:
            valid_until = self.valid_until

        value: bool | int | list[dict[str, Any]] | list[str] | None | str
        if isinstance(self.value, list):
            value = self.value

        elif isinstance(self.value, list):
            value = []
            for value_type_4_item_data in self.value:
                value_type_4_item = value_type_4_item_data.to_dict()
                value.append(value_type_4_item)

        else:
            value = self.value

        service: None | str | Unset
        if isinstance(self.service, Unset):
            service = UNSET
        else:
            service = self.service

        service_note: None | str | Unset
        if isinstance(self.service_note, Unset):
            service_note = UNSET
        else:
            service_note = self.service_note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "citation": citation,
                "layer": layer,
                "layer_name": layer_name,
                "left_to_local": left_to_local,
                "level": level,
                "reason": reason,
                "valid_from": valid_from,
                "valid_until": valid_until,
                "value": value,
            }
        )
        if service is not UNSET:
            field_dict["service"] = service
        if service_note is not UNSET:
            field_dict["service_note"] = service_note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.citation_view import CitationView  # noqa: PLC0415
        from ..models.entry_view_value_type_4_item import EntryViewValueType4Item  # noqa: PLC0415

        d = dict(src_dict)
        citation = CitationView.from_dict(d.pop("citation"))

        layer = d.pop("layer")

        layer_name = d.pop("layer_name")

        left_to_local = d.pop("left_to_local")

        level = d.pop("level")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        valid_from = datetime.date.fromisoformat(d.pop("valid_from"))

        def _parse_valid_until(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_until_type_0 = datetime.date.fromisoformat(data)

                return valid_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        valid_until = _parse_valid_until(d.pop("valid_until"))

        def _parse_value(data: object) -> bool | int | list[EntryViewValueType4Item] | list[str] | None | str:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                value_type_3 = cast(list[str], data)

                return value_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                value_type_4 = []
                _value_type_4 = data
                for value_type_4_item_data in _value_type_4:
                    value_type_4_item = EntryViewValueType4Item.from_dict(value_type_4_item_data)

                    value_type_4.append(value_type_4_item)

                return value_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | int | list[EntryViewValueType4Item] | list[str] | None | str, data)

        value = _parse_value(d.pop("value"))

        def _parse_service(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        service = _parse_service(d.pop("service", UNSET))

        def _parse_service_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        service_note = _parse_service_note(d.pop("service_note", UNSET))

        entry_view = cls(
            citation=citation,
            layer=layer,
            layer_name=layer_name,
            left_to_local=left_to_local,
            level=level,
            reason=reason,
            valid_from=valid_from,
            valid_until=valid_until,
            value=value,
            service=service,
            service_note=service_note,
        )

        entry_view.additional_properties = d
        return entry_view

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
