"""The decision's deadline of an open verification (办法 第二十二条: 30 working days from
acceptance) and the fail-safe beyond the calendar's last year: weekdays only, provisional."""

from __future__ import annotations

import datetime as dt

import pytest

from verification.policies.layered.loading import LayerSet, default_layers_dir
from verification.policies.layered.resolution import resolve
from verification.procedure.calendar import CalendarNotCoveredError, WorkingDayCalendar, china
from verification.procedure.decision import decision_deadline, overdue, weekdays_after

CALENDAR = china()
LAYERS = LayerSet.from_dir(default_layers_dir())


def _deadline(accepted_on: dt.date, calendar: WorkingDayCalendar = CALENDAR):
    return decision_deadline(resolve(LAYERS, "450102", accepted_on), calendar, accepted_on)


def test_within_the_calendar_the_deadline_is_the_calendars() -> None:
    accepted = dt.date(2026, 9, 1)
    found = _deadline(accepted)
    assert found is not None and not found.provisional and found.working_days == 30
    assert found.due_on == CALENDAR.add_working_days(accepted, 30) == dt.date(2026, 10, 19)
    # the National Day week made it later than a weekday count would
    assert weekdays_after(accepted, 30) < found.due_on


def test_beyond_the_calendar_weekdays_only_and_provisional() -> None:
    """Accepted on 2026-12-06 (a Sunday), the 30 working days reach the next year, whose
    holidays the calendar does not hold: counted Monday to Friday, marked provisional, no
    holiday invented."""
    accepted = dt.date(CALENDAR.last_year, 12, 6)
    with pytest.raises(CalendarNotCoveredError):
        CALENDAR.add_working_days(accepted, 30)
    found = _deadline(accepted)
    assert found is not None and found.provisional and found.working_days == 30
    assert found.due_on == weekdays_after(accepted, 30)
    assert found.due_on.year == CALENDAR.last_year + 1 and found.due_on.weekday() < 5
    if CALENDAR.last_year == 2026:
        assert found.due_on == dt.date(2027, 1, 15)


def test_a_calendar_covering_the_year_makes_it_definitive() -> None:
    """The same acceptance under a calendar that holds the next year (here: one that
    declares 2027-01-01 a holiday) is counted with it, and is not provisional."""
    last = CALENDAR.last_year
    holiday = dt.date(last + 1, 1, 1)
    extended = WorkingDayCalendar(
        first_year=CALENDAR.first_year,
        last_year=last + 1,
        _is_working_day=lambda day: (
            CALENDAR.is_working_day(day)
            if day.year <= last
            else day.weekday() < 5 and day != holiday
        ),
    )
    accepted = dt.date(last, 12, 6)
    provisional = _deadline(accepted)
    definitive = _deadline(accepted, extended)
    assert provisional is not None and definitive is not None
    assert not definitive.provisional
    assert definitive.due_on == extended.add_working_days(accepted, 30)
    # the holiday it knows of pushes the day later than the provisional count
    assert definitive.due_on == provisional.due_on + dt.timedelta(days=3)  # Friday → Monday


def test_weekdays_after_counts_from_the_next_day() -> None:
    friday = dt.date(2027, 1, 8)
    assert weekdays_after(friday, 1) == dt.date(2027, 1, 11)  # Monday
    assert weekdays_after(friday, 5) == dt.date(2027, 1, 15)


@pytest.mark.parametrize(
    ("status", "today", "expected"),
    [
        ("awaiting_sources", dt.date(2026, 10, 19), False),  # the last day itself
        ("awaiting_sources", dt.date(2026, 10, 20), True),
        ("running", dt.date(2026, 10, 20), True),
        ("completed", dt.date(2027, 1, 1), False),  # decided: never overdue
    ],
)
def test_overdue_only_when_open_and_past_the_last_day(
    status: str, today: dt.date, expected: bool
) -> None:
    assert overdue(status, dt.date(2026, 10, 19), today) is expected
    assert overdue(status, None, today) is False
