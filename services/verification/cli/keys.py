"""``verification keys``: every key the service holds or trusts, in one group.

- the issuing offices' signing keys (``create-issuer``, ``register``, ``rotate``,
  ``revoke``): public keys the service checks authorizations (授权核对委托书) against;
- the data-encryption keys (``rotate-data-key``, ``reencrypt``, ``retire-data-key``,
  ``data-keys``): the key file the encrypted columns are sealed under
  (``verification.data_keys``);
- ``init``: the two key files production is given and never generates (the data keys and
  the audit log's signing key).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from verification.cli.common import (
    command_database,
    console,
    database_call,
    settings_with_database,
)
from verification.settings import Settings

if TYPE_CHECKING:
    from contextlib import AbstractAsyncContextManager

    from sqlalchemy.ext.asyncio import AsyncSession

    from verification.db import Transactions
    from verification.kit.crypto import KeyRing

ISSUER_KEYS = "Issuing offices' signing keys (authorizations are checked against them)"
DATA_KEYS = "Data-encryption keys (the key file the encrypted columns are sealed under)"
KEY_FILES = "Key files for production"

keys_app = typer.Typer(
    help="Keys: the issuing offices' signing keys, the data-encryption keys (rotate, "
    "re-encrypt, retire) and the key files production is given.",
    no_args_is_help=True,
)


@keys_app.command("create-issuer", rich_help_panel=ISSUER_KEYS)
def create_issuer_key(
    issuer: Annotated[str, typer.Option(help="issuing office code, e.g. 450102001")],
    name: Annotated[str, typer.Option(help="issuing office name")],
    out: Annotated[Path, typer.Option(help="file for the private key (created 0600)")],
) -> None:
    """Generate an Ed25519 issuer key pair, keep the private JWK in OUT, register the public one."""
    kid, _others = _new_key_pair(issuer, name, out)
    console.print(f"registered kid {kid} for issuer {issuer}; private key in {out}")


def _new_key_pair(issuer: str, name: str | None, out: Path) -> tuple[str, list[str]]:
    """Generate a key pair for the issuer, keep its private JWK in ``out`` (a new file) and
    register its public key: its kid and the issuer's other valid kids.  ``out`` is removed
    again when the registration fails (no orphan private key)."""
    from verification.authorization.issuer_keys import register_key, valid_kids
    from verification.authorization.signing import IssuerKeyPair
    from verification.db import utcnow
    from verification.kit.crypto import write_secret_file

    pair = IssuerKeyPair.generate(issuer, utcnow())

    async def _register(session: AsyncSession) -> list[str]:
        others = await valid_kids(session, issuer)
        await register_key(
            session,
            issuer_code=issuer,
            issuer_name=name,
            kid=pair.kid,
            jwk=pair.public_jwk,
            actor="cli",
        )
        return others

    try:
        write_secret_file(out, pair.to_json())
    except FileExistsError:
        raise typer.BadParameter(f"{out} exists; choose a new file for the new key") from None
    try:
        others = database_call(_register)
    except BaseException:
        out.unlink(missing_ok=True)  # nothing registered: keep no orphan private key
        raise
    return pair.kid, others


@keys_app.command("register", rich_help_panel=ISSUER_KEYS)
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

    from verification.authorization.issuer_keys import register_key
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

    database_call(_register)
    console.print(f"registered kid {chosen} for issuer {issuer}")
    print(chosen)


@keys_app.command("rotate", rich_help_panel=ISSUER_KEYS)
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
    kid, old = _new_key_pair(issuer, name, out)
    console.print(f"registered kid {kid} for issuer {issuer}; private key in {out}")
    if old:
        console.print(f"still valid until revoked: {', '.join(old)}")
    print(kid)


@keys_app.command("revoke", rich_help_panel=ISSUER_KEYS)
def revoke_issuer_key(
    kid: Annotated[str, typer.Argument(help="the key id to revoke")],
    reason: Annotated[str, typer.Option(help="why the key is revoked (kept with the key)")],
) -> None:
    """Revoke an issuer key: authorizations signed with it are refused from now on."""
    from verification.authorization.issuer_keys import revoke_key
    from verification.db import utcnow

    settings = settings_with_database()

    async def _revoke() -> None:
        async with command_database(settings) as transaction, transaction() as session:
            await revoke_key(session, kid, reason=reason, actor="cli", now=utcnow())

    try:
        asyncio.run(_revoke())
    except LookupError as exc:
        raise typer.BadParameter(str(exc)) from None
    console.print(f"revoked {kid}")


def _data_key_database(settings: Settings) -> AbstractAsyncContextManager[Transactions]:
    """The database of a data-key command (which needs an existing one)."""
    from verification.preflight import require_database

    require_database(settings)
    return command_database(settings)


def _read_key_file(settings: Settings) -> KeyRing:
    from verification.kit.crypto import KeyRingError, read_keyring

    try:
        return read_keyring(settings.resolved_key_file())
    except KeyRingError as exc:
        raise typer.BadParameter(str(exc)) from None


@keys_app.command("rotate-data-key", rich_help_panel=DATA_KEYS)
def rotate_data_key_command() -> None:
    """Add a new data-encryption key and make it active (earlier keys stay for reading)."""
    from verification.data_keys.rotation import rotate_data_key

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


@keys_app.command("reencrypt", rich_help_panel=DATA_KEYS)
def reencrypt_command(
    batch: Annotated[int, typer.Option(min=1, help="rows per batch (one transaction each)")] = 500,
) -> None:
    """Re-encrypt every stored value that is not under the active data key (resumable)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from verification.data_keys.columns import ENCRYPTED_COLUMNS, EncryptedColumn
    from verification.data_keys.rotation import ReencryptError, reencrypt, rows_not_under_key

    settings = Settings()
    keyring = _read_key_file(settings)

    async def _run() -> int:
        async with _data_key_database(settings) as transaction:
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


@keys_app.command("retire-data-key", rich_help_panel=DATA_KEYS)
def retire_data_key_command(
    kid: Annotated[str, typer.Argument(help="the data key id to remove from the key file")],
) -> None:
    """Remove a data key from the key file; refused while any stored value still uses it."""
    from verification.data_keys.rotation import DataKeyInUseError, retire_data_key
    from verification.kit.crypto import KeyRingError

    settings = Settings()
    _read_key_file(settings)

    async def _retire() -> None:
        async with _data_key_database(settings) as transaction:
            await retire_data_key(settings.resolved_key_file(), kid, transaction)

    try:
        asyncio.run(_retire())
    except DataKeyInUseError as exc:
        console.print(f"[red]refused: {exc}[/red]")
        raise typer.Exit(1) from None
    except KeyRingError as exc:
        raise typer.BadParameter(str(exc)) from None
    console.print(f"retired data key {kid}")


@keys_app.command("data-keys", rich_help_panel=DATA_KEYS)
def data_keys_command() -> None:
    """List the data keys in the key file, the active one, and how many values use each."""
    from verification.data_keys.rotation import key_usage

    settings = Settings()
    keyring = _read_key_file(settings)

    async def _usage() -> dict[str, int]:
        async with _data_key_database(settings) as transaction:
            return await key_usage(transaction, keyring)

    for kid, count in asyncio.run(_usage()).items():
        marker = " (active)" if kid == keyring.active_key_id else ""
        print(f"{kid}{marker}\t{count}")


@keys_app.command("init", rich_help_panel=KEY_FILES)
def keys_init(
    directory: Annotated[Path, typer.Argument(help="where to write the two key files")],
) -> None:
    """Make the two key files production is given and never generates.

    DIRECTORY/keys.json (the data-encryption keys, VERIFICATION_KEY_FILE) and
    DIRECTORY/audit-log-key.pem (the audit log's Ed25519 signing key,
    VERIFICATION_AUDIT_KEY_FILE), new, mode 0600.  Needs no settings or database; refuses
    to overwrite either file."""
    from verification.kit.crypto import KeyRing, load_or_create_signing_key, write_secret_file

    data_keys, audit_key = directory / "keys.json", directory / "audit-log-key.pem"
    existing = [str(path) for path in (data_keys, audit_key) if path.exists()]
    if existing:
        console.print(f"[red]refused: {', '.join(existing)} exist(s); nothing was written[/red]")
        raise typer.Exit(1)
    write_secret_file(data_keys, KeyRing.generate().to_json())
    load_or_create_signing_key(audit_key, create=True)
    console.print(f"wrote {data_keys} and {audit_key} (keep them secret, and backed up)")
