"""The ``verification`` command: serve, migrate, demo state, keys, authorizations, audit.

``verification serve`` is the embedded default in one command: it migrates
the database, creates the demo keys and client token at first run, writes a
signed request for every scenario household, and serves the API together
with the mock agencies in one process.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import uvicorn
from alembic import command
from alembic.config import Config
from rich.console import Console

from verification.settings import REPO_ROOT, Settings

if TYPE_CHECKING:
    from verification.runtime import Runtime

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
console = Console(stderr=True)


def alembic_config(settings: Settings) -> Config:
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(settings.migrations_dir))
    config.attributes["database_url"] = settings.database_url
    return config


def migrate_database(settings: Settings) -> None:
    if settings.database_url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(settings), "head")


@app.command()
def migrate() -> None:
    """Apply every database migration (alembic upgrade head)."""
    settings = Settings()
    migrate_database(settings)
    console.print("[green]database at the latest migration[/green]")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="port to listen on")] = None,
) -> None:
    """Migrate, prepare demo state, and serve the API (with the mock agencies when embedded)."""
    settings = Settings()
    overrides = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    settings = settings.model_copy(update=overrides)
    migrate_database(settings)
    from verification.demo import ensure_demo, write_scenario_requests

    state = asyncio.run(ensure_demo(settings))
    requests = write_scenario_requests(state)
    _print_welcome(settings, state.directory / "client-token", requests)
    asyncio.run(_serve(settings))


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
    """Create (or reuse) the demo issuer key, client token and scenario requests."""
    from verification.demo import ensure_demo, write_scenario_requests

    settings = Settings()
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

    settings = Settings()
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


@keys_app.command("revoke")
def revoke_issuer_key(
    kid: Annotated[str, typer.Argument(help="the key id to revoke")],
    reason: Annotated[str, typer.Option(help="why the key is revoked (kept with the key)")],
) -> None:
    """Revoke an issuer key: authorizations signed with it are refused from now on."""
    from verification.authorization.keys import revoke_key
    from verification.db import create_engine, create_session_factory, utcnow

    settings = Settings()

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

    async def _run() -> None:
        runtime = Runtime.build(Settings())
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
            last = size or await tree_size(session)
        with out.open("wb") as handle:
            async for chunk in export_lines(runtime, last):
                handle.write(chunk)
        console.print(f"wrote {last} events to {out}")

    _audit_runtime_call(_export)


@audit_app.command("checkpoint")
def audit_checkpoint(
    out: Annotated[Path | None, typer.Option(help="also write the note to this file")] = None,
) -> None:
    """Sign a checkpoint of the log as it is now and print it."""
    from verification.audit.tree import issue_checkpoint

    async def _issue(runtime: Runtime) -> None:
        row = await issue_checkpoint(
            runtime.transaction, runtime.audit_key, runtime.settings.audit_origin
        )
        if row is None:
            raise typer.BadParameter("the log is empty")
        if out:
            out.write_text(row.note, encoding="utf-8")
        print(row.note, end="")

    _audit_runtime_call(_issue)


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
    """Re-derive every hash of the audit chain and name the first bad row."""
    from verification.audit.log import check_chain
    from verification.db import create_engine, create_session_factory

    settings = Settings()

    async def _check() -> None:
        engine = create_engine(settings.database_url)
        try:
            async with create_session_factory(engine)() as session:
                result = await check_chain(session)
        finally:
            await engine.dispose()
        if result.first_bad_seq is None:
            console.print(f"[green]audit chain intact: {result.size} events[/green]")
            return
        console.print(
            f"[red]audit chain broken at seq {result.first_bad_seq}: {result.problem}[/red]"
        )
        raise typer.Exit(1)

    asyncio.run(_check())


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
    app()
