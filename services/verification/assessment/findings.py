"""Findings for the caseworker: declared versus verified, and members found elsewhere.

Declared versus verified: every difference beyond the policy's tolerance.

Compared over the whole household as declared (not only the members assessed):
monthly income per member and category (counted and excluded alike — a false
statement is a finding even about income the policy does not count), the total
of financial assets, the cash value of insurance policies (a part of that total the household
may state on its own), the number of vehicles and of residences. A figure the
household did not declare is not compared.

Members found elsewhere (``member_findings``): a member who, by blind index, is in another
active enrolled household, or in another verification still running, or on the integrity
record (诚信记录: a confirmed entry in force on the assessment date, ``integrity_record/``; it
informs the caseworker and changes no outcome by itself).  Members are named
by their position counted from 1, as the report's tables number them — never by name or
ID number.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from connectors.sdk.evidence import BusinessStatus, Evidence, FinancialKind, PropertyUse
from verification.assessment.facts import results_for
from verification.assessment.model import (
    Declared,
    Elsewhere,
    Finding,
    Member,
    MemberFinding,
    MemberFindingCode,
    MemberIncome,
    Results,
)
from verification.kit.money import ZERO, to_yuan
from verification.messages.render import Message
from verification.policies.model import Policy


def findings(
    members: Sequence[Member],
    incomes: Sequence[MemberIncome],
    results: Results,
    policy: Policy,
    declared: Declared | None,
) -> tuple[Finding, ...]:
    if declared is None:
        return ()
    tolerance = policy.declaration
    found: list[Finding] = []
    if declared.incomes is not None:
        verified = {
            (i.index, category): amount
            for i in incomes
            for category, amount in {**i.counted_by_category, **i.excluded_by_category}.items()
        }
        for key in sorted(set(verified) | set(declared.incomes)):
            said, seen = declared.incomes.get(key, ZERO), verified.get(key, ZERO)
            allowed = max(tolerance.income_minimum, tolerance.income_fraction * seen)
            if abs(said - seen) > allowed:
                found.append(
                    Finding(
                        "income",
                        key[0],
                        key[1],
                        to_yuan(said),
                        to_yuan(seen),
                        to_yuan(allowed),
                        Message(
                            "finding.income",
                            {
                                "member_index": key[0],
                                "category": key[1],
                                "declared": str(to_yuan(said)),
                                "verified": str(to_yuan(seen)),
                            },
                        ),
                    )
                )
    evidence = [r.evidence for m in members for r in results_for(results, m.index)]
    if declared.financial_assets_total is not None:
        seen = to_yuan(sum((a.value for e in evidence for a in e.financial_assets), ZERO))
        said = declared.financial_assets_total
        allowed = max(tolerance.assets_minimum, tolerance.assets_fraction * seen)
        if abs(said - seen) > allowed:
            found.append(
                Finding(
                    "financial_assets",
                    None,
                    None,
                    to_yuan(said),
                    seen,
                    to_yuan(allowed),
                    Message(
                        "finding.financial_assets",
                        {"declared": str(to_yuan(said)), "verified": str(seen)},
                    ),
                )
            )
    if declared.insurance_cash_value_total is not None:
        found.extend(_insurance_finding(declared.insurance_cash_value_total, evidence, policy))
    counts: list[tuple[Literal["vehicles", "residences", "businesses"], str, int | None, int]] = [
        (
            "vehicles",
            "finding.vehicles",
            declared.vehicles,
            sum(len(e.vehicles) for e in evidence),
        ),
        (
            "residences",
            "finding.residences",
            declared.residences,
            sum(1 for e in evidence for p in e.properties if p.use is PropertyUse.RESIDENTIAL),
        ),
        (
            "businesses",
            "finding.businesses",
            declared.businesses,
            # one entity once, whatever the members' roles in it
            len(
                {b.ref for e in evidence for b in e.businesses if b.status is BusinessStatus.ACTIVE}
            ),
        ),
    ]
    for subject, code, said_count, seen_count in counts:
        if said_count is not None and said_count != seen_count:
            found.append(
                Finding(
                    subject,
                    None,
                    None,
                    Decimal(said_count),
                    Decimal(seen_count),
                    ZERO,
                    Message(code, {"declared": said_count, "verified": seen_count}),
                )
            )
    return tuple(found)


def _insurance_finding(
    said: Decimal, evidence: Sequence[Evidence], policy: Policy
) -> tuple[Finding, ...]:
    """The declared cash value of the household's insurance policies against the sources'."""
    tolerance = policy.declaration
    seen = to_yuan(
        sum(
            (
                a.value
                for e in evidence
                for a in e.financial_assets
                if a.kind is FinancialKind.INSURANCE_CASH_VALUE
            ),
            ZERO,
        )
    )
    allowed = max(tolerance.assets_minimum, tolerance.assets_fraction * seen)
    if abs(said - seen) <= allowed:
        return ()
    params = {"declared": str(to_yuan(said)), "verified": str(seen)}
    return (
        Finding(
            "insurance_cash_value",
            None,
            None,
            to_yuan(said),
            seen,
            to_yuan(allowed),
            Message("finding.insurance_cash_value", params),
        ),
    )


def member_findings(members: Sequence[Member], elsewhere: Elsewhere) -> tuple[MemberFinding, ...]:
    found: list[MemberFinding] = []
    listed = {index: until.isoformat() for index, until in elsewhere.integrity_listed}
    for member in sorted(members, key=lambda m: m.index):
        codes: list[MemberFindingCode] = []
        if member.index in elsewhere.enrolled:
            codes.append("finding.member_already_enrolled")
        if member.index in elsewhere.in_flight:
            codes.append("finding.member_verification_in_flight")
        found.extend(
            MemberFinding(code, member.index, Message(code, {"member_index": member.index}))
            for code in codes
        )
        if member.index in listed:
            # informs only: the rules decide the outcome, never the record
            code: MemberFindingCode = "finding.member_integrity_listed"
            params = {"member_index": member.index, "listed_until": listed[member.index]}
            found.append(MemberFinding(code, member.index, Message(code, params)))
    return tuple(found)
