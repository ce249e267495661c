from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.record_visit_outcome import RecordVisitOutcome
from ..types import UNSET, Unset

T = TypeVar("T", bound="RecordVisit")


@_attrs_define
class RecordVisit:
    """
    Attributes:
        outcome (RecordVisitOutcome):
        verification_id (UUID):
        visited_on (datetime.date): the Beijing date of the visit
        note (None | str | Unset): what the visit found; stored encrypted, never audited
    """

    outcome: RecordVisitOutcome
    verification_id: UUID
    visited_on: datetime.date
    note: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        outcome = self.outcome.value

        verification_id = str(self.verification_id)

        visited_on = self.visited_on.isoformat()

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "outcome": outcome,
                "verification_id": verification_id,
                "visited_on": visited_on,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        outcome = RecordVisitOutcome(d.pop("outcome"))

        verification_id = UUID(d.pop("verification_id"))

        visited_on = datetime.date.fromisoformat(d.pop("visited_on"))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        record_visit = cls(
            outcome=outcome,
            verification_id=verification_id,
            visited_on=visited_on,
            note=note,
        )

        return record_visit
