"""Checks a command makes before it touches the database, without writing anything.

``require_database`` stops a command that needs an existing database when
there is none where the settings point (typically a relative SQLite path run
from another directory) with one clear sentence, instead of letting SQLite
create an empty file and SQLAlchemy fail on a missing table.
``production_serve_problems`` lists what keeps ``verification serve`` (or a
``verification worker``) from starting in production mode, so it refuses before
it migrates, generates or registers anything: the key files it must be given,
the agencies' addresses, a database at the latest migration, and no demo
material still usable in it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, make_url, select
from sqlalchemy.engine import Connection

from connectors.sdk.discovery import installed_sources
from verification.authorization.models import IssuerKey
from verification.clients.models import ApiClient
from verification.db import create_engine, is_sqlite
from verification.kit.crypto import KeyRingError, load_or_create_signing_key, read_keyring
from verification.settings import Settings


class PreflightError(Exception):
    """A command cannot run as configured; the message says why and what to do."""


def sqlite_path(settings: Settings) -> Path | None:
    """The SQLite database file the settings name (absolute), or ``None`` (PostgreSQL,
    in-memory)."""
    if not is_sqlite(settings.database_url):
        return None
    database = make_url(settings.database_url).database
    if not database or database == ":memory:":
        return None
    return Path(database).resolve()


def database_location(settings: Settings) -> str:
    """Where the database is, for a message (no password)."""
    path = sqlite_path(settings)
    if path is not None:
        return str(path)
    return make_url(settings.database_url).render_as_string(hide_password=True)


def require_database(settings: Settings) -> None:
    """A SQLite database file must exist before a command other than ``migrate``,
    ``serve`` or ``demo init`` uses it (SQLite would create an empty one)."""
    path = sqlite_path(settings)
    if path is None or path.exists():
        return
    relative = not Path(make_url(settings.database_url).database or "").is_absolute()
    where = (
        f"VERIFICATION_DATABASE_URL is relative to the current directory ({Path.cwd()}): "
        "run the command from the service's directory or through scripts/verification, "
        "which works from anywhere, or "
        if relative
        else ""
    )
    raise PreflightError(
        f"no database at {path}; {where}run 'verification migrate' to create one there"
    )


def production_serve_problems(settings: Settings) -> list[str]:
    """Why ``serve`` may not start in production mode (empty: it may).  Reads only."""
    problems = []
    try:
        read_keyring(settings.resolved_key_file())
    except (KeyRingError, OSError, ValueError) as exc:
        problems.append(f"data-encryption key file: {exc} (production never generates keys)")
    try:
        load_or_create_signing_key(settings.resolved_audit_key_file(), create=False)
    except (KeyRingError, OSError, ValueError) as exc:
        problems.append(f"audit-log signing key: {exc}")
    if settings.embedded_mock_sources:
        problems.append(
            "the embedded mock agencies are for the demo: set "
            "VERIFICATION_EMBEDDED_MOCK_SOURCES=false"
        )
    unset = [s for s in installed_sources().scopes if not settings.source_settings(s).base_url]
    if unset:
        names = ", ".join(f"VERIFICATION_SOURCES__{s.upper()}__BASE_URL" for s in unset)
        problems.append(f"no agency address for {', '.join(unset)}: set {names}")
    heads = set(ScriptDirectory(str(settings.migrations_dir)).get_heads())
    try:
        require_database(settings)
        revision, demo = asyncio.run(_database_state(settings, heads))
    except PreflightError as exc:
        problems.append(str(exc))
    except Exception as exc:  # any failure to read it is a reason not to start
        problems.append(f"database {database_location(settings)}: {_first_line(exc)}")
    else:
        if revision != heads:
            problems.append(
                f"database {database_location(settings)} is at revision "
                f"{', '.join(sorted(revision)) or 'none (empty)'}, not at the latest "
                f"({', '.join(sorted(heads))}): run 'verification migrate' first"
            )
        clients, keys = demo
        if clients or keys:
            problems.append(
                f"the database holds demo material still in force ({clients} demo client(s), "
                f"{keys} demo issuer key(s)): revoke them ('verification clients revoke', "
                "'verification keys revoke') or use a database of its own for production"
            )
    return problems


async def _database_state(settings: Settings, heads: set[str]) -> tuple[set[str], tuple[int, int]]:
    """The database's revision and, when it is at the latest, its unrevoked demo clients
    and issuer keys."""
    engine = create_engine(settings.database_url, writer=False)
    try:
        async with engine.connect() as connection:
            revision = await connection.run_sync(_current_heads)
            if revision != heads:
                return revision, (0, 0)
            counts = []
            for model in (ApiClient, IssuerKey):
                query = select(func.count()).where(model.demo.is_(True), model.revoked_at.is_(None))
                counts.append(int((await connection.execute(query)).scalar_one()))
            return revision, (counts[0], counts[1])
    finally:
        await engine.dispose()


def _current_heads(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)  # SQLAlchemy's wrapper: the driver's own message
    text = str(orig if orig is not None else exc).strip() or type(exc).__name__
    return text.splitlines()[0]
