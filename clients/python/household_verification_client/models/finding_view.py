from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.finding_view_subject import FindingViewSubject
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.finding_view_params import FindingViewParams


T = TypeVar("T", bound="FindingView")


@_attrs_define
class FindingView:
    """Something for the caseworker to look into (findings inform, the rules decide).

    A declared figure that differs from the verified one by more than the tolerance
    (``subject`` says which; the four figures are set; ``code`` ``finding.income``,
    ``finding.financial_assets``, …), or a member found elsewhere by blind index
    (``subject`` ``member``, no figures): ``finding.member_already_enrolled`` — in another
    active enrolled household; ``finding.member_verification_in_flight`` — in another
    verification still running; ``finding.member_integrity_listed`` — on the integrity record
    (诚信记录) on the assessment date, until ``params.listed_until`` (it changes no outcome).

        Attributes:
            category (None | str):
            code (str): the finding as a stable code
            declared (None | str):
            detail (str): the finding in the requested language
            difference (None | str):
            member_index (int | None):
            subject (FindingViewSubject):
            tolerance (None | str):
            verified (None | str):
            params (FindingViewParams | Unset): the message's named parameters, machine data: a member is a 0-based
                `member_index` (the text counts from 1), amounts are decimal strings
    """

    category: None | str
    code: str
    declared: None | str
    detail: str
    difference: None | str
    member_index: int | None
    subject: FindingViewSubject
    tolerance: None | str
    verified: None | str
    params: FindingViewParams | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category: None | str
        category = self.category

        code = self.code

        declared: None | str
        declared = self.declared

        detail = self.detail

        difference: None | str
        difference = self.difference

        member_index: int | None
        member_index = self.member_index

        subject = self.subject.value

        tolerance: None | str
        tolerance = self.tolerance

        verified: None | str
        verified = self.verified

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "code": code,
                "declared": declared,
                "detail": detail,
                "difference": difference,
                "member_index": member_index,
                "subject": subject,
                "tolerance": tolerance,
                "verified": verified,
            }
        )
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.finding_view_params import FindingViewParams  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_category(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        category = _parse_category(d.pop("category"))

        code = d.pop("code")

        def _parse_declared(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        declared = _parse_declared(d.pop("declared"))

        detail = d.pop("detail")

        def _parse_difference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        difference = _parse_difference(d.pop("difference"))

        def _parse_member_index(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        member_index = _parse_member_index(d.pop("member_index"))

        subject = FindingViewSubject(d.pop("subject"))

        def _parse_tolerance(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tolerance = _parse_tolerance(d.pop("tolerance"))

        def _parse_verified(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        verified = _parse_verified(d.pop("verified"))

        _params = d.pop("params", UNSET)
        params: FindingViewParams | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = FindingViewParams.from_dict(_params)

        finding_view = cls(
            category=category,
            code=code,
            declared=declared,
            detail=detail,
            difference=difference,
            member_index=member_index,
            subject=subject,
            tolerance=tolerance,
            verified=verified,
            params=params,
        )

        finding_view.additional_properties = d
        return finding_view

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
