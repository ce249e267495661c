"""Bringing an enrolled household's next review forward for a re-check (rule 22).

A report lists the household check each member's death calls for
(``procedure.death_rechecks``: date of death + ``review.recheck_after_death_months``).  At
enrolment every death counts; at a review only a death the previous report did not show (a
death already known was the subject of the review that found it).  The earliest such check
is the household's ``recheck_due_on``, and its ``next_review_on`` is brought forward to it
when the regular interval would come later; the next review clears it.
"""

from __future__ import annotations

import datetime as dt

from verification.households.models import EnrolledHousehold
from verification.procedure.recheck import next_review
from verification.reports.model import DeathRecheckView, ReportContent


def recheck_of(
    report: ReportContent, previous: ReportContent | None = None
) -> DeathRecheckView | None:
    """The earliest re-check ``report`` calls for, counting only deaths ``previous`` (the
    household's last report, at a review) did not already show."""
    if report.procedure is None:
        return None
    known = (
        {m.index for m in previous.members if m.status == "deceased"}
        if previous is not None
        else set()
    )
    fresh = [r for r in report.procedure.death_rechecks if r.member_index not in known]
    return min(fresh, key=lambda r: (r.due_on, r.member_index)) if fresh else None


def schedule_recheck(
    row: EnrolledHousehold, regular: dt.date, recheck: DeathRecheckView | None
) -> None:
    """Set the household's re-check (or clear it) and its next review: the regular one, or
    the re-check when that comes first."""
    row.recheck_due_on = recheck.due_on if recheck is not None else None
    row.recheck_reason = recheck.reason if recheck is not None else None
    row.next_review_on = next_review(regular, row.recheck_due_on)
