"""``verification integrity``: the integrity record (诚信记录) for operators — the entries
and one entry's lifecycle, without personal data (no figure, explanation or note)."""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from verification.cli.common import database_call, settings_with_database
from verification.kit.business_date import business_date

integrity_app = typer.Typer(
    help="The integrity record (诚信记录): entries proposed, notified, explained, confirmed, "
    "dismissed, withdrawn or expired.",
    no_args_is_help=True,
)

_FIELDS = (
    "id",
    "status",
    "region_code",
    "verification_id",
    "revision",
    "finding_index",
    "finding_code",
    "member_count",
    "notified_on",
    "notice_channel",
    "decided_on",
    "period_months",
    "period_example",
    "listed_from",
    "listed_until",
    "closed_on",
    "closing_reason",
)


def _summary(row: Any, today: Any) -> dict[str, Any]:
    from verification.integrity_record.lifecycle import status_on

    fields = {name: getattr(row, name) for name in _FIELDS}
    fields["status"] = status_on(row.status, row.listed_until, today).value
    fields["explained"] = row.explanation_enc is not None
    fields["sandbox"] = row.sandbox
    fields["created_at"] = row.created_at
    return {k: (v if v is None or isinstance(v, bool | int) else str(v)) for k, v in fields.items()}


def _today() -> Any:
    import datetime as dt

    return business_date(dt.datetime.now(dt.UTC), settings_with_database().timezone)


@integrity_app.command("list")
def list_command(
    region: Annotated[str | None, typer.Option(help="a region-code prefix (2–6 digits)")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="entries shown")] = 100,
    as_json: Annotated[
        bool, typer.Option("--json", help="one JSON array on standard output")
    ] = False,
) -> None:
    """The newest entries of every client (ids, states, dates; no personal data)."""
    from verification.integrity_record.repository import operator_list

    today = _today()
    rows = [
        _summary(row, today)
        for row in database_call(
            lambda session: operator_list(session, region_prefix=region, limit=limit)
        )
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(title=f"诚信记录 (integrity record) on {today.isoformat()}")
    for column in ("entry", "status", "region", "finding", "listed until"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["id"],
            row["status"],
            row["region_code"],
            row["finding_code"],
            str(row["listed_until"] or ""),
        )
    Console(soft_wrap=True).print(table)


@integrity_app.command("show")
def show_command(
    entry_id: Annotated[str, typer.Argument(help="the entry's id")],
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object")] = False,
) -> None:
    """One entry's lifecycle (no personal data)."""
    from verification.integrity_record.repository import operator_entry

    try:
        wanted = uuid.UUID(entry_id)
    except ValueError:
        raise typer.BadParameter(f"{entry_id!r} is not an entry id") from None
    row = database_call(lambda session: operator_entry(session, wanted))
    if row is None:
        typer.echo(f"no integrity entry {entry_id}", err=True)
        raise typer.Exit(1)
    summary = _summary(row, _today())
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
        return
    table = Table(title=f"诚信记录条目 {entry_id}", show_header=False)
    for key, value in summary.items():
        table.add_row(key, "" if value is None else str(value))
    Console(soft_wrap=True).print(table)
