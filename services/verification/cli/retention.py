"""``verification retention purge``: purge the personal data of verifications past their
region's retention periods (ADR 0024); ``--dry-run`` shows what would go and changes nothing.

Each verification is kept for the periods of its own region's policy in force on the purge
day (``retention.years_after_case_end``, ``retention.years_never_enrolled``); the two options
override them for every region.  The service runs the same purge on its own
(``VERIFICATION_RETENTION_SCHEDULE``); a run by hand is idempotent beside it, each batch one
transaction with its ``retention_purge`` audit event.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from typing import TYPE_CHECKING, Annotated

import typer

from verification.cli.common import settings_with_database

if TYPE_CHECKING:
    from verification.retention.purge import Plan
    from verification.runtime import Runtime

retention_app = typer.Typer(
    help=(
        "Retention: purge verifications' personal data past their region's policy periods "
        "(dry run first)."
    ),
    no_args_is_help=True,
)


@retention_app.command("purge")
def purge_command(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="show what would go (counts, ids); change nothing")
    ] = False,
    as_of: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="the day to count from (default: today)"),
    ] = None,
    years_after_case_end: Annotated[
        int | None,
        typer.Option(
            min=1,
            help=(
                "years kept after a household's case ended, for every region: overrides the "
                "policy's retention.years_after_case_end (default: each region's policy)"
            ),
        ),
    ] = None,
    years_never_enrolled: Annotated[
        int | None,
        typer.Option(
            min=1,
            help=(
                "years kept for a verification no household was enrolled from, for every "
                "region: overrides the policy's retention.years_never_enrolled (default: each "
                "region's policy)"
            ),
        ),
    ] = None,
) -> None:
    """Purge (or, with ``--dry-run``, list) the verifications past their region's periods;
    prints JSON: per region the periods applied and their source (policy layer and citation,
    ``example``, or ``override``), counts per kind, the verification ids (no personal
    data)."""
    from verification.logging import configure_logging
    from verification.retention.periods import Overrides
    from verification.retention.purge import plan, purge
    from verification.runtime import Runtime

    settings = settings_with_database()
    configure_logging(settings.log_format, "WARNING")
    overrides = Overrides(years_after_case_end, years_never_enrolled)

    async def _run() -> Plan:
        runtime: Runtime = Runtime.build(settings)
        try:
            day = runtime.today() if as_of is None else as_of.date()
            if dry_run:
                return await plan(runtime, day, overrides)
            return await purge(runtime, day, overrides, f"cli:{uuid.uuid4().hex}")
        finally:
            await runtime.drain(checkpoint=not dry_run)
            await runtime.aclose()

    found = asyncio.run(_run())
    typer.echo(json.dumps({"dry_run": dry_run, **found.as_json()}, indent=2, ensure_ascii=False))
