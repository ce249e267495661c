"""``mock-sources``: run the mock agencies standalone (``--host``, ``--port``)."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from mock_sources.server import DEFAULT_HOST, DEFAULT_PORT, serve

app = typer.Typer(add_completion=False, help="Serve the mock agencies of WIRE.md.")


@app.command()
def run(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(help="TCP port to listen on.")] = DEFAULT_PORT,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the six mock agencies and the scenario listing until interrupted."""
    asyncio.run(serve(host, port, log_level=log_level))


def main() -> None:
    app()
