from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.declared_member_disability_kind_type_0 import DeclaredMemberDisabilityKindType0
from ..models.declared_relation import DeclaredRelation
from ..models.excluded_person import ExcludedPerson
from ..types import UNSET, Unset

T = TypeVar("T", bound="DeclaredMember")


@_attrs_define
class DeclaredMember:
    """What the household states about one member's circumstances.

    Attributes:
        member_index (int):
        disability_grade (int | None | Unset): 残疾等级 on the disability certificate (1 most severe … 4); grade 1–2, or
            grade 3 with an intellectual or mental disability, may make a member of a 边缘 household a single-person candidate
            (办法 第八条第一款)
        disability_kind (DeclaredMemberDisabilityKindType0 | None | Unset): 残疾类别; requires `disability_grade`
        employed_via_poverty_project (bool | Unset): employed through a poverty-alleviation project (就业成本扣减) Default:
            False.
        excluded_as (ExcludedPerson | None | Unset): the member is in a situation of 办法 第七条第二款 (`clergy_away_3_years`,
            `imprisoned`, `compulsory_rehabilitation`, `declared_missing`): a finding, the member is still counted as the
            authorization lists them
        exempt_support_monthly (None | str | Unset): 供养费用 paid to this member by siblings or people aged 60 or over, a
            month: may be disregarded for a single-person applicant (2022 通知 一（一）); stated in the report, not deducted
        relation (DeclaredRelation | None | Unset): relation to the applicant (办法 第七条第一款): `applicant`, `spouse`,
            `minor_child`, `dependent_adult_child`, `student_child`, `cohabiting_dependant` or `other`; one outside the
            region's `household.member_relations` is a finding
        serious_illness (bool | Unset): 重病 / 重特大疾病 Default: False.
        severe_disability (bool | Unset): 重度残疾 (grade 1 or 2) Default: False.
    """

    member_index: int
    disability_grade: int | None | Unset = UNSET
    disability_kind: DeclaredMemberDisabilityKindType0 | None | Unset = UNSET
    employed_via_poverty_project: bool | Unset = False
    excluded_as: ExcludedPerson | None | Unset = UNSET
    exempt_support_monthly: None | str | Unset = UNSET
    relation: DeclaredRelation | None | Unset = UNSET
    serious_illness: bool | Unset = False
    severe_disability: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        member_index = self.member_index

        disability_grade: int | None | Unset
        if isinstance(self.disability_grade, Unset):
            disability_grade = UNSET
        else:
            disability_grade = self.disability_grade

        disability_kind: None | str | Unset
        if isinstance(self.disability_kind, Unset):
            disability_kind = UNSET
        elif isinstance(self.disability_kind, DeclaredMemberDisabilityKindType0):
            disability_kind = self.disability_kind.value
        else:
            disability_kind = self.disability_kind

        employed_via_poverty_project = self.employed_via_poverty_project

        excluded_as: None | str | Unset
        if isinstance(self.excluded_as, Unset):
            excluded_as = UNSET
        elif isinstance(self.excluded_as, ExcludedPerson):
            excluded_as = self.excluded_as.value
        else:
            excluded_as = self.excluded_as

        exempt_support_monthly: None | str | Unset
        if isinstance(self.exempt_support_monthly, Unset):
            exempt_support_monthly = UNSET
        else:
            exempt_support_monthly = self.exempt_support_monthly

        relation: None | str | Unset
        if isinstance(self.relation, Unset):
            relation = UNSET
        elif isinstance(self.relation, DeclaredRelation):
            relation = self.relation.value
        else:
            relation = self.relation

        serious_illness = self.serious_illness

        severe_disability = self.severe_disability

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "member_index": member_index,
            }
        )
        if disability_grade is not UNSET:
            field_dict["disability_grade"] = disability_grade
        if disability_kind is not UNSET:
            field_dict["disability_kind"] = disability_kind
        if employed_via_poverty_project is not UNSET:
            field_dict["employed_via_poverty_project"] = employed_via_poverty_project
        if excluded_as is not UNSET:
            field_dict["excluded_as"] = excluded_as
        if exempt_support_monthly is not UNSET:
            field_dict["exempt_support_monthly"] = exempt_support_monthly
        if relation is not UNSET:
            field_dict["relation"] = relation
        if serious_illness is not UNSET:
            field_dict["serious_illness"] = serious_illness
        if severe_disability is not UNSET:
            field_dict["severe_disability"] = severe_disability

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member_index = d.pop("member_index")

        def _parse_disability_grade(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        disability_grade = _parse_disability_grade(d.pop("disability_grade", UNSET))

        def _parse_disability_kind(data: object) -> DeclaredMemberDisabilityKindType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disability_kind_type_0 = DeclaredMemberDisabilityKindType0(data)

                return disability_kind_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DeclaredMemberDisabilityKindType0 | None | Unset, data)

        disability_kind = _parse_disability_kind(d.pop("disability_kind", UNSET))

        employed_via_poverty_project = d.pop("employed_via_poverty_project", UNSET)

        def _parse_excluded_as(data: object) -> ExcludedPerson | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                excluded_as_type_0 = ExcludedPerson(data)

                return excluded_as_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ExcludedPerson | None | Unset, data)

        excluded_as = _parse_excluded_as(d.pop("excluded_as", UNSET))

        def _parse_exempt_support_monthly(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        exempt_support_monthly = _parse_exempt_support_monthly(d.pop("exempt_support_monthly", UNSET))

        def _parse_relation(data: object) -> DeclaredRelation | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                relation_type_0 = DeclaredRelation(data)

                return relation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DeclaredRelation | None | Unset, data)

        relation = _parse_relation(d.pop("relation", UNSET))

        serious_illness = d.pop("serious_illness", UNSET)

        severe_disability = d.pop("severe_disability", UNSET)

        declared_member = cls(
            member_index=member_index,
            disability_grade=disability_grade,
            disability_kind=disability_kind,
            employed_via_poverty_project=employed_via_poverty_project,
            excluded_as=excluded_as,
            exempt_support_monthly=exempt_support_monthly,
            relation=relation,
            serious_illness=serious_illness,
            severe_disability=severe_disability,
        )

        return declared_member
