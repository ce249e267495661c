from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.file_appeal_requery_scopes_item import FileAppealRequeryScopesItem
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.disputed_items import DisputedItems
    from ..models.evidence_item import EvidenceItem


T = TypeVar("T", bound="FileAppeal")


@_attrs_define
class FileAppeal:
    """
    Attributes:
        disputed (DisputedItems): What the household disputes, as items of the appealed report: at least one.
        evidence (list[EvidenceItem] | Unset):
        requery_scopes (list[FileAppealRequeryScopesItem] | Unset): sources to query again for every member (the
            report's scopes only)
    """

    disputed: DisputedItems
    evidence: list[EvidenceItem] | Unset = UNSET
    requery_scopes: list[FileAppealRequeryScopesItem] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        disputed = self.disputed.to_dict()

        evidence: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = []
            for evidence_item_data in self.evidence:
                evidence_item = evidence_item_data.to_dict()
                evidence.append(evidence_item)

        requery_scopes: list[str] | Unset = UNSET
        if not isinstance(self.requery_scopes, Unset):
            requery_scopes = []
            for requery_scopes_item_data in self.requery_scopes:
                requery_scopes_item = requery_scopes_item_data.value
                requery_scopes.append(requery_scopes_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "disputed": disputed,
            }
        )
        if evidence is not UNSET:
            field_dict["evidence"] = evidence
        if requery_scopes is not UNSET:
            field_dict["requery_scopes"] = requery_scopes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.disputed_items import DisputedItems  # noqa: PLC0415
        from ..models.evidence_item import EvidenceItem  # noqa: PLC0415

        d = dict(src_dict)
        disputed = DisputedItems.from_dict(d.pop("disputed"))

        _evidence = d.pop("evidence", UNSET)
        evidence: list[EvidenceItem] | Unset = UNSET
        if _evidence is not UNSET:
            evidence = []
            for evidence_item_data in _evidence:
                evidence_item = EvidenceItem.from_dict(evidence_item_data)

                evidence.append(evidence_item)

        _requery_scopes = d.pop("requery_scopes", UNSET)
        requery_scopes: list[FileAppealRequeryScopesItem] | Unset = UNSET
        if _requery_scopes is not UNSET:
            requery_scopes = []
            for requery_scopes_item_data in _requery_scopes:
                requery_scopes_item = FileAppealRequeryScopesItem(requery_scopes_item_data)

                requery_scopes.append(requery_scopes_item)

        file_appeal = cls(
            disputed=disputed,
            evidence=evidence,
            requery_scopes=requery_scopes,
        )

        return file_appeal
