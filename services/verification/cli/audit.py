"""``verification audit``: export, checkpoint, check and verify the audit log.

``verify`` and ``verify-receipt`` work offline: no settings, no database, no network.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from verification.cli.common import console, settings_with_database
from verification.messages.locale import Locale

if TYPE_CHECKING:
    from verification.audit.models import Stream
    from verification.runtime import Runtime

audit_app = typer.Typer(
    help="The audit log: export it, sign a checkpoint, check the stored log, verify an export "
    "or a receipt offline.",
    no_args_is_help=True,
)


# which log a command reads or signs: production's, or the sandbox's (docs/integrators/sandbox.md)
LogOption = Annotated[
    str,
    typer.Option(
        "--log",
        help="which audit log: production (the default) or sandbox, the sandbox clients' log "
        "with its own origin and checkpoints",
    ),
]


def _stream(name: str) -> Stream:
    from verification.audit.models import STREAMS

    try:
        return STREAMS[name]
    except KeyError:
        raise typer.BadParameter(
            f"--log must be one of {', '.join(STREAMS)}", param_hint="--log"
        ) from None


def _audit_runtime_call(action: Callable[[Runtime], Awaitable[None]]) -> None:
    from verification.runtime import Runtime

    settings = settings_with_database()

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
    log: LogOption = "production",
) -> None:
    """Write the log (events 1..SIZE) as NDJSON for offline verification."""
    from verification.audit.tree import tree_size
    from verification.audit_api.endpoints import export_lines

    stream = _stream(log)

    async def _export(runtime: Runtime) -> None:
        async with runtime.read_session_factory() as session:
            current = await tree_size(session, stream)
        if size is not None and not 1 <= size <= current:
            raise typer.BadParameter(f"--size must be between 1 and {current}")
        last = size or current
        with out.open("wb") as handle:
            async for chunk in export_lines(runtime, last, stream):
                handle.write(chunk)
        console.print(f"wrote {last} events to {out}")

    _audit_runtime_call(_export)


@audit_app.command("checkpoint")
def audit_checkpoint(
    out: Annotated[Path | None, typer.Option(help="also write the note to this file")] = None,
    log: LogOption = "production",
) -> None:
    """Sign a checkpoint of the log as it is now and print it.

    Refused if the log does not match its latest checkpoint: run 'verification audit check'."""
    from verification.audit.tree import issue_checkpoint

    stream = _stream(log)

    async def _issue(runtime: Runtime) -> None:
        if await runtime.integrity.check(full=False) == "broken":
            console.print(f"[red]not signed: {runtime.integrity.reason}[/red]", soft_wrap=True)
            raise typer.Exit(1)
        row = await issue_checkpoint(
            runtime.transaction, runtime.audit_key, runtime.audit_origin(stream), stream
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
    """Move the audit entries pending now into the log and sign a checkpoint of it.

    Any process may, whichever integrates meanwhile; with --follow, integrate as the
    service's processes do."""

    async def _integrate(runtime: Runtime) -> None:
        if await runtime.integrity.check(full=False) == "broken":
            console.print(f"[red]not integrated: {runtime.integrity.reason}[/red]", soft_wrap=True)
            raise typer.Exit(1)
        if follow:
            await runtime.run_integrators()
        count = await runtime.drain(checkpoint=True)
        console.print(f"integrated {count} pending audit entries")

    _audit_runtime_call(_integrate)


@audit_app.command("public-key")
def audit_public_key(
    out: Annotated[Path | None, typer.Option(help="also write the key to this file")] = None,
    log: LogOption = "production",
) -> None:
    """Print the log's verifier key (signed-note vkey), as served at /.well-known/audit-log-key."""
    from verification.audit.checkpoint import verifier_key

    stream = _stream(log)

    async def _show(runtime: Runtime) -> None:
        key = verifier_key(runtime.audit_origin(stream), runtime.audit_key.public_key())
        if out:
            out.write_text(key + "\n", encoding="utf-8")
        print(key)

    _audit_runtime_call(_show)


@audit_app.command("check")
def audit_check(log: LogOption = "production") -> None:
    """Check the stored log: every hash of the chain, and its latest signed checkpoint.

    Re-derives every hash of the audit chain, and checks the log against its latest signed
    checkpoint: the checkpoint's signature, at least its size of events stored, the root of
    those events and of the stored Merkle nodes equal to its root (tail truncation fails)."""
    from verification.audit.integrity import verify_stored_log
    from verification.audit.models import SANDBOX
    from verification.kit.crypto import KeyRingError, load_or_create_signing_key

    stream = _stream(log)
    settings = settings_with_database()
    origin = settings.sandbox_origin() if stream is SANDBOX else settings.audit_origin
    try:
        public_key = load_or_create_signing_key(
            settings.resolved_audit_key_file(), create=False
        ).public_key()
    except KeyRingError:
        public_key = None
        console.print(
            "[yellow]no audit log key file: the checkpoint's signature is not checked[/yellow]"
        )

    result = asyncio.run(verify_stored_log(settings.database_url, public_key, origin, stream))
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


@audit_app.command("verify-receipt")
def audit_verify_receipt(
    receipt: Annotated[
        Path,
        typer.Argument(
            help="the receipt (C2SP tlog-proof) from GET /v1/verifications/{id}/receipt or "
            "/v1/audit/receipts/{index}",
            exists=True,
            dir_okay=False,
        ),
    ],
    *,
    key: Annotated[
        str,
        typer.Option(
            help="the log's verifier key: a file from 'audit public-key' or "
            "/.well-known/audit-log-key, or the key itself"
        ),
    ],
    entry: Annotated[
        Path | None,
        typer.Option(
            help="the entry's body, byte for byte as the log hashed it (an export line's 'body')",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    leaf_hash: Annotated[
        str | None,
        typer.Option(help="the entry's leaf hash, 64 hex digits (a report's audit.leaf_hash)"),
    ] = None,
    origin: Annotated[
        str | None,
        typer.Option(help="the log's origin the checkpoint must name (default: the key's name)"),
    ] = None,
    lang: Annotated[
        Locale, typer.Option(help="the language of the output: zh-CN (default) or en")
    ] = Locale.ZH_CN,
) -> None:
    """Verify a receipt offline: a signed checkpoint, and the entry under its root.

    The checkpoint signed by the log's key, and the entry (--entry FILE or --leaf-hash HEX)
    at the receipt's index under its root. Exit 0 when the receipt proves it, 1 when not.
    No database, no settings, no network."""
    from rich.markup import escape

    from verification.audit.receipts import ReceiptError, verify_receipt
    from verification.messages.render import render

    def fail(code: str, **params: object) -> NoReturn:
        reason = render(code, params, lang)
        console.print(f"[red]{escape(render('receipt.invalid', {'reason': reason}, lang))}[/red]")
        raise typer.Exit(1)

    if (entry is None) == (leaf_hash is None):
        raise typer.BadParameter(
            render(
                "receipt.entry_or_leaf_hash", {"entry": "--entry", "leaf_hash": "--leaf-hash"}, lang
            )
        )
    leaf = None
    if leaf_hash is not None:
        if not re.fullmatch(r"[0-9a-fA-F]{64}", leaf_hash):
            option = {"option": "--leaf-hash"}
            raise typer.BadParameter(render("receipt.bad_leaf_hash", option, lang))
        leaf = bytes.fromhex(leaf_hash)
    key_file = Path(key)
    vkey = key_file.read_text(encoding="utf-8", errors="replace") if key_file.is_file() else key
    try:
        proven = verify_receipt(
            receipt.read_bytes(),
            vkey,
            entry=None if entry is None else entry.read_bytes(),
            leaf_hash=leaf,
            origin=origin,
        )
    except ReceiptError as error:
        fail(error.code, **error.params)
    checkpoint = proven.checkpoint
    verified = render(
        "receipt.verified",
        {"index": proven.index, "size": checkpoint.size, "origin": checkpoint.origin},
        lang,
    )
    console.print(f"[green]{escape(verified)}[/green]")
