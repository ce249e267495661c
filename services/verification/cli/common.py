"""What the command modules share: the console, the settings of a command that needs a
database, the database of a command (its engine made and disposed of in one place), and one
write transaction on it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console

from verification.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from verification.clients.models import ApiClient
    from verification.db import Transactions
    from verification.runtime import Runtime

T = TypeVar("T")

console = Console(stderr=True, soft_wrap=True)  # long URLs and paths stay on one line

# the case system a command acts for (batches, cross lists, spot checks)
ClientOption = Annotated[
    str | None,
    typer.Option("--client", help="case-system client id or name; default: the only one"),
]


async def case_system_client(runtime: Runtime, ref: str | None) -> ApiClient:
    """The active case-system client ``ref`` names (its id or name), or the only one there
    is; anything else is a usage error naming those found."""
    from verification.clients.service import active_case_systems

    async with runtime.read_session_factory() as session:
        clients = await active_case_systems(session, accept_demo=runtime.settings.demo_mode())
    if ref is not None:
        clients = [c for c in clients if ref in {str(c.id), c.name}]
    if len(clients) != 1:
        found = ", ".join(f"{c.name} ({c.id})" for c in clients) or "none"
        raise typer.BadParameter(f"name one case-system client with --client; found: {found}")
    return clients[0]


def settings_with_database() -> Settings:
    """The settings, for a command that needs an existing database (see ``main``)."""
    from verification.preflight import require_database

    settings = Settings()
    require_database(settings)
    return settings


@asynccontextmanager
async def command_database(settings: Settings) -> AsyncIterator[Transactions]:
    """The database of a command that does not run the service: its write transactions
    (queued in this process on SQLite, as the service's are); the engine is disposed of on
    leaving."""
    from verification.db import Transactions, create_engine, create_session_factory, is_sqlite

    engine = create_engine(settings.database_url)
    try:
        yield Transactions(
            create_session_factory(engine), serialize=is_sqlite(settings.database_url)
        )
    finally:
        await engine.dispose()


def database_call(action: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run ``action`` in one write transaction; a refusal is printed and exits 1."""
    from verification.problems import DomainError

    settings = settings_with_database()

    async def _run() -> T:
        async with command_database(settings) as transaction, transaction() as session:
            return await action(session)

    try:
        return asyncio.run(_run())
    except DomainError as refusal:
        console.print(f"[red]refused ({refusal.instance_code}): {refusal.detail}[/red]")
        raise typer.Exit(1) from None
