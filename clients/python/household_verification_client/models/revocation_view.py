from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.revocation_view_reason import RevocationViewReason

T = TypeVar("T", bound="RevocationView")


@_attrs_define
class RevocationView:
    """
    Attributes:
        reason (RevocationViewReason):
        reason_text (str):
        recorded_at (datetime.datetime):
        recorded_at_beijing (str):
        withdrawn_on (datetime.date): the Beijing date the household withdrew
    """

    reason: RevocationViewReason
    reason_text: str
    recorded_at: datetime.datetime
    recorded_at_beijing: str
    withdrawn_on: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason.value

        reason_text = self.reason_text

        recorded_at = self.recorded_at.isoformat()

        recorded_at_beijing = self.recorded_at_beijing

        withdrawn_on = self.withdrawn_on.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reason": reason,
                "reason_text": reason_text,
                "recorded_at": recorded_at,
                "recorded_at_beijing": recorded_at_beijing,
                "withdrawn_on": withdrawn_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = RevocationViewReason(d.pop("reason"))

        reason_text = d.pop("reason_text")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        recorded_at_beijing = d.pop("recorded_at_beijing")

        withdrawn_on = datetime.date.fromisoformat(d.pop("withdrawn_on"))

        revocation_view = cls(
            reason=reason,
            reason_text=reason_text,
            recorded_at=recorded_at,
            recorded_at_beijing=recorded_at_beijing,
            withdrawn_on=withdrawn_on,
        )

        revocation_view.additional_properties = d
        return revocation_view

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
