from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.category import Category
from ..types import UNSET, Unset

T = TypeVar("T", bound="EnrollHousehold")


@_attrs_define
class EnrollHousehold:
    """
    Attributes:
        category (Category): The household category that sets how often it is reviewed.
        verification_id (UUID): a completed verification of the calling client with outcome `eligible`
        monthly_allowance (None | str | Unset): yuan per month; default: the report's suggested allowance
    """

    category: Category
    verification_id: UUID
    monthly_allowance: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        category = self.category.value

        verification_id = str(self.verification_id)

        monthly_allowance: None | str | Unset
        if isinstance(self.monthly_allowance, Unset):
            monthly_allowance = UNSET
        else:
            monthly_allowance = self.monthly_allowance

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "category": category,
                "verification_id": verification_id,
            }
        )
        if monthly_allowance is not UNSET:
            field_dict["monthly_allowance"] = monthly_allowance

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = Category(d.pop("category"))

        verification_id = UUID(d.pop("verification_id"))

        def _parse_monthly_allowance(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        monthly_allowance = _parse_monthly_allowance(d.pop("monthly_allowance", UNSET))

        enroll_household = cls(
            category=category,
            verification_id=verification_id,
            monthly_allowance=monthly_allowance,
        )

        return enroll_household
