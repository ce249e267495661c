from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.declared_income import DeclaredIncome
    from ..models.declared_member import DeclaredMember
    from ..models.rigid_spending import RigidSpending
    from ..models.work_refusal import WorkRefusal


T = TypeVar("T", bound="Declaration")


@_attrs_define
class Declaration:
    """The household's own statement (家庭收入和财产状况声明).

    Income and asset figures are compared with what the sources say (findings);
    member circumstances drive deductions and the single-person rule.

        Attributes:
            businesses (int | None | Unset): market entities in business (存续/在业: 个体工商户 or companies) the members operate,
                represent or hold shares in, each counted once; omit if not declared
            financial_assets_total (None | str | Unset):
            incomes (list[DeclaredIncome] | None | Unset): monthly income per member and category; omit if not declared
            insurance_cash_value_total (None | str | Unset): the cash value (现金价值) of the household's insurance policies,
                part of `financial_assets_total`; compared with the insurance platform's; omit if not declared
            members (list[DeclaredMember] | Unset):
            residences (int | None | Unset):
            rigid_expenses_monthly (None | str | Unset): 刚性支出: monthly expenses for serious illness or disability
            rigid_spending_12_months (None | RigidSpending | Unset): the household's rigid spending over the 12 months
                before the application, for the 刚性支出困难家庭 assessment; omit if not declared
            single_person_member (int | None | Unset): apply as a single-person household (单人户) for this adult, unemployed,
                severely disabled member
            vehicles (int | None | Unset):
            work_refusals (list[WorkRefusal] | Unset): recorded by the caseworker: a member with at least
                `work_refusal.consecutive_refusals` (3) has only their own share of the allowance reduced or stopped (办法 第三十四条)
    """

    businesses: int | None | Unset = UNSET
    financial_assets_total: None | str | Unset = UNSET
    incomes: list[DeclaredIncome] | None | Unset = UNSET
    insurance_cash_value_total: None | str | Unset = UNSET
    members: list[DeclaredMember] | Unset = UNSET
    residences: int | None | Unset = UNSET
    rigid_expenses_monthly: None | str | Unset = UNSET
    rigid_spending_12_months: None | RigidSpending | Unset = UNSET
    single_person_member: int | None | Unset = UNSET
    vehicles: int | None | Unset = UNSET
    work_refusals: list[WorkRefusal] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.rigid_spending import RigidSpending  # noqa: PLC0415

        businesses: int | None | Unset
        if isinstance(self.businesses, Unset):
            businesses = UNSET
        else:
            businesses = self.businesses

        financial_assets_total: None | str | Unset
        if isinstance(self.financial_assets_total, Unset):
            financial_assets_total = UNSET
        else:
            financial_assets_total = self.financial_assets_total

        incomes: list[dict[str, Any]] | None | Unset
        if isinstance(self.incomes, Unset):
            incomes = UNSET
        elif isinstance(self.incomes, list):
            incomes = []
            for incomes_type_0_item_data in self.incomes:
                incomes_type_0_item = incomes_type_0_item_data.to_dict()
                incomes.append(incomes_type_0_item)

        else:
            incomes = self.incomes

        insurance_cash_value_total: None | str | Unset
        if isinstance(self.insurance_cash_value_total, Unset):
            insurance_cash_value_total = UNSET
        else:
            insurance_cash_value_total = self.insurance_cash_value_total

        members: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.members, Unset):
            members = []
            for members_item_data in self.members:
                members_item = members_item_data.to_dict()
                members.append(members_item)

        residences: int | None | Unset
        if isinstance(self.residences, Unset):
            residences = UNSET
        else:
            residences = self.residences

        rigid_expenses_monthly: None | str | Unset
        if isinstance(self.rigid_expenses_monthly, Unset):
            rigid_expenses_monthly = UNSET
        else:
            rigid_expenses_monthly = self.rigid_expenses_monthly

        rigid_spending_12_months: dict[str, Any] | None | Unset
        if isinstance(self.rigid_spending_12_months, Unset):
            rigid_spending_12_months = UNSET
        elif isinstance(self.rigid_spending_12_months, RigidSpending):
            rigid_spending_12_months = self.rigid_spending_12_months.to_dict()
        else:
            rigid_spending_12_months = self.rigid_spending_12_months

        single_person_member: int | None | Unset
        if isinstance(self.single_person_member, Unset):
            single_person_member = UNSET
        else:
            single_person_member = self.single_person_member

        vehicles: int | None | Unset
        if isinstance(self.vehicles, Unset):
            vehicles = UNSET
        else:
            vehicles = self.vehicles

        work_refusals: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.work_refusals, Unset):
            work_refusals = []
            for work_refusals_item_data in self.work_refusals:
                work_refusals_item = work_refusals_item_data.to_dict()
                work_refusals.append(work_refusals_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if businesses is not UNSET:
            field_dict["businesses"] = businesses
        if financial_assets_total is not UNSET:
            field_dict["financial_assets_total"] = financial_assets_total
        if incomes is not UNSET:
            field_dict["incomes"] = incomes
        if insurance_cash_value_total is not UNSET:
            field_dict["insurance_cash_value_total"] = insurance_cash_value_total
        if members is not UNSET:
            field_dict["members"] = members
        if residences is not UNSET:
            field_dict["residences"] = residences
        if rigid_expenses_monthly is not UNSET:
            field_dict["rigid_expenses_monthly"] = rigid_expenses_monthly
        if rigid_spending_12_months is not UNSET:
            field_dict["rigid_spending_12_months"] = rigid_spending_12_months
        if single_person_member is not UNSET:
            field_dict["single_person_member"] = single_person_member
        if vehicles is not UNSET:
            field_dict["vehicles"] = vehicles
        if work_refusals is not UNSET:
            field_dict["work_refusals"] = work_refusals

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.declared_income import DeclaredIncome  # noqa: PLC0415
        from ..models.declared_member import DeclaredMember  # noqa: PLC0415
        from ..models.rigid_spending import RigidSpending  # noqa: PLC0415
        from ..models.work_refusal import WorkRefusal  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_businesses(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        businesses = _parse_businesses(d.pop("businesses", UNSET))

        def _parse_financial_assets_total(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        financial_assets_total = _parse_financial_assets_total(d.pop("financial_assets_total", UNSET))

        def _parse_incomes(data: object) -> list[DeclaredIncome] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                incomes_type_0 = []
                _incomes_type_0 = data
                for incomes_type_0_item_data in _incomes_type_0:
                    incomes_type_0_item = DeclaredIncome.from_dict(incomes_type_0_item_data)

                    incomes_type_0.append(incomes_type_0_item)

                return incomes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[DeclaredIncome] | None | Unset, data)

        incomes = _parse_incomes(d.pop("incomes", UNSET))

        def _parse_insurance_cash_value_total(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        insurance_cash_value_total = _parse_insurance_cash_value_total(d.pop("insurance_cash_value_total", UNSET))

        _members = d.pop("members", UNSET)
        members: list[DeclaredMember] | Unset = UNSET
        if _members is not UNSET:
            members = []
            for members_item_data in _members:
                members_item = DeclaredMember.from_dict(members_item_data)

                members.append(members_item)

        def _parse_residences(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        residences = _parse_residences(d.pop("residences", UNSET))

        def _parse_rigid_expenses_monthly(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rigid_expenses_monthly = _parse_rigid_expenses_monthly(d.pop("rigid_expenses_monthly", UNSET))

        def _parse_rigid_spending_12_months(data: object) -> None | RigidSpending | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                rigid_spending_12_months_type_0 = RigidSpending.from_dict(data)

                return rigid_spending_12_months_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RigidSpending | Unset, data)

        rigid_spending_12_months = _parse_rigid_spending_12_months(d.pop("rigid_spending_12_months", UNSET))

        def _parse_single_person_member(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        single_person_member = _parse_single_person_member(d.pop("single_person_member", UNSET))

        def _parse_vehicles(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        vehicles = _parse_vehicles(d.pop("vehicles", UNSET))

        _work_refusals = d.pop("work_refusals", UNSET)
        work_refusals: list[WorkRefusal] | Unset = UNSET
        if _work_refusals is not UNSET:
            work_refusals = []
            for work_refusals_item_data in _work_refusals:
                work_refusals_item = WorkRefusal.from_dict(work_refusals_item_data)

                work_refusals.append(work_refusals_item)

        declaration = cls(
            businesses=businesses,
            financial_assets_total=financial_assets_total,
            incomes=incomes,
            insurance_cash_value_total=insurance_cash_value_total,
            members=members,
            residences=residences,
            rigid_expenses_monthly=rigid_expenses_monthly,
            rigid_spending_12_months=rigid_spending_12_months,
            single_person_member=single_person_member,
            vehicles=vehicles,
            work_refusals=work_refusals,
        )

        return declaration
