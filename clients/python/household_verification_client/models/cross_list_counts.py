from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CrossListCounts")


@_attrs_define
class CrossListCounts:
    """
    Attributes:
        enrolled_at_or_above_standard (int):
        enrolled_households (int):
        enrolled_not_listed (int):
        listed_below_standard (int):
        listed_not_enrolled (int):
        listed_people (int):
        without_band (int): enrolled households and listed people not enrolled with no stored income or no complete
            policy to compare it with
    """

    enrolled_at_or_above_standard: int
    enrolled_households: int
    enrolled_not_listed: int
    listed_below_standard: int
    listed_not_enrolled: int
    listed_people: int
    without_band: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enrolled_at_or_above_standard = self.enrolled_at_or_above_standard

        enrolled_households = self.enrolled_households

        enrolled_not_listed = self.enrolled_not_listed

        listed_below_standard = self.listed_below_standard

        listed_not_enrolled = self.listed_not_enrolled

        listed_people = self.listed_people

        without_band = self.without_band

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "enrolled_at_or_above_standard": enrolled_at_or_above_standard,
                "enrolled_households": enrolled_households,
                "enrolled_not_listed": enrolled_not_listed,
                "listed_below_standard": listed_below_standard,
                "listed_not_enrolled": listed_not_enrolled,
                "listed_people": listed_people,
                "without_band": without_band,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enrolled_at_or_above_standard = d.pop("enrolled_at_or_above_standard")

        enrolled_households = d.pop("enrolled_households")

        enrolled_not_listed = d.pop("enrolled_not_listed")

        listed_below_standard = d.pop("listed_below_standard")

        listed_not_enrolled = d.pop("listed_not_enrolled")

        listed_people = d.pop("listed_people")

        without_band = d.pop("without_band")

        cross_list_counts = cls(
            enrolled_at_or_above_standard=enrolled_at_or_above_standard,
            enrolled_households=enrolled_households,
            enrolled_not_listed=enrolled_not_listed,
            listed_below_standard=listed_below_standard,
            listed_not_enrolled=listed_not_enrolled,
            listed_people=listed_people,
            without_band=without_band,
        )

        cross_list_counts.additional_properties = d
        return cross_list_counts

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
