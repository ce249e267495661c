"""``verification migrate``, ``backup`` and ``restore``: the database's schema and copies."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from alembic import command
from alembic.config import Config

from verification.cli.common import console, settings_with_database
from verification.settings import Settings


def alembic_config(settings: Settings) -> Config:
    # no alembic.ini: the installed package has none (the checkout's is for `alembic revision`)
    config = Config()
    config.set_main_option("script_location", str(settings.migrations_dir))
    config.set_main_option("path_separator", "os")
    config.attributes["database_url"] = settings.database_url
    return config


def migrate_database(settings: Settings) -> None:
    if settings.database_url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(settings), "head")


def migrate(
    app_role: Annotated[
        str | None,
        typer.Option(
            help="PostgreSQL: also create (or update) this least-privileged role for the API and "
            "workers: no schema changes, no UPDATE or DELETE on the audit tables"
        ),
    ] = None,
    app_password_file: Annotated[
        Path | None,
        typer.Option(help="the role's password, read from this file (a container secret)"),
    ] = None,
) -> None:
    """Apply every database migration (alembic upgrade head), as the schema's owner."""
    settings = Settings()
    migrate_database(settings)
    console.print("[green]database at the latest migration[/green]")
    if app_role is None:
        if app_password_file is not None:
            raise typer.BadParameter("--app-password-file goes with --app-role")
        return
    password = None
    if app_password_file is not None:
        password = app_password_file.read_text(encoding="utf-8").strip()
        if not password:
            raise typer.BadParameter(f"{app_password_file} is empty")
    asyncio.run(_grant_app_role(settings, app_role, password))
    console.print(f"[green]application role {app_role} granted its rights[/green]")


async def _grant_app_role(settings: Settings, role: str, password: str | None) -> None:
    from verification.db import create_engine
    from verification.db_roles import ensure_app_role

    engine = create_engine(settings.database_url)
    try:
        async with engine.begin() as connection:
            await ensure_app_role(connection, role, password)
    finally:
        await engine.dispose()


def backup_command(
    out: Annotated[Path, typer.Argument(help="the backup file to write (must not exist)")],
) -> None:
    """Back the database up while the service runs, with its latest audit checkpoint.

    pg_dump's custom format on PostgreSQL, SQLite's online backup on the embedded database;
    the latest signed audit checkpoint is written beside it (OUT.checkpoint).  The key files
    are not in it: back them up too."""
    from verification.backup import backup, checkpoint_file

    settings = settings_with_database()
    checkpoint = backup(settings, out)
    console.print(f"[green]backed up to {out}[/green]")
    if checkpoint is None:
        console.print("[yellow]the audit log has no checkpoint yet[/yellow]")
    else:
        console.print(
            f"latest audit checkpoint: {checkpoint.size} events, in {checkpoint_file(out)}"
        )


def restore_command(
    backup_file: Annotated[
        Path, typer.Argument(help="a file from 'verification backup'", exists=True, dir_okay=False)
    ],
    checkpoint: Annotated[
        Path | None,
        typer.Option(help="the checkpoint recorded with the backup (default: BACKUP.checkpoint)"),
    ] = None,
) -> None:
    """Restore a backup into a new database, then check the restored audit log.

    The new database is a SQLite file that does not exist, or an empty PostgreSQL database.
    The check: every hash re-derived, the latest checkpoint's signature and root, and at
    least the events of the checkpoint recorded with the backup.  Exit 1 if the restored
    log does not verify."""
    from verification.backup import check_restored, checkpoint_file, restore

    settings = Settings()
    note_file = checkpoint or checkpoint_file(backup_file)
    note = note_file.read_text(encoding="utf-8") if note_file.is_file() else None
    if note is None:
        console.print("[yellow]no recorded checkpoint: only the log's own is checked[/yellow]")
    restore(settings, backup_file)
    console.print(f"restored {backup_file}")
    result = check_restored(settings, note)
    if result.problem is not None:
        console.print(f"[red]restored audit log FAILED: {result.problem}[/red]", soft_wrap=True)
        raise typer.Exit(1)
    console.print(
        f"[green]restored audit log intact: {result.log.size} events, latest checkpoint "
        f"{result.log.checkpoint_size} events[/green]"
    )
