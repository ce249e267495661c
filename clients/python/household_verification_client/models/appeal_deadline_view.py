from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AppealDeadlineView")


@_attrs_define
class AppealDeadlineView:
    """
    Attributes:
        due_on (datetime.date): the decision's last day (inclusive), a Beijing date
        provisional (bool): counted Monday to Friday only (beyond the calendar)
        working_days (int):
    """

    due_on: datetime.date
    provisional: bool
    working_days: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        due_on = self.due_on.isoformat()

        provisional = self.provisional

        working_days = self.working_days

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "due_on": due_on,
                "provisional": provisional,
                "working_days": working_days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        due_on = datetime.date.fromisoformat(d.pop("due_on"))

        provisional = d.pop("provisional")

        working_days = d.pop("working_days")

        appeal_deadline_view = cls(
            due_on=due_on,
            provisional=provisional,
            working_days=working_days,
        )

        appeal_deadline_view.additional_properties = d
        return appeal_deadline_view

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
