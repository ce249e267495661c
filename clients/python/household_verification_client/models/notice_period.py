from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="NoticePeriod")


@_attrs_define
class NoticePeriod:
    """The 公示 period (办法 第十九条第一款: 公示期为7天), in Beijing dates, both included.

    Attributes:
        basis (str): the article (Chinese)
        days (int): `publicity.notice_days` in force on `starts_on`
        ends_on (datetime.date): the last day of the notice: starts_on + days − 1
        starts_on (datetime.date):
    """

    basis: str
    days: int
    ends_on: datetime.date
    starts_on: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        basis = self.basis

        days = self.days

        ends_on = self.ends_on.isoformat()

        starts_on = self.starts_on.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "basis": basis,
                "days": days,
                "ends_on": ends_on,
                "starts_on": starts_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        basis = d.pop("basis")

        days = d.pop("days")

        ends_on = datetime.date.fromisoformat(d.pop("ends_on"))

        starts_on = datetime.date.fromisoformat(d.pop("starts_on"))

        notice_period = cls(
            basis=basis,
            days=days,
            ends_on=ends_on,
            starts_on=starts_on,
        )

        notice_period.additional_properties = d
        return notice_period

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
