"""``verification batch run|status`` and ``verification worker``: re-verification batches."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from verification.batches.create import create_batch
from verification.batches.engine import batch_engine
from verification.batches.progress import batch_progress
from verification.batches.schemas import BatchView, CreateBatch, DueSelection
from verification.cli.common import ClientOption, case_system_client
from verification.clients.models import ApiClient
from verification.kit import event_loop
from verification.logging import configure_logging
from verification.preflight import require_database
from verification.problems import DomainError
from verification.runtime import Runtime
from verification.schedules import periodic_runs
from verification.settings import Settings

batch_app = typer.Typer(
    help="Re-verification batches (动态管理) of enrolled households: run one, or show a "
    "batch's progress.",
    no_args_is_help=True,
)
console = Console(stderr=True, soft_wrap=True)


@contextlib.asynccontextmanager
async def _running(settings: Settings) -> AsyncIterator[Runtime]:
    """A runtime with this process's batch engine (and the embedded mock agencies), and an
    audit integrator candidate; what is still pending at the end is integrated then."""
    runtime = Runtime.build(settings)
    integrator = asyncio.create_task(runtime.run_integrators(), name="audit-integrator")
    mock: asyncio.Task[None] | None = None
    if settings.embedded_mock_sources:
        from mock_sources.server import serve as serve_mock_sources

        mock = asyncio.create_task(
            serve_mock_sources(settings.mock_sources_host, settings.mock_sources_port)
        )
    try:
        async with batch_engine(runtime, periodic_runs(settings)):
            yield runtime
    finally:
        integrator.cancel()
        if mock is not None:
            mock.cancel()
        await asyncio.gather(integrator, *filter(None, [mock]), return_exceptions=True)
        with contextlib.suppress(Exception):  # else the serving process integrates them
            await runtime.drain(checkpoint=True)
        await runtime.aclose()


def _counts(view: BatchView) -> str:
    c = view.counts
    parts = [f"done {c.done}", f"running {c.running}", f"pending {c.pending}"]
    parts += [
        f"{name} {n}"
        for name, n in (("failed", c.failed), ("skipped", c.skipped), ("cancelled", c.cancelled))
        if n
    ]
    rate = f"{view.rate_per_second:.1f}/s" if view.rate_per_second else "–/s"
    eta = f"ETA {view.eta_seconds:.0f}s" if view.eta_seconds is not None else ""
    return f"{' · '.join(parts)} · {rate} {eta}"


async def _follow(runtime: Runtime, client: ApiClient, batch_id: uuid.UUID) -> BatchView:
    view = await batch_progress(runtime, client, batch_id)
    with Progress(
        TextColumn("batch {task.fields[short]}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[counts]}"),
        console=console,
    ) as progress:
        task = progress.add_task(
            "batch", total=view.total, short=str(batch_id)[:8], counts=_counts(view)
        )
        while True:
            finished = view.total - view.counts.pending - view.counts.running
            progress.update(task, completed=finished, counts=_counts(view))
            if view.status != "running":
                return view
            await asyncio.sleep(0.5)
            view = await batch_progress(runtime, client, batch_id)


def _summary(view: BatchView) -> None:
    console.print(f"batch {view.id}: {view.status}; {_counts(view)}")
    if view.recommendations:
        console.print(
            "recommendations: "
            + ", ".join(f"{k} {v}" for k, v in sorted(view.recommendations.items()))
        )


@batch_app.command("run")
def run_command(
    as_of: Annotated[
        dt.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="everything due by this date (default: today in the deployment's time zone)",
        ),
    ] = None,
    region: Annotated[str | None, typer.Option(help="region-code prefix, e.g. 4501")] = None,
    households: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="a file of household ids, one a line"),
    ] = None,
    client: ClientOption = None,
    follow: Annotated[bool, typer.Option(help="show progress until the batch ends")] = True,
) -> None:
    """Create a batch (everything due, or the households listed) and follow it to the end.

    On the embedded default (SQLite) the items run in this process, which is meant to be
    the only one running batches on the database (``verification serve`` runs them itself);
    with the procrastinate engine (PostgreSQL) they run on ``verification worker`` processes.
    """
    settings = Settings()
    require_database(settings)
    configure_logging(settings.log_format, "WARNING")
    if households is not None:
        ids = [
            uuid.UUID(line.strip()) for line in households.read_text().splitlines() if line.strip()
        ]
        body = CreateBatch(household_ids=ids)
    else:
        body = CreateBatch(due=DueSelection(as_of=as_of.date() if as_of else None, region=region))

    async def _run() -> BatchView:
        async with _running(settings) as runtime:
            case_system = await case_system_client(runtime, client)
            view = await create_batch(runtime, case_system, body, f"cli:{uuid.uuid4().hex}")
            due = f" due by {view.as_of.isoformat()}" if view.as_of else ""
            console.print(f"batch {view.id}: {view.total} household(s){due}")
            if settings.uses_procrastinate():
                console.print("items run on the `verification worker` processes")
            else:
                console.print(
                    "items run in this process (the embedded engine; SQLite is single-process: "
                    "while `verification serve` runs on this database, create batches through "
                    "its API, POST /v1/batches, and let it run them)"
                )
            if not follow or view.status != "running":
                return view
            return await _follow(runtime, case_system, view.id)

    try:
        _summary(event_loop.run(_run()))
    except DomainError as refused:
        console.print(f"[red]refused: {refused}[/red]")
        raise typer.Exit(1) from None


@batch_app.command("status")
def status_command(
    batch_id: Annotated[uuid.UUID, typer.Argument(help="the batch id")],
    client: ClientOption = None,
    watch: Annotated[bool, typer.Option(help="follow it with a progress bar to the end")] = False,
) -> None:
    """A batch's progress: counts by state, recommendations, rate and ETA."""
    settings = Settings()
    require_database(settings)
    configure_logging(settings.log_format, "WARNING")

    async def _status() -> BatchView:
        runtime = Runtime.build(settings)
        try:
            case_system = await case_system_client(runtime, client)
            if watch:
                return await _follow(runtime, case_system, batch_id)
            return await batch_progress(runtime, case_system, batch_id)
        finally:
            await runtime.aclose()

    try:
        _summary(asyncio.run(_status()))
    except DomainError as refused:
        console.print(f"[red]{refused}[/red]")
        raise typer.Exit(1) from None


def worker_command(
    concurrency: Annotated[
        int | None, typer.Option(help="items at once in this process (default: batch_concurrency)")
    ] = None,
) -> None:
    """Run batch items from the job queue (PostgreSQL; start as many as you like, anywhere).

    Also runs the periodic tasks: stalled-job recovery, the review schedule and the polling
    of agencies that answer later; and the webhook sender (deliveries need no API process).
    """
    settings = Settings()
    if settings.database_url.startswith("sqlite"):
        console.print(
            "[red]workers need PostgreSQL;[/red] SQLite is single-process: batches run "
            "inside `verification serve` (or `verification batch run` when it is not running)"
        )
        raise typer.Exit(2)
    if not settings.demo_mode():
        from verification.preflight import production_serve_problems

        problems = production_serve_problems(settings)
        if problems:
            console.print("[red]refusing to start in production mode; nothing was written:[/red]")
            for problem in problems:
                console.print(f"  - {problem}", markup=False)
            raise typer.Exit(1)
    configure_logging(settings.log_format, settings.log_level)
    from verification.batches.jobs import run_worker

    event_loop.run(run_worker(settings, concurrency, periodic_runs(settings)))
