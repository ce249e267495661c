"""Every SQL statement of the supervisor's view: counts grouped by keys, never a row of a
household or a person.  Production data only (``sandbox`` false); a region is a prefix of
the verification's or the household's region code; periods are half-open."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, Subquery, func, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from verification.db import UTCDateTime
from verification.households.models import EnrolledHousehold
from verification.verifications.models import ObligorSourceQuery, SourceQuery, Verification

# the fractions of the latency figures, as PostgreSQL's percentile_disc takes them
MEDIAN = 0.5
P95 = 0.95


async def verification_counts(
    session: AsyncSession, prefix: str, starts_on: dt.date, ends_before: dt.date
) -> list[tuple[bool, str, str | None, int]]:
    """(a review?, status, outcome, count) of the verifications assessed in the period
    (``as_of``, the Beijing date of the first report, which retries keep)."""
    review = Verification.accepted_on.is_(None).label("review")
    rows = await session.execute(
        select(review, Verification.status, Verification.outcome, func.count())
        .where(
            Verification.sandbox.is_(False),
            Verification.region_code.startswith(prefix, autoescape=True),
            Verification.as_of >= starts_on,
            Verification.as_of < ends_before,
        )
        .group_by(review, Verification.status, Verification.outcome)
    )
    return [(bool(r), s, o, int(n)) for r, s, o, n in rows.all()]


def _households(prefix: str) -> list[ColumnElement[bool]]:
    return [
        EnrolledHousehold.sandbox.is_(False),
        EnrolledHousehold.region_code.startswith(prefix, autoescape=True),
    ]


async def enrolled_by_category(
    session: AsyncSession, prefix: str, starts_on: dt.date, ends_before: dt.date
) -> dict[str, int]:
    rows = await session.execute(
        select(EnrolledHousehold.category, func.count())
        .where(
            *_households(prefix),
            EnrolledHousehold.enrolled_on >= starts_on,
            EnrolledHousehold.enrolled_on < ends_before,
        )
        .group_by(EnrolledHousehold.category)
    )
    return {category: int(n) for category, n in rows.all()}


@dataclass(frozen=True, slots=True)
class HouseholdTotals:
    ended: int  # households ended in the period
    active_at_end: int  # enrolled before the period's end and not ended before it


async def household_totals(
    session: AsyncSession, prefix: str, starts_on: dt.date, ends_before: dt.date
) -> HouseholdTotals:
    ended = func.count().filter(
        EnrolledHousehold.ended_on >= starts_on, EnrolledHousehold.ended_on < ends_before
    )
    active = func.count().filter(
        EnrolledHousehold.enrolled_on < ends_before,
        or_(EnrolledHousehold.ended_on.is_(None), EnrolledHousehold.ended_on >= ends_before),
    )
    row = (await session.execute(select(ended, active).where(*_households(prefix)))).one()
    return HouseholdTotals(ended=int(row[0]), active_at_end=int(row[1]))


@dataclass(frozen=True, slots=True)
class ReviewTotals:
    due: int  # active households whose next review falls in the period
    overdue: int  # active households whose next review is before the day judged on
    recheck_due: int  # active households with a check after a death due before the end


async def review_totals(
    session: AsyncSession, prefix: str, starts_on: dt.date, ends_before: dt.date, on: dt.date
) -> ReviewTotals:
    due = func.count().filter(
        EnrolledHousehold.next_review_on >= starts_on,
        EnrolledHousehold.next_review_on < ends_before,
    )
    overdue = func.count().filter(EnrolledHousehold.next_review_on < on)
    recheck = func.count().filter(
        EnrolledHousehold.recheck_due_on.is_not(None),
        EnrolledHousehold.recheck_due_on < ends_before,
    )
    row = (
        await session.execute(
            select(due, overdue, recheck).where(
                *_households(prefix), EnrolledHousehold.status == "active"
            )
        )
    ).one()
    return ReviewTotals(due=int(row[0]), overdue=int(row[1]), recheck_due=int(row[2]))


def _answers(prefix: str, start: dt.datetime, end: dt.datetime) -> Subquery:
    """Every stored source answer of the period, a member's or a support obligor's:
    (scope, status, duration_ms)."""

    def of(model: type[SourceQuery] | type[ObligorSourceQuery]) -> Select[str, str, int]:
        return (
            select(model.scope, model.status, model.duration_ms)
            .join(Verification, Verification.id == model.verification_id)
            .where(
                Verification.sandbox.is_(False),
                Verification.region_code.startswith(prefix, autoescape=True),
                model.queried_at >= literal(start, UTCDateTime()),
                model.queried_at < literal(end, UTCDateTime()),
            )
        )

    return union_all(of(SourceQuery), of(ObligorSourceQuery)).subquery()


async def answer_counts(
    session: AsyncSession, prefix: str, start: dt.datetime, end: dt.datetime
) -> list[tuple[str, str, int]]:
    """(scope, status, count) of the source answers stored in the period."""
    answers = _answers(prefix, start, end)
    rows = await session.execute(
        select(answers.c.scope, answers.c.status, func.count()).group_by(
            answers.c.scope, answers.c.status
        )
    )
    return [(scope, status, int(n)) for scope, status, n in rows.all()]


@dataclass(frozen=True, slots=True)
class Latency:
    answers: int  # the answers the figures rest on
    median_ms: int | None
    p95_ms: int | None


def percentile(ordered: Sequence[int], fraction: float) -> int | None:
    """The first value whose cumulative share reaches ``fraction`` (PostgreSQL's
    ``percentile_disc``, the nearest-rank percentile), of values in ascending order."""
    if not ordered:
        return None
    return ordered[max(math.ceil(fraction * len(ordered)), 1) - 1]


async def answer_latency(
    session: AsyncSession, prefix: str, start: dt.datetime, end: dt.datetime
) -> dict[str, Latency]:
    """Per scope, the median and 95th percentile of the time each answer of the period took
    (``duration_ms``: the round's wait for it, retries included), answers promised for
    later (``pending``) left out."""
    answers = _answers(prefix, start, end)
    answered = answers.c.status != "pending"
    if session.get_bind().dialect.name == "postgresql":
        rows = await session.execute(
            select(
                answers.c.scope,
                func.count(),
                func.percentile_disc(MEDIAN).within_group(answers.c.duration_ms),
                func.percentile_disc(P95).within_group(answers.c.duration_ms),
            )
            .where(answered)
            .group_by(answers.c.scope)
        )
        return {
            scope: Latency(int(n), int(median), int(p95)) for scope, n, median, p95 in rows.all()
        }
    # SQLite has no percentile: the durations, in order, and the same nearest rank
    durations: dict[str, list[int]] = {}
    for scope, duration in await session.execute(
        select(answers.c.scope, answers.c.duration_ms)
        .where(answered)
        .order_by(answers.c.scope, answers.c.duration_ms)
    ):
        durations.setdefault(scope, []).append(int(duration))
    return {
        scope: Latency(len(values), percentile(values, MEDIAN), percentile(values, P95))
        for scope, values in durations.items()
    }
