"""The sandbox's audit log from the command line and under its own integrity check (ADR
0013), on SQLite and PostgreSQL: `verification audit export/checkpoint/public-key --log
sandbox` give what `audit verify` verifies offline (and production's key refuses); `audit
check --log sandbox` checks it.  A sandbox log that no longer matches its checkpoint is
broken on its own: its gauge (`audit_log_integrity{log="sandbox"}`) is 0, it is no longer
integrated (its entries stay pending), and production's log, its verdict and its unlabelled
gauge go on as before."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select
from typer.testing import CliRunner

from tests.conftest import real_postgres_database
from verification.audit.checkpoint import Checkpoint, sign_checkpoint
from verification.audit.log import recording_to
from verification.audit.models import PRODUCTION, SANDBOX, Stream
from verification.audit.tree import latest_checkpoint
from verification.cli import app, migrate_database
from verification.runtime import Runtime
from verification.settings import Settings

runner = CliRunner()


@contextlib.contextmanager
def _database(backend: str, directory: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{directory / 'cli.db'}"
    else:
        with real_postgres_database() as url:
            yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Settings]:
    with _database(request.param, tmp_path) as url:
        monkeypatch.setenv("VERIFICATION_DATABASE_URL", url)
        monkeypatch.setenv("VERIFICATION_DATA_DIR", str(tmp_path / "var"))
        settings = Settings(database_url=url, data_dir=tmp_path / "var")
        migrate_database(settings)
        yield settings


@contextlib.asynccontextmanager
async def _runtime(settings: Settings) -> AsyncIterator[Runtime]:
    runtime = Runtime.build(settings)
    try:
        yield runtime
    finally:
        await runtime.aclose()


async def _grow(runtime: Runtime, stream: Stream, count: int) -> None:
    with recording_to(stream):
        await runtime.audit.record([{"action": "cli_sandbox_test", "n": n} for n in range(count)])


async def _pending(runtime: Runtime, stream: Stream) -> int:
    async with runtime.read_session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(stream.pending)) or 0)


async def _two_logs(settings: Settings) -> int:
    """Five entries in the sandbox's log, two in production's, signed; the sandbox's size."""
    async with _runtime(settings) as runtime:
        await _grow(runtime, SANDBOX, 5)
        await _grow(runtime, PRODUCTION, 2)
        await runtime.drain(checkpoint=True)
        async with runtime.read_session_factory() as session:
            row = await latest_checkpoint(session, SANDBOX)
    assert row is not None
    return row.size


def test_the_cli_exports_signs_and_checks_the_sandbox_log(
    settings: Settings, tmp_path: Path
) -> None:
    sandbox_size = asyncio.run(_two_logs(settings))
    export, note, key = tmp_path / "s.ndjson", tmp_path / "s.note", tmp_path / "s.vkey"
    exported = runner.invoke(app, ["audit", "export", "--out", str(export), "--log", "sandbox"])
    assert exported.exit_code == 0, exported.output
    assert len(export.read_bytes().splitlines()) == sandbox_size == 5
    signed = runner.invoke(app, ["audit", "checkpoint", "--out", str(note), "--log", "sandbox"])
    assert signed.exit_code == 0, signed.output
    assert note.read_text().splitlines()[0] == settings.sandbox_origin()
    shown = runner.invoke(app, ["audit", "public-key", "--out", str(key), "--log", "sandbox"])
    assert shown.exit_code == 0
    assert key.read_text().startswith(settings.sandbox_origin() + "+")
    verified = runner.invoke(
        app, ["audit", "verify", str(export), "--checkpoint", str(note), "--key", str(key)]
    )
    assert verified.exit_code == 0, verified.output
    assert "OK: 5 events" in verified.output
    # the production log's key does not verify the sandbox's checkpoint
    production_key = tmp_path / "p.vkey"
    assert runner.invoke(app, ["audit", "public-key", "--out", str(production_key)]).exit_code == 0
    refused = runner.invoke(
        app,
        ["audit", "verify", str(export), "--checkpoint", str(note), "--key", str(production_key)],
    )
    assert refused.exit_code == 1
    checked = runner.invoke(app, ["audit", "check", "--log", "sandbox"])
    assert checked.exit_code == 0, checked.output
    assert "audit chain intact: 5 events" in checked.output
    unknown = runner.invoke(app, ["audit", "export", "--out", str(export), "--log", "staging"])
    assert unknown.exit_code == 2


async def _break_the_sandbox_log(settings: Settings) -> None:
    async with _runtime(settings) as runtime:
        await _grow(runtime, SANDBOX, 3)
        await runtime.drain(checkpoint=True)
        # a checkpoint of more events than the sandbox's log holds (as after its tail was cut)
        forged = Checkpoint(settings.sandbox_origin(), 13, bytes(32))
        note = sign_checkpoint(forged, settings.sandbox_origin(), runtime.audit_key)
        async with runtime.transaction() as session:
            session.add(
                SANDBOX.checkpoints(
                    size=13,
                    root_hash=forged.root.hex(),
                    note=note,
                    created_at=dt.datetime.now(dt.UTC),
                )
            )
        assert await runtime.sandbox_integrity.check() == "broken"
        assert "covers 13" in (runtime.sandbox_integrity.reason or "")
        assert REGISTRY.get_sample_value("audit_log_integrity", {"log": "sandbox"}) == 0
        assert await runtime.integrity.check() == "intact"
        assert REGISTRY.get_sample_value("audit_log_integrity", {}) == 1
        # production's log goes on; the sandbox's is no longer integrated
        await _grow(runtime, SANDBOX, 1)
        await _grow(runtime, PRODUCTION, 1)
        await runtime.drain(checkpoint=True)
        assert await _pending(runtime, PRODUCTION) == 0
        assert await _pending(runtime, SANDBOX) == 1


def test_a_broken_sandbox_log_stops_alone(settings: Settings) -> None:
    asyncio.run(_break_the_sandbox_log(settings))
    checked = runner.invoke(app, ["audit", "check", "--log", "sandbox"])
    assert checked.exit_code == 1
    assert "covers 13" in checked.output
    assert runner.invoke(app, ["audit", "check"]).exit_code == 0
