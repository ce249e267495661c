from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.integrity_finding_params import IntegrityFindingParams


T = TypeVar("T", bound="IntegrityFinding")


@_attrs_define
class IntegrityFinding:
    """
    Attributes:
        category (None | str):
        code (str): the report finding's code (`finding.income`, …)
        declared (None | str):
        detail (str): the finding in Chinese, as the report states it
        member_index (int | None):
        params (IntegrityFindingParams):
        subject (str):
        tolerance (None | str):
        verified (None | str):
    """

    category: None | str
    code: str
    declared: None | str
    detail: str
    member_index: int | None
    params: IntegrityFindingParams
    subject: str
    tolerance: None | str
    verified: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category: None | str
        category = self.category

        code = self.code

        declared: None | str
        declared = self.declared

        detail = self.detail

        member_index: int | None
        member_index = self.member_index

        params = self.params.to_dict()

        subject = self.subject

        tolerance: None | str
        tolerance = self.tolerance

        verified: None | str
        verified = self.verified

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "code": code,
                "declared": declared,
                "detail": detail,
                "member_index": member_index,
                "params": params,
                "subject": subject,
                "tolerance": tolerance,
                "verified": verified,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.integrity_finding_params import IntegrityFindingParams  # noqa: PLC0415

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

        def _parse_member_index(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        member_index = _parse_member_index(d.pop("member_index"))

        params = IntegrityFindingParams.from_dict(d.pop("params"))

        subject = d.pop("subject")

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

        integrity_finding = cls(
            category=category,
            code=code,
            declared=declared,
            detail=detail,
            member_index=member_index,
            params=params,
            subject=subject,
            tolerance=tolerance,
            verified=verified,
        )

        integrity_finding.additional_properties = d
        return integrity_finding

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
