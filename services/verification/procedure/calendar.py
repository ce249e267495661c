"""China's working days (工作日): Monday to Friday, less the statutory holidays (法定节假日), plus
the weekend days worked in their place (调休上班).

The holidays and make-up days are set each year by the State Council's general office in its
notice 《国务院办公厅关于<year>年部分节假日安排的通知》, published around November of the year
before.  This module is the one seam through which the service reads them: the maintained
``chinesecalendar`` package (PyPI, MIT; one release a year after each notice), which holds
every year's notice from 2004 on.  An import-linter contract keeps every other module away
from it, so another source of the same data replaces this file only.

A day in a year the calendar does not hold (the next year's notice not out, or the package
not yet updated) raises ``CalendarNotCoveredError`` naming the years it covers: a deadline is
never computed from a guessed year.

Counting (民法典 第二百零一条): a period counted in days starts the day *after* the event, so
"within 3 working days of acceptance" ends on the third working day after the acceptance
date (``add_working_days(accepted_on, 3)``), whatever day the acceptance fell on.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

import chinese_calendar

_DAY = dt.timedelta(days=1)


class CalendarNotCoveredError(LookupError):
    """A day outside the years the working-day calendar holds."""

    def __init__(self, day: dt.date, first_year: int, last_year: int) -> None:
        self.day = day
        self.first_year = first_year
        self.last_year = last_year
        super().__init__(
            f"the working-day calendar covers {first_year}–{last_year}: the holidays of "
            f"{day.year} are not on record, so no working day is computed in it"
        )


@dataclass(frozen=True)
class WorkingDayCalendar:
    """Working days for the years ``first_year``–``last_year`` (inclusive)."""

    first_year: int
    last_year: int
    _is_working_day: Callable[[dt.date], bool]

    def covers(self, day: dt.date) -> bool:
        return self.first_year <= day.year <= self.last_year

    def _check(self, day: dt.date) -> None:
        if not self.covers(day):
            raise CalendarNotCoveredError(day, self.first_year, self.last_year)

    def is_working_day(self, day: dt.date) -> bool:
        self._check(day)
        return self._is_working_day(day)

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start`` (``start`` itself is not counted);
        ``CalendarNotCoveredError`` if counting reaches a year the calendar does not hold."""
        if days < 1:
            raise ValueError("count at least one working day")
        self._check(start)
        day, left = start, days
        while left:
            day += _DAY
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """The working days after ``start`` up to and including ``end``."""
        self._check(start)
        self._check(end)
        count, day = 0, start
        while day < end:
            day += _DAY
            count += self._is_working_day(day)
        return count


@functools.cache
def china() -> WorkingDayCalendar:
    """Mainland China's working days, as the State Council's notices set them.

    The package's own ``is_workday`` finds the years it covers anew on every call (a scan of
    its tables); its tables are read once here instead, with the same rule: a make-up day is
    worked, otherwise Monday to Friday except the holidays."""
    holidays = frozenset(chinese_calendar.holidays)
    worked = frozenset(chinese_calendar.workdays)
    years = [day.year for day in holidays]

    def is_working_day(day: dt.date) -> bool:
        return day in worked or (day.weekday() < 5 and day not in holidays)

    return WorkingDayCalendar(
        first_year=min(years), last_year=max(years), _is_working_day=is_working_day
    )
