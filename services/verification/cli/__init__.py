"""The ``verification`` command: one module per domain, assembled here.

| module | commands |
|---|---|
| ``serve.py`` | ``serve`` (the API, with the mock agencies when embedded), ``openapi`` |
| ``database.py`` | ``migrate`` (and the application role), ``backup``, ``restore`` |
| ``demo.py`` | ``demo init`` |
| ``keys.py`` | ``keys …``: issuer signing keys, data-encryption keys, production key files |
| ``authorization.py`` | ``authorization sign``, ``authorization sign-obligor`` |
| ``audit.py`` | ``audit …``: export, checkpoint, public key, check, verify, verify a receipt |
| ``batches.py`` | ``batch run|status``, ``worker`` |
| ``policy.py`` | ``policy show`` |
| ``calendar.py`` | ``calendar show|check``: the working-day calendar's years and year files |
| ``clients.py`` | ``clients …``: API clients and their tokens |
| ``statistics.py`` | ``statistics show``: the supervisor's view of a region and a period |
| ``cross_lists.py`` | ``cross-list upload|compare|show|run-monthly`` (每月一比对) |

Commands import their heavy or demo-only modules lazily, so ``verification --help`` stays
fast.  A command that cannot reach its database, finds none, or is refused, says so in one
line and exits 1 (``main``); only a bug shows a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from verification.cli import (
    appeals,
    audit,
    authorization,
    batches,
    calendar,
    clients,
    cross_lists,
    database,
    demo,
    integrity,
    keys,
    policy,
    reports,
    retention,
    serve,
    spot_checks,
    statistics,
    verifications,
)
from verification.cli.clients import RoleChoice
from verification.cli.common import console
from verification.cli.database import alembic_config, migrate_database
from verification.settings import Settings

__all__ = ["RoleChoice", "Settings", "alembic_config", "app", "main", "migrate_database"]

app = typer.Typer(
    help="Household economic-status verification service (家庭经济状况核对).", no_args_is_help=True
)
# commands first, then the groups, each in this order (as `verification --help` lists them)
app.command("worker")(batches.worker_command)
app.command("migrate")(database.migrate)
app.command("serve")(serve.serve)
app.command("backup")(database.backup_command)
app.command("restore")(database.restore_command)
app.command("openapi")(serve.export_openapi)
app.add_typer(demo.demo_app, name="demo")
app.add_typer(keys.keys_app, name="keys")
app.add_typer(authorization.authorization_app, name="authorization")
app.add_typer(audit.audit_app, name="audit")
app.add_typer(batches.batch_app, name="batch")
app.add_typer(policy.policy_app, name="policy")
app.add_typer(calendar.calendar_app, name="calendar")
app.add_typer(clients.clients_app, name="clients")
app.add_typer(cross_lists.cross_list_app, name="cross-list")
app.add_typer(verifications.verifications_app, name="verifications")
app.add_typer(statistics.statistics_app, name="statistics")
app.add_typer(appeals.appeals_app, name="appeals")
app.add_typer(integrity.integrity_app, name="integrity")
app.add_typer(spot_checks.spot_check_app, name="spot-check")
app.add_typer(reports.report_app, name="report")
app.add_typer(retention.retention_app, name="retention")


def main() -> None:
    """The command; a refusal or an unreachable, missing or unmigrated database is one
    line on stderr and exit status 1, not a traceback."""
    from alembic.util import CommandError
    from pydantic import ValidationError
    from sqlalchemy.exc import DBAPIError

    from verification.audit.tree import ForeignLogKeyError
    from verification.backup import BackupError
    from verification.db_roles import RoleError
    from verification.demo import DemoRefused
    from verification.kit.crypto import KeyRingError
    from verification.preflight import PreflightError
    from verification.procedure.calendar_files import CalendarFileError
    from verification.settings import SettingsFileError

    try:
        app()
    except (
        PreflightError,
        DemoRefused,
        KeyRingError,
        CommandError,
        SettingsFileError,
        RoleError,
        BackupError,
        ForeignLogKeyError,
        CalendarFileError,
    ) as exc:
        _fail(str(exc))
    except ValidationError as exc:  # the VERIFICATION_* settings
        fields = ", ".join(".".join(map(str, e["loc"])) for e in exc.errors())
        _fail(f"invalid VERIFICATION_* settings: {fields}")
    except (DBAPIError, OSError) as exc:
        _fail(_database_failure(exc))


def _fail(message: str) -> None:
    from rich.markup import escape

    from verification.kit.masking import mask_text

    console.print(f"[red]error:[/red] {escape(mask_text(message))}", highlight=False)
    sys.exit(1)


def _database_failure(exc: Exception) -> str:
    from verification.preflight import database_location

    orig = getattr(exc, "orig", None)  # the driver's message, without SQL or parameters
    reason = (str(orig if orig is not None else exc).strip() or type(exc).__name__).splitlines()
    if reason[0].startswith("database ") and "does not exist" in reason[0]:
        hint = "create that database, then run 'verification migrate'"
    elif "no such table" in reason[0] or "does not exist" in reason[0]:
        hint = "run 'verification migrate' first"
    else:
        hint = (
            "check VERIFICATION_DATABASE_URL (a relative SQLite path is resolved against "
            f"the current directory, {Path.cwd()}; scripts/verification works from anywhere)"
        )
    try:
        where = database_location(Settings())
    except Exception:  # the settings themselves are broken: say what we can
        where = "the database"
    return f"cannot use {where}: {reason[0]}; {hint}"
