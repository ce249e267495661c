from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.employment_view_status import EmploymentViewStatus

if TYPE_CHECKING:
    from ..models.evidence_ref import EvidenceRef


T = TypeVar("T", bound="EmploymentView")


@_attrs_define
class EmploymentView:
    """A member's employment as the social-insurance source (人社) records it, and the
    contribution base (缴费基数, the monthly wage it implies) of the window's months.

        Attributes:
            contribution_months (int): months of the window with a contribution
            employer_code (None | str): the employer's unified social credit code (统一社会信用代码); never a name
            evidence (EvidenceRef):
            latest_contribution_base (None | str): the contribution base of the latest month contributed (yuan a month)
            member_index (int):
            since (str): YYYY-MM: since when the status holds
            status (EmploymentViewStatus):
    """

    contribution_months: int
    employer_code: None | str
    evidence: EvidenceRef
    latest_contribution_base: None | str
    member_index: int
    since: str
    status: EmploymentViewStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contribution_months = self.contribution_months

        employer_code: None | str
        employer_code = self.employer_code

        evidence = self.evidence.to_dict()

        latest_contribution_base: None | str
        latest_contribution_base = self.latest_contribution_base

        member_index = self.member_index

        since = self.since

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contribution_months": contribution_months,
                "employer_code": employer_code,
                "evidence": evidence,
                "latest_contribution_base": latest_contribution_base,
                "member_index": member_index,
                "since": since,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence_ref import EvidenceRef  # noqa: PLC0415

        d = dict(src_dict)
        contribution_months = d.pop("contribution_months")

        def _parse_employer_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        employer_code = _parse_employer_code(d.pop("employer_code"))

        evidence = EvidenceRef.from_dict(d.pop("evidence"))

        def _parse_latest_contribution_base(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        latest_contribution_base = _parse_latest_contribution_base(d.pop("latest_contribution_base"))

        member_index = d.pop("member_index")

        since = d.pop("since")

        status = EmploymentViewStatus(d.pop("status"))

        employment_view = cls(
            contribution_months=contribution_months,
            employer_code=employer_code,
            evidence=evidence,
            latest_contribution_base=latest_contribution_base,
            member_index=member_index,
            since=since,
            status=status,
        )

        employment_view.additional_properties = d
        return employment_view

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
