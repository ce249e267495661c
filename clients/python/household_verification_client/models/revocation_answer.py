from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.revocation_answer_reason import RevocationAnswerReason
from ..types import UNSET, Unset

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
        households_marked (int | Unset): enrolled households whose reviews used it: each now says `authorization_status:
            revoked` and is left out of due batches until re-authorized Default: 0.
        verifications_completed (list[UUID] | Unset): the verifications that awaited only those answers: each completed
            now without them (a new revision of its report, the answers not collected `unavailable` with
            `source.authorization_withdrawn`; `verification.completed`)
    """

    authorization_id: str
    reason: RevocationAnswerReason
    revoked_at: datetime.datetime
    tickets_closed: int
    withdrawn_on: datetime.date
    households_marked: int | Unset = 0
    verifications_completed: list[UUID] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        authorization_id = self.authorization_id

        reason = self.reason.value

        revoked_at = self.revoked_at.isoformat()

        tickets_closed = self.tickets_closed

        withdrawn_on = self.withdrawn_on.isoformat()

        households_marked = self.households_marked

        verifications_completed: list[str] | Unset = UNSET
        if not isinstance(self.verifications_completed, Unset):
            verifications_completed = []
            for verifications_completed_item_data in self.verifications_completed:
                verifications_completed_item = str(verifications_completed_item_data)
                verifications_completed.append(verifications_completed_item)

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
        if households_marked is not UNSET:
            field_dict["households_marked"] = households_marked
        if verifications_completed is not UNSET:
            field_dict["verifications_completed"] = verifications_completed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        authorization_id = d.pop("authorization_id")

        reason = RevocationAnswerReason(d.pop("reason"))

        revoked_at = datetime.datetime.fromisoformat(d.pop("revoked_at"))

        tickets_closed = d.pop("tickets_closed")

        withdrawn_on = datetime.date.fromisoformat(d.pop("withdrawn_on"))

        households_marked = d.pop("households_marked", UNSET)

        _verifications_completed = d.pop("verifications_completed", UNSET)
        verifications_completed: list[UUID] | Unset = UNSET
        if _verifications_completed is not UNSET:
            verifications_completed = []
            for verifications_completed_item_data in _verifications_completed:
                verifications_completed_item = UUID(verifications_completed_item_data)

                verifications_completed.append(verifications_completed_item)

        revocation_answer = cls(
            authorization_id=authorization_id,
            reason=reason,
            revoked_at=revoked_at,
            tickets_closed=tickets_closed,
            withdrawn_on=withdrawn_on,
            households_marked=households_marked,
            verifications_completed=verifications_completed,
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
