"""What the command modules share: the console, the settings of a command that needs a
database, and one write transaction on it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

import typer
from rich.console import Console

from verification.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")

console = Console(stderr=True, soft_wrap=True)  # long URLs and paths stay on one line


def settings_with_database() -> Settings:
    """The settings, for a command that needs an existing database (see ``main``)."""
    from verification.preflight import require_database

    settings = Settings()
    require_database(settings)
    return settings


def database_call(action: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run ``action`` in one write transaction; a refusal is printed and exits 1."""
    from verification.db import create_engine, create_session_factory
    from verification.problems import DomainError

    settings = settings_with_database()

    async def _run() -> T:
        engine = create_engine(settings.database_url)
        try:
            async with create_session_factory(engine)() as session, session.begin():
                return await action(session)
        finally:
            await engine.dispose()

    try:
        return asyncio.run(_run())
    except DomainError as refusal:
        console.print(f"[red]refused ({refusal.instance_code}): {refusal.detail}[/red]")
        raise typer.Exit(1) from None
