"""The signing examples (examples/signing/: Python, Java, TypeScript) against the real
service, as an issuing office and a case system use them.

``verification serve`` runs in a process of its own (SQLite, or PostgreSQL when the suite runs
there) with the mock agencies. The office 450102901 registers its key with the CLI
(``verification keys create-issuer``), then rotates to a second key pair it made itself,
whose public JWK an admin registers through ``POST /v1/issuers/{code}/keys``; an admin makes
a case system allowed that office and region. Each example signs the household of
examples/signing/household.json with a key file as the CLI writes it; the case system POSTs
the JWS it prints to ``/v1/verifications`` and gets ``201`` with a report.

Java (JDK 17) and Node with npm are required, never skipped: scripts/test installs them
(default-jdk-headless, nodejs, npm) when missing. The TypeScript example is installed with
``npm ci`` from its package-lock.json (the npm cache, else the registry) in a copy, and
compiled with its own ``tsc``.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import httpx

from tests.integrators.authorization_schema import schema_errors
from tests.verification.served import BIN, serve
from verification.authorization.signing import IssuerKeyPair
from verification.settings import REPO_ROOT

EXAMPLES = REPO_ROOT / "examples" / "signing"
HOUSEHOLD = EXAMPLES / "household.json"
OFFICE = "450102901"


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, (
        f"{name} is not installed: the signing examples need a JDK 17 (java) and Node with npm; "
        "scripts/test installs default-jdk-headless, nodejs and npm when missing"
    )
    return found


def _python(key: Path) -> str:
    script = EXAMPLES / "python" / "sign.py"
    return _run(
        [sys.executable, str(script), "--key", str(key), "--household", str(HOUSEHOLD)], EXAMPLES
    )


def _java(key: Path) -> str:
    return _run(
        [_tool("java"), "Sign.java", "--key", str(key), "--household", str(HOUSEHOLD)],
        EXAMPLES / "java",
    )


def _typescript(key: Path, work: Path) -> str:
    project = work / "ts"
    shutil.copytree(EXAMPLES / "ts", project, ignore=shutil.ignore_patterns("node_modules", "dist"))
    _run([_tool("npm"), "ci", "--prefer-offline", "--no-audit", "--no-fund"], project)
    _run([_tool("node"), str(project / "node_modules" / ".bin" / "tsc"), "-p", "."], project)
    return _run(
        [
            _tool("node"),
            str(project / "dist" / "sign.js"),
            "--key",
            str(key),
            "--household",
            str(HOUSEHOLD),
        ],
        project,
    )


def test_each_example_signs_an_authorization_the_service_accepts(tmp_path: Path) -> None:
    for tool in ("java", "node", "npm"):
        _tool(tool)  # fail at once, before the service starts, when one is missing
    with serve(tmp_path) as served:
        admin = served.auth("admin")
        # the office's first key: the CLI generates the pair, keeps the private JWK in the
        # file, registers the public one
        first = tmp_path / "office-key.json"
        _run(
            [
                str(BIN / "verification"),
                "keys",
                "create-issuer",
                "--issuer",
                OFFICE,
                "--name",
                "示例街道办事处",
                "--out",
                str(first),
            ],
            tmp_path,
            served.env,
        )
        # rotation: the office makes a new pair itself and an admin registers its public JWK
        # under a new kid; both keys verify until the first is revoked
        rotated = IssuerKeyPair.generate(OFFICE, dt.datetime.now(dt.UTC))
        second = tmp_path / "office-key-2.json"
        second.write_text(rotated.to_json())
        registered = httpx.post(
            f"{served.url}/v1/issuers/{OFFICE}/keys",
            json={"kid": rotated.kid, "jwk": rotated.public_jwk},
            headers=admin,
            timeout=30,
        )
        assert registered.status_code == 201, registered.text
        keys = httpx.get(f"{served.url}/v1/issuers", headers=admin, timeout=30).json()
        (office,) = [issuer for issuer in keys["issuers"] if issuer["code"] == OFFICE]
        assert [key["revoked_at"] for key in office["keys"]] == [None, None]
        # the case system that submits the office's authorizations
        client = httpx.post(
            f"{served.url}/v1/clients",
            json={
                "name": "示例业务系统",
                "role": "case_system",
                "issuers": [OFFICE],
                "region_prefixes": ["4501"],
            },
            headers=admin,
            timeout=30,
        )
        assert client.status_code == 201, client.text
        case_system = {"Authorization": f"Bearer {client.json()['token']}"}

        signed = {
            "python (first key)": _python(first),
            "java (first key)": _java(first),
            "typescript (first key)": _typescript(first, tmp_path),
            "python (rotated key)": _python(second),
            "java (rotated key)": _java(second),
        }
        household = json.loads(HOUSEHOLD.read_text(encoding="utf-8"))
        for example, printed in signed.items():
            jws = printed.strip()
            assert jws.count(".") == 2 and "\n" not in jws, (example, printed)
            assert schema_errors(jws) == [], example
            created = httpx.post(
                f"{served.url}/v1/verifications",
                json={"authorization": jws},
                headers=case_system,
                timeout=60,
            )
            assert created.status_code == 201, (example, created.text)
            report = created.json()
            assert report["status"] == "completed", (example, report["status"])
            assert report["authorization_id"].startswith("auth-"), example
            assert report["region_code"] == household["region_code"]
            assert report["household_size"] == len(household["members"])
            assert report["outcome"] == "eligible", (example, report["outcome"])
