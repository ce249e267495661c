"""Turning an assessment and its evidence into the report a caseworker reads.

Pure: no I/O.  Identifiers are masked here, once, so the report (and anything
rendered from it) never carries a full ID number or name.  Explanations go in
as codes with parameters, each with its text in the default language (zh-CN);
``reports.language.localize`` writes them in another when the report is served.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from connectors.sdk.discovery import installed_sources
from connectors.sdk.evidence import EvidenceKind, RecordRef, SourceResult, SourceStatus
from connectors.sdk.source import SourceCatalogue
from verification.assessment.hardship import HardshipStatus
from verification.assessment.model import Assessment, Results, Rule
from verification.assessment.national import NationalResult
from verification.kit.masking import mask_id_number, mask_name
from verification.messages.locale import DEFAULT_LOCALE
from verification.messages.render import Message, join_statements, render, render_message
from verification.policies.model import Policy
from verification.reports.language import message_view
from verification.reports.model import (
    VERBATIM,
    AllowanceView,
    AssetsView,
    BusinessView,
    DeductionView,
    EmploymentView,
    EvidenceRef,
    FinancialItemView,
    FindingView,
    HardshipView,
    IncomeView,
    MemberIncomeView,
    MemberView,
    ObligorSourceView,
    ObligorsView,
    ObligorView,
    PolicyView,
    ProcedureView,
    PropertyView,
    RefusalCutView,
    ReportContent,
    RuleView,
    SinglePersonCandidateView,
    SourceView,
    TierView,
    VehicleView,
)


@dataclass(frozen=True, slots=True)
class ReportMember:
    index: int
    id_number: str
    name: str
    relation: str


@dataclass(frozen=True, slots=True)
class ReportContext:
    verification_id: uuid.UUID
    authorization_id: str
    purpose: str
    region_code: str
    area: str
    created_at: dt.datetime
    completed_at: dt.datetime
    as_of: dt.date
    revision: int


def _ref(ref: RecordRef) -> EvidenceRef:
    return EvidenceRef(source=ref.source, reference=ref.reference)


def _employment(ordered: Sequence[tuple[tuple[int, str], SourceResult]]) -> list[EmploymentView]:
    """Each employment record a source reported, with that source's contributions by month."""
    views: list[EmploymentView] = []
    for (index, _scope), result in ordered:
        monthly = sorted(
            (w.month, w.monthly_wage) for w in result.evidence.wage_indicators if w.month
        )
        views.extend(
            EmploymentView(
                member_index=index,
                status=e.status.value,
                employer_code=e.employer_code,
                since=e.since,
                contribution_months=len({month for month, _ in monthly}),
                latest_contribution_base=monthly[-1][1] if monthly else None,
                evidence=_ref(e.ref),
            )
            for e in result.evidence.employment
        )
    return views


def _member_status(
    results: Results, index: int, sources: SourceCatalogue
) -> Literal["active", "deceased", "moved_out", "unknown", "not_checked"]:
    """What the first source of identity (公安户籍) that was asked said of the member."""
    asked = [
        result
        for scope in sources.providing(EvidenceKind.IDENTITY)
        if (result := results.get((index, scope))) is not None
    ]
    if not asked:
        return "not_checked"
    identity = next((r.evidence.identity for r in asked if r.evidence.identity), None)
    if identity is None:
        return "unknown"
    return identity.status.value


def build_report(
    context: ReportContext,
    members: Sequence[ReportMember],
    results: Results,
    *,
    assessment: Assessment,
    policy: Policy,
    policy_notes: Sequence[Message] = (),
    procedure: ProcedureView | None = None,
    sources: SourceCatalogue | None = None,
    expected_back: Mapping[str, dt.datetime] | None = None,
    obligors: Sequence[ReportMember] = (),
    obligor_results: Results | None = None,
) -> ReportContent:
    """``sources``: the installed ones by default (``connectors.sdk.discovery``);
    ``expected_back``: by scope, when a source with an open circuit breaker is expected back
    (stated on its unavailable answers)."""
    catalogue = installed_sources() if sources is None else sources
    ordered = sorted(results.items())
    return ReportContent(
        id=context.verification_id,
        status=(
            "awaiting_sources"
            if any(r.status is SourceStatus.PENDING for r in results.values())
            # a support obligor's agency answering later is awaited as a member's
            or any(r.status is SourceStatus.PENDING for r in (obligor_results or {}).values())
            else "completed"
        ),
        authorization_id=context.authorization_id,
        purpose=context.purpose,
        region_code=context.region_code,
        area=context.area,
        created_at=context.created_at,
        completed_at=context.completed_at,
        as_of=context.as_of,
        revision=context.revision,
        policy=PolicyView(
            id=policy.id,
            version=policy.version,
            name=policy.name,
            example=policy.example,
            values=list(policy.used),
        ),
        household_size=assessment.household_size,
        household_basis=assessment.household_basis,
        single_person_member=assessment.single_person_member,
        members=[
            MemberView(
                index=m.index,
                relation=m.relation,
                id_number_masked=mask_id_number(m.id_number),
                name_masked=mask_name(m.name),
                status=_member_status(results, m.index, catalogue),
            )
            for m in members
        ],
        sources=[
            _source_view(index, scope, result, (expected_back or {}).get(scope))
            for (index, scope), result in ordered
        ],
        income=IncomeView(
            window_start=assessment.window.start,
            window_end=assessment.window.end,
            months=assessment.window.months,
            members=[
                MemberIncomeView(
                    member_index=i.index,
                    living=i.living,
                    counted_by_category=dict(i.counted_by_category),
                    excluded_by_category=dict(i.excluded_by_category),
                    counted_monthly=i.counted_monthly,
                )
                for i in assessment.members
            ],
            household_before_deductions=assessment.household_before_deductions,
            deductions=[
                DeductionView(
                    member_index=d.member_index,
                    kind=d.kind,
                    monthly_amount=d.monthly_amount,
                    basis_code=d.basis.code,
                    basis_params=dict(d.basis.params),
                    basis=render_message(d.basis, DEFAULT_LOCALE),
                )
                for d in assessment.deductions
            ],
            household_monthly=assessment.household_income_monthly,
            per_capita_monthly=assessment.per_capita_income_monthly,
            standard_monthly=assessment.standard_monthly,
            low_income_line_monthly=assessment.low_income_line_monthly,
        ),
        employment=_employment(ordered),
        assets=AssetsView(
            financial_total=assessment.financial_assets_total,
            financial_limit=assessment.financial_assets_limit,
            financial=[
                FinancialItemView(
                    member_index=index, kind=a.kind.value, value=a.value, evidence=_ref(a.ref)
                )
                for (index, _scope), result in ordered
                for a in result.evidence.financial_assets
            ],
            vehicles=[
                VehicleView(
                    member_index=index,
                    use=v.use.value,
                    kind=v.kind,
                    registered_on=v.registered_on,
                    estimated_value=v.estimated_value,
                    evidence=_ref(v.ref),
                )
                for (index, _scope), result in ordered
                for v in result.evidence.vehicles
            ],
            properties=[
                PropertyView(
                    member_index=index,
                    use=p.use.value,
                    area_m2=str(p.area_m2),
                    acquired_on=p.acquired_on,
                    estimated_value=p.estimated_value,
                    evidence=_ref(p.ref),
                )
                for (index, _scope), result in ordered
                for p in result.evidence.properties
            ],
            businesses=[
                BusinessView(
                    member_index=index,
                    entity_type=b.entity_type.value,
                    role=b.role.value,
                    status=b.status.value,
                    registered_capital=b.registered_capital,
                    subscribed_share=b.subscribed_share,
                    declared_turnover=b.declared_turnover,
                    report_year=b.report_year,
                    evidence=_ref(b.ref),
                )
                for (index, _scope), result in ordered
                for b in result.evidence.businesses
            ],
        ),
        rules=[_rule_view(r) for r in assessment.rules],
        findings=[
            FindingView(
                subject=f.subject,
                member_index=f.member_index,
                category=f.category,
                declared=str(f.declared),
                verified=str(f.verified),
                difference=str(f.difference),
                tolerance=str(f.tolerance),
                code=f.message.code,
                params=dict(f.message.params),
                detail=render_message(f.message, DEFAULT_LOCALE),
            )
            for f in assessment.findings
        ]
        + [
            FindingView(
                code=f.code,
                subject="member",
                member_index=f.member_index,
                category=None,
                declared=None,
                verified=None,
                difference=None,
                tolerance=None,
                params=dict(f.message.params),
                detail=render_message(f.message, DEFAULT_LOCALE),
            )
            for f in assessment.member_findings
        ],
        outcome=assessment.outcome.value,
        low_income_edge=assessment.low_income_edge,
        suggested_allowance_monthly=assessment.suggested_allowance_monthly,
        reasons=[message_view(r, DEFAULT_LOCALE) for r in assessment.reasons],
        **_national_views(assessment.national),
        policy_notes=[message_view(n, DEFAULT_LOCALE) for n in policy_notes],
        obligors=_obligors_view(assessment, obligors, obligor_results or {}, catalogue),
        procedure=procedure,
    )


def _obligors_view(
    assessment: Assessment,
    obligors: Sequence[ReportMember],
    results: Results,
    catalogue: SourceCatalogue,
) -> ObligorsView | None:
    """The obligors' own section (``relation`` of a ``ReportMember`` here: the obligor's);
    None when the request named none."""
    assessed = assessment.obligors
    if assessed is None or not obligors:
        return None
    people = {o.index: o for o in obligors}
    return ObligorsView(
        obligors=[
            ObligorView(
                index=a.index,
                relation=a.relation.value,
                id_number_masked=mask_id_number(people[a.index].id_number),
                name_masked=mask_name(people[a.index].name),
                status=_member_status(results, a.index, catalogue),
                household_size=a.household_size,
                assessed=a.assessed,
                income_monthly=a.income_monthly,
                line_monthly=a.line_monthly,
                excess_monthly=a.excess_monthly,
                capable=a.capable,
                support_monthly=a.support_monthly,
                sources=[
                    ObligorSourceView(
                        scope=scope, status=result.status.value, reason_code=result.reason_code
                    )
                    for (index, scope), result in sorted(results.items())
                    if index == a.index
                ],
            )
            for a in assessed.obligors
        ],
        support_monthly=assessed.support_monthly,
        support_status=assessed.status.value,
        statement=message_view(assessed.statement, DEFAULT_LOCALE),
    )


def _source_view(
    index: int, scope: str, result: SourceResult, back: dt.datetime | None
) -> SourceView:
    code = result.reason_code
    params: dict[str, str | int] = dict(result.reason_params)
    if code is None and result.reason is not None:  # a connector that gave no code
        code, params = VERBATIM, {"text": result.reason}
    return SourceView(
        member_index=index,
        scope=scope,
        status=result.status.value,
        reason_code=code,
        reason_params=params,
        reason=None if code is None else render(code, params, DEFAULT_LOCALE),
        attempts=result.attempts,
        requests=result.requests_sent,
        duration_ms=result.duration_ms,
        expected_back_at=back if result.status is SourceStatus.UNAVAILABLE else None,
        expected_by=None if result.ticket is None else result.ticket.expected_by,
    )


def _rule_view(rule: Rule) -> RuleView:
    messages = [message_view(m, DEFAULT_LOCALE) for m in rule.details]
    return RuleView(
        rule=rule.rule,
        result=rule.result.value,
        messages=messages,
        detail=join_statements((m.text for m in messages), DEFAULT_LOCALE),
        figures=dict(rule.figures),
        evidence=[_ref(e) for e in rule.evidence],
    )


def _national_views(result: NationalResult | None) -> dict[str, Any]:
    """The report's fields of the 2021 办法's rules (assessment/national.py)."""
    if result is None:
        return {}
    paid, hardship = result.allowance, result.hardship
    return {
        "allowance": None
        if paid is None
        else AllowanceView(
            method=paid.method.value,
            tier=None
            if paid.tier is None
            else TierView(
                number=paid.tier.number,
                up_to_gap_fraction=str(paid.tier.up_to_gap_fraction),
                fraction_of_standard=str(paid.tier.fraction_of_standard),
                per_person_monthly=paid.tier.per_person_monthly,
            ),
            before_cuts_monthly=paid.before_cuts_monthly,
            work_refusal_cuts=[
                RefusalCutView(
                    member_index=c.member_index,
                    consecutive_unjustified=c.refusals,
                    share_monthly=c.share_monthly,
                    cut_monthly=c.cut_monthly,
                )
                for c in paid.cuts
            ],
            amount_monthly=paid.amount_monthly,
            messages=[message_view(m, DEFAULT_LOCALE) for m in paid.messages],
        ),
        "rigid_expense_hardship": hardship is not None and hardship.status is HardshipStatus.MET,
        "hardship": None
        if hardship is None
        else HardshipView(
            status=hardship.status.value,
            figures=dict(hardship.figures),
            messages=[message_view(m, DEFAULT_LOCALE) for m in hardship.messages],
        ),
        "single_person_candidates": [
            SinglePersonCandidateView(
                member_index=c.member_index,
                categories=[k.value for k in c.categories],
                message=message_view(c.message, DEFAULT_LOCALE),
            )
            for c in result.single_person_candidates
        ],
        "single_person_notes": [
            message_view(m, DEFAULT_LOCALE) for m in result.single_person_notes
        ],
    }
