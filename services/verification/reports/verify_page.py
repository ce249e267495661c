"""The page that checks a signed report in the browser (``/verify-report``): static HTML
and script, no network request (its CSP forbids any), WebCrypto's Ed25519 and SHA-256.
It checks what ``reports.manifest.verify_signed_report`` checks.  The log's verifier key is
filled in as served; a reader may paste the one they trust instead."""

from __future__ import annotations

import functools
import html
from importlib import resources


@functools.cache
def _template() -> str:
    return (
        resources.files("verification.reports")
        .joinpath("templates/verify-report.html")
        .read_text(encoding="utf-8")
    )


def verify_page(log_key: str) -> str:
    """The page, with ``log_key`` (a signed-note verifier key) filled in."""
    return _template().replace("__LOG_KEY__", html.escape(log_key, quote=True))
