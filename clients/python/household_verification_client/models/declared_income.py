from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.income_category import IncomeCategory

T = TypeVar("T", bound="DeclaredIncome")


@_attrs_define
class DeclaredIncome:
    """
    Attributes:
        category (IncomeCategory):
        member_index (int):
        monthly_amount (str):
    """

    category: IncomeCategory
    member_index: int
    monthly_amount: str

    def to_dict(self) -> dict[str, Any]:
        category = self.category.value

        member_index = self.member_index

        monthly_amount = self.monthly_amount

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "category": category,
                "member_index": member_index,
                "monthly_amount": monthly_amount,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = IncomeCategory(d.pop("category"))

        member_index = d.pop("member_index")

        monthly_amount = d.pop("monthly_amount")

        declared_income = cls(
            category=category,
            member_index=member_index,
            monthly_amount=monthly_amount,
        )

        return declared_income
