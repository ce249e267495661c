from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.financial_kind import FinancialKind

if TYPE_CHECKING:
    from ..models.evidence_ref import EvidenceRef


T = TypeVar("T", bound="FinancialItemView")


@_attrs_define
class FinancialItemView:
    """
    Attributes:
        evidence (EvidenceRef):
        kind (FinancialKind):
        member_index (int):
        value (str):
    """

    evidence: EvidenceRef
    kind: FinancialKind
    member_index: int
    value: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        evidence = self.evidence.to_dict()

        kind = self.kind.value

        member_index = self.member_index

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "evidence": evidence,
                "kind": kind,
                "member_index": member_index,
                "value": value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence_ref import EvidenceRef  # noqa: PLC0415

        d = dict(src_dict)
        evidence = EvidenceRef.from_dict(d.pop("evidence"))

        kind = FinancialKind(d.pop("kind"))

        member_index = d.pop("member_index")

        value = d.pop("value")

        financial_item_view = cls(
            evidence=evidence,
            kind=kind,
            member_index=member_index,
            value=value,
        )

        financial_item_view.additional_properties = d
        return financial_item_view

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
