"""An appeal's deadlines and states, pure: no database, no clock.

The filing deadline runs in calendar days from the day of the report appealed
(``appeal.filing_days``); the decision's in working days from the day the appeal was filed
(``appeal.decision_working_days``), on the working-day calendar.  Beyond the calendar's years
the decision's day is counted Monday to Friday only and marked provisional, as a
verification's decision deadline is (``procedure/decision.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from verification.policies.layered import params as p
from verification.policies.layered.resolution import EffectivePolicy
from verification.procedure.calendar import CalendarNotCoveredError, WorkingDayCalendar
from verification.procedure.decision import weekdays_after

FILED = "filed"
DECIDED = "decided"


class Decision(StrEnum):
    UPHELD = "upheld"  # 复议成立
    PARTLY_UPHELD = "partly_upheld"  # 部分成立
    REJECTED = "rejected"  # 不成立（维持原报告）


@dataclass(frozen=True, slots=True)
class AppealDeadlines:
    filing_due_on: dt.date  # the last day (inclusive) an appeal of the report may be filed
    decision_due_on: dt.date  # the last day (inclusive) for the decision
    decision_working_days: int
    provisional: bool  # counted Monday to Friday only (beyond the calendar's years)


def filing_due_on(reported_on: dt.date, filing_days: int) -> dt.date:
    """The last day to appeal a report made on ``reported_on``."""
    return reported_on + dt.timedelta(days=filing_days)


def decision_due_on(
    calendar: WorkingDayCalendar, filed_on: dt.date, working_days: int
) -> tuple[dt.date, bool]:
    """The decision's last day and whether it is provisional."""
    if working_days < 1:
        return filed_on, False
    try:
        return calendar.add_working_days(filed_on, working_days), False
    except CalendarNotCoveredError:
        return weekdays_after(filed_on, working_days), True


def appeal_deadlines(
    effective: EffectivePolicy,
    calendar: WorkingDayCalendar,
    *,
    reported_on: dt.date,
    filed_on: dt.date,
) -> AppealDeadlines:
    """The deadlines of an appeal filed on ``filed_on`` against a report of ``reported_on``,
    under the policy in force on the filing day."""
    working_days = effective.value(p.APPEAL_DECISION_DAYS)
    due, provisional = decision_due_on(calendar, filed_on, working_days)
    return AppealDeadlines(
        filing_due_on=filing_due_on(reported_on, effective.value(p.APPEAL_FILING_DAYS)),
        decision_due_on=due,
        decision_working_days=working_days,
        provisional=provisional,
    )


def is_late(filed_on: dt.date, deadlines: AppealDeadlines) -> bool:
    """Filed after the filing deadline's last day."""
    return filed_on > deadlines.filing_due_on


def is_overdue(status: str, decision_due_on: dt.date, today: dt.date) -> bool:
    """An appeal not yet decided after its decision's last day."""
    return status == FILED and today > decision_due_on


def makes_revision(decision: Decision) -> bool:
    """Only an appeal upheld, wholly or in part, makes a new revision of the report: a
    rejected one leaves the report as it is (ADR 0018)."""
    return decision is not Decision.REJECTED
