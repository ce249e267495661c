"""``verification integrity list`` and ``show``, run as an operator runs them (a subprocess
on the suite's database): the entries the API made, their states, no personal data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.verification.integrity_record.entries import ENTRIES, confirmed_entry, proposed_entry

VERIFICATION = Path(sys.executable).parent / "verification"


def _cli(api, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")} | {
        "VERIFICATION_DATABASE_URL": api.settings.database_url,
        "VERIFICATION_DATA_DIR": str(api.settings.data_dir),
    }
    return subprocess.run(
        [str(VERIFICATION), "integrity", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_the_operator_lists_and_shows_entries_without_personal_data(api) -> None:
    _report, members, confirmed = await confirmed_entry(api)
    _r, _m, proposed = await proposed_entry(api)
    dismissed = await api.http.post(
        f"{ENTRIES}/{proposed['id']}/dismiss",
        json={"reason_code": "explanation_accepted"},
        headers=api.auth(),
    )
    assert dismissed.status_code == 200

    listed = _cli(api, "list", "--region", "45", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = {row["id"]: row for row in json.loads(listed.stdout)}
    assert rows[confirmed["id"]]["status"] == "confirmed"
    assert rows[confirmed["id"]]["listed_until"] == confirmed["listed_until"]
    assert rows[proposed["id"]]["status"] == "dismissed"
    assert rows[proposed["id"]]["closing_reason"] == "explanation_accepted"
    for member in members:
        assert member["id_number"] not in listed.stdout and member["name"] not in listed.stdout

    shown = _cli(api, "show", confirmed["id"], "--json")
    assert shown.returncode == 0, shown.stderr
    entry = json.loads(shown.stdout)
    assert entry["finding_code"] == "finding.financial_assets"
    assert entry["member_count"] == 2 and entry["period_months"] == 36

    table = _cli(api, "list", "--region", "45")
    assert table.returncode == 0 and "诚信记录" in table.stdout

    missing = _cli(api, "show", "00000000-0000-0000-0000-000000000000")
    assert missing.returncode == 1 and "no integrity entry" in missing.stderr
