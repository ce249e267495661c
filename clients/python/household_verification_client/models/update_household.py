from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.category import Category
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateHousehold")


@_attrs_define
class UpdateHousehold:
    """
    Attributes:
        category (Category | None | Unset): a new category reschedules the review from the last one
        monthly_allowance (None | str | Unset):
    """

    category: Category | None | Unset = UNSET
    monthly_allowance: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        category: None | str | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        elif isinstance(self.category, Category):
            category = self.category.value
        else:
            category = self.category

        monthly_allowance: None | str | Unset
        if isinstance(self.monthly_allowance, Unset):
            monthly_allowance = UNSET
        else:
            monthly_allowance = self.monthly_allowance

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if category is not UNSET:
            field_dict["category"] = category
        if monthly_allowance is not UNSET:
            field_dict["monthly_allowance"] = monthly_allowance

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_category(data: object) -> Category | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                category_type_0 = Category(data)

                return category_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Category | None | Unset, data)

        category = _parse_category(d.pop("category", UNSET))

        def _parse_monthly_allowance(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        monthly_allowance = _parse_monthly_allowance(d.pop("monthly_allowance", UNSET))

        update_household = cls(
            category=category,
            monthly_allowance=monthly_allowance,
        )

        return update_household
