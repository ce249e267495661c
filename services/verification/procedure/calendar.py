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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Literal

import chinese_calendar

from verification.procedure.calendar_files import (
    CalendarFileError,
    CalendarYear,
    check_set,
    load_dir,
)

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


@dataclass(frozen=True, slots=True)
class YearSource:
    """Where one year's holidays come from: the package, or an operator's file."""

    year: int
    kind: Literal["package", "file"]
    citation: str  # the package and its version, or the notice as the file cites it
    file: str | None = None  # the file: the one read (kind "file") or found agreeing
    note: str | None = None  # a file agreeing with the package, or why it corrects it

    def text(self) -> str:
        """One line in Chinese, as the CLI and the reports show it."""
        if self.kind == "package":
            agreeing = f"；{self.note}" if self.note else ""
            return f"{self.year}年：软件包 {self.citation}{agreeing}"
        correcting = f"；更正软件包：{self.note}" if self.note else ""
        return f"{self.year}年：运营方文件 {self.file}，{self.citation}{correcting}"


@dataclass(frozen=True)
class WorkingDayCalendar:
    """Working days for the years ``first_year``–``last_year`` (inclusive)."""

    first_year: int
    last_year: int
    _is_working_day: Callable[[dt.date], bool]
    # each year's source; empty for a calendar made without them (tests)
    sources: Mapping[int, YearSource] = field(default_factory=dict, hash=False, compare=False)

    @property
    def last_day(self) -> dt.date:
        """The last day the calendar counts: 31 December of its last year."""
        return dt.date(self.last_year, 12, 31)

    def covers(self, day: dt.date) -> bool:
        return self.first_year <= day.year <= self.last_year

    def sources_between(self, start: dt.date, end: dt.date) -> list[YearSource]:
        """The sources of the years from ``start``'s to ``end``'s (those it has)."""
        years = range(start.year, end.year + 1)
        return [self.sources[year] for year in years if year in self.sources]

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


def _package_version() -> str:
    try:
        return metadata.version("chinesecalendar")
    except metadata.PackageNotFoundError:  # pragma: no cover - installed with the service
        return str(getattr(chinese_calendar, "__version__", "?"))


@dataclass(frozen=True, slots=True)
class _Tables:
    """A source's days off and make-up working days (both may list weekend days)."""

    holidays: frozenset[dt.date]
    worked: frozenset[dt.date]

    def is_working_day(self, day: dt.date) -> bool:
        return day in self.worked or (day.weekday() < 5 and day not in self.holidays)


def _file_tables(year: CalendarYear) -> _Tables:
    return _Tables(year.days_off, year.make_up_days)


def _differences(package: _Tables, file: _Tables, year: int) -> list[dt.date]:
    day, found = dt.date(year, 1, 1), []
    while day.year == year:
        if package.is_working_day(day) is not file.is_working_day(day):
            found.append(day)
        day += _DAY
    return found


def merge(package: _Tables, version: str, files: Mapping[int, CalendarYear]) -> WorkingDayCalendar:
    """The package's years and the files' years as one calendar; ``CalendarFileError`` for a
    file that differs from the package without saying why, one correcting a year the package
    does not hold, or a year missing between covered years."""
    package_years = {day.year for day in package.holidays}
    sources = {
        year: YearSource(year, "package", f"chinesecalendar {version}") for year in package_years
    }
    from_files: dict[int, _Tables] = {}
    for year, each in sorted(files.items()):
        tables = _file_tables(each)
        if year not in package_years:
            if each.corrects_package is not None:
                raise CalendarFileError(
                    f"{each.file}: notice.corrects_package: 软件包 chinesecalendar {version} "
                    f"没有 {year} 年，无可更正（去掉此项）"
                )
            sources[year] = YearSource(year, "file", each.notice.citation(), each.file)
            from_files[year] = tables
            continue
        differing = _differences(package, tables, year)
        if not differing:
            sources[year] = YearSource(
                year,
                "package",
                f"chinesecalendar {version}",
                each.file,
                f"文件 {each.file} 与软件包一致，可删除",
            )
        elif each.corrects_package is not None:
            sources[year] = YearSource(
                year, "file", each.notice.citation(), each.file, each.corrects_package
            )
            from_files[year] = tables
        else:
            shown = "、".join(day.isoformat() for day in differing[:5])
            more = f"等{len(differing)}天" if len(differing) > 5 else ""
            raise CalendarFileError(
                f"{each.file}: notice.year: {year} 年在软件包 chinesecalendar {version} 中已有，"
                f"而本文件与之不同（{shown}{more}）：核对通知原文；确要更正软件包，在 [notice] "
                '中写 corrects_package = "理由"'
            )
    years = sorted(sources)
    missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    if missing:
        after = min(year for year in years if year > missing[0])
        beyond = files[after].file if after in files else f"{after}年"
        raise CalendarFileError(
            f"{beyond}: notice.year: 缺少 {missing[0]} 年；日历的年份须连续（先补 "
            f"{missing[0]} 年的文件）"
        )

    def is_working_day(day: dt.date) -> bool:
        return from_files.get(day.year, package).is_working_day(day)

    return WorkingDayCalendar(
        first_year=years[0],
        last_year=years[-1],
        _is_working_day=is_working_day,
        sources=sources,
    )


@functools.cache
def _package() -> tuple[_Tables, str]:
    """The package's tables, read once: its own ``is_workday`` finds the years it covers
    anew on every call (a scan of its tables)."""
    tables = _Tables(frozenset(chinese_calendar.holidays), frozenset(chinese_calendar.workdays))
    return tables, _package_version()


@functools.cache
def china() -> WorkingDayCalendar:
    """Mainland China's working days as the package holds them (no operator files)."""
    tables, version = _package()
    return merge(tables, version, {})


def load(directory: Path | None) -> WorkingDayCalendar:
    """The package's years merged with the year files in ``directory`` (the service's
    calendar: ``Runtime.calendar``); ``CalendarFileError`` names the file at fault."""
    tables, version = _package()
    return merge(tables, version, load_dir(directory))


def check(year: CalendarYear, directory: Path | None) -> WorkingDayCalendar:
    """The calendar ``year``'s file would make with the files in ``directory`` (one of the
    same name replaced): ``CalendarFileError`` if it would not load."""
    kept = [each for each in load_dir(directory).values() if each.file != year.file]
    tables, version = _package()
    return merge(tables, version, check_set([*kept, year]))
