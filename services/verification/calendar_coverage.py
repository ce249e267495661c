"""How far the working-day calendar reaches, for the operators: ``/readyz``'s
``checks.working_day_calendar``, the ``working_day_calendar_last_day_timestamp_seconds`` gauge
and a warning at start when it ends within ``ENDING_DAYS`` (ADR 0028).

The calendar's last day is fixed while the process runs (its years are read at start), so
the gauge is set once, at start; the alert rule compares it with the time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import structlog
from prometheus_client import Gauge

from verification.procedure.calendar import WorkingDayCalendar

log = structlog.get_logger(__name__)

# a warning at start, and the alert, when the calendar ends within this many days
ENDING_DAYS: Final = 60

CALENDAR_LAST_DAY: Final = Gauge(
    "working_day_calendar_last_day_timestamp_seconds",
    "The last day the working-day calendar counts (Unix time of its 00:00 in the "
    "deployment's time zone): deadlines beyond it are not computed",
)


def coverage(calendar: WorkingDayCalendar, today: dt.date) -> dict[str, Any]:
    """The calendar's reach on ``today``, as ``/readyz`` shows it (no personal data)."""
    days_left = (calendar.last_day - today).days
    files = sorted(
        {
            source.file
            for source in calendar.sources.values()
            if source.kind == "file" and source.file is not None
        }
    )
    view: dict[str, Any] = {
        "first_year": calendar.first_year,
        "last_year": calendar.last_year,
        "last_day": calendar.last_day.isoformat(),
        "days_left": days_left,
        "files": files,
        "sources": {
            str(year): calendar.sources[year].text()
            for year in sorted(calendar.sources)
            if year >= today.year
        },
    }
    if days_left <= ENDING_DAYS:
        view["warning"] = ending_text(calendar, days_left)
    return view


def ending_text(calendar: WorkingDayCalendar, days_left: int) -> str:
    following = calendar.last_year + 1
    reach = f"还有{days_left}天" if days_left >= 0 else f"已过{-days_left}天"
    return (
        f"工作日历只到{calendar.last_day.isoformat()}（{reach}）：跨入{following}年的期限不能"
        f"计算。《国务院办公厅关于{following}年部分节假日安排的通知》发布后，按 README"
        "“添加一年的节假日”添加该年的文件并重启"
    )


def announce(calendar: WorkingDayCalendar, today: dt.date, zone: dt.tzinfo) -> None:
    """At start: the gauge, and a warning when the calendar ends within ``ENDING_DAYS``."""
    midnight = dt.datetime.combine(calendar.last_day, dt.time(), tzinfo=zone)
    CALENDAR_LAST_DAY.set(midnight.timestamp())
    days_left = (calendar.last_day - today).days
    if days_left <= ENDING_DAYS:
        log.warning(
            "working_day_calendar_ending",
            last_day=calendar.last_day.isoformat(),
            days_left=days_left,
            hint=ending_text(calendar, days_left),
        )
