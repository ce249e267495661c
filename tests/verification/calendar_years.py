"""The working-day calendar's test fixture year (ADR 0028): ``procedure/calendar_fixture/
2027.toml``, a made-up 2027 (an eight-day New Year holiday, 1–8 January, and Saturday
9 January worked) that stands for the file an operator adds once the real notice is out.

The package is pinned to the years up to 2026 (``pin_package``), as release 1.11.0 holds
them: the fixture year stays a year the package does not hold when a later release adds
the real 2027, so the tests keep testing a file year, not a correction.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Final

import pytest

from verification.procedure import calendar
from verification.procedure.calendar import WorkingDayCalendar

FIXTURE_DIR: Final = Path(__file__).parent / "procedure" / "calendar_fixture"
FIXTURE_FILE: Final = FIXTURE_DIR / "2027.toml"
PINNED_LAST_YEAR: Final = 2026


def pinned_tables() -> tuple[object, str]:
    tables, version = calendar._package()
    kept = calendar._Tables(
        frozenset(day for day in tables.holidays if day.year <= PINNED_LAST_YEAR),
        frozenset(day for day in tables.worked if day.year <= PINNED_LAST_YEAR),
    )
    return kept, version


def pin_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """The package's years up to 2026 only, for the process (the runtime, the CLI)."""
    pinned = pinned_tables()
    monkeypatch.setattr(calendar, "_package", lambda: pinned)


def with_fixture() -> WorkingDayCalendar:
    """The package's years up to 2026 and the fixture's 2027."""
    tables, version = pinned_tables()
    from verification.procedure.calendar_files import load_dir

    return calendar.merge(tables, version, load_dir(FIXTURE_DIR))  # type: ignore[arg-type]


def package_until_2026() -> WorkingDayCalendar:
    tables, version = pinned_tables()
    return calendar.merge(tables, version, {})  # type: ignore[arg-type]


# 30 working days after Tuesday 1 December 2026: 22 in December, then the fixture's 2027
# (1–8 January off, Saturday 9 January worked): 9, 11–15, 18, 19 January
ACCEPTED: Final = dt.date(2026, 12, 1)
TOTAL_DUE: Final = dt.date(2027, 1, 19)
