from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.what_if_change import WhatIfChange

T = TypeVar("T", bound="WhatIfHousehold")


@_attrs_define
class WhatIfHousehold:
    """
    Attributes:
        allowance_after (None | str):
        allowance_before (None | str): monthly, yuan; null: none applies
        change (WhatIfChange): How a household fares under the draft, against the policy in force.
        difference (str): after − before; a null allowance counts 0.00
        household_id (UUID):
        members_masked (list[str]): the members' masked ID numbers
        outcome_after (str):
        outcome_before (str):
        region_code (str):
    """

    allowance_after: None | str
    allowance_before: None | str
    change: WhatIfChange
    difference: str
    household_id: UUID
    members_masked: list[str]
    outcome_after: str
    outcome_before: str
    region_code: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allowance_after: None | str
        allowance_after = self.allowance_after

        allowance_before: None | str
        allowance_before = self.allowance_before

        change = self.change.value

        difference = self.difference

        household_id = str(self.household_id)

        members_masked = self.members_masked

        outcome_after = self.outcome_after

        outcome_before = self.outcome_before

        region_code = self.region_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allowance_after": allowance_after,
                "allowance_before": allowance_before,
                "change": change,
                "difference": difference,
                "household_id": household_id,
                "members_masked": members_masked,
                "outcome_after": outcome_after,
                "outcome_before": outcome_before,
                "region_code": region_code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_allowance_after(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        allowance_after = _parse_allowance_after(d.pop("allowance_after"))

        def _parse_allowance_before(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        allowance_before = _parse_allowance_before(d.pop("allowance_before"))

        change = WhatIfChange(d.pop("change"))

        difference = d.pop("difference")

        household_id = UUID(d.pop("household_id"))

        members_masked = cast(list[str], d.pop("members_masked"))

        outcome_after = d.pop("outcome_after")

        outcome_before = d.pop("outcome_before")

        region_code = d.pop("region_code")

        what_if_household = cls(
            allowance_after=allowance_after,
            allowance_before=allowance_before,
            change=change,
            difference=difference,
            household_id=household_id,
            members_masked=members_masked,
            outcome_after=outcome_after,
            outcome_before=outcome_before,
            region_code=region_code,
        )

        what_if_household.additional_properties = d
        return what_if_household

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
