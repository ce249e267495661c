"""The generated Python client (clients/python/) and its example integration (examples/client/).

- the committed package is exactly what the pinned generator makes of openapi/openapi.json
  (``scripts/generate-client --check``, which installs the generator from its hashed lock
  into .venv-client-generator/ the first time), so it never drifts from the document;
- it builds as a wheel, and that wheel, installed apart from the checkout, is what the
  example imports;
- the example, run as an integrator runs it, signs an authorization with the signing
  example's code, creates a verification with the client against ``verification serve``
  (and its mock agencies), reads the report and fetches a receipt that verifies offline.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx

from tests.verification.served import BIN, serve
from verification.settings import REPO_ROOT

CLIENT = REPO_ROOT / "clients" / "python"
PACKAGE = "household_verification_client"
EXAMPLE = REPO_ROOT / "examples" / "client" / "verify_household.py"
HOUSEHOLD = REPO_ROOT / "examples" / "signing" / "household.json"


def _run(command: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done.stdout


def test_the_committed_client_is_what_the_document_generates() -> None:
    _run(["bash", REPO_ROOT / "scripts" / "generate-client", "--check"], REPO_ROOT)


def _wheel(work: Path) -> Path:
    """clients/python/ built as a wheel (in a copy: the build writes beside the sources)."""
    source = work / "source"
    shutil.copytree(CLIENT, source, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    wheels = work / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _run([*pip, "wheel", "--no-build-isolation", "--no-deps", "-w", wheels, source], work)
    (wheel,) = wheels.glob(f"{PACKAGE}-*.whl")
    return wheel


def test_the_client_builds_and_the_example_integration_runs(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    assert f"{PACKAGE}/py.typed" in names
    assert f"{PACKAGE}/api/verifications/create_verification.py" in names
    site = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _run([*pip, "install", "--quiet", "--no-deps", "--target", site, wheel], tmp_path)
    # the installed wheel alone, never the checkout's sources: run from elsewhere, with the
    # wheel's target as the only addition to the path (httpx and attrs, its dependencies, and
    # PyJWT, the signing example's, come from this environment)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(site)}
    imported = _run(
        [sys.executable, "-c", f"import {PACKAGE}; print({PACKAGE}.__file__)"], tmp_path, env
    )
    assert Path(imported.strip()).is_relative_to(site)

    (tmp_path / "served").mkdir()
    with serve(tmp_path / "served") as served:
        demo = tmp_path / "served" / "var" / "demo"
        receipt = tmp_path / "report.tlog-proof"
        printed = _run(
            [
                sys.executable,
                EXAMPLE,
                "--url",
                served.url,
                "--token",
                served.tokens["case_system"],
                "--key",
                demo / "issuer-key.json",
                "--household",
                HOUSEHOLD,
                "--receipt",
                receipt,
            ],
            tmp_path,
            env,
        )
        summary = json.loads(printed)
        assert summary["outcome"] == "eligible"
        assert summary["suggested_allowance_monthly"] is not None
        assert summary["rules"]["income_below_standard"]["result"] == "passed"
        assert set(summary["rules"]["income_below_standard"]["figures"]) == {
            "per_capita_monthly",
            "standard_monthly",
        }
        assert summary["audit_seq"] >= 1
        # the receipt saved proves the report's audit entry, offline, with the log's key
        key = httpx.get(f"{served.url}/.well-known/audit-log-key", timeout=30).text.strip()
        _run(
            [
                BIN / "verification",
                "audit",
                "verify-receipt",
                receipt,
                "--key",
                key,
                "--leaf-hash",
                summary["audit_leaf_hash"],
            ],
            tmp_path,
            served.env,
        )
