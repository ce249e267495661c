from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.used_value_status import UsedValueStatus

T = TypeVar("T", bound="UsedValue")


@_attrs_define
class UsedValue:
    """One layered parameter the engine used, with the dated entry that decided it.

    Attributes:
        citation (str): the citation as a caseworker reads it (Chinese)
        example (bool): an illustrative figure, not one a text publishes
        key (str): the parameter (`standard.rural`, `graduation.months`, …)
        label (str): its Chinese name
        layer (str): the layer that set it (`cn`, `gx`, `gx-nanning`, …)
        layer_name (str):
        status (UsedValueStatus): in_force: the value applied; lapsed: ended on `valid_until` with no successor, so the
            value was NOT applied (the report's `policy_notes` say what the engine did instead)
        valid_from (datetime.date): the dated entry's first day
        valid_until (datetime.date | None): its last day (inclusive); null: open
        value (bool | int | list[str] | None | str): the value (money and ratios as decimal strings)
    """

    citation: str
    example: bool
    key: str
    label: str
    layer: str
    layer_name: str
    status: UsedValueStatus
    valid_from: datetime.date
    valid_until: datetime.date | None
    value: bool | int | list[str] | None | str

    def to_dict(self) -> dict[str, Any]:
        citation = self.citation

        example = self.example

        key = self.key

        label = self.label

        layer = self.layer

        layer_name = self.layer_name

        status = self.status.value

        valid_from = self.valid_from.isoformat()

        valid_until: None | str
        if isinstance(self.valid_until, datetime.date):
            valid_until = self.valid_until.isoformat()
        else:
            valid_until = self.valid_until

        value: bool | int | list[str] | None | str
        if isinstance(self.value, list):
            value = self.value

        else:
            value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "citation": citation,
                "example": example,
                "key": key,
                "label": label,
                "layer": layer,
                "layer_name": layer_name,
                "status": status,
                "valid_from": valid_from,
                "valid_until": valid_until,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        citation = d.pop("citation")

        example = d.pop("example")

        key = d.pop("key")

        label = d.pop("label")

        layer = d.pop("layer")

        layer_name = d.pop("layer_name")

        status = UsedValueStatus(d.pop("status"))

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

        def _parse_value(data: object) -> bool | int | list[str] | None | str:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                value_type_3 = cast(list[str], data)

                return value_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(bool | int | list[str] | None | str, data)

        value = _parse_value(d.pop("value"))

        used_value = cls(
            citation=citation,
            example=example,
            key=key,
            label=label,
            layer=layer,
            layer_name=layer_name,
            status=status,
            valid_from=valid_from,
            valid_until=valid_until,
            value=value,
        )

        return used_value
