from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TierView")


@_attrs_define
class TierView:
    """
    Attributes:
        fraction_of_standard (str): paid per person, as a share of the standard
        number (int): 1-based, in the order of the region's `allowance.tiers`
        per_person_monthly (str):
        up_to_gap_fraction (str): (standard − per-capita) ÷ standard, at most
    """

    fraction_of_standard: str
    number: int
    per_person_monthly: str
    up_to_gap_fraction: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        fraction_of_standard = self.fraction_of_standard

        number = self.number

        per_person_monthly = self.per_person_monthly

        up_to_gap_fraction = self.up_to_gap_fraction

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fraction_of_standard": fraction_of_standard,
                "number": number,
                "per_person_monthly": per_person_monthly,
                "up_to_gap_fraction": up_to_gap_fraction,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        fraction_of_standard = d.pop("fraction_of_standard")

        number = d.pop("number")

        per_person_monthly = d.pop("per_person_monthly")

        up_to_gap_fraction = d.pop("up_to_gap_fraction")

        tier_view = cls(
            fraction_of_standard=fraction_of_standard,
            number=number,
            per_person_monthly=per_person_monthly,
            up_to_gap_fraction=up_to_gap_fraction,
        )

        tier_view.additional_properties = d
        return tier_view

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
