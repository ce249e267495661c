"""`verification batch run` and `verification batch status`, as real processes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from tests.verification.batches.seeding import seed_households
from verification.cli import migrate_database
from verification.clients.models import ApiClient
from verification.demo import ensure_demo
from verification.runtime import Runtime
from verification.settings import Settings

VERIFICATION = Path(sys.executable).parent / "verification"


async def _seed(settings: Settings, count: int) -> list[str]:
    demo = await ensure_demo(settings)
    runtime = Runtime.build(settings)
    try:
        async with runtime.read_session_factory() as session:
            client = (
                await session.execute(select(ApiClient).where(ApiClient.role == "case_system"))
            ).scalar_one()
        return [str(h) for h in await seed_households(runtime, client, demo.key_pair, count)]
    finally:
        await runtime.aclose()


def test_batch_run_follows_a_batch_to_the_end_and_status_reports_it(
    tmp_path: Path, mock_sources_url: str
) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        data_dir=tmp_path / "var",
        mock_sources_port=int(mock_sources_url.rsplit(":", 1)[1]),
        review_schedule="",
        retention_schedule="",
    )
    migrate_database(settings)
    households = asyncio.run(_seed(settings, 5))
    listed = tmp_path / "households.txt"
    listed.write_text("\n".join(households[:3]) + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")} | {
        "VERIFICATION_DATABASE_URL": settings.database_url,
        "VERIFICATION_DATA_DIR": str(settings.data_dir),
        "VERIFICATION_MOCK_SOURCES_PORT": str(settings.mock_sources_port),
        "VERIFICATION_EMBEDDED_MOCK_SOURCES": "false",
        "VERIFICATION_REVIEW_SCHEDULE": "",
        "VERIFICATION_RETENTION_SCHEDULE": "",
    }

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(VERIFICATION), "batch", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    run = cli("run", "--households", str(listed))
    assert run.returncode == 0, run.stderr
    assert ": 3 household(s)" in run.stderr
    assert "items run in this process" in run.stderr  # SQLite: the embedded engine
    assert "completed; done 3" in run.stderr
    assert "recommendations:" in run.stderr
    batch_id = run.stderr.split("batch ", 1)[1].split(":", 1)[0]

    status = cli("status", batch_id)
    assert status.returncode == 0, status.stderr
    assert f"batch {batch_id}: completed; done 3" in status.stderr

    # the rest are due; a second batch of everything due takes only those two
    due = cli("run")
    assert due.returncode == 0, due.stderr
    assert ": 2 household(s)" in due.stderr

    unknown = cli("status", "00000000-0000-0000-0000-000000000000")
    assert unknown.returncode == 1
    assert "no batch with this id" in unknown.stderr
