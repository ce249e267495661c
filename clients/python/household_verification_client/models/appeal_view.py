from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.appeal_view_status import AppealViewStatus

if TYPE_CHECKING:
    from ..models.appeal_deadline_view import AppealDeadlineView
    from ..models.appeal_decision_view import AppealDecisionView
    from ..models.disputed_view import DisputedView
    from ..models.evidence_item import EvidenceItem


T = TypeVar("T", bound="AppealView")


@_attrs_define
class AppealView:
    """An appeal (复议) against a verification's report.

    Attributes:
        decision (AppealDecisionView | None):
        decision_deadline (AppealDeadlineView):
        disputed (DisputedView): What an appeal disputes (every list, empty when it names none of that kind).
        evidence (list[EvidenceItem]):
        filed_at (datetime.datetime):
        filed_on (datetime.date):
        filing_due_on (datetime.date): the last day the report could be appealed
        id (UUID):
        overdue (bool): not decided after the decision's last day (today's)
        report_revision (int): the revision appealed
        requery_scopes (list[str]):
        status (AppealViewStatus):
        verification_id (UUID):
    """

    decision: AppealDecisionView | None
    decision_deadline: AppealDeadlineView
    disputed: DisputedView
    evidence: list[EvidenceItem]
    filed_at: datetime.datetime
    filed_on: datetime.date
    filing_due_on: datetime.date
    id: UUID
    overdue: bool
    report_revision: int
    requery_scopes: list[str]
    status: AppealViewStatus
    verification_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.appeal_decision_view import AppealDecisionView  # noqa: PLC0415

        decision: dict[str, Any] | None
        if isinstance(self.decision, AppealDecisionView):
            decision = self.decision.to_dict()
        else:
            decision = self.decision

        decision_deadline = self.decision_deadline.to_dict()

        disputed = self.disputed.to_dict()

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)

        filed_at = self.filed_at.isoformat()

        filed_on = self.filed_on.isoformat()

        filing_due_on = self.filing_due_on.isoformat()

        id = str(self.id)

        overdue = self.overdue

        report_revision = self.report_revision

        requery_scopes = self.requery_scopes

        status = self.status.value

        verification_id = str(self.verification_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "decision": decision,
                "decision_deadline": decision_deadline,
                "disputed": disputed,
                "evidence": evidence,
                "filed_at": filed_at,
                "filed_on": filed_on,
                "filing_due_on": filing_due_on,
                "id": id,
                "overdue": overdue,
                "report_revision": report_revision,
                "requery_scopes": requery_scopes,
                "status": status,
                "verification_id": verification_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.appeal_deadline_view import AppealDeadlineView  # noqa: PLC0415
        from ..models.appeal_decision_view import AppealDecisionView  # noqa: PLC0415
        from ..models.disputed_view import DisputedView  # noqa: PLC0415
        from ..models.evidence_item import EvidenceItem  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_decision(data: object) -> AppealDecisionView | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                decision_type_0 = AppealDecisionView.from_dict(data)

                return decision_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AppealDecisionView | None, data)

        decision = _parse_decision(d.pop("decision"))

        decision_deadline = AppealDeadlineView.from_dict(d.pop("decision_deadline"))

        disputed = DisputedView.from_dict(d.pop("disputed"))

        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in _evidence:
            evidence_item = EvidenceItem.from_dict(evidence_item_data)

            evidence.append(evidence_item)

        filed_at = datetime.datetime.fromisoformat(d.pop("filed_at"))

        filed_on = datetime.date.fromisoformat(d.pop("filed_on"))

        filing_due_on = datetime.date.fromisoformat(d.pop("filing_due_on"))

        id = UUID(d.pop("id"))

        overdue = d.pop("overdue")

        report_revision = d.pop("report_revision")

        requery_scopes = cast(list[str], d.pop("requery_scopes"))

        status = AppealViewStatus(d.pop("status"))

        verification_id = UUID(d.pop("verification_id"))

        appeal_view = cls(
            decision=decision,
            decision_deadline=decision_deadline,
            disputed=disputed,
            evidence=evidence,
            filed_at=filed_at,
            filed_on=filed_on,
            filing_due_on=filing_due_on,
            id=id,
            overdue=overdue,
            report_revision=report_revision,
            requery_scopes=requery_scopes,
            status=status,
            verification_id=verification_id,
        )

        appeal_view.additional_properties = d
        return appeal_view

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
