from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.appeal_reason import AppealReason
from ..models.decision import Decision
from ..types import UNSET, Unset

T = TypeVar("T", bound="DecideAppeal")


@_attrs_define
class DecideAppeal:
    """
    Attributes:
        decision (Decision):
        reason_codes (list[AppealReason]):
        note (None | str | Unset): the caseworker's words (encrypted)
    """

    decision: Decision
    reason_codes: list[AppealReason]
    note: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        decision = self.decision.value

        reason_codes = []
        for reason_codes_item_data in self.reason_codes:
            reason_codes_item = reason_codes_item_data.value
            reason_codes.append(reason_codes_item)

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "decision": decision,
                "reason_codes": reason_codes,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        decision = Decision(d.pop("decision"))

        reason_codes = []
        _reason_codes = d.pop("reason_codes")
        for reason_codes_item_data in _reason_codes:
            reason_codes_item = AppealReason(reason_codes_item_data)

            reason_codes.append(reason_codes_item)

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        decide_appeal = cls(
            decision=decision,
            reason_codes=reason_codes,
            note=note,
        )

        return decide_appeal
