"""Install a distribution from a folder of the checkout, offline, into a folder of its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def pip_install_copy(project: Path, work: Path, *, timeout: float) -> Path:
    """``project`` copied to ``work/src`` (a build writes nothing into the checkout) and
    pip-installed from there, offline and without its dependencies, into ``work/site``
    (nothing enters the environment); that folder, for ``sys.path`` or ``PYTHONPATH``."""
    source = work / "src"
    shutil.copytree(project, source, ignore=shutil.ignore_patterns("__pycache__", "build"))
    site = work / "site"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--disable-pip-version-check",
            "--quiet",
            "--target",
            str(site),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PIP_NO_INPUT": "1"},
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return site
