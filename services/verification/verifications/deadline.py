"""A verification's decision deadline and whether it is overdue, as its report shows them.

Computed when the report is served (``procedure/decision.py``, on the policy in force on the
acceptance date and the working-day calendar), so a provisional deadline becomes definitive
as soon as the calendar covers its year, and ``overdue`` is today's.  The same day is also
stored with the verification when it is created (``decision_due_on``), for the list of
overdue open verifications (``verification verifications overdue``).
"""

from __future__ import annotations

import datetime as dt

from verification.db import utcnow
from verification.procedure.decision import DecisionDeadline, decision_deadline, overdue
from verification.reports.model import DecisionDeadlineView, VerificationReport
from verification.runtime import Runtime


def decision_for(
    rt: Runtime, region_code: str, accepted_on: dt.date | None
) -> DecisionDeadline | None:
    """The decision's deadline of an application accepted on ``accepted_on`` (None for a
    re-verification, which has no acceptance date)."""
    if accepted_on is None:
        return None
    return decision_deadline(
        rt.policies.effective(region_code, accepted_on), rt.calendar, accepted_on
    )


def with_decision(
    rt: Runtime,
    report: VerificationReport,
    *,
    accepted_on: dt.date | None,
    region_code: str,
    today: dt.date | None = None,
) -> VerificationReport:
    """``report`` with its ``decision_deadline`` and ``overdue`` (on ``today``, default the
    business date now)."""
    decision = decision_for(rt, region_code, accepted_on)
    if decision is None:
        return report
    today = today or rt.business_date(utcnow())
    return report.model_copy(
        update={
            "decision_deadline": DecisionDeadlineView(
                due_on=decision.due_on,
                working_days=decision.working_days,
                provisional=decision.provisional,
                calendar=decision.calendar,
            ),
            "overdue": overdue(report.status, decision.due_on, today),
        }
    )
