"""The working-day limits of the 审核确认 procedure (rule 17), as due dates.

办法 第十五条第一款: the 家庭经济状况调查 starts within 3 working days of acceptance;
第十七条第一款: the 核对 within 3 working days of the request; 第二十条第一款: the county's
opinion within 10 working days of receiving the township's file; 第二十一条: a refusal is
told within 3 working days; 第二十二条: the whole within 30, or 45 in special cases, from
acceptance; the 2022 通知 四（一）: 20 where the decision is delegated to the township.

Each limit is a ceiling: a region may shorten it, never lengthen it.  A regional value above
the less specific one (resolution's ``exceeds``) is not applied: the ceiling is, and the
deadline says so.

Pure: the values come from an ``EffectivePolicy`` and the days from a ``WorkingDayCalendar``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from verification.policies.layered import params as p
from verification.policies.layered.resolution import EffectivePolicy, Source, Status
from verification.procedure.calendar import (
    CalendarNotCoveredError,
    WorkingDayCalendar,
    YearSource,
)


class Anchor(StrEnum):
    """The event a limit is counted from."""

    ACCEPTED = "accepted"  # 受理之日
    REQUEST_RECEIVED = "request_received"  # 收到核对请求（提请）之日: the request to this service
    TOWNSHIP_FILE_RECEIVED = "township_file_received"  # 县级收到乡镇上报材料之日
    REFUSAL_DECIDED = "refusal_decided"  # 作出不予确认决定之日


# every deadline parameter and what it counts from, in the order of the procedure
LIMITS: Final[tuple[tuple[p.Param[int], Anchor], ...]] = (
    (p.INVESTIGATION_START_DAYS, Anchor.ACCEPTED),
    (p.VERIFICATION_START_DAYS, Anchor.REQUEST_RECEIVED),
    (p.COUNTY_DECISION_DAYS, Anchor.TOWNSHIP_FILE_RECEIVED),
    (p.REFUSAL_NOTICE_DAYS, Anchor.REFUSAL_DECIDED),
    (p.TOTAL_DAYS, Anchor.ACCEPTED),
    (p.TOTAL_SPECIAL_DAYS, Anchor.ACCEPTED),
    (p.TOTAL_DELEGATED_DAYS, Anchor.ACCEPTED),
)


@dataclass(frozen=True, slots=True)
class Lengthened:
    """A region's limit longer than the ceiling above it: stated, never applied."""

    regional_days: int
    regional: Source
    ceiling: Source


@dataclass(frozen=True, slots=True)
class Deadline:
    param: p.Param[int]
    anchor: Anchor
    working_days: int  # the limit applied (the ceiling when a region lengthened it)
    source: Source  # the entry whose value is applied
    starts_on: dt.date | None  # the anchor's date, when the service knows it
    due_on: dt.date | None  # the last day (inclusive); None: anchor unknown or beyond the calendar
    not_covered: CalendarNotCoveredError | None = None
    lengthened: Lengthened | None = None
    # where the holidays of the years counted through come from (the package or an
    # operator's file, ADR 0028); empty when nothing was counted
    calendar: tuple[YearSource, ...] = ()

    def calendar_text(self) -> str | None:
        """The calendar's sources in one line (Chinese); None when nothing was counted."""
        return "；".join(source.text() for source in self.calendar) or None


def deadlines(
    effective: EffectivePolicy,
    calendar: WorkingDayCalendar,
    *,
    accepted_on: dt.date,
    received_on: dt.date,
) -> list[Deadline]:
    """Every limit in force in ``effective`` with its due date (Beijing business dates)."""
    anchors = {Anchor.ACCEPTED: accepted_on, Anchor.REQUEST_RECEIVED: received_on}
    found: list[Deadline] = []
    for param, anchor in LIMITS:
        resolved = effective[param]
        if resolved.status is not Status.IN_FORCE or resolved.source is None:
            continue
        days, source, lengthened = int(resolved.value or 0), resolved.source, None
        ceiling = resolved.exceeds
        if ceiling is not None and isinstance(ceiling.entry.value, int):
            lengthened = Lengthened(regional_days=days, regional=source, ceiling=ceiling)
            days, source = ceiling.entry.value, ceiling
        start = anchors.get(anchor)
        due: dt.date | None = None
        missing: CalendarNotCoveredError | None = None
        used: tuple[YearSource, ...] = ()
        if start is not None:
            try:
                due = calendar.add_working_days(start, days)
            except CalendarNotCoveredError as exc:
                missing = exc
            if calendar.covers(start):
                used = tuple(calendar.sources_between(start, due or calendar.last_day))
        found.append(Deadline(param, anchor, days, source, start, due, missing, lengthened, used))
    return found


def lengthened_limits(effective: EffectivePolicy) -> Sequence[p.Param[int]]:
    """The deadline parameters a region of ``effective`` states longer than their ceiling."""
    return [param for param, _ in LIMITS if effective[param].exceeds is not None]
