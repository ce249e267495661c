from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.integrity_evidence import IntegrityEvidence


T = TypeVar("T", bound="RecordExplanation")


@_attrs_define
class RecordExplanation:
    """
    Attributes:
        reason (str): the household's explanation (陈述申辩), as it gave it
        evidence (list[IntegrityEvidence] | Unset):
    """

    reason: str
    evidence: list[IntegrityEvidence] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        evidence: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = []
            for evidence_item_data in self.evidence:
                evidence_item = evidence_item_data.to_dict()
                evidence.append(evidence_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
            }
        )
        if evidence is not UNSET:
            field_dict["evidence"] = evidence

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.integrity_evidence import IntegrityEvidence  # noqa: PLC0415

        d = dict(src_dict)
        reason = d.pop("reason")

        _evidence = d.pop("evidence", UNSET)
        evidence: list[IntegrityEvidence] | Unset = UNSET
        if _evidence is not UNSET:
            evidence = []
            for evidence_item_data in _evidence:
                evidence_item = IntegrityEvidence.from_dict(evidence_item_data)

                evidence.append(evidence_item)

        record_explanation = cls(
            reason=reason,
            evidence=evidence,
        )

        return record_explanation
