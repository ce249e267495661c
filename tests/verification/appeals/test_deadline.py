"""The appeal's deadlines and decision effects, pure."""

from __future__ import annotations

import datetime as dt

from verification.appeals.deadline import (
    DECIDED,
    FILED,
    Decision,
    appeal_deadlines,
    decision_due_on,
    filing_due_on,
    is_late,
    is_overdue,
    makes_revision,
)
from verification.policies.layered.loading import LayerSet, default_layers_dir
from verification.policies.layered.resolution import resolve
from verification.procedure.calendar import china


def test_the_filing_deadline_counts_calendar_days_from_the_report() -> None:
    assert filing_due_on(dt.date(2026, 1, 20), 30) == dt.date(2026, 2, 19)


def test_the_decision_deadline_counts_working_days_over_the_holidays() -> None:
    # filed on Friday 2026-09-25: National Day week (10-01..10-07 off, 09-28 and 10-10 worked)
    due, provisional = decision_due_on(china(), dt.date(2026, 9, 25), 10)
    weekdays_only = dt.date(2026, 10, 9)  # ten Mondays-to-Fridays after 09-25
    assert not provisional
    assert due > weekdays_only  # the holiday week does not count
    assert china().working_days_between(dt.date(2026, 9, 25), due) == 10


def test_beyond_the_calendar_the_decision_deadline_is_provisional() -> None:
    due, provisional = decision_due_on(china(), dt.date(2099, 3, 6), 10)  # a Friday
    assert provisional and due == dt.date(2099, 3, 20)


def test_the_national_policy_states_both_deadlines_as_examples() -> None:
    effective = resolve(LayerSet.from_dir(default_layers_dir()), "450102", dt.date(2026, 6, 1))
    deadlines = appeal_deadlines(
        effective, china(), reported_on=dt.date(2026, 6, 1), filed_on=dt.date(2026, 6, 3)
    )
    assert deadlines.filing_due_on == dt.date(2026, 7, 1)  # 30 days (an example)
    assert deadlines.decision_working_days == 10
    assert deadlines.decision_due_on == dt.date(2026, 6, 17)  # 06-19 is the Dragon Boat Festival
    examples = {r.param.key for r in effective.examples()}
    assert {"appeal.filing_days", "appeal.decision_working_days"} <= examples
    assert not is_late(dt.date(2026, 7, 1), deadlines)  # the last day is in time
    assert is_late(dt.date(2026, 7, 2), deadlines)


def test_overdue_only_while_undecided_and_after_the_last_day() -> None:
    due = dt.date(2026, 6, 17)
    assert not is_overdue(FILED, due, due)
    assert is_overdue(FILED, due, due + dt.timedelta(days=1))
    assert not is_overdue(DECIDED, due, due + dt.timedelta(days=30))


def test_only_an_upheld_appeal_makes_a_revision() -> None:
    assert makes_revision(Decision.UPHELD) and makes_revision(Decision.PARTLY_UPHELD)
    assert not makes_revision(Decision.REJECTED)
