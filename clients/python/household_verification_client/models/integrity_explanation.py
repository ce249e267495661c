from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.integrity_evidence import IntegrityEvidence


T = TypeVar("T", bound="IntegrityExplanation")


@_attrs_define
class IntegrityExplanation:
    """
    Attributes:
        evidence (list[IntegrityEvidence]):
        explained_at (datetime.datetime):
        reason (str):
    """

    evidence: list[IntegrityEvidence]
    explained_at: datetime.datetime
    reason: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        explained_at = self.explained_at.isoformat()

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "evidence": evidence,
                "explained_at": explained_at,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.integrity_evidence import IntegrityEvidence  # noqa: PLC0415

        d = dict(src_dict)
        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = IntegrityEvidence.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        explained_at = datetime.datetime.fromisoformat(d.pop("explained_at"))

        reason = d.pop("reason")

        integrity_explanation = cls(
            evidence=evidence,
            explained_at=explained_at,
            reason=reason,
        )

        integrity_explanation.additional_properties = d
        return integrity_explanation

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
