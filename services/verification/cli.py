"""The ``verification`` command: serve, migrate, demo state, keys, authorizations, audit.

``verification serve`` is the embedded default in one command: it migrates
the database, creates the demo keys and client token at first run, writes a
signed request for every scenario household, and serves the API together
with the mock agencies in one process.  In production mode it makes nothing:
it checks the key files, the agencies' addresses and that the database is at
the latest migration, and refuses to start (exit 1) before writing anything.

A command that cannot reach its database, finds none, or is refused, says so
in one line and exits 1 (``main``); only a bug shows a traceback.
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from collections.abc import Awaitable, Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
import uvicorn
from alembic import command
from alembic.config import Config
from rich.console import Console

from verification.batches.cli import batch_app, worker_command
from verification.kit import event_loop
from verification.policies.cli import policy_app
from verification.settings import REPO_ROOT, Settings

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

    from verification.db import Transactions
    from verification.kit.crypto import KeyRing
    from verification.runtime import Runtime

T = TypeVar("T")

app = typer.Typer(
    help="Household economic-status verification service (家庭经济状况核对).", no_args_is_help=True
)
demo_app = typer.Typer(help="Demo state for the embedded default.", no_args_is_help=True)
keys_app = typer.Typer(help="Issuer signing keys.", no_args_is_help=True)
authorization_app = typer.Typer(help="Authorizations (授权核对委托书).", no_args_is_help=True)
audit_app = typer.Typer(help="The audit log.", no_args_is_help=True)
app.add_typer(demo_app, name="demo")
app.add_typer(keys_app, name="keys")
app.add_typer(authorization_app, name="authorization")
app.add_typer(audit_app, name="audit")
app.add_typer(batch_app, name="batch")
app.add_typer(policy_app, name="policy")
app.command("worker")(worker_command)
console = Console(stderr=True, soft_wrap=True)  # long URLs and paths stay on one line


def alembic_config(settings: Settings) -> Config:
    # no alembic.ini: the installed package has none (the checkout's is for `alembic revision`)
    config = Config()
    config.set_main_option("script_location", str(settings.migrations_dir))
    config.set_main_option("path_separator", "os")
    config.attributes["database_url"] = settings.database_url
    return config


def _settings_with_database() -> Settings:
    """The settings, for a command that needs an existing database (see ``main``)."""
    from verification.preflight import require_database

    settings = Settings()
    require_database(settings)
    return settings


def migrate_database(settings: Settings) -> None:
    if settings.database_url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(settings), "head")


@app.command()
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


@app.command()
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


@keys_app.command("create-issuer")
def create_issuer_key(
    issuer: Annotated[str, typer.Option(help="issuing office code, e.g. 450102001")],
    name: Annotated[str, typer.Option(help="issuing office name")],
    out: Annotated[Path, typer.Option(help="file for the private key (created 0600)")],
) -> None:
    """Generate an Ed25519 issuer key pair, keep the private JWK in OUT, register the public one."""
    from verification.authorization.keys import register_key
    from verification.authorization.signing import IssuerKeyPair
    from verification.db import create_engine, create_session_factory, utcnow
    from verification.kit.crypto import write_secret_file

    settings = _settings_with_database()
    pair = IssuerKeyPair.generate(issuer, utcnow())

    async def _register() -> None:
        engine = create_engine(settings.database_url)
        try:
            async with create_session_factory(engine)() as session, session.begin():
                await register_key(
                    session,
                    issuer_code=issuer,
                    issuer_name=name,
                    kid=pair.kid,
                    jwk=pair.public_jwk,
                    actor="cli",
                )
        finally:
            await engine.dispose()

    write_secret_file(out, pair.to_json())
    asyncio.run(_register())
    console.print(f"registered kid {pair.kid} for issuer {issuer}; private key in {out}")


@keys_app.command("init")
def keys_init(
    directory: Annotated[Path, typer.Argument(help="where to write the two key files")],
) -> None:
    """Make the key files production is given and never generates: DIRECTORY/keys.json (the
    data-encryption keys, VERIFICATION_KEY_FILE) and DIRECTORY/audit-log-key.pem (the audit
    log's Ed25519 signing key, VERIFICATION_AUDIT_KEY_FILE), new, mode 0600.  Needs no
    settings or database; refuses to overwrite either file."""
    from verification.kit.crypto import KeyRing, load_or_create_signing_key, write_secret_file

    data_keys, audit_key = directory / "keys.json", directory / "audit-log-key.pem"
    existing = [str(path) for path in (data_keys, audit_key) if path.exists()]
    if existing:
        console.print(f"[red]refused: {', '.join(existing)} exist(s); nothing was written[/red]")
        raise typer.Exit(1)
    write_secret_file(data_keys, KeyRing.generate().to_json())
    load_or_create_signing_key(audit_key, create=True)
    console.print(f"wrote {data_keys} and {audit_key} (keep them secret, and backed up)")


@keys_app.command("revoke")
def revoke_issuer_key(
    kid: Annotated[str, typer.Argument(help="the key id to revoke")],
    reason: Annotated[str, typer.Option(help="why the key is revoked (kept with the key)")],
) -> None:
    """Revoke an issuer key: authorizations signed with it are refused from now on."""
    from verification.authorization.keys import revoke_key
    from verification.db import create_engine, create_session_factory, utcnow

    settings = _settings_with_database()

    async def _revoke() -> None:
        engine = create_engine(settings.database_url)
        try:
            async with create_session_factory(engine)() as session, session.begin():
                await revoke_key(session, kid, reason=reason, actor="cli", now=utcnow())
        finally:
            await engine.dispose()

    try:
        asyncio.run(_revoke())
    except LookupError as exc:
        raise typer.BadParameter(str(exc)) from None
    console.print(f"revoked {kid}")


def _data_key_transaction(settings: Settings) -> tuple[AsyncEngine, Transactions]:
    """An engine and its write-transaction opener for the data-key commands."""
    from verification.db import Transactions, create_engine, create_session_factory, is_sqlite
    from verification.preflight import require_database

    require_database(settings)
    engine = create_engine(settings.database_url)
    transaction = Transactions(
        create_session_factory(engine), serialize=is_sqlite(settings.database_url)
    )
    return engine, transaction


def _read_key_file(settings: Settings) -> KeyRing:
    from verification.kit.crypto import KeyRingError, read_keyring

    try:
        return read_keyring(settings.resolved_key_file())
    except KeyRingError as exc:
        raise typer.BadParameter(str(exc)) from None


@keys_app.command("rotate-data-key")
def rotate_data_key_command() -> None:
    """Add a new data-encryption key and make it active (earlier keys stay for reading)."""
    from verification.keys.rotation import rotate_data_key

    settings = Settings()
    path = settings.resolved_key_file()
    previous = _read_key_file(settings)
    rotated = rotate_data_key(path)
    kept = ", ".join(kid for kid in rotated.data_keys if kid != rotated.active_key_id)
    console.print(f"[green]data key {rotated.active_key_id} is now active[/green] in {path}")
    console.print(f"kept for reading: {kept} (was active: {previous.active_key_id})")
    console.print(
        "next: restart every service instance (they read the key file at start), then run "
        "'verification keys reencrypt', then 'verification keys retire-data-key "
        f"{previous.active_key_id}'"
    )


@keys_app.command("reencrypt")
def reencrypt_command(
    batch: Annotated[int, typer.Option(min=1, help="rows per batch (one transaction each)")] = 500,
) -> None:
    """Re-encrypt every stored value that is not under the active data key (resumable)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from verification.keys.columns import ENCRYPTED_COLUMNS, EncryptedColumn
    from verification.keys.rotation import ReencryptError, reencrypt, rows_not_under_key

    settings = Settings()
    keyring = _read_key_file(settings)

    async def _run() -> int:
        engine, transaction = _data_key_transaction(settings)
        try:
            pending = await rows_not_under_key(transaction, keyring.active_key_id)
            with Progress(
                TextColumn("{task.description:<36}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=console,
            ) as progress:
                tasks = {
                    column.name: progress.add_task(column.name, total=pending[column.name])
                    for column in ENCRYPTED_COLUMNS
                }

                def advance(column: EncryptedColumn, rows: int) -> None:
                    progress.advance(tasks[column.name], rows)

                result = await reencrypt(transaction, keyring, batch_size=batch, on_batch=advance)
                for column in ENCRYPTED_COLUMNS:  # finished columns show full bars
                    progress.update(tasks[column.name], completed=pending[column.name])
        finally:
            await engine.dispose()
        console.print(
            f"re-encrypted {result.total} value(s) under {keyring.active_key_id}"
            + ("" if result.total else " (nothing to do)")
        )
        return result.total_remaining

    try:
        remaining = asyncio.run(_run())
    except ReencryptError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    if remaining:
        console.print(
            f"[yellow]{remaining} value(s) were changed during the pass and are still under "
            "an older key: restart instances still using the old key file and run again[/yellow]"
        )
        raise typer.Exit(1)


@keys_app.command("retire-data-key")
def retire_data_key_command(
    kid: Annotated[str, typer.Argument(help="the data key id to remove from the key file")],
) -> None:
    """Remove a data key from the key file; refused while any stored value still uses it."""
    from verification.keys.rotation import DataKeyInUseError, retire_data_key
    from verification.kit.crypto import KeyRingError

    settings = Settings()
    _read_key_file(settings)

    async def _retire() -> None:
        engine, transaction = _data_key_transaction(settings)
        try:
            await retire_data_key(settings.resolved_key_file(), kid, transaction)
        finally:
            await engine.dispose()

    try:
        asyncio.run(_retire())
    except DataKeyInUseError as exc:
        console.print(f"[red]refused: {exc}[/red]")
        raise typer.Exit(1) from None
    except KeyRingError as exc:
        raise typer.BadParameter(str(exc)) from None
    console.print(f"retired data key {kid}")


@keys_app.command("data-keys")
def data_keys_command() -> None:
    """List the data keys in the key file, the active one, and how many values use each."""
    from verification.keys.rotation import key_usage

    settings = Settings()
    keyring = _read_key_file(settings)

    async def _usage() -> dict[str, int]:
        engine, transaction = _data_key_transaction(settings)
        try:
            return await key_usage(transaction, keyring)
        finally:
            await engine.dispose()

    for kid, count in asyncio.run(_usage()).items():
        marker = " (active)" if kid == keyring.active_key_id else ""
        print(f"{kid}{marker}\t{count}")


@authorization_app.command("sign")
def sign_authorization(
    key: Annotated[Path, typer.Option(help="issuer private key file from 'keys create-issuer'")],
    scenario: Annotated[
        str | None, typer.Option(help="a scenario household of the mock agencies")
    ] = None,
    payload: Annotated[
        Path | None, typer.Option(help="a JSON payload file to sign instead")
    ] = None,
) -> None:
    """Print a request body with a signed authorization (for a scenario or a payload file)."""
    from verification.authorization.signing import IssuerKeyPair
    from verification.demo import scenario_request

    pair = IssuerKeyPair.from_json(key.read_text())
    if scenario:
        try:
            body = scenario_request(pair, scenario)
        except KeyError:
            raise typer.BadParameter(f"no scenario household {scenario!r}") from None
    elif payload:
        body = {"authorization": pair.sign(json.loads(payload.read_text()))}
    else:
        raise typer.BadParameter("give --scenario or --payload")
    print(json.dumps(body, indent=2))


def _audit_runtime_call(action: Callable[[Runtime], Awaitable[None]]) -> None:
    from verification.runtime import Runtime

    settings = _settings_with_database()

    async def _run() -> None:
        runtime = Runtime.build(settings)
        try:
            await action(runtime)
        finally:
            await runtime.aclose()

    asyncio.run(_run())


@audit_app.command("export")
def audit_export(
    out: Annotated[Path, typer.Option(help="NDJSON file to write")],
    size: Annotated[int | None, typer.Option(help="export events 1..SIZE (default: all)")] = None,
) -> None:
    """Write the log (events 1..SIZE) as NDJSON for offline verification."""
    from verification.audit.endpoints import export_lines
    from verification.audit.tree import tree_size

    async def _export(runtime: Runtime) -> None:
        async with runtime.read_session_factory() as session:
            current = await tree_size(session)
        if size is not None and not 1 <= size <= current:
            raise typer.BadParameter(f"--size must be between 1 and {current}")
        last = size or current
        with out.open("wb") as handle:
            async for chunk in export_lines(runtime, last):
                handle.write(chunk)
        console.print(f"wrote {last} events to {out}")

    _audit_runtime_call(_export)


@audit_app.command("checkpoint")
def audit_checkpoint(
    out: Annotated[Path | None, typer.Option(help="also write the note to this file")] = None,
) -> None:
    """Sign a checkpoint of the log as it is now and print it (refused if the log does not
    match its latest checkpoint: run 'verification audit check')."""
    from verification.audit.tree import issue_checkpoint

    async def _issue(runtime: Runtime) -> None:
        if await runtime.integrity.check(full=False) == "broken":
            console.print(f"[red]not signed: {runtime.integrity.reason}[/red]", soft_wrap=True)
            raise typer.Exit(1)
        row = await issue_checkpoint(
            runtime.transaction, runtime.audit_key, runtime.settings.audit_origin
        )
        if row is None:
            raise typer.BadParameter("the log is empty")
        if out:
            out.write_text(row.note, encoding="utf-8")
        print(row.note, end="")

    _audit_runtime_call(_issue)


@audit_app.command("integrate")
def audit_integrate(
    follow: Annotated[
        bool,
        typer.Option(
            help="stay a candidate for integrating until stopped (Ctrl-C), as every "
            "service and worker process is"
        ),
    ] = False,
) -> None:
    """Move the audit entries pending now into the log and sign a checkpoint of it (any
    process may, whichever integrates meanwhile); with --follow, integrate as the service's
    processes do."""

    async def _integrate(runtime: Runtime) -> None:
        if await runtime.integrity.check(full=False) == "broken":
            console.print(f"[red]not integrated: {runtime.integrity.reason}[/red]", soft_wrap=True)
            raise typer.Exit(1)
        if follow:
            await runtime.integrator.run()
        count = await runtime.drain(checkpoint=True)
        console.print(f"integrated {count} pending audit entries")

    _audit_runtime_call(_integrate)


@audit_app.command("public-key")
def audit_public_key(
    out: Annotated[Path | None, typer.Option(help="also write the key to this file")] = None,
) -> None:
    """Print the log's verifier key (signed-note vkey), as served at /.well-known/audit-log-key."""
    from verification.audit.checkpoint import verifier_key

    async def _show(runtime: Runtime) -> None:
        key = verifier_key(runtime.settings.audit_origin, runtime.audit_key.public_key())
        if out:
            out.write_text(key + "\n", encoding="utf-8")
        print(key)

    _audit_runtime_call(_show)


@audit_app.command("check")
def audit_check() -> None:
    """Re-derive every hash of the audit chain, and check the log against its latest signed
    checkpoint: the checkpoint's signature, at least its size of events stored, the root of
    those events and of the stored Merkle nodes equal to its root (tail truncation fails)."""
    from verification.audit.integrity import verify_stored_log
    from verification.kit.crypto import KeyRingError, load_or_create_signing_key

    settings = _settings_with_database()
    try:
        public_key = load_or_create_signing_key(
            settings.resolved_audit_key_file(), create=False
        ).public_key()
    except KeyRingError:
        public_key = None
        console.print(
            "[yellow]no audit log key file: the checkpoint's signature is not checked[/yellow]"
        )

    result = asyncio.run(
        verify_stored_log(settings.database_url, public_key, settings.audit_origin)
    )
    size, checkpoint_size, problem = result.size, result.checkpoint_size, result.problem
    if problem is not None:
        console.print(f"[red]audit log check FAILED: {problem}[/red]", soft_wrap=True)
        raise typer.Exit(1)
    console.print(f"[green]audit chain intact: {size} events[/green]")
    if checkpoint_size:
        console.print(
            f"[green]latest signed checkpoint ({checkpoint_size} events) matches "
            "the stored log: size and root[/green]"
        )
    else:
        console.print("[yellow]no checkpoint has been signed yet[/yellow]")


@audit_app.command("verify")
def audit_verify(
    export: Annotated[
        Path, typer.Argument(help="NDJSON export from 'audit export'", exists=True, dir_okay=False)
    ],
    checkpoint: Annotated[
        Path, typer.Option(help="signed checkpoint note file", exists=True, dir_okay=False)
    ],
    key: Annotated[
        Path,
        typer.Option(help="verifier key file from 'audit public-key'", exists=True, dir_okay=False),
    ],
    check_json: Annotated[
        bool, typer.Option(help="parse every body in full (--no-check-json: faster, see the docs)")
    ] = True,
) -> None:
    """Verify an export against a signed checkpoint, offline: no database, no settings."""
    from rich.markup import escape

    from verification.audit.offline import verify_export

    try:
        note = checkpoint.read_bytes().decode("utf-8")
        vkey = key.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        console.print("[red]FAILED: the checkpoint or key file is not UTF-8 text[/red]")
        raise typer.Exit(1) from None
    with export.open("rb") as lines:
        result = verify_export(lines, note, vkey, check_json=check_json)
    if result.ok:
        console.print(
            f"[green]OK: {result.size_checked} events, root {result.root_hex}[/green]",
            soft_wrap=True,
        )
        return
    where = "" if result.first_bad_index is None else f" at index {result.first_bad_index}"
    console.print(
        f"[red]FAILED{where}: {escape(result.problem or '')}[/red] "
        f"({result.size_checked} events checked)",
        soft_wrap=True,
    )
    raise typer.Exit(1)


@app.command("backup")
def backup_command(
    out: Annotated[Path, typer.Argument(help="the backup file to write (must not exist)")],
) -> None:
    """Back the database up while the service runs: pg_dump's custom format on PostgreSQL,
    SQLite's online backup on the embedded database; the latest signed audit checkpoint is
    written beside it (OUT.checkpoint).  The key files are not in it: back them up too."""
    from verification.backup import backup, checkpoint_file

    settings = _settings_with_database()
    checkpoint = backup(settings, out)
    console.print(f"[green]backed up to {out}[/green]")
    if checkpoint is None:
        console.print("[yellow]the audit log has no checkpoint yet[/yellow]")
    else:
        console.print(
            f"latest audit checkpoint: {checkpoint.size} events, in {checkpoint_file(out)}"
        )


@app.command("restore")
def restore_command(
    backup_file: Annotated[
        Path, typer.Argument(help="a file from 'verification backup'", exists=True, dir_okay=False)
    ],
    checkpoint: Annotated[
        Path | None,
        typer.Option(help="the checkpoint recorded with the backup (default: BACKUP.checkpoint)"),
    ] = None,
) -> None:
    """Restore a backup into a new database (a SQLite file that does not exist, or an empty
    PostgreSQL database), then check the restored audit log: every hash re-derived, its
    latest checkpoint's signature and root, and at least the events of the checkpoint
    recorded with the backup.  Exit 1 if the restored log does not verify."""
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


# ---- API clients and issuer-key administration (works on the database directly, actor "cli";
# this is also how the first admin client is bootstrapped) ----------------------------------


class RoleChoice(StrEnum):
    """The values of ``verification.clients.models.Role`` (a test keeps them equal), declared
    here so that ``verification --help`` does not import the database layer."""

    CASE_SYSTEM = "case_system"
    AUDITOR = "auditor"
    ADMIN = "admin"


clients_app = typer.Typer(
    help="API clients (case systems, auditors, admins) and their tokens.", no_args_is_help=True
)
app.add_typer(clients_app, name="clients")


def _database_call(action: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run ``action`` in one write transaction; a refusal is printed and exits 1."""
    from verification.db import create_engine, create_session_factory
    from verification.problems import DomainError

    settings = _settings_with_database()

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


@clients_app.command("create")
def clients_create(
    name: Annotated[str, typer.Option(help="who the client is, e.g. the case system's name")],
    role: Annotated[RoleChoice, typer.Option(help="case_system, auditor or admin")],
    issuer: Annotated[
        list[str] | None,
        typer.Option("--issuer", help="an issuer code the client may use ('*' = any); repeatable"),
    ] = None,
    region: Annotated[
        list[str] | None,
        typer.Option("--region", help="a region-code prefix (2-6 digits); repeatable"),
    ] = None,
) -> None:
    """Create a client and print its token (shown this once; only its hash is kept)."""
    from verification.clients.models import Role
    from verification.clients.service import create_client

    async def _create(session: AsyncSession) -> tuple[str, str]:
        client, token = await create_client(
            session,
            name=name,
            role=Role(role.value),
            issuers=issuer or [],
            region_prefixes=region or [],
            actor="cli",
        )
        return str(client.id), token

    client_id, token = _database_call(_create)
    console.print(f"created {role.value} client {client_id}; its token (shown once):")
    print(token)


@clients_app.command("list")
def clients_list() -> None:
    """List every client (never tokens)."""
    from rich.table import Table

    from verification.clients.models import ApiClient
    from verification.clients.service import list_clients

    async def _list(session: AsyncSession) -> Sequence[ApiClient]:
        return await list_clients(session)

    table = Table("id", "name", "role", "issuers", "region prefixes", "created", "revoked")
    for client in _database_call(_list):
        table.add_row(
            str(client.id),
            client.name,
            client.role,
            ", ".join(client.issuers),
            ", ".join(client.region_prefixes),
            f"{client.created_at:%Y-%m-%d %H:%M}",
            f"{client.revoked_at:%Y-%m-%d %H:%M}" if client.revoked_at else "",
        )
    Console().print(table)


@clients_app.command("rotate")
def clients_rotate(
    client_id: Annotated[uuid.UUID, typer.Argument(metavar="ID", help="the client's id")],
) -> None:
    """Give the client a new token (printed once); the old token stops working at once."""
    from verification.clients.service import rotate_token

    async def _rotate(session: AsyncSession) -> str:
        _client, token = await rotate_token(session, client_id, actor="cli")
        return token

    token = _database_call(_rotate)
    console.print(f"new token for {client_id} (shown once; the old one no longer works):")
    print(token)


@clients_app.command("revoke")
def clients_revoke(
    client_id: Annotated[uuid.UUID, typer.Argument(metavar="ID", help="the client's id")],
    reason: Annotated[str, typer.Option(help="why the client is revoked (audited)")],
) -> None:
    """Revoke a client: its token is refused from now on (idempotent)."""
    from verification.clients.service import revoke_client
    from verification.db import utcnow

    async def _revoke(session: AsyncSession) -> None:
        await revoke_client(session, client_id, reason=reason, actor="cli", now=utcnow())

    _database_call(_revoke)
    console.print(f"revoked client {client_id}")


@keys_app.command("register")
def register_issuer_key(
    issuer: Annotated[str, typer.Option(help="issuing office code, e.g. 450102001")],
    jwk: Annotated[Path, typer.Option(help="file with the office's public Ed25519 JWK")],
    name: Annotated[
        str | None, typer.Option(help="issuing office name (needed when the issuer is new)")
    ] = None,
    kid: Annotated[
        str | None,
        typer.Option(help="key id (default: the JWK's kid, else a new one is made and printed)"),
    ] = None,
) -> None:
    """Register an issuing office's public key (rotation: the issuer's other keys stay valid)."""
    import secrets

    from verification.authorization.keys import register_key
    from verification.db import utcnow

    try:
        public = json.loads(jwk.read_text())
    except (OSError, ValueError) as exc:
        raise typer.BadParameter(
            f"cannot read a JSON JWK from {jwk}: {type(exc).__name__}"
        ) from None
    if not isinstance(public, dict):
        raise typer.BadParameter(f"{jwk} does not hold a JWK object")
    named = public.get("kid")
    chosen = kid or (named if isinstance(named, str) and named else None)
    chosen = chosen or f"{issuer}-{utcnow():%Y%m%d}-{secrets.token_hex(3)}"

    async def _register(session: AsyncSession) -> None:
        await register_key(
            session, issuer_code=issuer, issuer_name=name, kid=chosen, jwk=public, actor="cli"
        )

    _database_call(_register)
    console.print(f"registered kid {chosen} for issuer {issuer}")
    print(chosen)


@keys_app.command("rotate")
def rotate_issuer_key(
    issuer: Annotated[str, typer.Option(help="issuing office code, e.g. 450102001")],
    out: Annotated[Path, typer.Option(help="file for the new private key (created 0600)")],
    name: Annotated[
        str | None, typer.Option(help="issuing office name (needed when the issuer is new)")
    ] = None,
) -> None:
    """Generate and register a new key pair for the issuer; the old keys stay valid until revoked.

    Prints the new kid.  Switch the office to the new key, then revoke the old
    one with 'verification keys revoke OLD_KID --reason …'.
    """
    from sqlalchemy import select

    from verification.authorization.keys import register_key
    from verification.authorization.models import IssuerKey
    from verification.authorization.signing import IssuerKeyPair
    from verification.db import utcnow
    from verification.kit.crypto import write_secret_file

    pair = IssuerKeyPair.generate(issuer, utcnow())

    async def _rotate(session: AsyncSession) -> list[str]:
        valid = (
            await session.execute(
                select(IssuerKey.kid).where(
                    IssuerKey.issuer_code == issuer, IssuerKey.revoked_at.is_(None)
                )
            )
        ).scalars()
        old = list(valid)
        await register_key(
            session,
            issuer_code=issuer,
            issuer_name=name,
            kid=pair.kid,
            jwk=pair.public_jwk,
            actor="cli",
        )
        return old

    try:
        write_secret_file(out, pair.to_json())
    except FileExistsError:
        raise typer.BadParameter(f"{out} exists; choose a new file for the new key") from None
    try:
        old = _database_call(_rotate)
    except BaseException:
        out.unlink(missing_ok=True)  # nothing registered: keep no orphan private key
        raise
    console.print(f"registered kid {pair.kid} for issuer {issuer}; private key in {out}")
    if old:
        console.print(f"still valid until revoked: {', '.join(old)}")
    print(pair.kid)


@app.command("openapi")
def export_openapi(
    out: Annotated[Path, typer.Option(help="where to write the spec")] = REPO_ROOT
    / "openapi"
    / "openapi.json",
) -> None:
    """Write the OpenAPI document the app serves (kept in openapi/, checked by the tests)."""
    from verification.app import openapi_document

    out.write_text(openapi_document() + "\n", encoding="utf-8")
    console.print(f"wrote {out}")


def main() -> None:
    """The command; a refusal or an unreachable, missing or unmigrated database is one
    line on stderr and exit status 1, not a traceback."""
    from alembic.util import CommandError
    from pydantic import ValidationError
    from sqlalchemy.exc import DBAPIError

    from verification.backup import BackupError
    from verification.db_roles import RoleError
    from verification.demo import DemoRefused
    from verification.kit.crypto import KeyRingError
    from verification.preflight import PreflightError
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
