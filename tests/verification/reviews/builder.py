"""Small ``VerificationReport`` builder for re-verification tests (figures as decimal strings)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from verification.kit.money import to_yuan
from verification.messages.locale import Locale
from verification.messages.render import Message
from verification.reports.language import message_view
from verification.reports.model import (
    AssetsView,
    AuditRefView,
    EvidenceRef,
    IncomeView,
    MemberIncomeView,
    MemberView,
    MessageView,
    PolicyView,
    PropertyView,
    RuleView,
    VehicleView,
    VerificationReport,
)

Status = Literal["active", "deceased", "moved_out", "unknown"]
Outcome = Literal["eligible", "ineligible", "review_required"]
Result = Literal["passed", "failed", "not_assessable"]

STANDARD = Decimal("940.00")
RELATIONS = ("self", "spouse", "child", "parent")


def _ref(source: str, reference: str) -> EvidenceRef:
    return EvidenceRef(source=source, reference=reference)


def report(
    *,
    member_incomes: Sequence[str] = ("900.00", "300.00", "0.00"),
    statuses: Sequence[Status] | None = None,
    financial_total: str = "8000.00",
    vehicle_uses: Sequence[str] = ("disability",),
    property_uses: Sequence[str] = ("residential",),
    standard: Decimal = STANDARD,
    rules: dict[str, Result] | None = None,
    outcome: Outcome | None = None,
    reasons: Sequence[MessageView] | None = None,
    as_of: dt.date = dt.date(2026, 5, 10),
) -> VerificationReport:
    """A three-person urban household's report.

    Income, the outcome and the suggested allowance follow the engine's arithmetic
    unless ``outcome`` (and ``rules``) are given explicitly.
    """
    statuses = list(statuses or ["active"] * len(member_incomes))
    living = [i for i, s in enumerate(statuses) if s != "deceased"]
    size = len(living)
    household = to_yuan(sum((Decimal(member_incomes[i]) for i in living), Decimal(0)))
    per_capita = to_yuan(household / size) if size else Decimal("0.00")
    exempt = {"agricultural", "disability"}
    counted_vehicles = [u for u in vehicle_uses if u not in exempt]
    residences = [u for u in property_uses if u == "residential"]
    limit = Decimal("22560.00")

    evaluated: dict[str, Result] = {
        "sources_complete": "passed",
        "identity_confirmed": "passed",
        "household_composition": (
            "not_assessable" if any(s != "active" for s in statuses) else "passed"
        ),
        "income_below_standard": "passed" if per_capita < standard else "failed",
        "financial_assets_within_limit": (
            "passed" if Decimal(financial_total) <= limit else "failed"
        ),
        "no_non_exempt_vehicle": "failed" if counted_vehicles else "passed",
        "housing_within_limit": "failed" if len(residences) > 1 else "passed",
        "wages_consistent": "passed",
    }
    evaluated.update(rules or {})
    if outcome is None:
        results = set(evaluated.values())
        outcome = (
            "ineligible"
            if "failed" in results
            else "review_required"
            if "not_assessable" in results
            else "eligible"
        )
    allowance = (
        max(Decimal("0.00"), to_yuan((standard - per_capita) * size))
        if outcome == "eligible"
        else None
    )
    if reasons is None:
        reasons = [
            message_view(Message("reason.rule", {"rule": rule, "details": []}), Locale.ZH_CN)
            for rule, result in evaluated.items()
            if result != "passed"
        ]
    return VerificationReport(
        id=uuid.uuid4(),
        status="completed",
        authorization_id="AUTH-450102-2026-000731",
        purpose="dibao_review",
        region_code="450102",
        area="urban",
        created_at=dt.datetime.combine(as_of, dt.time(9), tzinfo=dt.UTC),
        completed_at=dt.datetime.combine(as_of, dt.time(9, 2), tzinfo=dt.UTC),
        as_of=as_of,
        revision=0,
        policy=PolicyView(
            id="nanning-2026", version="2026.1", name="南宁市城乡低保政策", example=True
        ),
        household_size=size,
        household_basis="household",
        single_person_member=None,
        members=[
            MemberView(
                index=i,
                relation=RELATIONS[i % len(RELATIONS)],
                id_number_masked="450102********123X",
                name_masked="王*明",
                status=status,
            )
            for i, status in enumerate(statuses)
        ],
        sources=[],
        income=IncomeView(
            window_start=dt.date(2025, 11, 1),
            window_end=dt.date(2026, 4, 30),
            months=6,
            members=[
                MemberIncomeView(
                    member_index=i,
                    living=statuses[i] != "deceased",
                    counted_by_category={"wages": Decimal(amount)},
                    excluded_by_category={},
                    counted_monthly=Decimal(amount) if statuses[i] != "deceased" else Decimal(0),
                )
                for i, amount in enumerate(member_incomes)
            ],
            household_before_deductions=household,
            deductions=[],
            household_monthly=household,
            per_capita_monthly=per_capita,
            standard_monthly=standard,
            low_income_line_monthly=to_yuan(standard * Decimal("1.5")),
        ),
        assets=AssetsView(
            financial_total=Decimal(financial_total),
            financial_limit=limit,
            financial=[],
            vehicles=[
                VehicleView(
                    member_index=0,
                    use=use,
                    kind="小型轿车" if use == "private" else "残疾人专用车",
                    registered_on=dt.date(2019, 4, 2),
                    estimated_value=Decimal("60000.00"),
                    evidence=_ref("vehicle", f"VH-{n}"),
                )
                for n, use in enumerate(vehicle_uses)
            ],
            properties=[
                PropertyView(
                    member_index=0,
                    use=use,
                    area_m2="62.40",
                    acquired_on=dt.date(2008, 9, 15),
                    estimated_value=Decimal("310000.00"),
                    evidence=_ref("housing", f"BDC-{n}"),
                )
                for n, use in enumerate(property_uses)
            ],
        ),
        rules=[
            RuleView(rule=rule, result=result, messages=[], detail="", figures={}, evidence=[])
            for rule, result in evaluated.items()
        ],
        findings=[],
        outcome=outcome,
        low_income_edge=standard <= per_capita < to_yuan(standard * Decimal("1.5")),
        suggested_allowance_monthly=allowance,
        reasons=list(reasons) or [message_view(Message("reason.all_rules_passed"), Locale.ZH_CN)],
        audit=AuditRefView(status="integrated", entry=1, seq=1, leaf_hash="ab" * 32),
    )
