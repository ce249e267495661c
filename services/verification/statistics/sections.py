"""The sections of the supervisor's view, registered in one place (``SECTIONS``).

Each is one function from the session and a ``StatisticsScope`` (region prefix, period,
today) to a ``RawSection`` of counts, with no personal data.  A new section (appeals and
their results, spot-check coverage) is one more function here and its line in
``SECTIONS``, with its texts in the message catalogue (``stats.<key>.title``,
``stats.<key>.note``, its cells in ``stats_cell``): the JSON, the page and the CLI show
any section without knowing it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from sqlalchemy.ext.asyncio import AsyncSession

from verification.appeals.deadline import Decision
from verification.appeals.repository import appeal_counts
from verification.spot_checks.repository import coverage
from verification.statistics import repository
from verification.statistics.model import Counts, RawSection, StatisticsScope

HOUSEHOLD_CATEGORIES: Final = ("three_no", "illness_disability_stable", "stable", "variable")
OUTCOMES: Final = ("eligible", "ineligible", "review_required", "open")
SOURCE_STATUSES: Final = ("ok", "not_found", "unavailable", "rejected", "pending")

Compute = Callable[[AsyncSession, StatisticsScope], Awaitable[RawSection]]


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    compute: Compute


async def verifications(session: AsyncSession, scope: StatisticsScope) -> RawSection:
    """Verifications assessed in the period (their ``as_of``), applications and reviews
    apart, by their current outcome (``open``: no final report yet)."""
    period = scope.period
    counts = {kind: dict.fromkeys(OUTCOMES, 0) for kind in ("application", "review")}
    for review, status, outcome, n in await repository.verification_counts(
        session, scope.region_prefix, period.starts_on, period.ends_before
    ):
        cell = outcome if status == "completed" and outcome in OUTCOMES else "open"
        counts["review" if review else "application"][cell] += n
    return RawSection(
        "verifications",
        tuple(
            Counts(kind, tuple(by_outcome.items()), parts=True)
            for kind, by_outcome in counts.items()
        ),
    )


async def households(session: AsyncSession, scope: StatisticsScope) -> RawSection:
    """Households enrolled in the period by category, those ended in it, and those enrolled
    at its end."""
    period = scope.period
    enrolled = await repository.enrolled_by_category(
        session, scope.region_prefix, period.starts_on, period.ends_before
    )
    totals = await repository.household_totals(
        session, scope.region_prefix, period.starts_on, period.ends_before
    )
    return RawSection(
        "households",
        (
            Counts(
                "enrolled",
                tuple((category, enrolled.get(category, 0)) for category in HOUSEHOLD_CATEGORIES),
                parts=True,
            ),
            Counts(
                "movements",
                (("ended", totals.ended), ("active_at_end", totals.active_at_end)),
            ),
        ),
    )


async def reviews(session: AsyncSession, scope: StatisticsScope) -> RawSection:
    """Enrolled households' reviews (复核): due in the period, overdue on the period's end
    (or today, while it lasts), checks after a death due; as the households stand today."""
    period = scope.period
    totals = await repository.review_totals(
        session, scope.region_prefix, period.starts_on, period.ends_before, scope.state_on
    )
    return RawSection(
        "reviews",
        (
            Counts(
                "reviews",
                (
                    ("due", totals.due),
                    ("overdue", totals.overdue),
                    ("recheck_due", totals.recheck_due),
                ),
            ),
        ),
        as_of=scope.state_on,
    )


async def sharing(session: AsyncSession, scope: StatisticsScope) -> RawSection:
    """Per source (an agency's scope), its answers stored in the period — answered, no
    record, unavailable, refused, promised for later — and how long they took."""
    start, end = scope.period.instants(scope.zone)
    counts: dict[str, dict[str, int]] = {}
    for source, status, n in await repository.answer_counts(
        session, scope.region_prefix, start, end
    ):
        by_status = counts.setdefault(source, dict.fromkeys(SOURCE_STATUSES, 0))
        by_status[status] = by_status.get(status, 0) + n
    latency = await repository.answer_latency(session, scope.region_prefix, start, end)
    order = [*scope.sources, *sorted(set(counts) - set(scope.sources))]
    groups = []
    for source in order:
        by_status = counts.get(source, dict.fromkeys(SOURCE_STATUSES, 0))
        timing = latency.get(source, repository.Latency(0, None, None))
        groups.append(
            Counts(
                source,
                tuple(by_status.items()),
                parts=True,
                label_table="scope",
                measures=(
                    ("latency_median_ms", timing.median_ms),
                    ("latency_p95_ms", timing.p95_ms),
                ),
                basis=timing.answers,
            )
        )
    return RawSection("sharing", tuple(groups))


async def appeals(session: AsyncSession, scope: StatisticsScope) -> RawSection:
    """Appeals (复议) filed in the period: still open or decided, by decision; of those,
    overdue (undecided past their decision deadline on the state day) and decided late."""
    period = scope.period
    totals = await appeal_counts(
        session,
        scope.region_prefix,
        (period.starts_on, period.ends_before),
        today=scope.state_on,
    )
    return RawSection(
        "appeals",
        (
            Counts(
                "appeals",
                (
                    ("appeal_open", totals.open),
                    *((f"appeal_{d.value}", totals.decided.get(d.value, 0)) for d in Decision),
                ),
                parts=True,
            ),
            Counts(
                "appeal_deadlines",
                (("overdue", totals.overdue), ("decided_late", totals.decided_late)),
            ),
        ),
        as_of=scope.state_on,
    )


async def spot_checks(session: AsyncSession, scope: StatisticsScope) -> RawSection:
    """Home-visit spot checks (入户抽查) of periods within this one: how many, and of their
    households in the region, how many were in a frame, drawn and visited; the share of
    framed households visited, in whole percent (the seeds ask for at least 30)."""
    period = scope.period
    last_day = period.ends_before - dt.timedelta(days=1)
    found = await coverage(session, scope.region_prefix, period.starts_on, last_day)
    visited_percent = (
        None if found.framed == 0 else round(Decimal(100 * found.visited) / found.framed)
    )
    return RawSection(
        "spot_checks",
        (
            Counts(
                "spot_checks",
                (
                    ("spot_check_count", found.spot_checks),
                    ("framed", found.framed),
                    ("drawn", found.drawn),
                    ("visited", found.visited),
                ),
                measures=(("visited_percent", visited_percent),),
                basis=found.framed,
            ),
        ),
    )


# the order the view shows them in
SECTIONS: Final[tuple[Section, ...]] = (
    Section("verifications", verifications),
    Section("households", households),
    Section("reviews", reviews),
    Section("sharing", sharing),
    Section("appeals", appeals),
    Section("spot_checks", spot_checks),
)
