"""``mock-sources``: run the mock agencies standalone (``--host``, ``--port``, ``--faults``).

``--faults FILE`` reads initial fault profiles from a JSON file shaped like
``MOCK_SOURCES_FAULTS`` (``{"tax": {"error_rate": 0.1}, ...}``); they win over
the environment variable per agency.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import uvloop

from mock_sources.app import agencies
from mock_sources.faults import FaultProfile, parse_fault_profiles
from mock_sources.server import DEFAULT_HOST, DEFAULT_PORT, serve

app = typer.Typer(add_completion=False, help="Serve the mock agencies of WIRE.md.")


def _load_faults(path: Path | None) -> dict[str, FaultProfile] | None:
    if path is None:
        return None
    try:
        return parse_fault_profiles(path.read_bytes(), agencies())
    except (OSError, ValueError) as exc:
        raise typer.BadParameter(str(exc), param_hint="--faults") from exc


@app.command()
def run(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(help="TCP port to listen on.")] = DEFAULT_PORT,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    faults: Annotated[
        Path | None,
        typer.Option(
            help="JSON file of initial fault profiles by agency (see WIRE.md).",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ] = None,
) -> None:
    """Serve the mock agencies (the six and any plugin's) and the scenario listing until
    interrupted."""
    uvloop.run(serve(host, port, log_level=log_level, faults=_load_faults(faults)))


def main() -> None:
    app()
