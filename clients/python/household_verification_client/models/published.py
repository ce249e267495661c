from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Published")


@_attrs_define
class Published:
    """What is published, and nothing else: exactly the fields of `publication.fields` in
    force (办法 第二十四条: the applicant's name, the number of members and the amount; "不得
    公开无关信息"). A field the rule does not list is absent.

        Attributes:
            allowance_amount (None | str | Unset): the suggested monthly allowance, yuan
            applicant_name (None | str | Unset): the masked name of the applicant (韦*强): the head of household, or for a
                single-person household (单人户) the member assessed alone
            household_members (list[str] | None | Unset): the members' masked names (older regional rules only)
            household_size (int | None | Unset): the number of people the allowance covers
            income (None | str | Unset): the household's monthly income, yuan (older regional rules only)
    """

    allowance_amount: None | str | Unset = UNSET
    applicant_name: None | str | Unset = UNSET
    household_members: list[str] | None | Unset = UNSET
    household_size: int | None | Unset = UNSET
    income: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        allowance_amount: None | str | Unset
        if isinstance(self.allowance_amount, Unset):
            allowance_amount = UNSET
        else:
            allowance_amount = self.allowance_amount

        applicant_name: None | str | Unset
        if isinstance(self.applicant_name, Unset):
            applicant_name = UNSET
        else:
            applicant_name = self.applicant_name

        household_members: list[str] | None | Unset
        if isinstance(self.household_members, Unset):
            household_members = UNSET
        elif isinstance(self.household_members, list):
            household_members = self.household_members

        else:
            household_members = self.household_members

        household_size: int | None | Unset
        if isinstance(self.household_size, Unset):
            household_size = UNSET
        else:
            household_size = self.household_size

        income: None | str | Unset
        if isinstance(self.income, Unset):
            income = UNSET
        else:
            income = self.income

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if allowance_amount is not UNSET:
            field_dict["allowance_amount"] = allowance_amount
        if applicant_name is not UNSET:
            field_dict["applicant_name"] = applicant_name
        if household_members is not UNSET:
            field_dict["household_members"] = household_members
        if household_size is not UNSET:
            field_dict["household_size"] = household_size
        if income is not UNSET:
            field_dict["income"] = income

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_allowance_amount(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        allowance_amount = _parse_allowance_amount(d.pop("allowance_amount", UNSET))

        def _parse_applicant_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        applicant_name = _parse_applicant_name(d.pop("applicant_name", UNSET))

        def _parse_household_members(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                household_members_type_0 = cast(list[str], data)

                return household_members_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        household_members = _parse_household_members(d.pop("household_members", UNSET))

        def _parse_household_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        household_size = _parse_household_size(d.pop("household_size", UNSET))

        def _parse_income(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        income = _parse_income(d.pop("income", UNSET))

        published = cls(
            allowance_amount=allowance_amount,
            applicant_name=applicant_name,
            household_members=household_members,
            household_size=household_size,
            income=income,
        )

        return published
