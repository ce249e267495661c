"""``verification statistics show``, run as an operator runs it (a subprocess on the
service's database): the same sections and suppression as the API, audited as the
actor ``cli``; an empty period refused in one line."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from tests.verification.statistics.seed import Seeder, fresh_prefix
from verification.audit.models import AuditEvent

VERIFICATION = Path(sys.executable).parent / "verification"


def _run(api, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")}
    env["VERIFICATION_DATABASE_URL"] = api.settings.database_url
    env["VERIFICATION_DATA_DIR"] = str(api.settings.data_dir)
    env["COLUMNS"] = "200"
    return subprocess.run(
        [str(VERIFICATION), "statistics", "show", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_the_cli_shows_the_sections_suppressed_and_audited(api) -> None:
    prefix = fresh_prefix()
    async with api.runtime.transaction() as session:
        seed = await Seeder(session).start()
        for _ in range(6):
            await seed.verification(f"{prefix}01", dt.date(2026, 11, 3), outcome="eligible")
        await seed.verification(f"{prefix}01", dt.date(2026, 11, 4), outcome="ineligible")
    period = ("--region", prefix, "--from", "2026-11-01", "--to", "2026-12-01")

    done = _run(api, *period, "--json")
    assert done.returncode == 0, done.stderr
    view = json.loads(done.stdout)
    applications = view["sections"][0]["groups"][0]
    shown = {c["key"]: c["shown"] for c in applications["cells"]}
    assert shown == {"eligible": "6", "ineligible": "<5", "review_required": "0", "open": "0"}
    assert applications["total"]["shown"] == "—"

    table = _run(api, *period, "--lang", "en")
    assert table.returncode == 0, table.stderr
    assert "Verifications and outcomes" in table.stdout
    assert "Sharing by agency" in table.stdout
    assert "<5" in table.stdout

    await api.drain()
    async with api.sessions() as session:
        bodies = [
            json.loads(body)
            for body in (
                await session.execute(
                    select(AuditEvent.body).where(AuditEvent.action == "statistics_read")
                )
            ).scalars()
        ]
    mine = [b for b in bodies if b.get("actor") == "cli" and b["region_prefix"] == prefix]
    assert len(mine) == 2
    assert mine[0]["period"] == ["2026-11-01", "2026-12-01"]


async def test_the_cli_refuses_an_empty_period(api) -> None:
    refused = _run(api, "--region", "61", "--from", "2026-11-01", "--to", "2026-11-01")
    assert refused.returncode == 1
    assert "invalid-period" in refused.stderr
    bad = _run(api, "--region", "6", "--from", "2026-11-01", "--to", "2026-11-02")
    assert bad.returncode == 2
