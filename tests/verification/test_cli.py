"""The CLI's key, authorization and audit commands on a real (SQLite) database."""

from __future__ import annotations

import json
from pathlib import Path

import jwt
import pytest
from typer.testing import CliRunner

from mock_sources.scenarios import HOUSEHOLDS
from verification.cli import app

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VERIFICATION_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("VERIFICATION_DATA_DIR", str(tmp_path / "var"))
    assert runner.invoke(app, ["migrate"]).exit_code == 0
    return tmp_path


def test_create_issuer_sign_and_revoke(env: Path) -> None:
    key_file = env / "issuer.json"
    created = runner.invoke(
        app,
        [
            "keys",
            "create-issuer",
            "--issuer",
            "450102009",
            "--name",
            "测试街道",
            "--out",
            str(key_file),
        ],
    )
    assert created.exit_code == 0, created.output
    stored = json.loads(key_file.read_text())
    assert oct(key_file.stat().st_mode & 0o777) == "0o600" and "d" in stored["jwk"]

    signed = runner.invoke(
        app, ["authorization", "sign", "--key", str(key_file), "--scenario", "eligible"]
    )
    assert signed.exit_code == 0, signed.output
    token = json.loads(signed.stdout)["authorization"]
    assert jwt.get_unverified_header(token) == {"alg": "EdDSA", "kid": stored["kid"], "typ": "JWT"}
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["issuer"] == "450102009" and len(claims["members"]) == 3

    unknown = runner.invoke(
        app, ["authorization", "sign", "--key", str(key_file), "--scenario", "nope"]
    )
    assert unknown.exit_code != 0

    revoked = runner.invoke(app, ["keys", "revoke", stored["kid"], "--reason", "lost"])
    assert revoked.exit_code == 0, revoked.output
    integrated = runner.invoke(app, ["audit", "integrate"])  # the CLI's entries, pending
    assert integrated.exit_code == 0 and "integrated 2 pending" in integrated.output
    checked = runner.invoke(app, ["audit", "check"])
    assert checked.exit_code == 0 and "intact: 2 events" in checked.output


def test_demo_init_is_idempotent(env: Path) -> None:
    first = runner.invoke(app, ["demo", "init"])
    assert first.exit_code == 0, first.output
    token = (env / "var" / "demo" / "client-token").read_text()
    key = (env / "var" / "demo" / "issuer-key.json").read_text()
    second = runner.invoke(app, ["demo", "init"])
    assert second.exit_code == 0
    assert (env / "var" / "demo" / "client-token").read_text() == token
    assert (env / "var" / "demo" / "issuer-key.json").read_text() == key
    requests = sorted(p.name for p in (env / "var" / "demo" / "requests").iterdir())
    assert "eligible.json" in requests and len(requests) == len(HOUSEHOLDS)
