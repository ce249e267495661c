from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.message_view import MessageView


T = TypeVar("T", bound="DeathRecheckView")


@_attrs_define
class DeathRecheckView:
    """The household check due after a member's death (2022 通知 一（三）).

    Attributes:
        citation (str):
        date_of_death (datetime.date | None):
        due_on (datetime.date): date of death + `review.recheck_after_death_months`; the day reported when the date of
            death is unknown
        member_index (int):
        message (MessageView): A statement a person reads: its stable code, parameters and text.
        months (int):
        reason (Literal['member_deceased']):
    """

    citation: str
    date_of_death: datetime.date | None
    due_on: datetime.date
    member_index: int
    message: MessageView
    months: int
    reason: Literal["member_deceased"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        citation = self.citation

        date_of_death: None | str
        if isinstance(self.date_of_death, datetime.date):
            date_of_death = self.date_of_death.isoformat()
        else:
            date_of_death = self.date_of_death

        due_on = self.due_on.isoformat()

        member_index = self.member_index

        message = self.message.to_dict()

        months = self.months

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "citation": citation,
                "date_of_death": date_of_death,
                "due_on": due_on,
                "member_index": member_index,
                "message": message,
                "months": months,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_view import MessageView  # noqa: PLC0415

        d = dict(src_dict)
        citation = d.pop("citation")

        def _parse_date_of_death(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_of_death_type_0 = datetime.date.fromisoformat(data)

                return date_of_death_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        date_of_death = _parse_date_of_death(d.pop("date_of_death"))

        due_on = datetime.date.fromisoformat(d.pop("due_on"))

        member_index = d.pop("member_index")

        message = MessageView.from_dict(d.pop("message"))

        months = d.pop("months")

        reason = cast(Literal["member_deceased"], d.pop("reason"))
        if reason != "member_deceased":
            raise ValueError(f"reason must match const 'member_deceased', got '{reason}'")

        death_recheck_view = cls(
            citation=citation,
            date_of_death=date_of_death,
            due_on=due_on,
            member_index=member_index,
            message=message,
            months=months,
            reason=reason,
        )

        death_recheck_view.additional_properties = d
        return death_recheck_view

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
