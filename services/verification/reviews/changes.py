"""What changed between a household's previous and new report, and what to do about it.

A pure function: two ``ReportContent`` objects of the same household, the
allowance paid now, the policy's 渐退 (graduation) period and how long ago the
household was lifted out of 低保, in; a ``ChangeAssessment`` out.  No web,
database or HTTP client; money is ``Decimal`` yuan rounded half-up via
``to_yuan``.

Recommendation rules.  A *provisional* current report (``status`` ``awaiting_sources``: an
agency answers later) → ``continue`` at the current allowance, reasons
``review.awaiting_sources`` followed by the report's own reasons, whatever its outcome: the
revision with the agency's answer is the report to act on, and nothing is increased, cut or
stopped before it.  Otherwise, in order of the *current* report's outcome:

``review_required``
    → ``continue``, reasons ``review.review_required`` followed by the report's own
    reasons, and the current allowance is kept (``new_allowance = current_allowance``): a household
    is never stopped, nor its allowance cut, on incomplete data.

``ineligible``
    If the household was lifted out by income only — the only failed rule is
    ``income_below_standard`` — and ``graduation_months > 0`` and
    (``months_since_lifted`` is ``None``, meaning lifted at this review, or is
    below ``graduation_months``) → ``continue`` with ``graduation=True``, reason
    ``"渐退 period running: N of M months"`` (N = months since lifted, 0 when
    ``None``), and the current allowance continued.  Otherwise → ``stop`` with one
    reason per failed rule (``review.income_above``, ``review.new_vehicle`` /
    ``review.vehicle_held``, ``review.financial_above``, ``review.housing_above``,
    …); ``new_allowance`` is 0.00 (an ineligible report suggests no allowance).

``eligible``
    The report's suggested allowance is compared with ``current_allowance``:
    higher (by more than 0.00) → ``increase``, lower → ``decrease``, equal →
    ``continue``; ``new_allowance`` is the suggested allowance.  A report that could not
    compute one (null: the region left its tiers or a work-refusal cut unset) →
    ``continue`` at the current allowance with ``review.allowance_not_computed`` and the
    report's allowance notes: the caseworker decides, nothing is read as 0.00.

Whatever the recommendation, a member whose status newly became ``deceased``
(or ``moved_out``) is listed as a ``member_status`` change and given a reason
(``review.member_deceased`` with its ``member_index``).  ``changes`` lists every
subject whose value differs between the reports, with both values as strings:
outcome, household size, per-capita and household monthly income, financial
assets total, the insurance policies' cash value (part of that total) and the annuities
counted as income a month, vehicles (counted: those whose use is not exempt), properties
(counted: residential ones), businesses (counted: market entities in business, each once),
each member's status and each member's counted monthly income by category
(``member_income`` with its ``category``: a pension or 失业保险金 the social-insurance source
newly reports shows as its own change).  A stop for financial assets above the limit whose
insurance cash value rose also gives ``review.insurance_cash_value_up``, and one for income
whose annuities rose ``review.annuity_income_up``.  Reasons are ``Message``
data (codes of the message catalogue with parameters, written in a language when
served) naming members by index only — never a name or an ID number.

Support obligors (赡养、抚养、扶养义务人, when either report names any): ``changes`` lists the
support counted from them (``obligor_support``) and the obligors' part of 三无 status
(``obligor_support_status``) when they differ, and the reasons say so whatever the
recommendation (``review.obligor_support_changed``; ``review.obligors_none_capable`` when
no named obligor is able to support any more: the caseworker checks 三无 status, whose
households are reviewed yearly).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from connectors.sdk.evidence import IncomeCategory
from verification.assessment.model import RuleId
from verification.kit.money import ZERO, format_yuan, to_yuan
from verification.messages.render import Message
from verification.reports.model import MessageView, ReportContent

Recommendation = Literal["continue", "increase", "decrease", "stop"]
Subject = Literal[
    "per_capita_income",
    "household_income",
    "household_size",
    "financial_assets",
    "vehicles",
    "properties",
    "member_status",
    "member_income",
    "outcome",
    "insurance_cash_value",
    "annuity_income",
    "businesses",
    "obligor_support",  # the support counted from obligors, a month
    "obligor_support_status",  # capable, none_capable, not_assessable, none_named
]

# the policy default (``AssetRules.exempt_vehicle_uses``): 农用 and 残疾人专用 vehicles are exempt
DEFAULT_EXEMPT_VEHICLE_USES: frozenset[str] = frozenset({"agricultural", "disability"})
INCOME_RULE = RuleId.INCOME_BELOW_STANDARD
VEHICLE_RULE = RuleId.NO_NON_EXEMPT_VEHICLE
_FAILED_RULE_REASONS = {
    INCOME_RULE: Message("review.income_above"),
    RuleId.FINANCIAL_ASSETS_WITHIN_LIMIT: Message("review.financial_above"),
    RuleId.HOUSING_WITHIN_LIMIT: Message("review.housing_above"),
    RuleId.NO_OPERATING_COMPANY: Message("review.company_held"),
    RuleId.SINGLE_PERSON_BASIS: Message("review.single_person_lost"),
}
_NEW_STATUSES = {"deceased": "review.member_deceased", "moved_out": "review.member_moved_out"}
_ABSENT = "absent"


@dataclass(frozen=True, slots=True)
class Change:
    """One subject whose value differs between the previous and the current report."""

    subject: Subject
    previous: str
    current: str
    member_index: int | None = None  # only for ``member_status`` and ``member_income``
    category: str | None = None  # only for ``member_income``: the income category


@dataclass(frozen=True, slots=True)
class ChangeAssessment:
    recommendation: Recommendation
    reasons: tuple[Message, ...]
    changes: tuple[Change, ...]
    new_allowance: Decimal
    graduation: bool = False


def compare_reports(
    previous: ReportContent,
    current: ReportContent,
    *,
    current_allowance: Decimal,
    graduation_months: int,
    months_since_lifted: int | None,
    exempt_vehicle_uses: Collection[str] = DEFAULT_EXEMPT_VEHICLE_USES,
) -> ChangeAssessment:
    """Compare two reports of one household and recommend continue / increase / decrease / stop.

    ``exempt_vehicle_uses`` only decides how vehicles are counted in ``changes``;
    the recommendation follows the current report's rules.
    """
    _check_inputs(current_allowance, graduation_months, months_since_lifted)
    paid = to_yuan(current_allowance)
    changes = _changes(previous, current, exempt_vehicle_uses)
    if current.status == "awaiting_sources":
        reasons = [Message("review.awaiting_sources"), *_report_reasons(current.reasons)]
        decision = _Decision("continue", reasons, paid)
    elif current.outcome == "review_required":
        reasons = [Message("review.review_required"), *_report_reasons(current.reasons)]
        decision = _Decision("continue", reasons, paid)
    elif current.outcome == "ineligible":
        decision = _ineligible(current, changes, paid, graduation_months, months_since_lifted)
    else:
        decision = _eligible(previous, current, paid)
    return ChangeAssessment(
        recommendation=decision.recommendation,
        reasons=tuple(decision.reasons + _member_reasons(changes) + _obligor_reasons(changes)),
        changes=changes,
        new_allowance=max(ZERO, decision.new_allowance),
        graduation=decision.graduation,
    )


@dataclass(frozen=True, slots=True)
class _Decision:
    recommendation: Recommendation
    reasons: list[Message]
    new_allowance: Decimal
    graduation: bool = False


def _check_inputs(
    current_allowance: Decimal, graduation_months: int, months_since_lifted: int | None
) -> None:
    if not isinstance(current_allowance, Decimal):
        raise TypeError("current_allowance must be a Decimal, never a float")
    if current_allowance < 0:
        raise ValueError("current_allowance must not be negative")
    if graduation_months < 0:
        raise ValueError("graduation_months must not be negative")
    if months_since_lifted is not None and months_since_lifted < 0:
        raise ValueError("months_since_lifted must not be negative")


def _ineligible(
    current: ReportContent,
    changes: tuple[Change, ...],
    paid: Decimal,
    graduation_months: int,
    months_since_lifted: int | None,
) -> _Decision:
    failed = [r.rule for r in current.rules if r.result == "failed"]
    running = months_since_lifted is None or months_since_lifted < graduation_months
    if failed == [INCOME_RULE] and graduation_months > 0 and running:
        reasons = [
            Message(
                "review.graduation_running",
                {"months": months_since_lifted or 0, "graduation_months": graduation_months},
            ),
            _FAILED_RULE_REASONS[INCOME_RULE],
        ]
        return _Decision("continue", reasons, paid, graduation=True)
    reasons = [_failed_reason(rule, changes) for rule in dict.fromkeys(failed)]
    reasons += _insurance_reasons(failed, changes)
    reasons = reasons or [Message("review.ineligible"), *_report_reasons(current.reasons)]
    return _Decision("stop", reasons, ZERO)  # an ineligible report suggests no allowance


def _eligible(previous: ReportContent, current: ReportContent, paid: Decimal) -> _Decision:
    if current.suggested_allowance_monthly is None:
        # the amount could not be computed (a 分档 table or a work-refusal cut the region left
        # unset): never read as 0.00 — the allowance paid continues until a caseworker decides
        reasons = [Message("review.allowance_not_computed")]
        if current.allowance is not None:
            reasons += _report_reasons(current.allowance.messages)
        return _Decision("continue", reasons, paid)
    suggested = to_yuan(current.suggested_allowance_monthly)
    income = _direction(previous.income.per_capita_monthly, current.income.per_capita_monthly)
    recommendation: Recommendation
    if suggested > paid:
        recommendation = "increase"
        reasons = [Message("review.allowance_above")]
        if income == "down":
            reasons.append(Message("review.per_capita_down"))
    elif suggested < paid:
        recommendation = "decrease"
        reasons = [Message("review.allowance_below")]
        if income == "up":
            reasons.append(Message("review.per_capita_up"))
    else:
        recommendation = "continue"
        reasons = [Message("review.unchanged")]
    size = _direction(Decimal(previous.household_size), Decimal(current.household_size))
    if size == "up":
        reasons.append(Message("review.household_size_up"))
    elif size == "down":
        reasons.append(Message("review.household_size_down"))
    return _Decision(recommendation, reasons, suggested)


def _direction(before: Decimal, after: Decimal) -> Literal["up", "down"] | None:
    if after > before:
        return "up"
    if after < before:
        return "down"
    return None


def _failed_reason(rule: RuleId, changes: tuple[Change, ...]) -> Message:
    if rule == VEHICLE_RULE:
        vehicles = next((c for c in changes if c.subject == "vehicles"), None)
        if vehicles is not None and int(vehicles.current) > int(vehicles.previous):
            return Message("review.new_vehicle")
        return Message("review.vehicle_held")
    return _FAILED_RULE_REASONS.get(rule, Message("review.rule_failed", {"rule": rule}))


# a failed rule, the change that explains it when it rose, and the reason that says so
_INSURANCE_REASONS: tuple[tuple[RuleId, Subject, str], ...] = (
    (
        RuleId.FINANCIAL_ASSETS_WITHIN_LIMIT,
        "insurance_cash_value",
        "review.insurance_cash_value_up",
    ),
    (INCOME_RULE, "annuity_income", "review.annuity_income_up"),
)


def _insurance_reasons(failed: list[RuleId], changes: tuple[Change, ...]) -> list[Message]:
    rose = {
        c.subject
        for c in changes
        if c.subject in {"insurance_cash_value", "annuity_income"}
        and Decimal(c.current) > Decimal(c.previous)
    }
    return [
        Message(code)
        for rule, subject, code in _INSURANCE_REASONS
        if rule in failed and subject in rose
    ]


def _insurance_cash_value(report: ReportContent) -> Decimal:
    return sum((a.value for a in report.assets.financial if a.kind == "insurance_cash_value"), ZERO)


def _annuity_income(report: ReportContent) -> Decimal:
    return sum(
        (m.counted_by_category.get(IncomeCategory.ANNUITY, ZERO) for m in report.income.members),
        ZERO,
    )


def _report_reasons(reasons: list[MessageView]) -> list[Message]:
    return [Message(r.code, r.params) for r in reasons]


def _counted_vehicles(report: ReportContent, exempt: Collection[str]) -> int:
    return sum(1 for v in report.assets.vehicles if v.use not in exempt)


def _residences(report: ReportContent) -> int:
    return sum(1 for p in report.assets.properties if p.use == "residential")


def _businesses(report: ReportContent) -> int:
    """Market entities in business, each once whatever the members' roles in it."""
    return len(
        {
            (b.evidence.source, b.evidence.reference)
            for b in report.assets.businesses
            if b.status == "active"
        }
    )


def _changes(
    previous: ReportContent, current: ReportContent, exempt: Collection[str]
) -> tuple[Change, ...]:
    pairs: list[tuple[Subject, str, str]] = [
        ("outcome", previous.outcome, current.outcome),
        ("household_size", str(previous.household_size), str(current.household_size)),
        (
            "per_capita_income",
            format_yuan(previous.income.per_capita_monthly),
            format_yuan(current.income.per_capita_monthly),
        ),
        (
            "household_income",
            format_yuan(previous.income.household_monthly),
            format_yuan(current.income.household_monthly),
        ),
        (
            "financial_assets",
            format_yuan(previous.assets.financial_total),
            format_yuan(current.assets.financial_total),
        ),
        (
            "vehicles",
            str(_counted_vehicles(previous, exempt)),
            str(_counted_vehicles(current, exempt)),
        ),
        ("properties", str(_residences(previous)), str(_residences(current))),
        (
            "insurance_cash_value",
            format_yuan(_insurance_cash_value(previous)),
            format_yuan(_insurance_cash_value(current)),
        ),
        (
            "annuity_income",
            format_yuan(_annuity_income(previous)),
            format_yuan(_annuity_income(current)),
        ),
        ("businesses", str(_businesses(previous)), str(_businesses(current))),
    ]
    if previous.obligors is not None or current.obligors is not None:
        pairs += [
            ("obligor_support", _support(previous), _support(current)),
            ("obligor_support_status", _support_status(previous), _support_status(current)),
        ]
    found = [Change(subject, before, after) for subject, before, after in pairs if before != after]
    before_status = {m.index: m.status for m in previous.members}
    after_status = {m.index: m.status for m in current.members}
    for index in sorted(before_status.keys() | after_status.keys()):
        before = before_status.get(index, _ABSENT)
        after = after_status.get(index, _ABSENT)
        if before != after:
            found.append(Change("member_status", before, after, member_index=index))
    found.extend(_income_changes(previous, current))
    return tuple(found)


def _income_changes(previous: ReportContent, current: ReportContent) -> list[Change]:
    """Each member's counted monthly income per category that differs (0.00 where absent)."""
    before = {
        (m.member_index, str(c)): a
        for m in previous.income.members
        for c, a in m.counted_by_category.items()
    }
    after = {
        (m.member_index, str(c)): a
        for m in current.income.members
        for c, a in m.counted_by_category.items()
    }
    found = []
    for index, category in sorted(before.keys() | after.keys()):
        was = format_yuan(before.get((index, category), ZERO))
        now = format_yuan(after.get((index, category), ZERO))
        if was != now:
            found.append(Change("member_income", was, now, index, category))
    return found


def _member_reasons(changes: tuple[Change, ...]) -> list[Message]:
    return [
        Message(_NEW_STATUSES[c.current], {"member_index": c.member_index})
        for c in changes
        if c.subject == "member_status" and c.current in _NEW_STATUSES
    ]


def _support(report: ReportContent) -> str:
    return format_yuan(report.obligors.support_monthly if report.obligors else ZERO)


def _support_status(report: ReportContent) -> str:
    return report.obligors.support_status if report.obligors else "none_named"


def _obligor_reasons(changes: tuple[Change, ...]) -> list[Message]:
    reasons = [
        Message("review.obligor_support_changed", {"previous": c.previous, "current": c.current})
        for c in changes
        if c.subject == "obligor_support"
    ]
    if any(c.subject == "obligor_support_status" and c.current == "none_capable" for c in changes):
        reasons.append(Message("review.obligors_none_capable"))
    return reasons
