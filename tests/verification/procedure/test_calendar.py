"""The working-day calendar: the State Council's holiday notices, and counting working days."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verification.procedure.calendar import CalendarNotCoveredError, china

CALENDAR = china()

# (day, working?) from the 国务院办公厅 notices 《关于YYYY年部分节假日安排的通知》: statutory
# holidays on weekdays, and weekend days worked in their place (调休)
NOTICES = [
    (dt.date(2021, 2, 7), True),  # Sunday worked before the Spring Festival
    (dt.date(2021, 2, 11), False),  # 除夕, Thursday
    (dt.date(2021, 10, 9), True),  # Saturday worked after National Day
    (dt.date(2022, 4, 2), True),  # Saturday worked for 清明
    (dt.date(2022, 10, 7), False),  # National Day week, Friday
    (dt.date(2023, 1, 28), True),  # Saturday worked after the Spring Festival
    (dt.date(2023, 6, 23), False),  # 端午, Friday
    (dt.date(2024, 2, 4), True),  # Sunday worked before the Spring Festival
    (dt.date(2024, 9, 17), False),  # 中秋, Tuesday
    (dt.date(2025, 1, 26), True),  # Sunday worked before the Spring Festival
    (dt.date(2025, 10, 8), False),  # National Day and 中秋, Wednesday
    (dt.date(2026, 1, 4), True),  # Sunday worked after New Year
    (dt.date(2026, 2, 14), True),  # Saturday worked before the Spring Festival
    (dt.date(2026, 2, 23), False),  # the ninth day of the 2026 Spring Festival, Monday
    (dt.date(2026, 9, 20), True),  # Sunday worked before National Day
    (dt.date(2026, 10, 7), False),  # National Day, Wednesday
    (dt.date(2026, 12, 7), True),  # an ordinary Monday
    (dt.date(2026, 12, 6), False),  # an ordinary Sunday
]


@pytest.mark.parametrize(("day", "working"), NOTICES)
def test_the_notices_holidays_and_make_up_days(day: dt.date, working: bool) -> None:
    assert CALENDAR.is_working_day(day) is working


def test_it_covers_2021_to_2026_at_least() -> None:
    assert CALENDAR.first_year <= 2021 and CALENDAR.last_year >= 2026


def test_the_start_day_is_not_counted_and_holidays_are_skipped() -> None:
    # accepted on Monday 28 September 2026: the 3rd working day after is 8 October (the
    # National Day week 1–7 October is skipped), whatever the acceptance day itself was
    assert CALENDAR.add_working_days(dt.date(2026, 9, 28), 3) == dt.date(2026, 10, 8)
    # accepted on a holiday: counting starts the next day all the same
    assert CALENDAR.add_working_days(dt.date(2026, 10, 3), 1) == dt.date(2026, 10, 8)
    # the Saturday worked after National Day counts
    assert CALENDAR.add_working_days(dt.date(2026, 10, 9), 1) == dt.date(2026, 10, 10)


def test_a_year_not_on_record_is_refused_not_guessed() -> None:
    beyond = dt.date(CALENDAR.last_year + 1, 1, 5)
    with pytest.raises(CalendarNotCoveredError) as caught:
        CALENDAR.is_working_day(beyond)
    assert caught.value.last_year == CALENDAR.last_year
    assert str(CALENDAR.last_year) in str(caught.value)
    # counting past the last year's end is refused too, even from a covered day
    with pytest.raises(CalendarNotCoveredError):
        CALENDAR.add_working_days(dt.date(CALENDAR.last_year, 12, 20), 30)
    with pytest.raises(CalendarNotCoveredError):
        CALENDAR.is_working_day(dt.date(CALENDAR.first_year - 1, 6, 1))


# starts whose 45th working day is still in the calendar's last year (2026: from 10-31,
# the 45th working day is in 2027, which it does not hold)
covered_days = st.dates(dt.date(2021, 1, 1), dt.date(2026, 10, 15))
counts = st.integers(min_value=1, max_value=45)


@given(covered_days, counts)
def test_adding_working_days_lands_on_a_working_day(start: dt.date, days: int) -> None:
    due = CALENDAR.add_working_days(start, days)
    assert due > start
    assert CALENDAR.is_working_day(due)
    # exactly ``days`` working days after ``start``, up to and including the due date
    assert CALENDAR.working_days_between(start, due) == days
    assert CALENDAR.working_days_between(start, due - dt.timedelta(days=1)) == days - 1


@given(covered_days, covered_days, counts, counts)
def test_adding_working_days_is_monotone(
    first: dt.date, second: dt.date, days: int, more: int
) -> None:
    early, late = sorted((first, second))
    assert CALENDAR.add_working_days(early, days) <= CALENDAR.add_working_days(late, days)
    shorter, longer = sorted((days, more))
    assert CALENDAR.add_working_days(early, shorter) <= CALENDAR.add_working_days(early, longer)
    if shorter < longer:
        assert CALENDAR.add_working_days(early, shorter) < CALENDAR.add_working_days(early, longer)


def test_the_seam_agrees_with_the_package_on_every_covered_day() -> None:
    import chinese_calendar

    day = dt.date(CALENDAR.first_year, 1, 1)
    while day.year <= CALENDAR.last_year:
        assert CALENDAR.is_working_day(day) is chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)
