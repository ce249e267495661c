from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.appeal_ref_view_decision import AppealRefViewDecision

T = TypeVar("T", bound="AppealRefView")


@_attrs_define
class AppealRefView:
    """The appeal (复议) this revision answers: the revision was made by its decision.

    Attributes:
        appealed_revision (int): the revision the household appealed
        decided_on (datetime.date): the day of the decision, a Beijing date
        decision (AppealRefViewDecision): the caseworker's decision: upheld (复议成立) or partly upheld (部分成立); a rejected
            appeal makes no revision (it is on the appeal only)
        evidence_assessed (bool): false: the household's new evidence is kept with the appeal, but the assessment counts
            what the sources answer, so it changed no figure of this report
        evidence_items (int): how many items of new evidence the appeal carried
        id (UUID): the appeal (`GET /v1/appeals/{id}`)
        requeried_scopes (list[str]): the sources queried again for this revision, for every member
    """

    appealed_revision: int
    decided_on: datetime.date
    decision: AppealRefViewDecision
    evidence_assessed: bool
    evidence_items: int
    id: UUID
    requeried_scopes: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        appealed_revision = self.appealed_revision

        decided_on = self.decided_on.isoformat()

        decision = self.decision.value

        evidence_assessed = self.evidence_assessed

        evidence_items = self.evidence_items

        id = str(self.id)

        requeried_scopes = self.requeried_scopes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "appealed_revision": appealed_revision,
                "decided_on": decided_on,
                "decision": decision,
                "evidence_assessed": evidence_assessed,
                "evidence_items": evidence_items,
                "id": id,
                "requeried_scopes": requeried_scopes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        appealed_revision = d.pop("appealed_revision")

        decided_on = datetime.date.fromisoformat(d.pop("decided_on"))

        decision = AppealRefViewDecision(d.pop("decision"))

        evidence_assessed = d.pop("evidence_assessed")

        evidence_items = d.pop("evidence_items")

        id = UUID(d.pop("id"))

        requeried_scopes = cast(list[str], d.pop("requeried_scopes"))

        appeal_ref_view = cls(
            appealed_revision=appealed_revision,
            decided_on=decided_on,
            decision=decision,
            evidence_assessed=evidence_assessed,
            evidence_items=evidence_items,
            id=id,
            requeried_scopes=requeried_scopes,
        )

        appeal_ref_view.additional_properties = d
        return appeal_ref_view

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
