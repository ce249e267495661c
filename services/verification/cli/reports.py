"""``verification report verify``: check a signed report offline (issue #22 item 4)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer

from verification.cli.common import console
from verification.messages.locale import Locale

report_app = typer.Typer(
    help="Reports (核对报告): check a signed report offline.", no_args_is_help=True
)


@report_app.command("verify")
def report_verify(
    report: Annotated[
        Path,
        typer.Argument(
            help="the signed report from GET /v1/verifications/{id}/signed-report",
            exists=True,
            dir_okay=False,
        ),
    ],
    *,
    log_key: Annotated[
        str,
        typer.Option(
            help="the audit log's verifier key, which signs reports and checkpoints: a file "
            "from 'audit public-key' or /.well-known/audit-log-key, or the key itself"
        ),
    ],
    lang: Annotated[
        Locale, typer.Option(help="the language of the output: zh-CN (default) or en")
    ] = Locale.ZH_CN,
) -> None:
    """Check a signed report offline: the signature over its manifest, its receipt against
    the signed checkpoint, and that the receipt's entry is the report's own.

    Exit 0 when every check passes (the manifest's outcome and figures are then the
    service's), 1 when not. No database, no settings, no network."""
    from rich.markup import escape

    from verification.messages.render import label, render
    from verification.reports.manifest import SignedReportError, verify_signed_report

    def fail(code: str, **params: object) -> NoReturn:
        reason = render(code, params, lang)
        message = render("receipt.report_invalid", {"reason": reason}, lang)
        console.print(f"[red]{escape(message)}[/red]", soft_wrap=True)
        raise typer.Exit(1)

    key_file = Path(log_key)
    vkey = key_file.read_text(encoding="utf-8", errors="replace") if key_file.is_file() else log_key
    try:
        proven = verify_signed_report(report.read_bytes(), vkey)
    except SignedReportError as error:
        fail(error.code, **error.params)
    manifest = proven.manifest
    checkpoint = proven.receipt.checkpoint
    verified = render(
        "receipt.report_verified",
        {
            "verification_id": manifest["verification_id"],
            "revision": manifest["revision"],
            "outcome": label("outcome", manifest["outcome"], lang),
            "index": proven.receipt.index,
            "size": checkpoint.size,
            "origin": checkpoint.origin,
        },
        lang,
    )
    console.print(f"[green]{escape(verified)}[/green]", soft_wrap=True)
    if not proven.lists_obligors:
        note = render("receipt.report_old_format", {"format": manifest["format"]}, lang)
        console.print(f"[yellow]{escape(note)}[/yellow]", soft_wrap=True)
        return
    obligors = manifest["figures"].get("obligors")
    if obligors is not None:
        status = obligors["support_status"]
        line = render(
            "receipt.report_obligors",
            {
                "count": len(obligors["obligors"]),
                "answers": len(manifest["obligor_sources"]),
                "support": obligors["support_monthly"],
                "status": label("obligor_support_status", status, lang),
            },
            lang,
        )
        console.print(escape(line), soft_wrap=True)
