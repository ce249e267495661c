"""``verification cross-list upload|compare|show|run-monthly`` as real processes, on a
database of their own: an invalid line named by its line number and never echoed, an
upload, an on-demand comparison, its CSV, and the month's scheduled run made once."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from tests.verification.batches.seeding import seed_households
from tests.verification.helpers import fresh_id_number
from verification.cli import migrate_database
from verification.clients.models import ApiClient
from verification.demo import ensure_demo
from verification.kit.masking import mask_id_number
from verification.runtime import Runtime
from verification.settings import Settings

VERIFICATION = Path(sys.executable).parent / "verification"


async def _seed(settings: Settings, count: int) -> None:
    demo = await ensure_demo(settings)
    runtime = Runtime.build(settings)
    try:
        async with runtime.read_session_factory() as session:
            client = (
                await session.execute(select(ApiClient).where(ApiClient.role == "case_system"))
            ).scalar_one()
        await seed_households(runtime, client, demo.key_pair, count)
    finally:
        await runtime.aclose()


def test_the_cross_list_commands(tmp_path: Path, mock_sources_url: str) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        data_dir=tmp_path / "var",
        mock_sources_port=int(mock_sources_url.rsplit(":", 1)[1]),
        review_schedule="",
        retention_schedule="",
        cross_list_schedule="",
    )
    migrate_database(settings)
    asyncio.run(_seed(settings, 2))
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")} | {
        "VERIFICATION_DATABASE_URL": settings.database_url,
        "VERIFICATION_DATA_DIR": str(settings.data_dir),
        "VERIFICATION_MOCK_SOURCES_PORT": str(settings.mock_sources_port),
        "VERIFICATION_EMBEDDED_MOCK_SOURCES": "false",
    }

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(VERIFICATION), "cross-list", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    first, second = fresh_id_number(), fresh_id_number()
    mistyped = first[:17] + ("1" if first[17] != "1" else "2")
    bad = tmp_path / "bad.csv"
    bad.write_text(f"身份证号\n{first}\n\n{mistyped}\n", encoding="utf-8")
    refused = cli("upload", str(bad), "--kind", "edge_household", "--region", "4501")
    assert refused.returncode == 1
    assert "invalid-cross-list" in refused.stderr and "lines 4 (check_digit)" in refused.stderr
    assert mistyped not in refused.stderr + refused.stdout
    with contextlib.closing(sqlite3.connect(tmp_path / "cli.db")) as db:
        (body,) = db.execute(
            "SELECT body FROM audit_events WHERE action = 'request_refused'"
        ).fetchone()
    audited = json.loads(body)
    assert (audited["code"], audited["invalid_entries"]) == ("invalid-cross-list", 1)
    assert mistyped not in body

    good = tmp_path / "list.json"
    good.write_text(json.dumps([first, second]))
    uploaded = cli("upload", str(good), "--kind", "edge_household", "--region", "4501")
    assert uploaded.returncode == 0, uploaded.stderr
    listed = json.loads(uploaded.stdout)
    assert (listed["entry_count"], listed["version"]) == (2, 1)
    assert first not in uploaded.stdout

    compared = cli("compare", listed["id"])
    assert compared.returncode == 0, compared.stderr
    result = json.loads(compared.stdout)
    assert result["counts"]["enrolled_households"] == 2
    assert result["counts"]["enrolled_not_listed"] == 2
    assert result["counts"]["listed_not_enrolled"] == 2

    shown = cli("show", result["id"], "--csv")
    assert shown.returncode == 0, shown.stderr
    rows = list(csv.DictReader(io.StringIO(shown.stdout)))
    assert sorted(r["person_masked"] for r in rows if r["category"] == "listed_not_enrolled") == (
        sorted([mask_id_number(first), mask_id_number(second)])
    )
    assert first not in shown.stdout and second not in shown.stdout

    monthly = cli("run-monthly", "--as-of", "2030-03-01")
    assert monthly.returncode == 0, monthly.stderr
    assert len(json.loads(monthly.stdout)) == 1
    again = cli("run-monthly", "--as-of", "2030-03-15")
    assert json.loads(again.stdout) == []
