"""The rules of the assessment, one function each, over the assessed members.

A rule whose evidence is incomplete is ``not_assessable`` — never silently
passed — so missing data can lead to review but never to eligibility.  A rule
names the kinds of evidence it reads (``EvidenceKind``), never an agency: it
needs an answer from every installed source that declares one of them
(``SourceCatalogue.providing``), and reads that evidence from whichever
source gave it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from connectors.sdk.evidence import (
    BusinessEntityType,
    BusinessStatus,
    EvidenceKind,
    FinancialKind,
    IncomeCategory,
    PersonStatus,
    PropertyUse,
    RecordRef,
    SourceStatus,
)
from connectors.sdk.source import SourceCatalogue
from verification.assessment.facts import identities, missing_answers, result_of, results_for
from verification.assessment.income import age_on, presumptive_businesses
from verification.assessment.model import (
    ANSWERED,
    Declared,
    Figure,
    Member,
    Results,
    Rule,
    RuleId,
    RuleResult,
    Window,
)
from verification.kit.money import ZERO, to_yuan
from verification.messages.render import Message
from verification.policies.model import Policy

EMPLOYMENT = (IncomeCategory.WAGES, IncomeCategory.BUSINESS)


def _missing(missing: list[dict[str, str | int]]) -> Message:
    return Message("rule.evidence_missing", {"sources": missing})


def _not_assessable(rule: RuleId, missing: list[dict[str, str | int]]) -> Rule:
    return Rule(rule, RuleResult.NOT_ASSESSABLE, (_missing(missing),))


def sources_complete(members: Sequence[Member], results: Results, sources: SourceCatalogue) -> Rule:
    """Every installed source answered for every member."""
    missing = missing_answers(members, results, sources.scopes)
    if missing:
        return _not_assessable(RuleId.SOURCES_COMPLETE, missing)
    return Rule(
        RuleId.SOURCES_COMPLETE, RuleResult.PASSED, (Message("rule.sources_complete.passed"),)
    )


def identity_confirmed(
    members: Sequence[Member], results: Results, sources: SourceCatalogue
) -> Rule:
    scopes = sources.providing(EvidenceKind.IDENTITY)
    missing = missing_answers(members, results, scopes)
    unknown = [
        m.index
        for m in members
        if any(
            (r := result_of(results, m.index, scope)) and r.status is SourceStatus.NOT_FOUND
            for scope in scopes
        )
    ]
    mismatched = [
        m.index
        for m in members
        if any(not identity.name_matches for identity in identities(results, m.index))
    ]
    if unknown or mismatched or missing:
        parts = [Message("rule.identity.unknown", {"member_index": i}) for i in unknown]
        parts += [Message("rule.identity.name_mismatch", {"member_index": i}) for i in mismatched]
        if missing:
            parts.append(_missing(missing))
        return Rule(RuleId.IDENTITY_CONFIRMED, RuleResult.NOT_ASSESSABLE, tuple(parts))
    refs = tuple(identity.ref for m in members for identity in identities(results, m.index))
    return Rule(
        RuleId.IDENTITY_CONFIRMED,
        RuleResult.PASSED,
        (Message("rule.identity.passed"),),
        evidence=refs,
    )


def composition_unchanged(members: Sequence[Member], results: Results) -> Rule:
    changes: list[Message] = []
    refs = []
    for member in members:
        identity = next(iter(identities(results, member.index)), None)
        if identity is None or identity.status is PersonStatus.ACTIVE:
            continue
        refs.append(identity.ref)
        if identity.status is PersonStatus.DECEASED and identity.date_of_death is not None:
            changes.append(
                Message(
                    "rule.composition.deceased",
                    {"member_index": member.index, "date": identity.date_of_death.isoformat()},
                )
            )
        elif identity.status is PersonStatus.DECEASED:
            changes.append(
                Message("rule.composition.deceased_undated", {"member_index": member.index})
            )
        else:
            changes.append(Message("rule.composition.moved_out", {"member_index": member.index}))
    if changes:
        return Rule(
            RuleId.HOUSEHOLD_COMPOSITION,
            RuleResult.NOT_ASSESSABLE,
            (Message("rule.composition.changed"), *changes),
            evidence=tuple(refs),
        )
    return Rule(
        RuleId.HOUSEHOLD_COMPOSITION, RuleResult.PASSED, (Message("rule.composition.passed"),)
    )


def income_rule(
    members: Sequence[Member],
    results: Results,
    per_capita: Decimal,
    standard: Decimal,
    size: int,
    *,
    sources: SourceCatalogue,
    policy: Policy | None = None,
    window: Window | None = None,
) -> Rule:
    kinds = [EvidenceKind.EMPLOYMENT_INCOME, EvidenceKind.OTHER_INCOME]
    presumed = policy is not None and policy.income.business_presumptive_margin > 0
    if presumed:
        kinds.append(EvidenceKind.BUSINESSES)  # a 个体工商户's turnover is income
    incomes = sources.providing(*kinds)
    missing = missing_answers(members, results, incomes)
    if missing:
        return _not_assessable(RuleId.INCOME_BELOW_STANDARD, missing)
    if size == 0:
        return Rule(
            RuleId.INCOME_BELOW_STANDARD,
            RuleResult.NOT_ASSESSABLE,
            (Message("rule.income.no_living_member"),),
        )
    refs = tuple(
        item.ref
        for m in members
        for r in results_for(results, m.index)
        for item in r.evidence.incomes
    )
    if presumed and policy is not None and window is not None:
        refs += tuple(
            b.ref for m in members for b in presumptive_businesses(m, results, policy, window)
        )
    figures = {Figure.PER_CAPITA_MONTHLY: str(per_capita), Figure.STANDARD_MONTHLY: str(standard)}
    compared = {"per_capita": str(per_capita), "standard": str(standard)}
    if per_capita < standard:
        return Rule(
            RuleId.INCOME_BELOW_STANDARD,
            RuleResult.PASSED,
            (Message("rule.income.below", compared),),
            figures,
            refs,
        )
    return Rule(
        RuleId.INCOME_BELOW_STANDARD,
        RuleResult.FAILED,
        (Message("rule.income.not_below", compared),),
        figures,
        refs,
    )


def financial_total(members: Sequence[Member], results: Results, policy: Policy) -> Decimal:
    total = ZERO
    for member in members:
        for result in results_for(results, member.index):
            for asset in result.evidence.financial_assets:
                if (
                    asset.kind is FinancialKind.PROVIDENT_FUND
                    and not policy.assets.count_provident_fund
                ):
                    continue
                if (
                    asset.kind is FinancialKind.INSURANCE_CASH_VALUE
                    and not policy.assets.count_insurance_cash_value
                ):
                    continue
                total += asset.value
    return to_yuan(total)


def financial_rule(
    members: Sequence[Member],
    results: Results,
    policy: Policy,
    total: Decimal,
    limit: Decimal,
    *,
    sources: SourceCatalogue,
) -> Rule:
    kinds = [EvidenceKind.FINANCIAL_ASSETS]
    if policy.assets.count_provident_fund:
        kinds.append(EvidenceKind.PROVIDENT_FUND)
    if policy.assets.count_insurance_cash_value:
        kinds.append(EvidenceKind.INSURANCE_CASH_VALUE)
    missing = missing_answers(members, results, sources.providing(*kinds))
    if missing:
        return _not_assessable(RuleId.FINANCIAL_ASSETS_WITHIN_LIMIT, missing)
    refs = tuple(
        a.ref
        for m in members
        for r in results_for(results, m.index)
        for a in r.evidence.financial_assets
    )
    figures = {Figure.TOTAL: str(total), Figure.LIMIT: str(limit)}
    compared = {"total": str(total), "limit": str(limit)}
    if total <= limit:
        return Rule(
            RuleId.FINANCIAL_ASSETS_WITHIN_LIMIT,
            RuleResult.PASSED,
            (Message("rule.financial.within", compared),),
            figures,
            refs,
        )
    return Rule(
        RuleId.FINANCIAL_ASSETS_WITHIN_LIMIT,
        RuleResult.FAILED,
        (Message("rule.financial.exceeds", compared),),
        figures,
        refs,
    )


def vehicle_rule(
    members: Sequence[Member], results: Results, sources: SourceCatalogue, policy: Policy
) -> Rule:
    missing = missing_answers(members, results, sources.providing(EvidenceKind.VEHICLES))
    if missing:
        return _not_assessable(RuleId.NO_NON_EXEMPT_VEHICLE, missing)
    exempt = set(policy.assets.exempt_vehicle_uses)
    counted = [
        v
        for m in members
        for r in results_for(results, m.index)
        for v in r.evidence.vehicles
        if v.use not in exempt
    ]
    if counted:
        vehicles = [
            {"kind": v.kind, "use": v.use.value, "estimated_value": str(v.estimated_value)}
            for v in counted
        ]
        return Rule(
            RuleId.NO_NON_EXEMPT_VEHICLE,
            RuleResult.FAILED,
            (Message("rule.vehicle.held", {"vehicles": vehicles}),),
            {Figure.COUNT: str(len(counted))},
            tuple(v.ref for v in counted),
        )
    return Rule(
        RuleId.NO_NON_EXEMPT_VEHICLE,
        RuleResult.PASSED,
        (Message("rule.vehicle.passed"),),
        {Figure.COUNT: "0"},
    )


def housing_rule(
    members: Sequence[Member], results: Results, sources: SourceCatalogue, policy: Policy
) -> Rule:
    missing = missing_answers(members, results, sources.providing(EvidenceKind.PROPERTIES))
    if missing:
        return _not_assessable(RuleId.HOUSING_WITHIN_LIMIT, missing)
    properties = [
        p for m in members for r in results_for(results, m.index) for p in r.evidence.properties
    ]
    residences = [p for p in properties if p.use is PropertyUse.RESIDENTIAL]
    commercial = [p for p in properties if p.use is PropertyUse.COMMERCIAL]
    figures = {
        Figure.RESIDENCES: str(len(residences)),
        Figure.MAX_RESIDENCES: str(policy.assets.max_residences),
        Figure.COMMERCIAL: str(len(commercial)),
    }
    refs = tuple(p.ref for p in properties)
    problems = []
    if len(residences) > policy.assets.max_residences:
        problems.append(
            Message(
                "rule.housing.too_many_residences",
                {"residences": len(residences), "max_residences": policy.assets.max_residences},
            )
        )
    if commercial and not policy.assets.commercial_property_allowed:
        problems.append(Message("rule.housing.commercial", {"commercial": len(commercial)}))
    if problems:
        return Rule(RuleId.HOUSING_WITHIN_LIMIT, RuleResult.FAILED, tuple(problems), figures, refs)
    return Rule(
        RuleId.HOUSING_WITHIN_LIMIT,
        RuleResult.PASSED,
        (Message("rule.housing.passed"),),
        figures,
        refs,
    )


# companies (not a 个体工商户, whose turnover is income) and roles that make a member hold one
_COMPANY_TYPES = frozenset(
    {BusinessEntityType.LIMITED_COMPANY, BusinessEntityType.JOINT_STOCK_COMPANY}
)


def operating_company_rule(
    members: Sequence[Member], results: Results, sources: SourceCatalogue, policy: Policy
) -> Rule:
    """A member who is the legal representative or a shareholder of a company in business
    (存续/在业) fails the household's property, where the policy says so
    (``assets.operating_company_disqualifies``); a 吊销 or 注销 company counts for nothing."""
    name = RuleId.NO_OPERATING_COMPANY
    if not policy.assets.operating_company_disqualifies:
        return Rule(name, RuleResult.PASSED, (Message("rule.company.not_applied"),))
    missing = missing_answers(members, results, sources.providing(EvidenceKind.BUSINESSES))
    if missing:
        return _not_assessable(name, missing)
    held = [
        (m.index, b)
        for m in members
        for r in results_for(results, m.index)
        for b in r.evidence.businesses
        if b.entity_type in _COMPANY_TYPES and b.status is BusinessStatus.ACTIVE
    ]
    companies = {b.ref for _, b in held}
    if held:
        return Rule(
            name,
            RuleResult.FAILED,
            (
                Message(
                    "rule.company.held",
                    {
                        "member_indexes": sorted({i for i, _ in held}),
                        "count": len(companies),
                    },
                ),
            ),
            {Figure.COUNT: str(len(companies))},
            tuple(dict.fromkeys(b.ref for _, b in held)),
        )
    return Rule(name, RuleResult.PASSED, (Message("rule.company.passed"),), {Figure.COUNT: "0"})


def wage_consistency_rule(
    members: Sequence[Member], results: Results, sources: SourceCatalogue, window: Window
) -> Rule:
    """A wage implied by contributions (an active account's ``WageIndicator``) must be
    matched by wages reported for the window."""
    indicators = sources.providing(EvidenceKind.WAGE_INDICATORS)
    employment = sources.providing(EvidenceKind.EMPLOYMENT_INCOME)
    scopes = sorted({*indicators, *employment})
    missing = missing_answers(members, results, scopes)
    if missing:
        return _not_assessable(RuleId.WAGES_CONSISTENT, missing)
    unexplained: list[int] = []
    refs: list[RecordRef] = []
    for member in members:
        active = [
            w
            for scope in indicators
            if (r := result_of(results, member.index, scope))
            for w in r.evidence.wage_indicators
            if w.account_active
        ]
        wages = [
            i
            for scope in employment
            if (r := result_of(results, member.index, scope))
            for i in r.evidence.incomes
            if i.category is IncomeCategory.WAGES and window.contains(i.month)
        ]
        if active and not wages:
            unexplained.append(member.index)
            refs.extend(w.ref for w in active)
    if unexplained:
        return Rule(
            RuleId.WAGES_CONSISTENT,
            RuleResult.NOT_ASSESSABLE,
            (Message("rule.wages.unexplained", {"member_indexes": unexplained}),),
            evidence=tuple(refs),
        )
    return Rule(RuleId.WAGES_CONSISTENT, RuleResult.PASSED, (Message("rule.wages.passed"),))


def single_person_basis(
    member: Member,
    results: Results,
    sources: SourceCatalogue,
    policy: Policy,
    *,
    declared: Declared,
    as_of: dt.date,
    window: Window,
) -> Rule:
    """单人户 (seed 002): an adult, unemployed, severely disabled member may be assessed alone."""
    name = RuleId.SINGLE_PERSON_BASIS
    if not policy.single_person.allowed:
        return Rule(
            name,
            RuleResult.FAILED,
            (Message("rule.single_person.not_provided", {"policy": policy.id}),),
        )
    problems = []
    if member.birth_date is None:
        return Rule(name, RuleResult.NOT_ASSESSABLE, (Message("rule.single_person.age_unknown"),))
    age = age_on(member.birth_date, as_of)
    who = member.index
    if age < policy.single_person.min_age:
        problems.append(
            Message(
                "rule.single_person.under_age",
                {"member_index": who, "age": age, "min_age": policy.single_person.min_age},
            )
        )
    if not declared.member(member.index).severe_disability:
        problems.append(Message("rule.single_person.not_disabled", {"member_index": who}))
    answers = [
        result_of(results, member.index, scope)
        for scope in sources.providing(EvidenceKind.EMPLOYMENT_INCOME)
    ]
    if any(r is None or r.status not in ANSWERED for r in answers):
        return Rule(name, RuleResult.NOT_ASSESSABLE, (Message("rule.single_person.tax_missing"),))
    employment = [
        i
        for r in answers
        if r is not None
        for i in r.evidence.incomes
        if i.category in EMPLOYMENT and window.contains(i.month)
    ]
    if employment:
        problems.append(Message("rule.single_person.employed", {"member_index": who}))
    if problems:
        return Rule(
            name, RuleResult.FAILED, tuple(problems), evidence=tuple(i.ref for i in employment)
        )
    return Rule(
        name,
        RuleResult.PASSED,
        (Message("rule.single_person.passed", {"member_index": who, "age": age}),),
    )
