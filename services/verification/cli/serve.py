"""``verification serve`` and ``openapi``: the API, and the document that describes it.

``verification serve`` is the embedded default in one command: it migrates the database,
creates the demo keys and client token at first run, writes a signed request for every
scenario household, and serves the API together with the mock agencies in one process.  In
production mode it makes nothing: it checks the key files, the agencies' addresses and that
the database is at the latest migration, and refuses to start (exit 1) before writing
anything.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from verification.cli.common import console
from verification.cli.database import migrate_database
from verification.kit import event_loop
from verification.settings import REPO_ROOT, Settings


def serve(
    host: Annotated[str | None, typer.Option(help="address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="port to listen on")] = None,
) -> None:
    """Migrate, prepare demo state, and serve the API (with the mock agencies when embedded).

    In production mode: no migration and no demo state; it starts only if the key files,
    the agencies' addresses and the database (at the latest migration) are in place."""
    settings = Settings()
    overrides = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    settings = settings.model_copy(update=overrides)
    if not settings.demo_mode():
        from verification.preflight import production_serve_problems

        problems = production_serve_problems(settings)
        if problems:
            console.print("[red]refusing to start in production mode; nothing was written:[/red]")
            for problem in problems:
                console.print(f"  - {problem}", markup=False)
            raise typer.Exit(1)
        console.print(f"production mode: serving on http://{settings.host}:{settings.port}")
        event_loop.run(_serve(settings))
        return
    migrate_database(settings)
    from verification.demo import ensure_demo, write_scenario_requests

    state = asyncio.run(ensure_demo(settings))
    requests = write_scenario_requests(state)
    _print_welcome(settings, state.directory / "client-token", requests)
    event_loop.run(_serve(settings))


async def _serve(settings: Settings) -> None:
    from verification.app import create_app

    api = uvicorn.Server(
        uvicorn.Config(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            access_log=False,
            log_level="warning",
            lifespan="on",
        )
    )
    if not settings.embedded_mock_sources:
        await api.serve()
        return
    from mock_sources.server import serve as serve_mock_sources

    mock = asyncio.create_task(
        serve_mock_sources(settings.mock_sources_host, settings.mock_sources_port)
    )
    try:
        await api.serve()
    finally:
        mock.cancel()


def _print_welcome(settings: Settings, token_file: Path, requests: dict[str, Path]) -> None:
    base = f"http://{settings.host}:{settings.port}"
    eligible = requests.get("eligible")
    console.print(f"[bold green]核对服务[/bold green] serving on {base}  (OpenAPI UI: {base}/docs)")
    if settings.embedded_mock_sources:
        mock = settings.mock_sources_url()
        console.print(f"mock agencies on {mock}  (scenarios: {mock}/_scenarios)")
    console.print(f"database: {settings.database_url}")
    console.print(f"demo client token: {token_file}")
    if eligible:
        console.print(f"signed scenario requests: {eligible.parent}")
    if eligible:
        console.print("try:")
        print(
            f"  curl -s -X POST {base}/v1/verifications "
            f'-H "Authorization: Bearer $(cat {token_file})" '
            f"-H 'Content-Type: application/json' -d @{eligible}",
            file=sys.stderr,
        )


def export_openapi(
    out: Annotated[Path, typer.Option(help="where to write the spec")] = REPO_ROOT
    / "openapi"
    / "openapi.json",
) -> None:
    """Write the OpenAPI document the app serves (kept in openapi/, checked by the tests)."""
    from verification.app import openapi_document

    out.write_text(openapi_document() + "\n", encoding="utf-8")
    console.print(f"wrote {out}")
