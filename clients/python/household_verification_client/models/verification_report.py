from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.verification_report_household_basis import VerificationReportHouseholdBasis
from ..models.verification_report_outcome import VerificationReportOutcome
from ..models.verification_report_status import VerificationReportStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.allowance_view import AllowanceView
    from ..models.appeal_ref_view import AppealRefView
    from ..models.assets_view import AssetsView
    from ..models.audit_ref_view import AuditRefView
    from ..models.decision_deadline_view import DecisionDeadlineView
    from ..models.employment_view import EmploymentView
    from ..models.finding_view import FindingView
    from ..models.hardship_view import HardshipView
    from ..models.income_view import IncomeView
    from ..models.member_view import MemberView
    from ..models.message_view import MessageView
    from ..models.obligors_view import ObligorsView
    from ..models.policy_view import PolicyView
    from ..models.procedure_view import ProcedureView
    from ..models.rule_view import RuleView
    from ..models.single_person_candidate_view import SinglePersonCandidateView
    from ..models.source_view import SourceView
    from ..models.superseded_view import SupersededView


T = TypeVar("T", bound="VerificationReport")


@_attrs_define
class VerificationReport:
    """The 核对报告: what was found, which rules it met, and the outcome.

    Attributes:
        area (str):
        as_of (datetime.date):
        assets (AssetsView):
        audit (AuditRefView): Where the report's ``report_created`` audit entry is.  It is recorded with the report
            and integrated into the log shortly after (typically within a second): until then
            ``status`` is ``pending`` and ``seq``/``leaf_hash`` are null; a GET of the report
            afterwards gives them.
        authorization_id (str):
        completed_at (datetime.datetime):
        created_at (datetime.datetime):
        findings (list[FindingView]):
        household_basis (VerificationReportHouseholdBasis): single_person: assessed as a 单人户 for one member
        household_size (int):
        id (UUID):
        income (IncomeView):
        low_income_edge (bool):
        members (list[MemberView]):
        outcome (VerificationReportOutcome):
        policy (PolicyView): The policy the report applied: the layered policy of its region on its assessment date.
        purpose (str):
        reasons (list[MessageView]):
        region_code (str):
        revision (int): 0 for the first report; each retry of failed sources adds 1
        rules (list[RuleView]):
        single_person_member (int | None):
        sources (list[SourceView]):
        status (VerificationReportStatus): completed: every source answered (or failed for good: see `sources`);
            awaiting_sources: an agency accepted a query to answer later (a `pending` source): this report is provisional
            and a later revision, with the answer, follows when it arrives (docs/integrators/awaiting-sources.md)
        suggested_allowance_monthly (None | str): for an `eligible` household, `allowance.amount_monthly`: by the
            region's method (差额 `(standard − per-capita) × size`, floored at 0, or 分档) less any work-refusal cut; null when
            it does not apply (`ineligible`, `review_required`) or cannot be computed (a local figure not set: see
            `allowance.messages`)
        allowance (AllowanceView | None | Unset): for an `eligible` household: the method (差额 or 分档) and tier in force
            for the region, and any work-refusal cut; null otherwise
        appeal (AppealRefView | None | Unset): the appeal (复议) whose decision made this revision; null for any other
        decision_deadline (DecisionDeadlineView | None | Unset): the decision's deadline, counted from `accepted_on`;
            null for a re-verification and for verifications made before deadlines were kept
        employment (list[EmploymentView] | Unset): employment and contribution records (social insurance), by member
        hardship (HardshipView | None | Unset): null before the 认定办法 is in force (2025-01-01)
        obligors (None | ObligorsView | Unset): support obligors outside the household and the support counted from
            them; null when the request named none
        overdue (bool | Unset): true while the verification is open (`awaiting_sources`) after its decision deadline
            (computed when read, on today's Beijing date) Default: False.
        policy_notes (list[MessageView] | Unset): the layered national policy on the assessment date: a value the engine
            relies on that lapsed with no successor (`policy.lapsed`: parameter, label, lapsed_on, layer, citation), flagged
            and not applied; a region's value above a national ceiling (`policy.capped`: parameter, label, layer, asked,
            ceiling, ceiling_layer, citation), not applied: the ceiling is
        procedure (None | ProcedureView | Unset): deadlines, the national source list, the adverse-result notice and the
            re-check after a death; null in reports stored before it existed
        rigid_expense_hardship (bool | Unset): the data shows a 刚性支出困难家庭 (`hardship.status` is `met`) Default: False.
        single_person_candidates (list[SinglePersonCandidateView] | Unset):
        single_person_notes (list[MessageView] | Unset): support that may be disregarded for a single-person applicant
        superseded (None | SupersededView | Unset): set on a revision a later one replaced (`?revision=`): when, and
            which revision is current; null on the current report
    """

    area: str
    as_of: datetime.date
    assets: AssetsView
    audit: AuditRefView
    authorization_id: str
    completed_at: datetime.datetime
    created_at: datetime.datetime
    findings: list[FindingView]
    household_basis: VerificationReportHouseholdBasis
    household_size: int
    id: UUID
    income: IncomeView
    low_income_edge: bool
    members: list[MemberView]
    outcome: VerificationReportOutcome
    policy: PolicyView
    purpose: str
    reasons: list[MessageView]
    region_code: str
    revision: int
    rules: list[RuleView]
    single_person_member: int | None
    sources: list[SourceView]
    status: VerificationReportStatus
    suggested_allowance_monthly: None | str
    allowance: AllowanceView | None | Unset = UNSET
    appeal: AppealRefView | None | Unset = UNSET
    decision_deadline: DecisionDeadlineView | None | Unset = UNSET
    employment: list[EmploymentView] | Unset = UNSET
    hardship: HardshipView | None | Unset = UNSET
    obligors: None | ObligorsView | Unset = UNSET
    overdue: bool | Unset = False
    policy_notes: list[MessageView] | Unset = UNSET
    procedure: None | ProcedureView | Unset = UNSET
    rigid_expense_hardship: bool | Unset = False
    single_person_candidates: list[SinglePersonCandidateView] | Unset = UNSET
    single_person_notes: list[MessageView] | Unset = UNSET
    superseded: None | SupersededView | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.allowance_view import AllowanceView  # noqa: PLC0415
        from ..models.appeal_ref_view import AppealRefView  # noqa: PLC0415
        from ..models.decision_deadline_view import DecisionDeadlineView  # noqa: PLC0415
        from ..models.hardship_view import HardshipView  # noqa: PLC0415
        from ..models.obligors_view import ObligorsView  # noqa: PLC0415
        from ..models.procedure_view import ProcedureView  # noqa: PLC0415
        from ..models.superseded_view import SupersededView  # noqa: PLC0415

        area = self.area

        as_of = self.as_of.isoformat()

        assets = self.assets.to_dict()

        audit = self.audit.to_dict()

        authorization_id = self.authorization_id

        completed_at = self.completed_at.isoformat()

        created_at = self.created_at.isoformat()

        findings = []
        for findings_item_data in self.findings:
            findings_item = findings_item_data.to_dict()
            findings.append(findings_item)

        household_basis = self.household_basis.value

        household_size = self.household_size

        id = str(self.id)

        income = self.income.to_dict()

        low_income_edge = self.low_income_edge

        members = []
        for members_item_data in self.members:
            members_item = members_item_data.to_dict()
            members.append(members_item)

        outcome = self.outcome.value

        policy = self.policy.to_dict()

        purpose = self.purpose

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.to_dict()
            reasons.append(reasons_item)

        region_code = self.region_code

        revision = self.revision

        rules = []
        for rules_item_data in self.rules:
            rules_item = rules_item_data.to_dict()
            rules.append(rules_item)

        single_person_member: int | None
        single_person_member = self.single_person_member

        sources = []
        for sources_item_data in self.sources:
            sources_item = sources_item_data.to_dict()
            sources.append(sources_item)

        status = self.status.value

        suggested_allowance_monthly: None | str
        suggested_allowance_monthly = self.suggested_allowance_monthly

        allowance: dict[str, Any] | None | Unset
        if isinstance(self.allowance, Unset):
            allowance = UNSET
        elif isinstance(self.allowance, AllowanceView):
            allowance = self.allowance.to_dict()
        else:
            allowance = self.allowance

        appeal: dict[str, Any] | None | Unset
        if isinstance(self.appeal, Unset):
            appeal = UNSET
        elif isinstance(self.appeal, AppealRefView):
            appeal = self.appeal.to_dict()
        else:
            appeal = self.appeal

        decision_deadline: dict[str, Any] | None | Unset
        if isinstance(self.decision_deadline, Unset):
            decision_deadline = UNSET
        elif isinstance(self.decision_deadline, DecisionDeadlineView):
            decision_deadline = self.decision_deadline.to_dict()
        else:
            decision_deadline = self.decision_deadline

        employment: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.employment, Unset):
            employment = []
            for employment_item_data in self.employment:
                employment_item = employment_item_data.to_dict()
                employment.append(employment_item)

        hardship: dict[str, Any] | None | Unset
        if isinstance(self.hardship, Unset):
            hardship = UNSET
        elif isinstance(self.hardship, HardshipView):
            hardship = self.hardship.to_dict()
        else:
            hardship = self.hardship

        obligors: dict[str, Any] | None | Unset
        if isinstance(self.obligors, Unset):
            obligors = UNSET
        elif isinstance(self.obligors, ObligorsView):
            obligors = self.obligors.to_dict()
        else:
            obligors = self.obligors

        overdue = self.overdue

        policy_notes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.policy_notes, Unset):
            policy_notes = []
            for policy_notes_item_data in self.policy_notes:
                policy_notes_item = policy_notes_item_data.to_dict()
                policy_notes.append(policy_notes_item)

        procedure: dict[str, Any] | None | Unset
        if isinstance(self.procedure, Unset):
            procedure = UNSET
        elif isinstance(self.procedure, ProcedureView):
            procedure = self.procedure.to_dict()
        else:
            procedure = self.procedure

        rigid_expense_hardship = self.rigid_expense_hardship

        single_person_candidates: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.single_person_candidates, Unset):
            single_person_candidates = []
            for single_person_candidates_item_data in self.single_person_candidates:
                single_person_candidates_item = single_person_candidates_item_data.to_dict()
                single_person_candidates.append(single_person_candidates_item)

        single_person_notes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.single_person_notes, Unset):
            single_person_notes = []
            for single_person_notes_item_data in self.single_person_notes:
                single_person_notes_item = single_person_notes_item_data.to_dict()
                single_person_notes.append(single_person_notes_item)

        superseded: dict[str, Any] | None | Unset
        if isinstance(self.superseded, Unset):
            superseded = UNSET
        elif isinstance(self.superseded, SupersededView):
            superseded = self.superseded.to_dict()
        else:
            superseded = self.superseded

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "area": area,
                "as_of": as_of,
                "assets": assets,
                "audit": audit,
                "authorization_id": authorization_id,
                "completed_at": completed_at,
                "created_at": created_at,
                "findings": findings,
                "household_basis": household_basis,
                "household_size": household_size,
                "id": id,
                "income": income,
                "low_income_edge": low_income_edge,
                "members": members,
                "outcome": outcome,
                "policy": policy,
                "purpose": purpose,
                "reasons": reasons,
                "region_code": region_code,
                "revision": revision,
                "rules": rules,
                "single_person_member": single_person_member,
                "sources": sources,
                "status": status,
                "suggested_allowance_monthly": suggested_allowance_monthly,
            }
        )
        if allowance is not UNSET:
            field_dict["allowance"] = allowance
        if appeal is not UNSET:
            field_dict["appeal"] = appeal
        if decision_deadline is not UNSET:
            field_dict["decision_deadline"] = decision_deadline
        if employment is not UNSET:
            field_dict["employment"] = employment
        if hardship is not UNSET:
            field_dict["hardship"] = hardship
        if obligors is not UNSET:
            field_dict["obligors"] = obligors
        if overdue is not UNSET:
            field_dict["overdue"] = overdue
        if policy_notes is not UNSET:
            field_dict["policy_notes"] = policy_notes
        if procedure is not UNSET:
            field_dict["procedure"] = procedure
        if rigid_expense_hardship is not UNSET:
            field_dict["rigid_expense_hardship"] = rigid_expense_hardship
        if single_person_candidates is not UNSET:
            field_dict["single_person_candidates"] = single_person_candidates
        if single_person_notes is not UNSET:
            field_dict["single_person_notes"] = single_person_notes
        if superseded is not UNSET:
            field_dict["superseded"] = superseded

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.allowance_view import AllowanceView  # noqa: PLC0415
        from ..models.appeal_ref_view import AppealRefView  # noqa: PLC0415
        from ..models.assets_view import AssetsView  # noqa: PLC0415
        from ..models.audit_ref_view import AuditRefView  # noqa: PLC0415
        from ..models.decision_deadline_view import DecisionDeadlineView  # noqa: PLC0415
        from ..models.employment_view import EmploymentView  # noqa: PLC0415
        from ..models.finding_view import FindingView  # noqa: PLC0415
        from ..models.hardship_view import HardshipView  # noqa: PLC0415
        from ..models.income_view import IncomeView  # noqa: PLC0415
        from ..models.member_view import MemberView  # noqa: PLC0415
        from ..models.message_view import MessageView  # noqa: PLC0415
        from ..models.obligors_view import ObligorsView  # noqa: PLC0415
        from ..models.policy_view import PolicyView  # noqa: PLC0415
        from ..models.procedure_view import ProcedureView  # noqa: PLC0415
        from ..models.rule_view import RuleView  # noqa: PLC0415
        from ..models.single_person_candidate_view import SinglePersonCandidateView  # noqa: PLC0415
        from ..models.source_view import SourceView  # noqa: PLC0415
        from ..models.superseded_view import SupersededView  # noqa: PLC0415

        d = dict(src_dict)
        area = d.pop("area")

        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        assets = AssetsView.from_dict(d.pop("assets"))

        audit = AuditRefView.from_dict(d.pop("audit"))

        authorization_id = d.pop("authorization_id")

        completed_at = datetime.datetime.fromisoformat(d.pop("completed_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        findings = []
        _findings = d.pop("findings")
        for findings_item_data in _findings:
            findings_item = FindingView.from_dict(findings_item_data)

            findings.append(findings_item)

        household_basis = VerificationReportHouseholdBasis(d.pop("household_basis"))

        household_size = d.pop("household_size")

        id = UUID(d.pop("id"))

        income = IncomeView.from_dict(d.pop("income"))

        low_income_edge = d.pop("low_income_edge")

        members = []
        _members = d.pop("members")
        for members_item_data in _members:
            members_item = MemberView.from_dict(members_item_data)

            members.append(members_item)

        outcome = VerificationReportOutcome(d.pop("outcome"))

        policy = PolicyView.from_dict(d.pop("policy"))

        purpose = d.pop("purpose")

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = MessageView.from_dict(reasons_item_data)

            reasons.append(reasons_item)

        region_code = d.pop("region_code")

        revision = d.pop("revision")

        rules = []
        _rules = d.pop("rules")
        for rules_item_data in _rules:
            rules_item = RuleView.from_dict(rules_item_data)

            rules.append(rules_item)

        def _parse_single_person_member(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        single_person_member = _parse_single_person_member(d.pop("single_person_member"))

        sources = []
        _sources = d.pop("sources")
        for sources_item_data in _sources:
            sources_item = SourceView.from_dict(sources_item_data)

            sources.append(sources_item)

        status = VerificationReportStatus(d.pop("status"))

        def _parse_suggested_allowance_monthly(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        suggested_allowance_monthly = _parse_suggested_allowance_monthly(d.pop("suggested_allowance_monthly"))

        def _parse_allowance(data: object) -> AllowanceView | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                allowance_type_0 = AllowanceView.from_dict(data)

                return allowance_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AllowanceView | None | Unset, data)

        allowance = _parse_allowance(d.pop("allowance", UNSET))

        def _parse_appeal(data: object) -> AppealRefView | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                appeal_type_0 = AppealRefView.from_dict(data)

                return appeal_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AppealRefView | None | Unset, data)

        appeal = _parse_appeal(d.pop("appeal", UNSET))

        def _parse_decision_deadline(data: object) -> DecisionDeadlineView | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                decision_deadline_type_0 = DecisionDeadlineView.from_dict(data)

                return decision_deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DecisionDeadlineView | None | Unset, data)

        decision_deadline = _parse_decision_deadline(d.pop("decision_deadline", UNSET))

        _employment = d.pop("employment", UNSET)
        employment: list[EmploymentView] | Unset = UNSET
        if _employment is not UNSET:
            employment = []
            for employment_item_data in _employment:
                employment_item = EmploymentView.from_dict(employment_item_data)

                employment.append(employment_item)

        def _parse_hardship(data: object) -> HardshipView | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                hardship_type_0 = HardshipView.from_dict(data)

                return hardship_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HardshipView | None | Unset, data)

        hardship = _parse_hardship(d.pop("hardship", UNSET))

        def _parse_obligors(data: object) -> None | ObligorsView | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                obligors_type_0 = ObligorsView.from_dict(data)

                return obligors_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ObligorsView | Unset, data)

        obligors = _parse_obligors(d.pop("obligors", UNSET))

        overdue = d.pop("overdue", UNSET)

        _policy_notes = d.pop("policy_notes", UNSET)
        policy_notes: list[MessageView] | Unset = UNSET
        if _policy_notes is not UNSET:
            policy_notes = []
            for policy_notes_item_data in _policy_notes:
                policy_notes_item = MessageView.from_dict(policy_notes_item_data)

                policy_notes.append(policy_notes_item)

        def _parse_procedure(data: object) -> None | ProcedureView | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                procedure_type_0 = ProcedureView.from_dict(data)

                return procedure_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProcedureView | Unset, data)

        procedure = _parse_procedure(d.pop("procedure", UNSET))

        rigid_expense_hardship = d.pop("rigid_expense_hardship", UNSET)

        _single_person_candidates = d.pop("single_person_candidates", UNSET)
        single_person_candidates: list[SinglePersonCandidateView] | Unset = UNSET
        if _single_person_candidates is not UNSET:
            single_person_candidates = []
            for single_person_candidates_item_data in _single_person_candidates:
                single_person_candidates_item = SinglePersonCandidateView.from_dict(single_person_candidates_item_data)

                single_person_candidates.append(single_person_candidates_item)

        _single_person_notes = d.pop("single_person_notes", UNSET)
        single_person_notes: list[MessageView] | Unset = UNSET
        if _single_person_notes is not UNSET:
            single_person_notes = []
            for single_person_notes_item_data in _single_person_notes:
                single_person_notes_item = MessageView.from_dict(single_person_notes_item_data)

                single_person_notes.append(single_person_notes_item)

        def _parse_superseded(data: object) -> None | SupersededView | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                superseded_type_0 = SupersededView.from_dict(data)

                return superseded_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SupersededView | Unset, data)

        superseded = _parse_superseded(d.pop("superseded", UNSET))

        verification_report = cls(
            area=area,
            as_of=as_of,
            assets=assets,
            audit=audit,
            authorization_id=authorization_id,
            completed_at=completed_at,
            created_at=created_at,
            findings=findings,
            household_basis=household_basis,
            household_size=household_size,
            id=id,
            income=income,
            low_income_edge=low_income_edge,
            members=members,
            outcome=outcome,
            policy=policy,
            purpose=purpose,
            reasons=reasons,
            region_code=region_code,
            revision=revision,
            rules=rules,
            single_person_member=single_person_member,
            sources=sources,
            status=status,
            suggested_allowance_monthly=suggested_allowance_monthly,
            allowance=allowance,
            appeal=appeal,
            decision_deadline=decision_deadline,
            employment=employment,
            hardship=hardship,
            obligors=obligors,
            overdue=overdue,
            policy_notes=policy_notes,
            procedure=procedure,
            rigid_expense_hardship=rigid_expense_hardship,
            single_person_candidates=single_person_candidates,
            single_person_notes=single_person_notes,
            superseded=superseded,
        )

        verification_report.additional_properties = d
        return verification_report

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
