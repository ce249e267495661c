"""``verification cross-list …``: upload a list (脱贫, 低保边缘, …) of a case system, compare
it with the case system's enrolled households, show a comparison, and run the month's
scheduled comparisons (每月一比对) — the API's use cases, run in this process."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from verification.cli.common import (
    ClientOption,
    case_system_client,
    console,
    settings_with_database,
)
from verification.cross_lists.schemas import CrossListComparison, CrossListKind, CrossListView
from verification.logging import configure_logging

if TYPE_CHECKING:
    from verification.clients.models import ApiClient
    from verification.runtime import Runtime

T = TypeVar("T")

cross_list_app = typer.Typer(
    help="Cross-list comparison (每月一比对): a case system's lists (脱贫, 低保边缘, …) "
    "against its enrolled households.",
    no_args_is_help=True,
)


def _run(
    work: Callable[[Runtime, ApiClient, str], Awaitable[T]],
    client: str | None,
    file_lines: tuple[int, ...] = (),
) -> T:
    """``work(runtime, case_system, request_id)`` with a runtime of this process; what it
    recorded is integrated before the command ends.  A refusal is one line and exit 1 (an
    invalid entry named by its line in the file, ``file_lines``)."""
    from verification.problems import DomainError
    from verification.runtime import Runtime

    settings = settings_with_database()
    configure_logging(settings.log_format, "WARNING")

    async def _go() -> T:
        runtime = Runtime.build(settings)
        try:
            case_system = await case_system_client(runtime, client)
            request_id = f"cli:{uuid.uuid4().hex}"
            try:
                return await work(runtime, case_system, request_id)
            except DomainError as refused:  # audited as the API's problem handler does
                await runtime.audit.record(
                    [
                        {
                            "action": refused.instance_audit_action,
                            "client_id": str(case_system.id),
                            "request_id": request_id,
                            "command": "cross-list",
                            "status": refused.instance_status,
                            "code": refused.instance_code,
                            **refused.audit_fields,
                        }
                    ]
                )
                raise
        finally:
            await runtime.drain(checkpoint=True)
            await runtime.aclose()

    try:
        return asyncio.run(_go())
    except DomainError as refused:
        lines = ""
        if refused.extra.get("invalid_entries") and file_lines:
            lines = "; lines " + ", ".join(
                f"{file_lines[e['entry'] - 1]} ({e['problem']})"
                for e in refused.extra["invalid_entries"]
            )
        console.print(
            f"[red]refused ({refused.instance_code}): {refused.detail}{lines}[/red]",
        )
        raise typer.Exit(1) from None


@cross_list_app.command("upload")
def upload_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a .csv or .json")],
    kind: Annotated[CrossListKind, typer.Option(help="what the list is")],
    region: Annotated[str, typer.Option(help="the region-code prefix it covers, e.g. 4501")],
    client: ClientOption = None,
) -> None:
    """Upload FILE (CSV: the first cell of each line, a header line allowed; JSON: an array
    of strings) as the next version of the client's list of KIND and REGION. The ID numbers
    are blind-indexed at once; an invalid line is named by its line number, not its value.
    Prints the list as JSON."""
    from verification.cross_lists.entries import read_list_file
    from verification.cross_lists.schemas import UploadCrossList
    from verification.cross_lists.upload import upload_list

    try:
        read = read_list_file(
            file.read_text(encoding="utf-8-sig"), json_format=file.suffix.lower() == ".json"
        )
        body = UploadCrossList(kind=kind, region_prefix=region, id_numbers=list(read.values))
    except ValueError as error:  # pydantic's ValidationError is one; its text names no value
        raise typer.BadParameter(
            f"{file.name}: not a list file of at most 100000 entries ({type(error).__name__})"
        ) from None

    async def work(runtime: Runtime, case_system: ApiClient, request_id: str) -> CrossListView:
        return await upload_list(runtime, case_system, body, request_id)

    view = _run(work, client, read.lines)
    typer.echo(view.model_dump_json(indent=2))


@cross_list_app.command("compare")
def compare_command(
    list_id: Annotated[uuid.UUID, typer.Argument(help="the list's id (its upload's `id`)")],
    client: ClientOption = None,
) -> None:
    """Compare the list with the client's enrolled households of its region now; prints the
    comparison's counts and id (``show`` prints its entries)."""
    from verification.cross_lists.compare import compare_on_demand

    async def work(
        runtime: Runtime, case_system: ApiClient, request_id: str
    ) -> CrossListComparison:
        return await compare_on_demand(runtime, case_system, list_id, request_id)

    view = _run(work, client)
    typer.echo(json.dumps({"id": str(view.id), "counts": view.counts.model_dump()}, indent=2))


@cross_list_app.command("show")
def show_command(
    comparison_id: Annotated[uuid.UUID, typer.Argument(help="the comparison's id")],
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV, one row an entry")] = False,
    client: ClientOption = None,
) -> None:
    """A comparison: counts and entries (masked ID numbers only), as JSON or CSV."""
    from verification.cross_lists.read import comparison_csv, read_comparison

    async def work(
        runtime: Runtime, case_system: ApiClient, request_id: str
    ) -> CrossListComparison:
        return await read_comparison(
            runtime, case_system, comparison_id, request_id, "csv" if as_csv else "json"
        )

    view = _run(work, client)
    typer.echo(comparison_csv(view) if as_csv else view.model_dump_json(indent=2), nl=not as_csv)


@cross_list_app.command("run-monthly")
def run_monthly_command(
    as_of: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="the Beijing date (default: today)"),
    ] = None,
) -> None:
    """The schedule's run, now: the month's comparison of every current list not compared
    yet this month (a second run in the month makes none). Prints the new comparisons' ids."""
    from verification.cross_lists.schedule import run_monthly
    from verification.runtime import Runtime

    settings = settings_with_database()
    configure_logging(settings.log_format, "WARNING")

    async def _go() -> list[uuid.UUID]:
        runtime = Runtime.build(settings)
        try:
            return await run_monthly(runtime, as_of.date() if as_of else runtime.today())
        finally:
            await runtime.drain(checkpoint=True)
            await runtime.aclose()

    made = asyncio.run(_go())
    typer.echo(json.dumps([str(m) for m in made]))
