from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.revocation_answer_reason import RevocationAnswerReason

T = TypeVar("T", bound="RevocationAnswer")


@_attrs_define
class RevocationAnswer:
    """
    Attributes:
        authorization_id (str):
        reason (RevocationAnswerReason):
        revoked_at (datetime.datetime):
        tickets_closed (int): agency answers no longer awaited under it
        withdrawn_on (datetime.date):
    """

    authorization_id: str
    reason: RevocationAnswerReason
    revoked_at: datetime.datetime
    tickets_closed: int
    withdrawn_on: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        authorization_id = self.authorization_id

        reason = self.reason.value

        revoked_at = self.revoked_at.isoformat()

        tickets_closed = self.tickets_closed

        withdrawn_on = self.withdrawn_on.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "authorization_id": authorization_id,
                "reason": reason,
                "revoked_at": revoked_at,
                "tickets_closed": tickets_closed,
                "withdrawn_on": withdrawn_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        authorization_id = d.pop("authorization_id")

        reason = RevocationAnswerReason(d.pop("reason"))

        revoked_at = datetime.datetime.fromisoformat(d.pop("revoked_at"))

        tickets_closed = d.pop("tickets_closed")

        withdrawn_on = datetime.date.fromisoformat(d.pop("withdrawn_on"))

        revocation_answer = cls(
            authorization_id=authorization_id,
            reason=reason,
            revoked_at=revoked_at,
            tickets_closed=tickets_closed,
            withdrawn_on=withdrawn_on,
        )

        revocation_answer.additional_properties = d
        return revocation_answer

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
