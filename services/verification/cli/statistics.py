"""``verification statistics show``: the supervisor's view of a region and a period, as
``GET /v1/statistics`` serves it (small counts suppressed), for the operator."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import TypeAdapter, ValidationError
from rich.console import Console
from rich.table import Table

from verification.cli.common import command_database, console, settings_with_database
from verification.kit.rfc3339 import Rfc3339Date

if TYPE_CHECKING:
    from verification.statistics.model import StatisticsView

statistics_app = typer.Typer(
    help="The supervisor's view (监督统计): counts of a region and a period, no personal data.",
    no_args_is_help=True,
)
_DATE = TypeAdapter(Rfc3339Date)


def _date(text: str, name: str) -> dt.date:
    try:
        return _DATE.validate_python(text)
    except ValidationError:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)", param_hint=name) from None


@statistics_app.command("show")
def show(
    region: Annotated[str, typer.Option(help="a region-code prefix, 2 to 6 digits (e.g. 4501)")],
    starts_on: Annotated[
        str, typer.Option("--from", help="the period's first day (YYYY-MM-DD, Beijing), included")
    ],
    ends_before: Annotated[
        str, typer.Option("--to", help="the day after its last (YYYY-MM-DD, Beijing), excluded")
    ],
    lang: Annotated[str, typer.Option(help="zh-CN (default) or en")] = "zh-CN",
    as_json: Annotated[
        bool, typer.Option("--json", help="print the JSON of GET /v1/statistics")
    ] = False,
) -> None:
    """The sections of the supervisor's view (verifications, households, reviews, sharing)
    for REGION from FROM to TO, counts from 1 to the threshold − 1 shown as "<5".  Audited
    as ``statistics_read`` with the actor ``cli``."""
    import re

    from verification.audit.log import append_events
    from verification.clients.service import REGION_PREFIX_PATTERN
    from verification.kit.business_date import business_date
    from verification.messages.locale import Locale
    from verification.problems import DomainError
    from verification.statistics.read import compute, period_of, read_event

    if not re.fullmatch(REGION_PREFIX_PATTERN, region):
        raise typer.BadParameter("a region prefix is 2 to 6 digits", param_hint="--region")
    try:
        locale = Locale(lang)
    except ValueError:
        raise typer.BadParameter("zh-CN or en", param_hint="--lang") from None
    first, end = _date(starts_on, "--from"), _date(ends_before, "--to")
    settings = settings_with_database()

    async def _read() -> StatisticsView:
        period = period_of(first, end)
        async with command_database(settings) as transaction, transaction() as session:
            view = await compute(
                session,
                region,
                period,
                today=business_date(dt.datetime.now(dt.UTC), settings.timezone),
                zone=settings.timezone,
                threshold=settings.statistics_min_count,
                locale=locale,
            )
            await append_events(
                session, [read_event(region, period, client_id=None, actor="cli", request_id=None)]
            )
        return view

    try:
        view = asyncio.run(_read())
    except DomainError as refusal:
        console.print(f"[red]refused ({refusal.instance_code}): {refusal.detail}[/red]")
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(view.model_dump_json())
        return
    _print(view)


def _print(view: StatisticsView) -> None:
    out = Console(soft_wrap=True)
    last = view.period.ends_before - dt.timedelta(days=1)
    out.print(f"[bold]{view.region}[/bold]  {view.period.starts_on} – {last}  ({view.today})")
    out.print(view.suppression.rule)
    for section in view.sections:
        table = Table(title=section.title, caption=section.note, show_lines=False)
        table.add_column("")
        columns = list(dict.fromkeys(c.label for g in section.groups for c in g.cells))
        totals = any(g.total is not None for g in section.groups)
        measures = list(dict.fromkeys(m.label for g in section.groups for m in g.measures))
        for column in [*columns, *(["∑"] if totals else []), *measures]:
            table.add_column(column, justify="right")
        for group in section.groups:
            shown = {c.label: c.shown for c in group.cells}
            row = [group.label, *(shown.get(column, "") for column in columns)]
            if totals:
                row.append(group.total.shown if group.total is not None else "")
            figures = {m.label: m.shown for m in group.measures}
            row += [figures.get(column, "") for column in measures]
            table.add_row(*row)
        out.print(table)
