"""``verification verifications overdue``: open verifications past their decision deadline."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer
from pydantic import TypeAdapter, ValidationError
from rich.console import Console
from rich.table import Table

from verification.cli.common import database_call, settings_with_database
from verification.kit.business_date import business_date
from verification.kit.rfc3339 import Rfc3339Date

verifications_app = typer.Typer(
    help="Verifications (核对): the open ones past their decision deadline.",
    no_args_is_help=True,
)
_DATE = TypeAdapter(Rfc3339Date)


@verifications_app.command("overdue")
def overdue_command(
    as_of: Annotated[
        str | None,
        typer.Option(help="the day (YYYY-MM-DD); default: today in the deployment's time zone"),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="one JSON array on standard output")
    ] = False,
) -> None:
    """Open verifications (running, or awaiting an agency's later answer) whose decision
    deadline (审核确认总时限, from their acceptance date) passed before AS_OF, the most overdue
    first: their ids, status, acceptance date and deadline (no personal data)."""
    from verification.verifications.repository import overdue_open

    settings = settings_with_database()
    try:
        today = (
            _DATE.validate_python(as_of)
            if as_of is not None
            else business_date(dt.datetime.now(dt.UTC), settings.timezone)
        )
    except ValidationError:
        raise typer.BadParameter(f"{as_of!r} is not a date (YYYY-MM-DD)") from None
    rows = [
        {
            "verification_id": str(row.id),
            "status": row.status,
            "client_id": str(row.client_id),
            "accepted_on": None if row.accepted_on is None else row.accepted_on.isoformat(),
            "decision_due_on": None
            if row.decision_due_on is None
            else row.decision_due_on.isoformat(),
            "provisional": bool(row.decision_due_provisional),
            "days_overdue": (today - row.decision_due_on).days if row.decision_due_on else None,
        }
        for row in database_call(lambda session: overdue_open(session, today))
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(title=f"逾期未决的核对 (overdue open verifications) on {today.isoformat()}")
    for column in ("verification", "status", "accepted", "due", "days over"):
        table.add_column(column)
    for row in rows:
        due = f"{row['decision_due_on']}{' (provisional)' if row['provisional'] else ''}"
        table.add_row(
            *(str(row[key]) for key in ("verification_id", "status", "accepted_on")),
            due,
            str(row["days_overdue"]),
        )
    Console(soft_wrap=True).print(table)
