from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CellView")


@_attrs_define
class CellView:
    """
    Attributes:
        count (int | None): the count; `null` when suppressed (fewer than the threshold, or a total that would give a
            suppressed part away)
        key (str): what is counted (`eligible`, `ok`, `enrolled`, …)
        label (str): its name in the requested language
        shown (str): as the page shows it: "12", "<5", or "—" for a withheld total
        suppressed (bool):
    """

    count: int | None
    key: str
    label: str
    shown: str
    suppressed: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count: int | None
        count = self.count

        key = self.key

        label = self.label

        shown = self.shown

        suppressed = self.suppressed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "key": key,
                "label": label,
                "shown": shown,
                "suppressed": suppressed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_count(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        count = _parse_count(d.pop("count"))

        key = d.pop("key")

        label = d.pop("label")

        shown = d.pop("shown")

        suppressed = d.pop("suppressed")

        cell_view = cls(
            count=count,
            key=key,
            label=label,
            shown=shown,
            suppressed=suppressed,
        )

        cell_view.additional_properties = d
        return cell_view

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
