"""openapi/openapi.json passes Redocly CLI's lint (the recommended rules, ``redocly.yaml``).

Runs the pinned ``@redocly/cli`` with ``npx`` (Node.js, as the signing examples' TypeScript
needs): a machine without ``npx`` fails here rather than skipping the check.
"""

from __future__ import annotations

import re
import shutil
import subprocess

from verification.settings import REPO_ROOT

REDOCLY_CLI = "@redocly/cli@2.77.0"


def test_the_openapi_document_passes_redocly_lint() -> None:
    npx = shutil.which("npx")
    assert npx, "npx (Node.js 20+) is needed to lint the OpenAPI document: apt-get install npm"
    result = subprocess.run(
        [npx, "--yes", REDOCLY_CLI, "lint", "openapi/openapi.json", "--format=stylish"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "Your API description is valid" in output, output
    assert not re.search(r"\b\d+ warnings?\b", output), output  # warnings count too
