"""Backup and restore, on the suite's database (SQLite, or PostgreSQL with pg_dump and
pg_restore when VERIFICATION_TEST_DATABASE_URL names a server): verifications are run,
the database backed up while the service runs, restored into a new database, and the
restored audit log verifies against its checkpoint; a tampered restore does not."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from tests.conftest import fresh_database
from tests.verification.helpers import fresh_body
from verification.app import create_app
from verification.audit.tree import issue_checkpoint
from verification.backup import BackupError, backup, check_restored, checkpoint_file, restore
from verification.cli import app as cli
from verification.cli import migrate_database
from verification.db import create_engine, is_sqlite
from verification.demo import ensure_demo
from verification.settings import Settings


async def _run_verifications(settings: Settings, count: int) -> int:
    demo = await ensure_demo(settings)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            for _ in range(count):
                response = await http.post(
                    "/v1/verifications",
                    json=fresh_body(demo.key_pair),
                    headers={"Authorization": f"Bearer {demo.token}"},
                )
                assert response.status_code == 201
        runtime = app.state.runtime
        # the entries just recorded integrated first (the app's integrator may not have
        # polled yet on a loaded machine): the checkpoint covers these verifications
        await runtime.drain()
        row = await issue_checkpoint(runtime.transaction, runtime.audit_key, settings.audit_origin)
        assert row is not None
        return row.size


async def _tamper(url: str) -> None:
    """Change one stored event's body, as someone with the owner's rights could."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            if is_sqlite(url):
                await connection.execute(text("DROP TRIGGER audit_events_no_update"))
            else:
                await connection.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
            await connection.execute(
                text("UPDATE audit_events SET body = body || ' ' WHERE seq = 2")
            )
    finally:
        await engine.dispose()


@pytest.fixture
def source(settings: Settings, tmp_path: Path):
    with fresh_database(tmp_path / "source") as url:
        (tmp_path / "source").mkdir(exist_ok=True)
        source = settings.model_copy(update={"database_url": url, "data_dir": tmp_path / "keys"})
        migrate_database(source)
        yield source


def test_a_restored_backup_verifies_and_a_tampered_one_does_not(source, tmp_path) -> None:
    size = asyncio.run(_run_verifications(source, 2))
    out = tmp_path / "verification.backup"
    recorded = backup(source, out)
    assert recorded is not None and recorded.size == size
    assert checkpoint_file(out).read_text(encoding="utf-8").startswith(source.audit_origin)
    with pytest.raises(BackupError):
        backup(source, out)  # never over an earlier backup

    note = checkpoint_file(out).read_text(encoding="utf-8")
    (tmp_path / "restored").mkdir()
    with fresh_database(tmp_path / "restored") as url:
        restored = source.model_copy(update={"database_url": url})
        restore(restored, out)
        check = check_restored(restored, note)
        assert check.problem is None
        assert check.log.checkpoint_size == size and check.log.size >= size
        with pytest.raises(BackupError):
            restore(restored, out)  # never into a database that holds one already

    (tmp_path / "tampered").mkdir()
    with fresh_database(tmp_path / "tampered") as url:
        tampered = source.model_copy(update={"database_url": url})
        restore(tampered, out)
        asyncio.run(_tamper(url))
        check = check_restored(tampered, note)
        assert check.problem is not None and "seq 2" in check.problem


def test_the_cli_restores_and_checks(source, tmp_path, monkeypatch) -> None:
    asyncio.run(_run_verifications(source, 1))
    out = tmp_path / "cli.backup"
    runner = CliRunner()
    monkeypatch.setenv("VERIFICATION_DATA_DIR", str(source.data_dir))
    monkeypatch.setenv("VERIFICATION_DATABASE_URL", source.database_url)
    result = runner.invoke(cli, ["backup", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and checkpoint_file(out).is_file()
    (tmp_path / "restored").mkdir()
    with fresh_database(tmp_path / "restored") as url:
        monkeypatch.setenv("VERIFICATION_DATABASE_URL", url)
        result = runner.invoke(cli, ["restore", str(out)])
        assert result.exit_code == 0, result.output
        assert "restored audit log intact" in result.output
        # a recorded checkpoint the restored log does not reach fails the restore's check
        later = tmp_path / "later.checkpoint"
        asyncio.run(_run_verifications(source, 1))
        fresh = tmp_path / "later.backup"
        assert (
            runner.invoke(
                cli, ["backup", str(fresh)], env={"VERIFICATION_DATABASE_URL": source.database_url}
            ).exit_code
            == 0
        )
        later.write_text(checkpoint_file(fresh).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "again").mkdir()
    with fresh_database(tmp_path / "again") as url:
        monkeypatch.setenv("VERIFICATION_DATABASE_URL", url)
        result = runner.invoke(cli, ["restore", str(out), "--checkpoint", str(later)])
        assert result.exit_code == 1
        assert "FAILED" in result.output
