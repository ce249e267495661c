"""The deployment examples give every installed data source its agency's address.

Production refuses to start while an installed source has no address
(``verification.preflight``); the stack test (``scripts/stack-test``) found that the hard way
when two sources joined without one. This catches it without building the image.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from connectors.sdk.discovery import installed_sources

ROOT = Path(__file__).resolve().parents[2]


def _named(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return {
        m.lower()
        for m in re.findall(r"^\s*VERIFICATION_SOURCES__([A-Z0-9_]+?)__BASE_URL", text, re.M)
    }


@pytest.mark.parametrize("example", ["deploy/compose.yaml", "deploy/verification.env.example"])
def test_every_installed_source_has_an_address(example: str) -> None:
    named = _named(ROOT / example)
    assert set(installed_sources().scopes) <= named, sorted(set(installed_sources().scopes) - named)


def test_the_scan_reads_the_addresses() -> None:
    assert {"hukou", "tax"} <= _named(ROOT / "deploy" / "compose.yaml")
