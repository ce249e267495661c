"""``verification calendar show|check``: the working-day calendar's years and where each comes
from, and a year file checked before it is installed (ADR 0028)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from verification.calendar_coverage import ENDING_DAYS, coverage, ending_text
from verification.kit.business_date import business_date
from verification.procedure.calendar import WorkingDayCalendar, check, load
from verification.procedure.calendar_files import CalendarFileError, load_year
from verification.settings import Settings

calendar_app = typer.Typer(
    help="The working-day calendar (工作日历): its years, where each comes from, and the year "
    "files operators add from the State Council's holiday notice.",
    no_args_is_help=True,
)
errors = Console(stderr=True, soft_wrap=True)


def _today(settings: Settings) -> dt.date:
    return business_date(dt.datetime.now(dt.UTC), settings.timezone)


def _refused(exc: CalendarFileError) -> typer.Exit:
    errors.print(f"[red]日历文件有误（calendar file refused）：[/red]{escape(str(exc))}")
    return typer.Exit(1)


def _table(calendar: WorkingDayCalendar, since: int) -> Table:
    table = Table(
        title=f"工作日历 {calendar.first_year}–{calendar.last_year}年，"
        f"最后一天 {calendar.last_day.isoformat()}"
    )
    table.add_column("年份 year", no_wrap=True)
    table.add_column("来源 source", no_wrap=True)
    table.add_column("依据 citation")
    table.add_column("说明 note")
    for year in sorted(calendar.sources):
        if year < since:
            continue
        source = calendar.sources[year]
        kind = "软件包 package" if source.kind == "package" else f"文件 {source.file}"
        note = source.note or ""
        if source.kind == "file" and source.note:
            note = f"更正软件包：{source.note}"
        table.add_row(str(year), escape(kind), escape(source.citation), escape(note))
    return table


@calendar_app.command("show")
def show(
    all_years: Annotated[
        bool, typer.Option("--all", help="every year (default: from last year on)")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print what /readyz shows")] = False,
) -> None:
    """The years the working-day calendar covers and where each comes from: the
    chinesecalendar package, or a file in VERIFICATION_CALENDAR_DIR."""
    settings = Settings()
    directory = settings.resolved_calendar_dir()
    try:
        calendar = load(directory)
    except CalendarFileError as exc:
        raise _refused(exc) from None
    today = _today(settings)
    if as_json:
        view = {**coverage(calendar, today), "directory": str(directory)}
        print(json.dumps(view, ensure_ascii=False, indent=2))
        return
    out = Console(soft_wrap=True)
    out.print(_table(calendar, calendar.first_year if all_years else today.year - 1))
    out.print(f"日历目录（VERIFICATION_CALENDAR_DIR）：{escape(str(directory))}")
    days_left = (calendar.last_day - today).days
    if days_left <= ENDING_DAYS:
        out.print(f"[yellow]{escape(ending_text(calendar, days_left))}[/yellow]")


@calendar_app.command("check")
def check_file(
    file: Annotated[Path, typer.Argument(help="the year file to check, e.g. 2027.toml")],
) -> None:
    """Check a year file before it is installed: alone, and with the package and the files
    already in VERIFICATION_CALENDAR_DIR (one of the same name is taken as replaced)."""
    settings = Settings()
    try:
        year = load_year(file)
        calendar = check(year, settings.resolved_calendar_dir())
    except CalendarFileError as exc:
        raise _refused(exc) from None
    source = calendar.sources[year.year]
    out = Console(soft_wrap=True)
    days_off = sum(1 for day in year.days_off if day.weekday() < 5)
    out.print(
        f"[green]可以安装（valid）：[/green]{escape(file.name)}："
        f"{year.year}年，{len(year.holidays)}个假期，{days_off}个工作日放假，"
        f"{len(year.make_up_days)}个调休上班日"
    )
    out.print(escape(source.text()))
    out.print(
        f"安装后工作日历到 {calendar.last_day.isoformat()}；复制到 "
        f"{escape(str(settings.resolved_calendar_dir()))}/ 并重启服务后生效"
    )
