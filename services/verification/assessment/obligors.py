"""Support obligors (赡养、抚养、扶养义务人) outside the household: their ability to support
and what of it counts as the household's support income.

办法 第十三条 counts 赡养费、抚养费、扶养费 as transfer income (转移性收入); when an obligor
living apart is able to support, and how much of that ability counts, no national text
says: the policy does (``obligors.capacity_multiple_of_standard``,
``obligors.support_share_of_excess``; examples in the national baseline, a region states
its own).  For each obligor whose income sources all answered:

- their counted income over the window is computed as a member's is (the same categories
  excluded, ``income.member_income``), from the same sources;
- the income line is ``multiple × the monthly standard × the obligor's own household size``
  (declared with the obligor, 1 by default), over the window's months;
- the excess over that line, times ``share``, is the support counted: an obligor with an
  excess is *capable*; one at or under the line, or deceased, is not.

Exact window totals throughout; each stated monthly figure is rounded once.  An obligor
any of whose income sources did not answer is *not assessable*: their support is not
counted and the ``obligor_support_assessed`` rule is not assessable (the household is
``review_required``, never ``eligible`` on missing data).

三无 (无生活来源、无劳动能力、无法定赡养抚养扶养义务人或义务人无履行义务能力): the assessment
states only the obligors' part of it (``support_status``): ``capable`` (some named obligor
is able to support), ``none_capable`` (every named obligor was assessed unable),
``not_assessable`` (none found able, some not assessed) or ``none_named`` (the request
named no obligor: the verification cannot say there is none).

Pure: no web, database or HTTP client.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from connectors.sdk.evidence import EvidenceKind, SourceStatus
from connectors.sdk.source import SourceCatalogue
from verification.assessment.facts import is_deceased, result_of
from verification.assessment.income import member_income
from verification.assessment.model import (
    ANSWERED,
    Figure,
    Member,
    Results,
    Rule,
    RuleId,
    RuleResult,
    Window,
)
from verification.kit.money import ZERO, yuan_quotient
from verification.messages.render import Message
from verification.policies.model import Policy


class ObligorRelation(StrEnum):
    """Who an obligor is to the household's applicant (the fixed vocabulary of requests)."""

    PARENT = "parent"  # 父母（赡养）
    ADULT_CHILD = "adult_child"  # 成年子女（赡养）
    SPOUSE_APART = "spouse_apart"  # 分居的配偶（扶养）
    GRANDPARENT = "grandparent"  # 有负担能力的祖父母、外祖父母（抚养）
    GRANDCHILD = "grandchild"  # 有负担能力的孙子女、外孙子女（赡养）
    SIBLING = "sibling"  # 有负担能力的兄、姐（扶养）


class SupportStatus(StrEnum):
    """The obligors' part of 三无 status."""

    CAPABLE = "capable"
    NONE_CAPABLE = "none_capable"
    NOT_ASSESSABLE = "not_assessable"
    NONE_NAMED = "none_named"


@dataclass(frozen=True, slots=True)
class Obligor:
    index: int  # 0-based, in the order of the request's ``obligors``
    relation: ObligorRelation
    household_size: int = 1  # the obligor's own household, as declared (at least 1)


@dataclass(frozen=True, slots=True)
class ObligorParams:
    capacity_multiple: Decimal  # × the monthly standard × the obligor's household size
    support_share: Decimal  # of the excess over that line
    citation: str  # where the two values come from (an example names its layer)


@dataclass(frozen=True, slots=True)
class ObligorAssessment:
    """One obligor: their counted income, line, excess and the support counted (stated
    monthly figures; ``support_total`` exact over the window)."""

    index: int
    relation: ObligorRelation
    household_size: int
    assessed: bool
    living: bool
    income_monthly: Decimal | None  # None: not assessable
    line_monthly: Decimal
    excess_monthly: Decimal | None
    capable: bool | None  # None: not assessable
    support_monthly: Decimal  # counted into the household's income (0 when not capable)
    support_total: Decimal  # exact, over the window
    missing_scopes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ObligorsResult:
    obligors: tuple[ObligorAssessment, ...]
    support_monthly: Decimal  # stated once from the exact total
    support_total: Decimal  # exact, over the window: added to the household's income
    status: SupportStatus
    rule: Rule | None  # None: no obligor named
    statement: Message  # the obligors' part of 三无, for the report


# the obligors' part of 三无, as the report states it
STATEMENTS: Final[Mapping[SupportStatus, str]] = {
    SupportStatus.CAPABLE: "rule.obligors.capable",
    SupportStatus.NONE_CAPABLE: "rule.obligors.none_capable",
    SupportStatus.NOT_ASSESSABLE: "rule.obligors.not_assessable",
    SupportStatus.NONE_NAMED: "rule.obligors.none_named",
}

NONE: Final = ObligorsResult(
    obligors=(),
    support_monthly=ZERO,
    support_total=ZERO,
    status=SupportStatus.NONE_NAMED,
    rule=None,
    statement=Message("rule.obligors.none_named"),
)


def assess_obligors(
    obligors: Sequence[Obligor],
    results: Results,
    policy: Policy,
    *,
    params: ObligorParams | None,
    window: Window,
    standard_monthly: Decimal,
    sources: SourceCatalogue,
) -> ObligorsResult:
    """The obligors' support under ``params`` (None: the region states no values, every
    obligor is not assessable); ``results`` keyed by (obligor index, scope)."""
    if not obligors:
        return NONE
    income_scopes = sources.providing(EvidenceKind.EMPLOYMENT_INCOME, EvidenceKind.OTHER_INCOME)
    assessed = tuple(
        _one(
            o,
            results,
            policy,
            params=params,
            window=window,
            standard_monthly=standard_monthly,
            income_scopes=income_scopes,
        )
        for o in obligors
    )
    support_total = sum((a.support_total for a in assessed), ZERO)
    support_monthly = yuan_quotient(support_total, window.months)
    if any(a.capable for a in assessed):
        status = SupportStatus.CAPABLE
    elif all(a.assessed for a in assessed):
        status = SupportStatus.NONE_CAPABLE
    else:
        status = SupportStatus.NOT_ASSESSABLE
    citation = params.citation if params is not None else ""
    missing = [
        {"obligor_index": a.index, "scope": scope} for a in assessed for scope in a.missing_scopes
    ]
    if params is None:
        rule = Rule(
            RuleId.OBLIGOR_SUPPORT_ASSESSED,
            RuleResult.NOT_ASSESSABLE,
            (Message("rule.obligors.no_policy"),),
        )
    elif missing:
        # an agency that accepted an obligor's query and answers later (``pending``): the
        # verification awaits it (ADR 0015); said so, not "not answered"
        awaited = sum(
            1
            for a in assessed
            for scope in a.missing_scopes
            if (r := result_of(results, a.index, scope)) is not None
            and r.status is SourceStatus.PENDING
        )
        details = [Message("rule.obligors.evidence_missing", {"count": len(missing)})]
        if awaited:
            details.append(Message("rule.obligors.evidence_awaited", {"count": awaited}))
        rule = Rule(
            RuleId.OBLIGOR_SUPPORT_ASSESSED,
            RuleResult.NOT_ASSESSABLE,
            tuple(details),
        )
    else:
        rule = Rule(
            RuleId.OBLIGOR_SUPPORT_ASSESSED,
            RuleResult.PASSED,
            (
                Message(
                    "rule.obligors.assessed",
                    {"amount": str(support_monthly), "citation": citation},
                ),
            ),
            figures={Figure.SUPPORT_MONTHLY: str(support_monthly)},
        )
    return ObligorsResult(
        obligors=assessed,
        support_monthly=support_monthly,
        support_total=support_total,
        status=status,
        rule=rule,
        statement=Message(STATEMENTS[status], {"count": len(obligors)}),
    )


def _one(
    obligor: Obligor,
    results: Results,
    policy: Policy,
    *,
    params: ObligorParams | None,
    window: Window,
    standard_monthly: Decimal,
    income_scopes: Sequence[str],
) -> ObligorAssessment:
    size = max(1, obligor.household_size)
    multiple = params.capacity_multiple if params is not None else ZERO
    line_total = multiple * standard_monthly * size * window.months  # exact
    missing = tuple(
        scope
        for scope in income_scopes
        if (r := result_of(results, obligor.index, scope)) is None or r.status not in ANSWERED
    )
    living = not is_deceased(results, obligor.index)
    if params is None or (missing and living):
        return ObligorAssessment(
            index=obligor.index,
            relation=obligor.relation,
            household_size=size,
            assessed=False,
            living=living,
            income_monthly=None,
            line_monthly=yuan_quotient(line_total, window.months),
            excess_monthly=None,
            capable=None,
            support_monthly=ZERO,
            support_total=ZERO,
            missing_scopes=missing,
        )
    income = member_income(Member(index=obligor.index, relation=""), results, policy, window)
    excess_total = max(ZERO, income.counted_total - line_total) if living else ZERO
    support_total = excess_total * params.support_share
    return ObligorAssessment(
        index=obligor.index,
        relation=obligor.relation,
        household_size=size,
        assessed=True,
        living=living,
        income_monthly=income.counted_monthly,
        line_monthly=yuan_quotient(line_total, window.months),
        excess_monthly=yuan_quotient(excess_total, window.months),
        capable=excess_total > ZERO,
        support_monthly=yuan_quotient(support_total, window.months),
        support_total=support_total,
    )
