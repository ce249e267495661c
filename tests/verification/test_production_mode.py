"""Production mode needs its keys and its database from files or the environment (#16).

Settings may come from container secrets (``VERIFICATION_<NAME>_FILE``), the database
password apart from its URL; production generates no key, and neither ``serve`` nor
``worker`` starts on a database that still holds demo material in force — checked in
process and as real processes.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from connectors.sdk.discovery import installed_sources
from tests.conftest import fresh_database, real_postgres_database
from verification.cli import migrate_database
from verification.demo import ensure_demo
from verification.kit.crypto import KeyRing, load_or_create_signing_key, write_secret_file
from verification.preflight import production_serve_problems
from verification.settings import Settings, SettingsFileError

SCOPES = installed_sources().scopes  # the installed sources

VERIFICATION = Path(sys.executable).parent / "verification"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in list(os.environ):
        if name.startswith("VERIFICATION_"):
            monkeypatch.delenv(name)
    return monkeypatch


def test_a_setting_read_from_a_secret_file(clean_env, tmp_path: Path) -> None:
    url_file = tmp_path / "database-url"
    url_file.write_text("postgresql+asyncpg://app@db:5432/verification\n")
    clean_env.setenv("VERIFICATION_DATABASE_URL_FILE", str(url_file))
    clean_env.setenv("VERIFICATION_MODE", "production")
    settings = Settings()
    assert settings.database_url == "postgresql+asyncpg://app@db:5432/verification"
    assert not settings.demo_mode()


def test_the_password_joins_the_url(clean_env, tmp_path: Path) -> None:
    secret = tmp_path / "db-password"
    secret.write_text("p@ss:w/rd%\n")
    clean_env.setenv("VERIFICATION_DATABASE_URL", "postgresql+asyncpg://app@db:5432/verification")
    clean_env.setenv("VERIFICATION_DATABASE_PASSWORD_FILE", str(secret))
    settings = Settings()
    assert (
        settings.database_url == "postgresql+asyncpg://app:p%40ss%3Aw%2Frd%25@db:5432/verification"
    )
    assert settings.database_password is None  # not kept beside the URL
    # a URL with a password of its own keeps it
    clean_env.setenv("VERIFICATION_DATABASE_URL", "postgresql+asyncpg://app:own@db/v")
    assert Settings().database_url == "postgresql+asyncpg://app:own@db/v"


def test_a_setting_and_its_file_together_are_refused(clean_env, tmp_path: Path) -> None:
    (tmp_path / "url").write_text("sqlite+aiosqlite:///x.db")
    clean_env.setenv("VERIFICATION_DATABASE_URL", "sqlite+aiosqlite:///y.db")
    clean_env.setenv("VERIFICATION_DATABASE_URL_FILE", str(tmp_path / "url"))
    with pytest.raises(SettingsFileError, match="not both"):
        Settings()


def _env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")}
    return env | {f"VERIFICATION_{k.upper()}": v for k, v in settings.items()}


def test_an_unreadable_secret_file_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(VERIFICATION), "migrate"], cwd=tmp_path, capture_output=True, text=True,
        env=_env(database_url_file=str(tmp_path / "missing")), timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "VERIFICATION_DATABASE_URL_FILE: cannot read" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "var").exists()


def _production_settings(url: str, data_dir: Path) -> dict[str, str]:
    return {
        "mode": "production",
        "database_url": url,
        "data_dir": str(data_dir),
        "key_file": str(data_dir / "keys.json"),
        "audit_key_file": str(data_dir / "audit-log-key.pem"),
        "embedded_mock_sources": "false",
        "review_schedule": "",
        "retention_schedule": "",
        **{f"sources__{scope}__base_url": f"http://127.0.0.1:9/{scope}" for scope in SCOPES},
    }


def test_production_does_not_start_on_demo_material(clean_env, tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    with fresh_database(tmp_path) as url:
        demo = Settings(database_url=url, data_dir=data_dir)
        migrate_database(demo)
        asyncio.run(ensure_demo(demo))  # a demo once ran on this database
        production = _production_settings(url, data_dir)
        for name, value in production.items():
            clean_env.setenv(f"VERIFICATION_{name.upper()}", value)
        settings = Settings()
        # the key files are the demo's (generated): present, so only the demo rows are wrong
        write_secret_file(data_dir / "keys.json", KeyRing.generate().to_json())
        load_or_create_signing_key(data_dir / "audit-log-key.pem")
        problems = production_serve_problems(settings)
        assert len(problems) == 1, problems
        assert (
            "demo material" in problems[0]
            and "1 demo client(s), 1 demo issuer key(s)" in (problems[0])
        )
        served = subprocess.run(
            [str(VERIFICATION), "serve"], cwd=tmp_path, capture_output=True, text=True,
            env=_env(**production), timeout=120, check=False,
        )  # fmt: skip
        assert served.returncode == 1, served.stdout + served.stderr
        assert "refusing to start in production mode" in served.stderr
        assert "demo material" in served.stderr and "Traceback" not in served.stderr


def test_a_production_worker_refuses_without_its_keys(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    with real_postgres_database() as url:
        migrate_database(Settings(database_url=url, data_dir=data_dir))
        worker = subprocess.run(
            [str(VERIFICATION), "worker"], cwd=tmp_path, capture_output=True, text=True,
            env=_env(**_production_settings(url, data_dir), generate_missing_keys="true"),
            timeout=120, check=False,
        )  # fmt: skip
    output = worker.stdout + worker.stderr
    assert worker.returncode == 1, output
    assert "refusing to start in production mode" in output
    assert "data-encryption key file" in output and "audit-log signing key" in output
    assert "Traceback" not in output
    # production generated nothing, though GENERATE_MISSING_KEYS said it might
    assert not (data_dir / "keys.json").exists()
    assert not (data_dir / "audit-log-key.pem").exists()


def test_keys_init_makes_the_key_files_production_is_given(tmp_path: Path) -> None:
    made = subprocess.run(
        [str(VERIFICATION), "keys", "init", str(tmp_path / "secrets")], cwd=tmp_path,
        capture_output=True, text=True, env=_env(), timeout=120, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    keys, audit = tmp_path / "secrets" / "keys.json", tmp_path / "secrets" / "audit-log-key.pem"
    assert KeyRing.from_json(keys.read_text()).active_key_id
    load_or_create_signing_key(audit, create=False)
    assert {keys.stat().st_mode & 0o777, audit.stat().st_mode & 0o777} == {0o600}
    before = keys.read_bytes()
    again = subprocess.run(
        [str(VERIFICATION), "keys", "init", str(tmp_path / "secrets")], cwd=tmp_path,
        capture_output=True, text=True, env=_env(), timeout=120, check=False,
    )  # fmt: skip
    assert again.returncode == 1 and "refused" in again.stderr
    assert keys.read_bytes() == before
