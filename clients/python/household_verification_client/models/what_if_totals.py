from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WhatIfTotals")


@_attrs_define
class WhatIfTotals:
    """
    Attributes:
        allowance_after (str):
        allowance_before (str): monthly allowance of all, yuan
        becomes_eligible (int):
        becomes_ineligible (int):
        decrease (int):
        difference (str):
        households (int):
        increase (int):
        outcome_changed (int): between ineligible and review_required
        unchanged (int):
    """

    allowance_after: str
    allowance_before: str
    becomes_eligible: int
    becomes_ineligible: int
    decrease: int
    difference: str
    households: int
    increase: int
    outcome_changed: int
    unchanged: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allowance_after = self.allowance_after

        allowance_before = self.allowance_before

        becomes_eligible = self.becomes_eligible

        becomes_ineligible = self.becomes_ineligible

        decrease = self.decrease

        difference = self.difference

        households = self.households

        increase = self.increase

        outcome_changed = self.outcome_changed

        unchanged = self.unchanged

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allowance_after": allowance_after,
                "allowance_before": allowance_before,
                "becomes_eligible": becomes_eligible,
                "becomes_ineligible": becomes_ineligible,
                "decrease": decrease,
                "difference": difference,
                "households": households,
                "increase": increase,
                "outcome_changed": outcome_changed,
                "unchanged": unchanged,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        allowance_after = d.pop("allowance_after")

        allowance_before = d.pop("allowance_before")

        becomes_eligible = d.pop("becomes_eligible")

        becomes_ineligible = d.pop("becomes_ineligible")

        decrease = d.pop("decrease")

        difference = d.pop("difference")

        households = d.pop("households")

        increase = d.pop("increase")

        outcome_changed = d.pop("outcome_changed")

        unchanged = d.pop("unchanged")

        what_if_totals = cls(
            allowance_after=allowance_after,
            allowance_before=allowance_before,
            becomes_eligible=becomes_eligible,
            becomes_ineligible=becomes_ineligible,
            decrease=decrease,
            difference=difference,
            households=households,
            increase=increase,
            outcome_changed=outcome_changed,
            unchanged=unchanged,
        )

        what_if_totals.additional_properties = d
        return what_if_totals

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
