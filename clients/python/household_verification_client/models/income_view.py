from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.deduction_view import DeductionView
    from ..models.member_income_view import MemberIncomeView


T = TypeVar("T", bound="IncomeView")


@_attrs_define
class IncomeView:
    """
    Attributes:
        deductions (list[DeductionView]):
        household_before_deductions (str):
        household_monthly (str):
        low_income_line_monthly (str):
        members (list[MemberIncomeView]):
        months (int):
        per_capita_monthly (str):
        standard_monthly (str):
        window_end (datetime.date):
        window_start (datetime.date):
    """

    deductions: list[DeductionView]
    household_before_deductions: str
    household_monthly: str
    low_income_line_monthly: str
    members: list[MemberIncomeView]
    months: int
    per_capita_monthly: str
    standard_monthly: str
    window_end: datetime.date
    window_start: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        deductions = []
        for deductions_item_data in self.deductions:
            deductions_item = deductions_item_data.to_dict()
            deductions.append(deductions_item)

        household_before_deductions = self.household_before_deductions

        household_monthly = self.household_monthly

        low_income_line_monthly = self.low_income_line_monthly

        members = []
        for members_item_data in self.members:
            members_item = members_item_data.to_dict()
            members.append(members_item)

        months = self.months

        per_capita_monthly = self.per_capita_monthly

        standard_monthly = self.standard_monthly

        window_end = self.window_end.isoformat()

        window_start = self.window_start.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deductions": deductions,
                "household_before_deductions": household_before_deductions,
                "household_monthly": household_monthly,
                "low_income_line_monthly": low_income_line_monthly,
                "members": members,
                "months": months,
                "per_capita_monthly": per_capita_monthly,
                "standard_monthly": standard_monthly,
                "window_end": window_end,
                "window_start": window_start,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deduction_view import DeductionView  # noqa: PLC0415
        from ..models.member_income_view import MemberIncomeView  # noqa: PLC0415

        d = dict(src_dict)
        deductions = []
        _deductions = d.pop("deductions")
        for deductions_item_data in _deductions:
            deductions_item = DeductionView.from_dict(deductions_item_data)

            deductions.append(deductions_item)

        household_before_deductions = d.pop("household_before_deductions")

        household_monthly = d.pop("household_monthly")

        low_income_line_monthly = d.pop("low_income_line_monthly")

        members = []
        _members = d.pop("members")
        for members_item_data in _members:
            members_item = MemberIncomeView.from_dict(members_item_data)

            members.append(members_item)

        months = d.pop("months")

        per_capita_monthly = d.pop("per_capita_monthly")

        standard_monthly = d.pop("standard_monthly")

        window_end = datetime.date.fromisoformat(d.pop("window_end"))

        window_start = datetime.date.fromisoformat(d.pop("window_start"))

        income_view = cls(
            deductions=deductions,
            household_before_deductions=household_before_deductions,
            household_monthly=household_monthly,
            low_income_line_monthly=low_income_line_monthly,
            members=members,
            months=months,
            per_capita_monthly=per_capita_monthly,
            standard_monthly=standard_monthly,
            window_end=window_end,
            window_start=window_start,
        )

        income_view.additional_properties = d
        return income_view

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
