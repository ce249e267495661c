from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

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
        reauthorized_by (None | Unset | UUID): re-authorization: a completed verification (of this client) of the same
            people in the same region under the household's new authorization; its reviews go on under that authorization,
            compared with that verification's report (`authorization_status` back to `active` from `revoked` or `expired`;
            `409 household-mismatch` for other people, `409 verification-incomplete` while it is not completed, `422
            authorization-revoked` if that one was withdrawn too, `422 expired` if it has expired too)
    """

    category: Category | None | Unset = UNSET
    monthly_allowance: None | str | Unset = UNSET
    reauthorized_by: None | Unset | UUID = UNSET

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

        reauthorized_by: None | str | Unset
        if isinstance(self.reauthorized_by, Unset):
            reauthorized_by = UNSET
        elif isinstance(self.reauthorized_by, UUID):
            reauthorized_by = str(self.reauthorized_by)
        else:
            reauthorized_by = self.reauthorized_by

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if category is not UNSET:
            field_dict["category"] = category
        if monthly_allowance is not UNSET:
            field_dict["monthly_allowance"] = monthly_allowance
        if reauthorized_by is not UNSET:
            field_dict["reauthorized_by"] = reauthorized_by

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

        def _parse_reauthorized_by(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reauthorized_by_type_0 = UUID(data)

                return reauthorized_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        reauthorized_by = _parse_reauthorized_by(d.pop("reauthorized_by", UNSET))

        update_household = cls(
            category=category,
            monthly_allowance=monthly_allowance,
            reauthorized_by=reauthorized_by,
        )

        return update_household
