"""The versioning policy's promises that a test can hold (docs/integrators/versioning.md):

- CHANGELOG.md keeps the Keep a Changelog form: an ``[Unreleased]`` section first, then
  releases ``[MAJOR.MINOR.PATCH] - YYYY-MM-DD`` newest first, their entries under the six
  kinds of change only;
- the OpenAPI document's ``info.version`` is the latest release's version, of major 1 (the
  ``/v1`` of every versioned path);
- the policy is linked from the README and the CHANGELOG, and links the CHANGELOG.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from verification.settings import REPO_ROOT

RELEASE = re.compile(r"^## \[(\d+)\.(\d+)\.(\d+)\] - (\d{4}-\d{2}-\d{2})$")
KINDS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def _changelog() -> str:
    return (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def _releases() -> list[tuple[tuple[int, int, int], dt.date]]:
    found = []
    for line in _changelog().splitlines():
        if match := RELEASE.match(line):
            major, minor, patch, day = match.groups()
            found.append(((int(major), int(minor), int(patch)), dt.date.fromisoformat(day)))
    return found


def test_the_changelog_keeps_its_form() -> None:
    lines = _changelog().splitlines()
    sections = [line for line in lines if line.startswith("## ")]
    assert sections[0] == "## [Unreleased]", "new entries go under ## [Unreleased]"
    assert all(RELEASE.match(line) for line in sections[1:]), sections
    releases = _releases()
    assert releases == sorted(releases, reverse=True), "newest first, versions and dates alike"
    kinds = {line[4:] for line in lines if line.startswith("### ")}
    assert kinds <= KINDS, f"entries go under {sorted(KINDS)}, not {sorted(kinds - KINDS)}"


def test_info_version_is_the_latest_release() -> None:
    document = json.loads((REPO_ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8"))
    (major, minor, patch), _ = _releases()[0]
    assert document["info"]["version"] == f"{major}.{minor}.{patch}"
    assert major == 1
    versioned = [path for path in document["paths"] if path.startswith("/v")]
    assert versioned and all(path.startswith("/v1/") for path in versioned)


def test_the_policy_is_linked() -> None:
    policy = "docs/integrators/versioning.md"
    assert (REPO_ROOT / policy).is_file()
    assert f"]({policy})" in (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"]({policy})" in _changelog()
    assert "](../../CHANGELOG.md)" in (REPO_ROOT / policy).read_text(encoding="utf-8")
