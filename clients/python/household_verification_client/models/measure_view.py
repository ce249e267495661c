from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MeasureView")


@_attrs_define
class MeasureView:
    """
    Attributes:
        key (str): `latency_median_ms`, `latency_p95_ms`
        label (str):
        shown (str):
        suppressed (bool):
        value (int | None): `null` when withheld (too few answers, or none)
        unit (Literal['ms'] | Unset):  Default: 'ms'.
    """

    key: str
    label: str
    shown: str
    suppressed: bool
    value: int | None
    unit: Literal["ms"] | Unset = "ms"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        label = self.label

        shown = self.shown

        suppressed = self.suppressed

        value: int | None
        value = self.value

        unit = self.unit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key": key,
                "label": label,
                "shown": shown,
                "suppressed": suppressed,
                "value": value,
            }
        )
        if unit is not UNSET:
            field_dict["unit"] = unit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = d.pop("key")

        label = d.pop("label")

        shown = d.pop("shown")

        suppressed = d.pop("suppressed")

        def _parse_value(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        value = _parse_value(d.pop("value"))

        unit = cast(Literal["ms"] | Unset, d.pop("unit", UNSET))
        if unit != "ms" and not isinstance(unit, Unset):
            raise ValueError(f"unit must match const 'ms', got '{unit}'")

        measure_view = cls(
            key=key,
            label=label,
            shown=shown,
            suppressed=suppressed,
            value=value,
            unit=unit,
        )

        measure_view.additional_properties = d
        return measure_view

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
