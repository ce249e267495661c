"""``verification appeals``: the appeals (复议) of a region, one appeal, and their counts.

For operators: what is shown is codes, dates and counts, never the household's evidence or
the caseworker's note (those are read through the API by the client that filed the appeal).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Annotated, Any

import typer
from pydantic import TypeAdapter, ValidationError
from rich.console import Console
from rich.table import Table

from verification.cli.common import database_call, settings_with_database
from verification.kit.business_date import business_date
from verification.kit.rfc3339 import Rfc3339Date

appeals_app = typer.Typer(
    help="Appeals (复议) against reports: list them, show one, count them.",
    no_args_is_help=True,
)
_DATE = TypeAdapter(Rfc3339Date)
_JSON = Annotated[bool, typer.Option("--json", help="JSON on standard output")]
_REGION = Annotated[str, typer.Option("--region", help="a region code prefix (e.g. 45, 4501)")]


def _day(value: str | None, *, default: dt.date) -> dt.date:
    if value is None:
        return default
    try:
        return _DATE.validate_python(value)
    except ValidationError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _today() -> dt.date:
    return business_date(dt.datetime.now(dt.UTC), settings_with_database().timezone)


def _row(appeal: Any, today: dt.date) -> dict[str, Any]:
    from verification.appeals.deadline import is_overdue

    return {
        "appeal_id": str(appeal.id),
        "verification_id": str(appeal.verification_id),
        "region_code": appeal.region_code,
        "status": appeal.status,
        "report_revision": appeal.report_revision,
        "filed_on": appeal.filed_on.isoformat(),
        "decision_due_on": appeal.decision_due_on.isoformat(),
        "provisional": appeal.decision_due_provisional,
        "overdue": is_overdue(appeal.status, appeal.decision_due_on, today),
        "disputed": appeal.disputed,
        "requery_scopes": list(appeal.requery_scopes),
        "evidence_items": appeal.evidence_count,
        "decision": appeal.decision,
        "decided_on": None if appeal.decided_on is None else appeal.decided_on.isoformat(),
        "reason_codes": list(appeal.reason_codes or []),
        "result_revision": appeal.result_revision,
    }


@appeals_app.command("list")
def list_command(
    region: _REGION = "",
    status: Annotated[
        str | None, typer.Option(help="filed (awaiting a decision) or decided")
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="only those undecided past their decision's day")
    ] = False,
    as_of: Annotated[str | None, typer.Option(help="the day for --overdue (YYYY-MM-DD)")] = None,
    as_json: _JSON = False,
) -> None:
    """The appeals of REGION, newest first (at most 200): codes, dates and decisions."""
    from verification.appeals.repository import list_appeals

    if status not in (None, "filed", "decided"):
        raise typer.BadParameter("--status is filed or decided")
    today = _day(as_of, default=_today())
    appeals = database_call(
        lambda session: list_appeals(
            session, region_prefix=region, status=status, overdue_on=today if overdue else None
        )
    )
    rows = [_row(appeal, today) for appeal in appeals]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(title=f"复议 (appeals) of region {region or '*'} on {today.isoformat()}")
    for column in ("appeal", "verification", "status", "filed", "due", "overdue", "decision"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["appeal_id"],
            row["verification_id"],
            row["status"],
            row["filed_on"],
            row["decision_due_on"],
            "yes" if row["overdue"] else "",
            row["decision"] or "",
        )
    Console(soft_wrap=True).print(table)


@appeals_app.command("show")
def show_command(
    appeal_id: Annotated[str, typer.Argument(help="the appeal's id")], as_json: _JSON = False
) -> None:
    """One appeal: what it disputes (codes), its deadlines, its decision (no evidence text)."""
    from verification.appeals.repository import find

    try:
        key = uuid.UUID(appeal_id)
    except ValueError:
        raise typer.BadParameter(f"{appeal_id!r} is not an appeal id") from None
    appeal = database_call(lambda session: find(session, key))
    if appeal is None:
        typer.echo(f"no appeal {appeal_id}", err=True)
        raise typer.Exit(1)
    row = _row(appeal, _today())
    if as_json:
        typer.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table(title=f"复议 (appeal) {appeal_id}", show_header=False)
    for name, value in row.items():
        table.add_row(
            name, json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
        )
    Console(soft_wrap=True).print(table)


@appeals_app.command("counts")
def counts_command(
    region: _REGION = "",
    start: Annotated[
        str | None, typer.Option("--from", help="first filing day (YYYY-MM-DD)")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--before", help="day after the last filing day (YYYY-MM-DD)")
    ] = None,
    as_json: _JSON = False,
) -> None:
    """Appeals of REGION filed in [--from, --before): filed, open, decided by decision,
    overdue, decided late (default: the last 30 days up to today)."""
    from verification.appeals.repository import appeal_counts

    today = _today()
    period = (
        _day(start, default=today - dt.timedelta(days=30)),
        _day(end, default=today + dt.timedelta(days=1)),
    )
    counts = database_call(lambda session: appeal_counts(session, region, period, today=today))
    if as_json:
        typer.echo(json.dumps(counts.as_json(), ensure_ascii=False))
        return
    table = Table(title=f"复议统计 (appeal counts) {region or '*'} {period[0]} – {period[1]}")
    table.add_column("count")
    table.add_column("value")
    for name, value in counts.as_json().items():
        table.add_row(name, json.dumps(value, ensure_ascii=False))
    Console(soft_wrap=True).print(table)
