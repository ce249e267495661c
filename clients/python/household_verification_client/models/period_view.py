from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PeriodView")


@_attrs_define
class PeriodView:
    """
    Attributes:
        ends_before (datetime.date): the day after the last (Beijing date), excluded
        starts_on (datetime.date): the first day (Beijing date), included
    """

    ends_before: datetime.date
    starts_on: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ends_before = self.ends_before.isoformat()

        starts_on = self.starts_on.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ends_before": ends_before,
                "starts_on": starts_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ends_before = datetime.date.fromisoformat(d.pop("ends_before"))

        starts_on = datetime.date.fromisoformat(d.pop("starts_on"))

        period_view = cls(
            ends_before=ends_before,
            starts_on=starts_on,
        )

        period_view.additional_properties = d
        return period_view

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
