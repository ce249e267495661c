from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DecisionDeadlineView")


@_attrs_define
class DecisionDeadlineView:
    """The last day for the decision on the application (审核确认总时限, 办法 第二十二条:
    working days from its acceptance).

        Attributes:
            due_on (datetime.date): the last day (inclusive), a Beijing date
            provisional (bool): true: counted Monday to Friday only, because the working-day calendar holds no holidays yet
                for a year the count reached; the day is counted again once it does
            working_days (int): the limit applied, in working days
            calendar (None | str | Unset): where the holidays of the years counted come from (Chinese), as in
                `procedure.deadlines[].calendar`
    """

    due_on: datetime.date
    provisional: bool
    working_days: int
    calendar: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        due_on = self.due_on.isoformat()

        provisional = self.provisional

        working_days = self.working_days

        calendar: None | str | Unset
        if isinstance(self.calendar, Unset):
            calendar = UNSET
        else:
            calendar = self.calendar

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "due_on": due_on,
                "provisional": provisional,
                "working_days": working_days,
            }
        )
        if calendar is not UNSET:
            field_dict["calendar"] = calendar

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        due_on = datetime.date.fromisoformat(d.pop("due_on"))

        provisional = d.pop("provisional")

        working_days = d.pop("working_days")

        def _parse_calendar(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        calendar = _parse_calendar(d.pop("calendar", UNSET))

        decision_deadline_view = cls(
            due_on=due_on,
            provisional=provisional,
            working_days=working_days,
            calendar=calendar,
        )

        decision_deadline_view.additional_properties = d
        return decision_deadline_view

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
