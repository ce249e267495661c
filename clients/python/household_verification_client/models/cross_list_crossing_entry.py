from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.crossing_kind import CrossingKind
from ..models.income_band import IncomeBand

T = TypeVar("T", bound="CrossListCrossingEntry")


@_attrs_define
class CrossListCrossingEntry:
    """
    Attributes:
        area (str):
        assessed_on (datetime.date):
        band (IncomeBand):
        crossing (CrossingKind):
        edge_line_monthly (str): `edge.income_multiple` × the standard in force on `as_of`
        entry (int | None): a listed person's position in the list
        household_id (None | UUID): an enrolled household's
        per_capita_monthly (str):
        person_masked (None | str):
        region_code (str):
        standard_monthly (str): the 低保 standard in force on `as_of`
        verification_id (UUID): the report the income is read from
    """

    area: str
    assessed_on: datetime.date
    band: IncomeBand
    crossing: CrossingKind
    edge_line_monthly: str
    entry: int | None
    household_id: None | UUID
    per_capita_monthly: str
    person_masked: None | str
    region_code: str
    standard_monthly: str
    verification_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        area = self.area

        assessed_on = self.assessed_on.isoformat()

        band = self.band.value

        crossing = self.crossing.value

        edge_line_monthly = self.edge_line_monthly

        entry: int | None
        entry = self.entry

        household_id: None | str
        if isinstance(self.household_id, UUID):
            household_id = str(self.household_id)
        else:
            household_id = self.household_id

        per_capita_monthly = self.per_capita_monthly

        person_masked: None | str
        person_masked = self.person_masked

        region_code = self.region_code

        standard_monthly = self.standard_monthly

        verification_id = str(self.verification_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "area": area,
                "assessed_on": assessed_on,
                "band": band,
                "crossing": crossing,
                "edge_line_monthly": edge_line_monthly,
                "entry": entry,
                "household_id": household_id,
                "per_capita_monthly": per_capita_monthly,
                "person_masked": person_masked,
                "region_code": region_code,
                "standard_monthly": standard_monthly,
                "verification_id": verification_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        area = d.pop("area")

        assessed_on = datetime.date.fromisoformat(d.pop("assessed_on"))

        band = IncomeBand(d.pop("band"))

        crossing = CrossingKind(d.pop("crossing"))

        edge_line_monthly = d.pop("edge_line_monthly")

        def _parse_entry(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        entry = _parse_entry(d.pop("entry"))

        def _parse_household_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                household_id_type_0 = UUID(data)

                return household_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        household_id = _parse_household_id(d.pop("household_id"))

        per_capita_monthly = d.pop("per_capita_monthly")

        def _parse_person_masked(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        person_masked = _parse_person_masked(d.pop("person_masked"))

        region_code = d.pop("region_code")

        standard_monthly = d.pop("standard_monthly")

        verification_id = UUID(d.pop("verification_id"))

        cross_list_crossing_entry = cls(
            area=area,
            assessed_on=assessed_on,
            band=band,
            crossing=crossing,
            edge_line_monthly=edge_line_monthly,
            entry=entry,
            household_id=household_id,
            per_capita_monthly=per_capita_monthly,
            person_masked=person_masked,
            region_code=region_code,
            standard_monthly=standard_monthly,
            verification_id=verification_id,
        )

        cross_list_crossing_entry.additional_properties = d
        return cross_list_crossing_entry

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
