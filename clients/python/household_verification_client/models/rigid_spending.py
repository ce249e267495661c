from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RigidSpending")


@_attrs_define
class RigidSpending:
    """刚性支出 over the 12 months before the application, in yuan (刚性支出困难家庭认定办法
    第四条第一款第（四）项, 第五条).

        Attributes:
            disability_rehabilitation (str | Unset): 残疾康复支出 Default: '0.00'.
            education (str | Unset): 教育支出 Default: '0.00'.
            living (str | Unset): 生活支出 Default: '0.00'.
            medical (str | Unset): 医疗支出 Default: '0.00'.
            other_local (str | Unset): 县级民政部门认定的其他支出 Default: '0.00'.
    """

    disability_rehabilitation: str | Unset = "0.00"
    education: str | Unset = "0.00"
    living: str | Unset = "0.00"
    medical: str | Unset = "0.00"
    other_local: str | Unset = "0.00"

    def to_dict(self) -> dict[str, Any]:
        disability_rehabilitation = self.disability_rehabilitation

        education = self.education

        living = self.living

        medical = self.medical

        other_local = self.other_local

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if disability_rehabilitation is not UNSET:
            field_dict["disability_rehabilitation"] = disability_rehabilitation
        if education is not UNSET:
            field_dict["education"] = education
        if living is not UNSET:
            field_dict["living"] = living
        if medical is not UNSET:
            field_dict["medical"] = medical
        if other_local is not UNSET:
            field_dict["other_local"] = other_local

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        disability_rehabilitation = d.pop("disability_rehabilitation", UNSET)

        education = d.pop("education", UNSET)

        living = d.pop("living", UNSET)

        medical = d.pop("medical", UNSET)

        other_local = d.pop("other_local", UNSET)

        rigid_spending = cls(
            disability_rehabilitation=disability_rehabilitation,
            education=education,
            living=living,
            medical=medical,
            other_local=other_local,
        )

        return rigid_spending
