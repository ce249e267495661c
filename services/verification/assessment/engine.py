"""The assessment of one household under one policy, as pure functions.

Input: the members, every ``SourceResult`` per (member, scope), the policy and
the assessment date.  Output: every rule evaluated (``passed`` / ``failed`` /
``not_assessable``) with the figures compared and the evidence behind them,
the income and asset summaries, and the outcome.  A rule whose evidence is
incomplete is ``not_assessable``, never silently passed: an unavailable source
can lead to ``review_required`` or ``ineligible`` but never to ``eligible``.

Rounding: each stated figure (a member's monthly average, the per-capita
income, a limit, the allowance) is rounded half-up to the fen once, when it
is stated; sums are of stated figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from connectors.sdk.evidence import (
    FinancialKind,
    IncomeCategory,
    PersonStatus,
    PropertyUse,
    RecordRef,
    SourceResult,
    SourceStatus,
)
from verification.kit.money import ZERO, to_yuan
from verification.policies.model import Policy

ANSWERED = (SourceStatus.OK, SourceStatus.NOT_FOUND)


class RuleResult(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_ASSESSABLE = "not_assessable"


class Outcome(StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    REVIEW_REQUIRED = "review_required"


@dataclass(frozen=True, slots=True)
class Member:
    index: int
    relation: str


@dataclass(frozen=True, slots=True)
class Rule:
    rule: str
    result: RuleResult
    detail: str
    figures: Mapping[str, str] = field(default_factory=dict)
    evidence: tuple[RecordRef, ...] = ()


@dataclass(frozen=True, slots=True)
class Window:
    first_month: str  # YYYY-MM
    last_month: str
    months: int
    start: dt.date
    end: dt.date

    def contains(self, month: str) -> bool:
        return self.first_month <= month <= self.last_month


@dataclass(frozen=True, slots=True)
class MemberIncome:
    index: int
    counted_by_category: Mapping[str, Decimal]
    excluded_by_category: Mapping[str, Decimal]
    counted_monthly: Decimal
    living: bool


@dataclass(frozen=True, slots=True)
class Assessment:
    window: Window
    household_size: int
    standard_monthly: Decimal
    low_income_line_monthly: Decimal
    members: tuple[MemberIncome, ...]
    household_income_monthly: Decimal
    per_capita_income_monthly: Decimal
    financial_assets_total: Decimal
    financial_assets_limit: Decimal
    rules: tuple[Rule, ...]
    outcome: Outcome
    low_income_edge: bool
    suggested_allowance_monthly: Decimal
    reasons: tuple[str, ...]


Results = Mapping[tuple[int, str], SourceResult]  # (member index, scope) → result


def lookback_window(as_of: dt.date, months: int) -> Window:
    """The ``months`` whole calendar months before the month of ``as_of``."""
    end = as_of.replace(day=1) - dt.timedelta(days=1)
    first_year, first_month = end.year, end.month - (months - 1)
    while first_month <= 0:
        first_month += 12
        first_year -= 1
    start = dt.date(first_year, first_month, 1)
    return Window(
        first_month=f"{start.year:04d}-{start.month:02d}",
        last_month=f"{end.year:04d}-{end.month:02d}",
        months=months,
        start=start,
        end=end,
    )


def assess(
    members: Sequence[Member],
    results: Results,
    policy: Policy,
    area: str,
    as_of: dt.date,
) -> Assessment:
    window = lookback_window(as_of, policy.lookback_months)
    standard = policy.standards[area]
    standard_monthly = standard.monthly_per_person
    low_income_line = to_yuan(standard.annual_per_person * policy.low_income_multiple / 12)

    living = [m for m in members if not _deceased(results, m.index)]
    size = len(living)
    incomes = tuple(_member_income(m, results, policy, window) for m in members)
    household_income = sum((i.counted_monthly for i in incomes if i.living), ZERO)
    per_capita = to_yuan(household_income / size) if size else ZERO

    financial_total = _financial_total(members, results, policy)
    financial_limit = to_yuan(
        policy.assets.financial_multiple_of_annual_standard
        * standard.annual_per_person
        * max(size, 1)
    )

    rules = (
        _sources_complete(members, results, policy),
        _identity_confirmed(members, results),
        _composition_unchanged(members, results),
        _income_rule(members, results, per_capita, standard_monthly, size),
        _financial_rule(members, results, policy, financial_total, financial_limit),
        _vehicle_rule(members, results, policy),
        _housing_rule(members, results, policy),
        _wage_consistency_rule(members, results, window),
    )
    outcome = _outcome(rules)
    income_rule = rules[3]
    edge = (
        income_rule.result is not RuleResult.NOT_ASSESSABLE
        and standard_monthly <= per_capita < low_income_line
    )
    allowance = (
        max(ZERO, to_yuan((standard_monthly - per_capita) * size))
        if outcome is Outcome.ELIGIBLE
        else ZERO
    )
    reasons = tuple(
        f"{rule.rule}: {rule.detail}" for rule in rules if rule.result is not RuleResult.PASSED
    ) or ("all rules passed",)
    return Assessment(
        window=window,
        household_size=size,
        standard_monthly=standard_monthly,
        low_income_line_monthly=low_income_line,
        members=incomes,
        household_income_monthly=household_income,
        per_capita_income_monthly=per_capita,
        financial_assets_total=financial_total,
        financial_assets_limit=financial_limit,
        rules=rules,
        outcome=outcome,
        low_income_edge=edge,
        suggested_allowance_monthly=allowance,
        reasons=reasons,
    )


def _outcome(rules: Iterable[Rule]) -> Outcome:
    results = {rule.result for rule in rules}
    if RuleResult.FAILED in results:
        return Outcome.INELIGIBLE
    if RuleResult.NOT_ASSESSABLE in results:
        return Outcome.REVIEW_REQUIRED
    return Outcome.ELIGIBLE


def _result(results: Results, index: int, scope: str) -> SourceResult | None:
    return results.get((index, scope))


def _deceased(results: Results, index: int) -> bool:
    hukou = _result(results, index, "hukou")
    identity = hukou.evidence.identity if hukou else None
    return identity is not None and identity.status is PersonStatus.DECEASED


def _missing(members: Sequence[Member], results: Results, scopes: Iterable[str]) -> list[str]:
    """'member/scope' pairs whose source did not answer (or was not queried)."""
    missing = []
    for scope in scopes:
        for member in members:
            result = _result(results, member.index, scope)
            if result is None or result.status not in ANSWERED:
                status = result.status.value if result else "not_queried"
                missing.append(f"member {member.index} {scope} ({status})")
    return missing


def _not_assessable(rule: str, missing: list[str]) -> Rule:
    return Rule(rule, RuleResult.NOT_ASSESSABLE, "evidence missing: " + "; ".join(missing))


def _sources_complete(members: Sequence[Member], results: Results, policy: Policy) -> Rule:
    missing = _missing(members, results, policy.required_scopes)
    if missing:
        return _not_assessable("sources_complete", missing)
    return Rule("sources_complete", RuleResult.PASSED, "every required source answered")


def _identity_confirmed(members: Sequence[Member], results: Results) -> Rule:
    missing = _missing(members, results, ["hukou"])
    unknown = [
        m.index
        for m in members
        if (r := _result(results, m.index, "hukou")) and r.status is SourceStatus.NOT_FOUND
    ]
    mismatched = [
        m.index
        for m in members
        if (r := _result(results, m.index, "hukou"))
        and r.evidence.identity is not None
        and not r.evidence.identity.name_matches
    ]
    if unknown or mismatched or missing:
        parts = [f"member {i} unknown to public security" for i in unknown]
        parts += [f"member {i} name differs from the register" for i in mismatched]
        parts += [p for p in missing if "not_found" not in p]
        return Rule("identity_confirmed", RuleResult.NOT_ASSESSABLE, "; ".join(parts))
    refs = tuple(
        r.evidence.identity.ref
        for m in members
        if (r := _result(results, m.index, "hukou")) and r.evidence.identity
    )
    return Rule("identity_confirmed", RuleResult.PASSED, "every member confirmed", evidence=refs)


def _composition_unchanged(members: Sequence[Member], results: Results) -> Rule:
    changes = []
    refs = []
    for member in members:
        result = _result(results, member.index, "hukou")
        identity = result.evidence.identity if result else None
        if identity is None or identity.status is PersonStatus.ACTIVE:
            continue
        refs.append(identity.ref)
        if identity.status is PersonStatus.DECEASED:
            when = identity.date_of_death.isoformat() if identity.date_of_death else "unknown date"
            changes.append(f"member {member.index} deceased ({when})")
        else:
            changes.append(f"member {member.index} moved out of the registration")
    if changes:
        return Rule(
            "household_composition",
            RuleResult.NOT_ASSESSABLE,
            "household changed, update the application: " + "; ".join(changes),
            evidence=tuple(refs),
        )
    return Rule("household_composition", RuleResult.PASSED, "no member deceased or moved out")


def _member_income(
    member: Member, results: Results, policy: Policy, window: Window
) -> MemberIncome:
    counted: dict[str, Decimal] = {}
    excluded: dict[str, Decimal] = {}
    excluded_categories = set(policy.income.excluded_categories)
    for result in results_for(results, member.index):
        for item in result.evidence.incomes:
            if not window.contains(item.month):
                continue
            bucket = excluded if item.category in excluded_categories else counted
            bucket[item.category.value] = bucket.get(item.category.value, ZERO) + item.amount
    counted_avg = {k: to_yuan(v / window.months) for k, v in sorted(counted.items())}
    excluded_avg = {k: to_yuan(v / window.months) for k, v in sorted(excluded.items())}
    return MemberIncome(
        index=member.index,
        counted_by_category=counted_avg,
        excluded_by_category=excluded_avg,
        counted_monthly=sum(counted_avg.values(), ZERO),
        living=not _deceased(results, member.index),
    )


def results_for(results: Results, index: int) -> list[SourceResult]:
    return [r for (i, _scope), r in sorted(results.items()) if i == index]


def _income_rule(
    members: Sequence[Member], results: Results, per_capita: Decimal, standard: Decimal, size: int
) -> Rule:
    missing = _missing(members, results, ["tax", "bank"])
    if missing:
        return _not_assessable("income_below_standard", missing)
    if size == 0:
        return Rule("income_below_standard", RuleResult.NOT_ASSESSABLE, "no living member")
    refs = tuple(
        item.ref
        for m in members
        for r in results_for(results, m.index)
        for item in r.evidence.incomes
    )
    figures = {"per_capita_monthly": str(per_capita), "standard_monthly": str(standard)}
    if per_capita < standard:
        return Rule(
            "income_below_standard",
            RuleResult.PASSED,
            f"per-capita income {per_capita} below the standard {standard}",
            figures,
            refs,
        )
    return Rule(
        "income_below_standard",
        RuleResult.FAILED,
        f"per-capita income {per_capita} not below the standard {standard}",
        figures,
        refs,
    )


def _financial_total(members: Sequence[Member], results: Results, policy: Policy) -> Decimal:
    total = ZERO
    for member in members:
        for result in results_for(results, member.index):
            for asset in result.evidence.financial_assets:
                if (
                    asset.kind is FinancialKind.PROVIDENT_FUND
                    and not policy.assets.count_provident_fund
                ):
                    continue
                total += asset.value
    return to_yuan(total)


def _financial_rule(
    members: Sequence[Member], results: Results, policy: Policy, total: Decimal, limit: Decimal
) -> Rule:
    scopes = ["bank", "provident_fund"] if policy.assets.count_provident_fund else ["bank"]
    missing = _missing(members, results, scopes)
    if missing:
        return _not_assessable("financial_assets_within_limit", missing)
    refs = tuple(
        a.ref
        for m in members
        for r in results_for(results, m.index)
        for a in r.evidence.financial_assets
    )
    figures = {"total": str(total), "limit": str(limit)}
    if total <= limit:
        return Rule(
            "financial_assets_within_limit",
            RuleResult.PASSED,
            f"financial assets {total} within the limit {limit}",
            figures,
            refs,
        )
    return Rule(
        "financial_assets_within_limit",
        RuleResult.FAILED,
        f"financial assets {total} exceed the limit {limit}",
        figures,
        refs,
    )


def _vehicle_rule(members: Sequence[Member], results: Results, policy: Policy) -> Rule:
    missing = _missing(members, results, ["vehicle"])
    if missing:
        return _not_assessable("no_non_exempt_vehicle", missing)
    exempt = set(policy.assets.exempt_vehicle_uses)
    counted = [
        v
        for m in members
        for r in results_for(results, m.index)
        for v in r.evidence.vehicles
        if v.use not in exempt
    ]
    if counted:
        kinds = ", ".join(f"{v.kind} ({v.use.value}, {v.estimated_value})" for v in counted)
        return Rule(
            "no_non_exempt_vehicle",
            RuleResult.FAILED,
            f"non-exempt vehicles held: {kinds}",
            {"count": str(len(counted))},
            tuple(v.ref for v in counted),
        )
    return Rule("no_non_exempt_vehicle", RuleResult.PASSED, "no non-exempt vehicle")


def _housing_rule(members: Sequence[Member], results: Results, policy: Policy) -> Rule:
    missing = _missing(members, results, ["housing"])
    if missing:
        return _not_assessable("housing_within_limit", missing)
    properties = [
        p for m in members for r in results_for(results, m.index) for p in r.evidence.properties
    ]
    residences = [p for p in properties if p.use is PropertyUse.RESIDENTIAL]
    commercial = [p for p in properties if p.use is PropertyUse.COMMERCIAL]
    figures = {
        "residences": str(len(residences)),
        "max_residences": str(policy.assets.max_residences),
        "commercial": str(len(commercial)),
    }
    refs = tuple(p.ref for p in properties)
    problems = []
    if len(residences) > policy.assets.max_residences:
        problems.append(f"{len(residences)} residences, more than {policy.assets.max_residences}")
    if commercial and not policy.assets.commercial_property_allowed:
        problems.append(f"{len(commercial)} commercial properties")
    if problems:
        return Rule("housing_within_limit", RuleResult.FAILED, "; ".join(problems), figures, refs)
    return Rule(
        "housing_within_limit", RuleResult.PASSED, "housing within the limits", figures, refs
    )


def _wage_consistency_rule(members: Sequence[Member], results: Results, window: Window) -> Rule:
    missing = _missing(members, results, ["tax", "provident_fund"])
    if missing:
        return _not_assessable("wages_consistent", missing)
    unexplained: list[int] = []
    refs: list[RecordRef] = []
    for member in members:
        pf = _result(results, member.index, "provident_fund")
        tax = _result(results, member.index, "tax")
        active = [w for w in (pf.evidence.wage_indicators if pf else ()) if w.account_active]
        wages = [
            i
            for i in (tax.evidence.incomes if tax else ())
            if i.category is IncomeCategory.WAGES and window.contains(i.month)
        ]
        if active and not wages:
            unexplained.append(member.index)
            refs.extend(w.ref for w in active)
    if unexplained:
        who = ", ".join(str(i) for i in unexplained)
        return Rule(
            "wages_consistent",
            RuleResult.NOT_ASSESSABLE,
            f"members {who} pay into provident fund but tax shows no wages: check employment",
            evidence=tuple(refs),
        )
    return Rule("wages_consistent", RuleResult.PASSED, "provident-fund and tax records agree")
