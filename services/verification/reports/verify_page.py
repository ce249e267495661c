"""The page that checks a signed report in the browser (``/verify-report``): static HTML
and script, no network request (its CSP forbids any), WebCrypto's Ed25519 and SHA-256.
It checks what ``reports.manifest.verify_signed_report`` checks.  The log's verifier key is
filled in as served; a reader may paste the one they trust instead."""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Mapping
from importlib import resources


@functools.cache
def _template() -> str:
    return (
        resources.files("verification.reports")
        .joinpath("templates/verify-report.html")
        .read_text(encoding="utf-8")
    )


def verify_page(log_key: str, scope_names: Mapping[str, tuple[str, str]]) -> str:
    """The page, with ``log_key`` (a signed-note verifier key) and the installed sources'
    names (``scope: (中文, English)``, to name the obligors' sources) filled in."""
    names = json.dumps(dict(scope_names), ensure_ascii=True, sort_keys=True)
    # in a script element: no "</script>" nor "<!--" may be spelt out
    names = names.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        _template()
        .replace("__LOG_KEY__", html.escape(log_key, quote=True))
        .replace("__SCOPE_NAMES__", names)
    )
