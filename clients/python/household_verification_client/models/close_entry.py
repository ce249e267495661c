from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.closing_reason import ClosingReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="CloseEntry")


@_attrs_define
class CloseEntry:
    """
    Attributes:
        reason_code (ClosingReason): Why an entry was dismissed or withdrawn (audited: a code, never free text).
        note (None | str | Unset): the caseworker's note (kept encrypted, never audited)
    """

    reason_code: ClosingReason
    note: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reason_code = self.reason_code.value

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason_code": reason_code,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason_code = ClosingReason(d.pop("reason_code"))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        close_entry = cls(
            reason_code=reason_code,
            note=note,
        )

        return close_entry
