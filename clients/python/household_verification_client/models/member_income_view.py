from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.member_income_view_counted_by_category import MemberIncomeViewCountedByCategory
    from ..models.member_income_view_excluded_by_category import MemberIncomeViewExcludedByCategory


T = TypeVar("T", bound="MemberIncomeView")


@_attrs_define
class MemberIncomeView:
    """
    Attributes:
        counted_by_category (MemberIncomeViewCountedByCategory):
        counted_monthly (str):
        excluded_by_category (MemberIncomeViewExcludedByCategory):
        living (bool):
        member_index (int):
    """

    counted_by_category: MemberIncomeViewCountedByCategory
    counted_monthly: str
    excluded_by_category: MemberIncomeViewExcludedByCategory
    living: bool
    member_index: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        counted_by_category = self.counted_by_category.to_dict()

        counted_monthly = self.counted_monthly

        excluded_by_category = self.excluded_by_category.to_dict()

        living = self.living

        member_index = self.member_index

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "counted_by_category": counted_by_category,
                "counted_monthly": counted_monthly,
                "excluded_by_category": excluded_by_category,
                "living": living,
                "member_index": member_index,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.member_income_view_counted_by_category import MemberIncomeViewCountedByCategory  # noqa: PLC0415
        from ..models.member_income_view_excluded_by_category import MemberIncomeViewExcludedByCategory  # noqa: PLC0415

        d = dict(src_dict)
        counted_by_category = MemberIncomeViewCountedByCategory.from_dict(d.pop("counted_by_category"))

        counted_monthly = d.pop("counted_monthly")

        excluded_by_category = MemberIncomeViewExcludedByCategory.from_dict(d.pop("excluded_by_category"))

        living = d.pop("living")

        member_index = d.pop("member_index")

        member_income_view = cls(
            counted_by_category=counted_by_category,
            counted_monthly=counted_monthly,
            excluded_by_category=excluded_by_category,
            living=living,
            member_index=member_index,
        )

        member_income_view.additional_properties = d
        return member_income_view

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
