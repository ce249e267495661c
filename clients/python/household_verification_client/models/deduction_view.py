from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.deduction_view_kind import DeductionViewKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deduction_view_basis_params import DeductionViewBasisParams


T = TypeVar("T", bound="DeductionView")


@_attrs_define
class DeductionView:
    """
    Attributes:
        basis (str): the basis in the requested language
        basis_code (str): the basis as a stable code
        kind (DeductionViewKind):
        member_index (int | None):
        monthly_amount (str):
        basis_params (DeductionViewBasisParams | Unset): the message's named parameters, machine data: a member is a
            0-based `member_index` (the text counts from 1), amounts are decimal strings
    """

    basis: str
    basis_code: str
    kind: DeductionViewKind
    member_index: int | None
    monthly_amount: str
    basis_params: DeductionViewBasisParams | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        basis = self.basis

        basis_code = self.basis_code

        kind = self.kind.value

        member_index: int | None
        member_index = self.member_index

        monthly_amount = self.monthly_amount

        basis_params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.basis_params, Unset):
            basis_params = self.basis_params.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "basis": basis,
                "basis_code": basis_code,
                "kind": kind,
                "member_index": member_index,
                "monthly_amount": monthly_amount,
            }
        )
        if basis_params is not UNSET:
            field_dict["basis_params"] = basis_params

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deduction_view_basis_params import DeductionViewBasisParams  # noqa: PLC0415

        d = dict(src_dict)
        basis = d.pop("basis")

        basis_code = d.pop("basis_code")

        kind = DeductionViewKind(d.pop("kind"))

        def _parse_member_index(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        member_index = _parse_member_index(d.pop("member_index"))

        monthly_amount = d.pop("monthly_amount")

        _basis_params = d.pop("basis_params", UNSET)
        basis_params: DeductionViewBasisParams | Unset
        if isinstance(_basis_params, Unset):
            basis_params = UNSET
        else:
            basis_params = DeductionViewBasisParams.from_dict(_basis_params)

        deduction_view = cls(
            basis=basis,
            basis_code=basis_code,
            kind=kind,
            member_index=member_index,
            monthly_amount=monthly_amount,
            basis_params=basis_params,
        )

        deduction_view.additional_properties = d
        return deduction_view

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
