from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.business_entity_type import BusinessEntityType
from ..models.business_role import BusinessRole
from ..models.business_status import BusinessStatus

if TYPE_CHECKING:
    from ..models.evidence_ref import EvidenceRef


T = TypeVar("T", bound="BusinessView")


@_attrs_define
class BusinessView:
    """A member's role in a market entity (市场主体登记): a 个体工商户 or a company.

    Attributes:
        declared_turnover (None | str): the last annual report's declared turnover (年报营业额), a year
        entity_type (BusinessEntityType): The kind of market entity (市场主体类型), as the service reads the agency's codes.
        evidence (EvidenceRef):
        member_index (int):
        registered_capital (None | str): 注册资本 / 资金数额; null: none held
        report_year (int | None): that annual report's year
        role (BusinessRole): The person's role in the entity.
        status (BusinessStatus): The entity's registration status (登记状态).
        subscribed_share (None | str): the member's subscribed capital
    """

    declared_turnover: None | str
    entity_type: BusinessEntityType
    evidence: EvidenceRef
    member_index: int
    registered_capital: None | str
    report_year: int | None
    role: BusinessRole
    status: BusinessStatus
    subscribed_share: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        declared_turnover: None | str
        declared_turnover = self.declared_turnover

        entity_type = self.entity_type.value

        evidence = self.evidence.to_dict()

        member_index = self.member_index

        registered_capital: None | str
        registered_capital = self.registered_capital

        report_year: int | None
        report_year = self.report_year

        role = self.role.value

        status = self.status.value

        subscribed_share: None | str
        subscribed_share = self.subscribed_share

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "declared_turnover": declared_turnover,
                "entity_type": entity_type,
                "evidence": evidence,
                "member_index": member_index,
                "registered_capital": registered_capital,
                "report_year": report_year,
                "role": role,
                "status": status,
                "subscribed_share": subscribed_share,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence_ref import EvidenceRef  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_declared_turnover(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        declared_turnover = _parse_declared_turnover(d.pop("declared_turnover"))

        entity_type = BusinessEntityType(d.pop("entity_type"))

        evidence = EvidenceRef.from_dict(d.pop("evidence"))

        member_index = d.pop("member_index")

        def _parse_registered_capital(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        registered_capital = _parse_registered_capital(d.pop("registered_capital"))

        def _parse_report_year(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        report_year = _parse_report_year(d.pop("report_year"))

        role = BusinessRole(d.pop("role"))

        status = BusinessStatus(d.pop("status"))

        def _parse_subscribed_share(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subscribed_share = _parse_subscribed_share(d.pop("subscribed_share"))

        business_view = cls(
            declared_turnover=declared_turnover,
            entity_type=entity_type,
            evidence=evidence,
            member_index=member_index,
            registered_capital=registered_capital,
            report_year=report_year,
            role=role,
            status=status,
            subscribed_share=subscribed_share,
        )

        business_view.additional_properties = d
        return business_view

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
