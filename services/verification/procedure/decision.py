"""The decision's deadline of an open verification, and whether it is overdue.

The 办法's 第二十二条 gives the county 30 working days from acceptance (受理) to decide
(``deadline.total_working_days``, a ceiling a region may shorten: ``deadlines.py`` applies
it).  An open verification — still ``running`` or ``awaiting_sources`` — carries that day,
and is overdue from the day after it.

Fail-safe beyond the calendar: when the count reaches a year whose holidays are not on record
(``CalendarNotCoveredError``: the State Council's notice for it not out, or the calendar
package not yet updated and no operator's file for it), the deadline is counted Monday to
Friday only and marked *provisional*. No holiday is guessed. A weekday count ignores that
year's holidays and make-up days: a holiday on a weekday makes the real deadline later, a
make-up weekend day (调休上班) earlier; since the holidays outnumber the make-up days, the
provisional day is usually earlier than the real one (a verification is flagged overdue early
rather than late), but it may be a day later when the count ends between a make-up day and its
holiday. The day is computed again, from the calendar, once it covers that year (at read): a
release of the package, or the operators' year file (ADR 0028).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from verification.policies.layered import params as p
from verification.policies.layered.resolution import EffectivePolicy
from verification.procedure.calendar import WorkingDayCalendar
from verification.procedure.deadlines import deadlines

_DAY = dt.timedelta(days=1)
OPEN_STATUSES = ("running", "awaiting_sources")


@dataclass(frozen=True, slots=True)
class DecisionDeadline:
    due_on: dt.date  # the last day (inclusive) of the decision's working days
    working_days: int
    provisional: bool  # counted Monday to Friday only (beyond the calendar's years)
    calendar: str | None = None  # the calendar's sources of the years counted (Chinese)


def weekdays_after(start: dt.date, days: int) -> dt.date:
    """The ``days``-th Monday-to-Friday day after ``start`` (holidays unknown)."""
    day, left = start, days
    while left:
        day += _DAY
        if day.weekday() < 5:
            left -= 1
    return day


def decision_deadline(
    accepted: EffectivePolicy, calendar: WorkingDayCalendar, accepted_on: dt.date
) -> DecisionDeadline | None:
    """The decision's deadline in force on the acceptance date; None when the policy states
    no total limit."""
    for deadline in deadlines(accepted, calendar, accepted_on=accepted_on, received_on=accepted_on):
        if deadline.param is not p.TOTAL_DAYS:
            continue
        if deadline.due_on is not None:
            return DecisionDeadline(
                deadline.due_on,
                deadline.working_days,
                provisional=False,
                calendar=deadline.calendar_text(),
            )
        return DecisionDeadline(
            weekdays_after(accepted_on, deadline.working_days),
            deadline.working_days,
            provisional=True,
            calendar=deadline.calendar_text(),
        )
    return None


def overdue(status: str, due_on: dt.date | None, today: dt.date) -> bool:
    """An open verification whose decision deadline has passed (``today`` is after it)."""
    return status in OPEN_STATUSES and due_on is not None and today > due_on
