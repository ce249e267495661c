"""``verification spot-check``: auditable spot checks (入户抽查) — create one, show it (its
sample once drawn, or as CSV), record a visit, and ``verify`` an export offline.

``verify`` needs no settings, database or network: the export and the log's verifier key.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from collections.abc import Awaitable, Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from verification.cli.common import (
    ClientOption,
    case_system_client,
    console,
    settings_with_database,
)
from verification.messages.locale import Locale

if TYPE_CHECKING:
    from verification.runtime import Runtime

T = TypeVar("T")

spot_check_app = typer.Typer(
    help="Spot checks (入户抽查): a sample nobody can rig, drawn from a signed audit "
    "checkpoint published after the frame was fixed; verify an export offline.",
    no_args_is_help=True,
)


def _with_runtime(action: Callable[[Runtime], Awaitable[T]]) -> T:
    """Run ``action`` with a runtime; what it recorded is integrated and a checkpoint signed
    at the end (as ``batch run`` does), so a sample can be drawn without a served process.
    A refusal is printed and exits 1."""
    from verification.logging import configure_logging
    from verification.problems import DomainError
    from verification.runtime import Runtime

    settings = settings_with_database()
    configure_logging(settings.log_format, "WARNING")

    async def _run() -> T:
        runtime = Runtime.build(settings)
        try:
            return await action(runtime)
        finally:
            await runtime.drain(checkpoint=True)
            await runtime.aclose()

    try:
        return asyncio.run(_run())
    except DomainError as refusal:
        console.print(f"[red]refused ({refusal.instance_code}): {refusal.detail}[/red]")
        raise typer.Exit(1) from None


def _request_id() -> str:
    return f"cli:{uuid.uuid4().hex}"


@spot_check_app.command("create")
def create_command(
    region: Annotated[str, typer.Option(help="region prefix (2–6 digits) the client may use")],
    period_from: Annotated[
        dt.datetime,
        typer.Option("--from", formats=["%Y-%m-%d"], help="first assessment date (YYYY-MM-DD)"),
    ],
    period_to: Annotated[
        dt.datetime,
        typer.Option("--to", formats=["%Y-%m-%d"], help="last assessment date (YYYY-MM-DD)"),
    ],
    rate: Annotated[
        str | None, typer.Option(help="a rate above the policy's, e.g. 0.35 (default: policy)")
    ] = None,
    client: ClientOption = None,
) -> None:
    """Fix a spot check's frame (the client's completed verifications of the region with
    their assessment date in the period) and print it as JSON; the sample is drawn from the
    first signed checkpoint after the frame (``show``)."""
    from verification.spot_checks.create import create_spot_check
    from verification.spot_checks.draw import ensure_drawn
    from verification.spot_checks.read import spot_check_view
    from verification.spot_checks.schemas import CreateSpotCheck

    body = CreateSpotCheck(
        region_prefix=region,
        period_from=period_from.date(),
        period_to=period_to.date(),
        rate=None if rate is None else Decimal(rate),
    )

    async def _create(runtime: Runtime) -> str:
        case_system = await case_system_client(runtime, client)
        view = await create_spot_check(runtime, case_system, body, _request_id())
        await runtime.drain(checkpoint=True)
        await ensure_drawn(runtime, view.id, _request_id())
        return (await spot_check_view(runtime, view.id)).model_dump_json(indent=2)

    typer.echo(_with_runtime(_create))


@spot_check_app.command("show")
def show_command(
    spot_check_id: Annotated[uuid.UUID, typer.Argument(help="the spot check's id")],
    client: ClientOption = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="the drawn list as CSV")] = False,
) -> None:
    """A spot check as JSON (drawn if its checkpoint exists), or its sample as CSV."""
    from verification.spot_checks.read import read_spot_check, spot_check_csv

    async def _show(runtime: Runtime) -> str:
        case_system = await case_system_client(runtime, client)
        if as_csv:
            return await spot_check_csv(runtime, case_system, spot_check_id, _request_id())
        view = await read_spot_check(runtime, case_system, spot_check_id, _request_id())
        return view.model_dump_json(indent=2)

    typer.echo(_with_runtime(_show), nl=not as_csv)


@spot_check_app.command("visit")
def visit_command(
    spot_check_id: Annotated[uuid.UUID, typer.Argument(help="the spot check's id")],
    *,
    verification: Annotated[uuid.UUID, typer.Option(help="the drawn household's verification")],
    outcome: Annotated[str, typer.Option(help="consistent, inconsistent or not_reachable")],
    on: Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="the visit's date")],
    note: Annotated[
        str | None, typer.Option(help="what the visit found (stored encrypted)")
    ] = None,
    client: ClientOption = None,
) -> None:
    """Record a home visit's result for a drawn household."""
    from pydantic import ValidationError

    from verification.spot_checks.schemas import RecordVisit
    from verification.spot_checks.visits import record_visit

    try:
        body = RecordVisit(
            verification_id=verification, visited_on=on.date(), outcome=outcome, note=note
        )
    except ValidationError:
        raise typer.BadParameter(
            "--outcome is consistent, inconsistent or not_reachable", param_hint="--outcome"
        ) from None

    async def _visit(runtime: Runtime) -> str:
        case_system = await case_system_client(runtime, client)
        view = await record_visit(runtime, case_system, spot_check_id, body, _request_id())
        return view.model_dump_json(indent=2)

    typer.echo(_with_runtime(_visit))


@spot_check_app.command("verify")
def verify_command(
    export: Annotated[
        Path,
        typer.Argument(
            help="the export from GET /v1/spot-checks/{id}/export", exists=True, dir_okay=False
        ),
    ],
    *,
    key: Annotated[
        str,
        typer.Option(
            help="the log's verifier key: a file from 'audit public-key' or "
            "/.well-known/audit-log-key, or the key itself"
        ),
    ],
    lang: Annotated[
        Locale, typer.Option(help="the language of the output: zh-CN (default) or en")
    ] = Locale.ZH_CN,
) -> None:
    """Recompute a spot check's sample offline and compare it with the drawn list.

    Checks the frame's digest against the audit event that fixed it, that event's receipt
    under the signed checkpoint the seed comes from (signature, inclusion, the checkpoint
    after the event), then re-derives the seed and the sample. Exit 0 when the drawn list
    is the sample, 1 when not. No database, no settings, no network."""
    from rich.markup import escape

    from verification.messages.render import render
    from verification.spot_checks.offline import SpotCheckExportError, verify_export

    def fail(code: str, **params: Any) -> NoReturn:
        if code == "spot_check.receipt_invalid":  # the receipt's own reason, in words
            params = {"reason": render(params["reason"], params["receipt"], lang)}
        reason = render(code, params, lang)
        console.print(
            f"[red]{escape(render('spot_check.invalid', {'reason': reason}, lang))}[/red]"
        )
        raise typer.Exit(1)

    key_file = Path(key)
    vkey = key_file.read_text(encoding="utf-8", errors="replace") if key_file.is_file() else key
    try:
        parsed = json.loads(export.read_bytes())
    except ValueError:
        fail("spot_check.bad_export")
    if not isinstance(parsed, dict):
        fail("spot_check.bad_export")
    try:
        proven = verify_export(parsed, vkey.strip())
    except SpotCheckExportError as error:
        fail(error.code, **error.params)
    verified = render(
        "spot_check.verified",
        {
            "drawn": proven.drawn_count,
            "frame": proven.frame_count,
            "index": proven.frame_index,
            "size": proven.checkpoint_size,
            "origin": proven.origin,
        },
        lang,
    )
    console.print(f"[green]{escape(verified)}[/green]")
