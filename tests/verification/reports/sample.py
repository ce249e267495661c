"""A realistic ``VerificationReport`` built directly (the engine that fills it is not needed).

Its explanations are catalogue codes with parameters, their texts written in zh-CN as the
report builder writes them; ``reports.language.localize`` writes them in another language.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from verification.messages.locale import Locale
from verification.messages.render import Message, join_statements, render
from verification.reports.language import message_view
from verification.reports.model import (
    AssetsView,
    AuditRefView,
    DeductionView,
    EvidenceRef,
    FinancialItemView,
    FindingView,
    IncomeView,
    MemberIncomeView,
    MemberView,
    MessageView,
    PolicyView,
    PropertyView,
    RuleView,
    SourceView,
    VehicleView,
    VerificationReport,
)

SCOPES = (
    "hukou",
    "vehicle",
    "housing",
    "bank",
    "tax",
    "provident_fund",
    "insurance",
    "market_regulation",
    "securities",
)
UNAVAILABLE_PARAMS = {"attempts": 3, "cause": "timeout"}
UNAVAILABLE_REASON = render("source.gave_up", UNAVAILABLE_PARAMS, Locale.ZH_CN)
PROVIDENT_FUND_MISSING = Message(
    "rule.evidence_missing",
    {"sources": [{"member_index": 1, "scope": "provident_fund", "status": "unavailable"}]},
)
INCOME_FINDING = {
    "member_index": 0,
    "category": "wages",
    "declared": "800.00",
    "verified": "980.00",
}
TWO_RESIDENCES = Message("rule.housing.too_many_residences", {"residences": 2, "max_residences": 1})
MEMBERS = (
    MemberView(
        index=0,
        relation="self",
        id_number_masked="450102********123X",
        name_masked="王*明",
        status="active",
    ),
    MemberView(
        index=1,
        relation="spouse",
        id_number_masked="450103********2348",
        name_masked="李*",
        status="active",
    ),
    MemberView(
        index=2,
        relation="child",
        id_number_masked="450102********0021",
        name_masked="王*华",
        status="deceased",
    ),
)


def _sources() -> list[SourceView]:
    sources = []
    for member in MEMBERS:
        for n, scope in enumerate(SCOPES):
            unavailable = member.index == 1 and scope == "provident_fund"
            status = "unavailable" if unavailable else ("not_found" if n == 1 else "ok")
            sources.append(
                SourceView(
                    member_index=member.index,
                    scope=scope,
                    status=status,
                    reason_code="source.gave_up" if unavailable else None,
                    reason_params=UNAVAILABLE_PARAMS if unavailable else {},
                    reason=UNAVAILABLE_REASON if unavailable else None,
                    attempts=3 if unavailable else 1,
                    requests=3 if unavailable else 1,
                    duration_ms=2400 if unavailable else 40 + 7 * n + member.index,
                )
            )
    return sources


def _ref(source: str, reference: str) -> EvidenceRef:
    return EvidenceRef(source=source, reference=reference)


def _rule(
    rule: str,
    result: str,
    messages: list[Message],
    figures: dict[str, str],
    evidence: list[EvidenceRef],
) -> RuleView:
    views = [message_view(m, Locale.ZH_CN) for m in messages]
    return RuleView(
        rule=rule,
        result=result,
        messages=views,
        detail=join_statements((v.text for v in views), Locale.ZH_CN),
        figures=figures,
        evidence=evidence,
    )


def _reason(rule: str, detail: Message) -> MessageView:
    return message_view(
        Message("reason.rule", {"rule": rule, "details": [detail.as_json()]}), Locale.ZH_CN
    )


def sample_report(**changes: Any) -> VerificationReport:
    """The report of a three-person urban household under review; ``changes`` override fields."""
    report = VerificationReport(
        id=uuid.UUID("6f1c2a5e-9b3d-4c1e-8f00-0123456789ab"),
        status="completed",
        authorization_id="AUTH-450102-2026-000731",
        purpose="dibao_application",
        region_code="450102",
        area="urban",
        created_at=dt.datetime(2026, 11, 23, 14, 17, 5, tzinfo=dt.UTC),
        completed_at=dt.datetime(2026, 11, 23, 14, 18, 41, tzinfo=dt.UTC),
        as_of=dt.date(2026, 11, 23),
        revision=1,
        policy=PolicyView(
            id="nanning-2026", version="2026.1", name="南宁市城乡低保政策", example=True
        ),
        household_size=2,
        household_basis="household",
        single_person_member=None,
        members=list(MEMBERS),
        sources=_sources(),
        income=IncomeView(
            window_start=dt.date(2026, 5, 1),
            window_end=dt.date(2026, 10, 31),
            months=6,
            members=[
                MemberIncomeView(
                    member_index=0,
                    living=True,
                    counted_by_category={"wages": Decimal("980.00"), "labour": Decimal("120.50")},
                    excluded_by_category={"transfer": Decimal("200.00")},
                    counted_monthly=Decimal("1100.50"),
                ),
                MemberIncomeView(
                    member_index=1,
                    living=True,
                    counted_by_category={"basic_pension": Decimal("165.00")},
                    excluded_by_category={},
                    counted_monthly=Decimal("165.00"),
                ),
                MemberIncomeView(
                    member_index=2,
                    living=False,
                    counted_by_category={},
                    excluded_by_category={},
                    counted_monthly=Decimal("0.00"),
                ),
            ],
            household_before_deductions=Decimal("1265.50"),
            deductions=[
                DeductionView(
                    member_index=0,
                    kind="employment_cost",
                    monthly_amount=Decimal("294.00"),
                    basis_code="deduction.employment_cost",
                    basis_params={"cap": "294.00"},
                    basis=render("deduction.employment_cost", {"cap": "294.00"}, Locale.ZH_CN),
                )
            ],
            household_monthly=Decimal("971.50"),
            per_capita_monthly=Decimal("485.75"),
            standard_monthly=Decimal("940.00"),
            low_income_line_monthly=Decimal("1410.00"),
        ),
        assets=AssetsView(
            financial_total=Decimal("18350.27"),
            financial_limit=Decimal("22560.00"),
            financial=[
                FinancialItemView(
                    member_index=0,
                    kind="demand_deposit",
                    value=Decimal("3350.27"),
                    evidence=_ref("bank", "BK-ICBC-88120"),
                ),
                FinancialItemView(
                    member_index=1,
                    kind="time_deposit",
                    value=Decimal("15000.00"),
                    evidence=_ref("bank", "BK-BOC-31007"),
                ),
            ],
            vehicles=[
                VehicleView(
                    member_index=0,
                    use="disability",
                    kind="残疾人专用车",
                    registered_on=dt.date(2019, 4, 2),
                    estimated_value=Decimal("12000.00"),
                    evidence=_ref("vehicle", "VH-桂A12345"),
                )
            ],
            properties=[
                PropertyView(
                    member_index=0,
                    use="residential",
                    area_m2="62.40",
                    acquired_on=dt.date(2008, 9, 15),
                    estimated_value=Decimal("310000.00"),
                    evidence=_ref("housing", "BDC-2008-004512"),
                )
            ],
        ),
        rules=[
            _rule("sources_complete", "not_assessable", [PROVIDENT_FUND_MISSING], {}, []),
            _rule(
                "income_below_standard",
                "passed",
                [Message("rule.income.below", {"per_capita": "485.75", "standard": "940.00"})],
                {"per_capita_monthly": "485.75", "standard_monthly": "940.00"},
                [_ref("tax", "TX-2026-551")],
            ),
            _rule(
                "housing_within_limit",
                "failed",
                [TWO_RESIDENCES],
                {"residences": "2", "max_residences": "1"},
                [_ref("housing", "BDC-2008-004512")],
            ),
            # a message code of a newer version: shown as its code
            _rule("wages_consistent", "passed", [Message("rule.local_pilot.passed")], {}, []),
        ],
        findings=[
            FindingView(
                subject="income",
                member_index=0,
                category="wages",
                declared="800.00",
                verified="980.00",
                difference="180.00",
                tolerance="100.00",
                code="finding.income",
                params=INCOME_FINDING,
                detail=render("finding.income", INCOME_FINDING, Locale.ZH_CN),
            ),
            FindingView(
                subject="vehicles",
                member_index=None,
                category=None,
                declared="0",
                verified="1",
                difference="1",
                tolerance="0",
                code="finding.vehicles",
                params={"declared": 0, "verified": 1},
                detail=render("finding.vehicles", {"declared": 0, "verified": 1}, Locale.ZH_CN),
            ),
        ],
        outcome="ineligible",
        low_income_edge=False,
        suggested_allowance_monthly=None,
        reasons=[
            _reason("sources_complete", PROVIDENT_FUND_MISSING),
            _reason("housing_within_limit", TWO_RESIDENCES),
            message_view(Message("reason.declaration_differs", {"count": 2}), Locale.ZH_CN),
        ],
        audit=AuditRefView(status="integrated", entry=4711, seq=4711, leaf_hash="9f" * 32),
    )
    return report.model_copy(update=changes) if changes else report
