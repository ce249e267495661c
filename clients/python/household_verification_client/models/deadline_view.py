from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.deadline_view_counted_from import DeadlineViewCountedFrom
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.message_view import MessageView


T = TypeVar("T", bound="DeadlineView")


@_attrs_define
class DeadlineView:
    """A working-day limit of the 审核确认 procedure (办法 第十五、十七、二十至二十二条).

    Attributes:
        citation (str): the article the applied limit comes from (Chinese)
        counted_from (DeadlineViewCountedFrom): the event the limit runs from: acceptance (受理), this request's receipt,
            the county's receipt of the township's file, the refusal decision
        due_on (datetime.date | None): the last working day (inclusive), counted from the day after `starts_on` in
            China's working-day calendar; null when `starts_on` is, or beyond the years the calendar holds
        message (MessageView): A statement a person reads: its stable code, parameters and text.
        parameter (str): the layered parameter (`deadline.total_working_days`, …)
        starts_on (datetime.date | None): the event's Beijing business date; null when the service does not see it
        working_days (int): the limit applied (a ceiling: a region may shorten)
        calendar (None | str | Unset): where the holidays of the years counted come from, one year after another
            (Chinese): the `chinesecalendar` package and its version, or an operator's year file and the State Council
            notice it transcribes; null when nothing was counted (reports made before it was given)
        lengthened_to (int | None | Unset): a region's limit longer than its ceiling: stated, not applied
    """

    citation: str
    counted_from: DeadlineViewCountedFrom
    due_on: datetime.date | None
    message: MessageView
    parameter: str
    starts_on: datetime.date | None
    working_days: int
    calendar: None | str | Unset = UNSET
    lengthened_to: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        citation = self.citation

        counted_from = self.counted_from.value

        due_on: None | str
        if isinstance(self.due_on, datetime.date):
            due_on = self.due_on.isoformat()
        else:
            due_on = self.due_on

        message = self.message.to_dict()

        parameter = self.parameter

        starts_on: None | str
        if isinstance(self.starts_on, datetime.date):
            starts_on = self.starts_on.isoformat()
        else:
            starts_on = self.starts_on

        working_days = self.working_days

        calendar: None | str | Unset
        if isinstance(self.calendar, Unset):
            calendar = UNSET
        else:
            calendar = self.calendar

        lengthened_to: int | None | Unset
        if isinstance(self.lengthened_to, Unset):
            lengthened_to = UNSET
        else:
            lengthened_to = self.lengthened_to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "citation": citation,
                "counted_from": counted_from,
                "due_on": due_on,
                "message": message,
                "parameter": parameter,
                "starts_on": starts_on,
                "working_days": working_days,
            }
        )
        if calendar is not UNSET:
            field_dict["calendar"] = calendar
        if lengthened_to is not UNSET:
            field_dict["lengthened_to"] = lengthened_to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_view import MessageView  # noqa: PLC0415

        d = dict(src_dict)
        citation = d.pop("citation")

        counted_from = DeadlineViewCountedFrom(d.pop("counted_from"))

        def _parse_due_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                due_on_type_0 = datetime.date.fromisoformat(data)

                return due_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        due_on = _parse_due_on(d.pop("due_on"))

        message = MessageView.from_dict(d.pop("message"))

        parameter = d.pop("parameter")

        def _parse_starts_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_on_type_0 = datetime.date.fromisoformat(data)

                return starts_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        starts_on = _parse_starts_on(d.pop("starts_on"))

        working_days = d.pop("working_days")

        def _parse_calendar(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        calendar = _parse_calendar(d.pop("calendar", UNSET))

        def _parse_lengthened_to(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        lengthened_to = _parse_lengthened_to(d.pop("lengthened_to", UNSET))

        deadline_view = cls(
            citation=citation,
            counted_from=counted_from,
            due_on=due_on,
            message=message,
            parameter=parameter,
            starts_on=starts_on,
            working_days=working_days,
            calendar=calendar,
            lengthened_to=lengthened_to,
        )

        deadline_view.additional_properties = d
        return deadline_view

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
