"""The assessment of one household under one policy, as a pure function.

Input: the members, every ``SourceResult`` per (member, scope), the policy, the
area, the assessment date, the household's declaration and which members were
found elsewhere (another active household, another verification in flight).
Output: every rule evaluated (``passed`` / ``failed`` / ``not_assessable``) with
the figures compared and the evidence behind them, income with its deductions,
assets, findings (declared versus verified, members found elsewhere: they inform,
the rules decide) and the outcome: any failed rule makes the household
``ineligible``; otherwise any rule not assessable makes it ``review_required``;
otherwise it is ``eligible``.  Missing data therefore never yields ``eligible``.
The suggested allowance applies to an eligible household only (``None`` otherwise).
Explanations (rule details, findings, deduction bases, reasons) are ``Message``
data, codes with parameters; their text is written in a language at the edge
(``verification.messages``).

Rounding: each stated figure (a member's monthly average, the household's
income before and after deductions, the per-capita income, a limit, a
deduction, the allowance) is rounded half-up to the fen once, when it is
stated, from exact amounts: sums are of the records over the window, never of
stated figures, and the one division by months (or by months × size) comes
last (``kit/money.yuan_quotient``).  The rules compare stated figures, so a
report reads the way it was decided.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from connectors.sdk.discovery import installed_sources
from connectors.sdk.source import SourceCatalogue
from verification.assessment import national as national_rules
from verification.assessment import rules
from verification.assessment.facts import is_deceased
from verification.assessment.findings import findings, member_findings
from verification.assessment.income import deductions, lookback_window, member_income
from verification.assessment.model import (
    Assessment,
    Declared,
    Elsewhere,
    Member,
    Outcome,
    Results,
    Rule,
    RuleResult,
)
from verification.assessment.obligors import (
    NONE as NO_OBLIGORS,
)
from verification.assessment.obligors import (
    Obligor,
    ObligorParams,
    assess_obligors,
)
from verification.kit.money import ZERO, to_yuan, yuan_quotient
from verification.messages.render import Message
from verification.policies.model import Policy


def assess(
    members: Sequence[Member],
    results: Results,
    policy: Policy,
    area: str,
    as_of: dt.date,
    *,
    declared: Declared | None = None,
    elsewhere: Elsewhere | None = None,
    national: national_rules.NationalRules | None = None,
    sources: SourceCatalogue | None = None,
    obligors: Sequence[Obligor] = (),
    obligor_results: Results | None = None,
    obligor_params: ObligorParams | None = None,
) -> Assessment:
    if sources is None:
        sources = installed_sources()
    window = lookback_window(as_of, policy.lookback_months)
    standard = policy.standards[area]
    standard_monthly = standard.monthly_per_person
    low_income_line = yuan_quotient(standard.annual_per_person * policy.low_income_multiple, 12)

    basis: list[Rule] = []
    assessed = list(members)
    single = declared.single_person_member if declared else None
    if declared is not None and single is not None:
        person = next(m for m in members if m.index == single)
        basis.append(
            rules.single_person_basis(
                person, results, sources, policy, declared=declared, as_of=as_of, window=window
            )
        )
        assessed = [person]

    incomes = tuple(member_income(m, results, policy, window) for m in members)
    counted = [i for i in incomes if i.living and any(m.index == i.index for m in assessed)]
    size = sum(1 for m in assessed if not is_deceased(results, m.index))
    months = window.months
    # exact amounts over the window; each figure below is stated from them once
    # support obligors outside the household: the support their ability counts for
    # (赡养费、抚养费、扶养费, 办法 第十三条) is the household's income, never a member's
    supported = (
        assess_obligors(
            obligors,
            obligor_results or {},
            policy,
            params=obligor_params,
            window=window,
            standard_monthly=standard_monthly,
            sources=sources,
        )
        if obligors
        else NO_OBLIGORS
    )
    before_total = sum((i.counted_total for i in counted), ZERO) + supported.support_total
    deducted = deductions(counted, policy, declared, window)
    household_total = max(ZERO, before_total - sum((d.total for d in deducted), ZERO))
    per_capita = yuan_quotient(household_total, months * size) if size else ZERO

    financial_total = rules.financial_total(assessed, results, policy)
    financial_limit = to_yuan(
        policy.assets.financial_multiple_of_annual_standard
        * standard.annual_per_person
        * max(size, 1)
    )
    income_rule = rules.income_rule(
        assessed,
        results,
        per_capita,
        standard_monthly,
        size,
        sources=sources,
        policy=policy,
        window=window,
    )
    property_rules = (
        rules.financial_rule(
            assessed, results, policy, financial_total, financial_limit, sources=sources
        ),
        rules.vehicle_rule(assessed, results, sources, policy),
        rules.housing_rule(assessed, results, sources, policy),
        rules.operating_company_rule(assessed, results, sources, policy),
    )
    evaluated = (
        *basis,
        rules.sources_complete(assessed, results, sources),
        rules.identity_confirmed(assessed, results, sources),
        rules.composition_unchanged(assessed, results),
        income_rule,
        *property_rules,
        rules.wage_consistency_rule(assessed, results, sources, window),
        *((supported.rule,) if supported.rule is not None else ()),
    )
    outcome = _outcome(evaluated)
    # 低保边缘家庭 (办法 第八条第二款): per-capita income under the line and, where the policy
    # says so (``edge.requires_property_within_limits``), property within the limits
    edge = (
        income_rule.result is not RuleResult.NOT_ASSESSABLE
        and standard_monthly <= per_capita < low_income_line
        and (
            not policy.edge_requires_property_within_limits
            or all(r.result is RuleResult.PASSED for r in property_rules)
        )
    )
    # (standard − per-capita) × size with the exact per-capita: standard × size less the
    # exact household income
    allowance = (
        max(ZERO, yuan_quotient(standard_monthly * size * months - household_total, months))
        if outcome is Outcome.ELIGIBLE
        else None  # does not apply
    )
    # -- the 2021 办法's rules from the layered policy (assessment/national.py) ---------
    extra = (
        national_rules.apply(
            national,
            national_rules.Figures(
                outcome=outcome,
                low_income_edge=edge,
                rules=evaluated,
                standard_annual=standard.annual_per_person,
                standard_monthly=standard_monthly,
                per_capita_monthly=per_capita,
                household_total=household_total,
                before_total=before_total,
                months=months,
                persons=[m.index for m in assessed if not is_deceased(results, m.index)],
                single_person_member=single,
            ),
            declared,
            [m.index for m in members],
        )
        if national is not None
        else None
    )
    if extra is not None and extra.allowance is not None:
        allowance = extra.allowance.amount_monthly  # 差额 or 分档, less any refusal cut
    # -- end of the 2021 办法's rules ----------------------------------------------------
    found = findings(members, incomes, results, policy, declared)
    reasons = [
        Message("reason.rule", {"rule": r.rule, "details": [d.as_json() for d in r.details]})
        for r in evaluated
        if r.result is not RuleResult.PASSED
    ]
    if found:
        reasons.append(Message("reason.declaration_differs", {"count": len(found)}))
    return Assessment(
        window=window,
        household_basis="single_person" if single is not None else "household",
        single_person_member=single,
        household_size=size,
        standard_monthly=standard_monthly,
        low_income_line_monthly=low_income_line,
        members=incomes,
        household_before_deductions=yuan_quotient(before_total, months),
        deductions=deducted,
        household_income_monthly=yuan_quotient(household_total, months),
        per_capita_income_monthly=per_capita,
        financial_assets_total=financial_total,
        financial_assets_limit=financial_limit,
        rules=evaluated,
        outcome=outcome,
        low_income_edge=edge,
        suggested_allowance_monthly=allowance,
        reasons=tuple(reasons) or (Message("reason.all_rules_passed"),),
        findings=found,
        member_findings=member_findings(members, elsewhere or Elsewhere())
        + (extra.member_findings if extra is not None else ()),
        national=extra,
        obligors=supported if obligors else None,
    )


def _outcome(evaluated: Iterable[Rule]) -> Outcome:
    results = {rule.result for rule in evaluated}
    if RuleResult.FAILED in results:
        return Outcome.INELIGIBLE
    if RuleResult.NOT_ASSESSABLE in results:
        return Outcome.REVIEW_REQUIRED
    return Outcome.ELIGIBLE
