"""``verification demo``: the demo state of the embedded default (demo mode only)."""

from __future__ import annotations

import asyncio

import typer

from verification.cli.common import console
from verification.cli.database import migrate_database
from verification.settings import Settings

demo_app = typer.Typer(
    help="Demo state for the embedded default: the demo issuer key, client token and signed "
    "scenario requests (demo mode only).",
    no_args_is_help=True,
)


@demo_app.command("init")
def demo_init() -> None:
    """Create (or reuse) the demo issuer key, client token and scenario requests (demo mode)."""
    from verification.demo import DemoRefused, ensure_demo, write_scenario_requests

    settings = Settings()
    if not settings.demo_mode():
        raise DemoRefused("'demo init' runs only in demo mode; nothing was written")
    migrate_database(settings)
    state = asyncio.run(ensure_demo(settings))
    for name, path in write_scenario_requests(state).items():
        console.print(f"{name}: {path}")
    console.print(f"client token file: {state.directory / 'client-token'}")
