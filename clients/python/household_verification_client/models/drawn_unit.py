from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.drawn_unit_visit_outcome_type_0 import DrawnUnitVisitOutcomeType0
from ..types import UNSET, Unset

T = TypeVar("T", bound="DrawnUnit")


@_attrs_define
class DrawnUnit:
    """
    Attributes:
        outcome (str):
        rank (int):
        region_code (str):
        verification_id (UUID):
        has_note (bool | Unset):  Default: False.
        visit_outcome (DrawnUnitVisitOutcomeType0 | None | Unset):
        visited_on (datetime.date | None | Unset):
    """

    outcome: str
    rank: int
    region_code: str
    verification_id: UUID
    has_note: bool | Unset = False
    visit_outcome: DrawnUnitVisitOutcomeType0 | None | Unset = UNSET
    visited_on: datetime.date | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        outcome = self.outcome

        rank = self.rank

        region_code = self.region_code

        verification_id = str(self.verification_id)

        has_note = self.has_note

        visit_outcome: None | str | Unset
        if isinstance(self.visit_outcome, Unset):
            visit_outcome = UNSET
        elif isinstance(self.visit_outcome, DrawnUnitVisitOutcomeType0):
            visit_outcome = self.visit_outcome.value
        else:
            visit_outcome = self.visit_outcome

        visited_on: None | str | Unset
        if isinstance(self.visited_on, Unset):
            visited_on = UNSET
        elif isinstance(self.visited_on, datetime.date):
            visited_on = self.visited_on.isoformat()
        else:
            visited_on = self.visited_on

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "outcome": outcome,
                "rank": rank,
                "region_code": region_code,
                "verification_id": verification_id,
            }
        )
        if has_note is not UNSET:
            field_dict["has_note"] = has_note
        if visit_outcome is not UNSET:
            field_dict["visit_outcome"] = visit_outcome
        if visited_on is not UNSET:
            field_dict["visited_on"] = visited_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        outcome = d.pop("outcome")

        rank = d.pop("rank")

        region_code = d.pop("region_code")

        verification_id = UUID(d.pop("verification_id"))

        has_note = d.pop("has_note", UNSET)

        def _parse_visit_outcome(data: object) -> DrawnUnitVisitOutcomeType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                visit_outcome_type_0 = DrawnUnitVisitOutcomeType0(data)

                return visit_outcome_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DrawnUnitVisitOutcomeType0 | None | Unset, data)

        visit_outcome = _parse_visit_outcome(d.pop("visit_outcome", UNSET))

        def _parse_visited_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                visited_on_type_0 = datetime.date.fromisoformat(data)

                return visited_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        visited_on = _parse_visited_on(d.pop("visited_on", UNSET))

        drawn_unit = cls(
            outcome=outcome,
            rank=rank,
            region_code=region_code,
            verification_id=verification_id,
            has_note=has_note,
            visit_outcome=visit_outcome,
            visited_on=visited_on,
        )

        drawn_unit.additional_properties = d
        return drawn_unit

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
