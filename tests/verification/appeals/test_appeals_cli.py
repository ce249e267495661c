"""``verification appeals`` run as its own process against the suite's database: the appeals an
API client filed and decided, listed, shown and counted — codes and dates, never evidence."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

from tests.verification.helpers import scenario_body

VERIFICATION = Path(sys.executable).parent / "verification"


def _key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


def _cli(api, *args: str) -> Any:
    env = {
        **os.environ,
        "VERIFICATION_DATABASE_URL": api.settings.database_url,
        "VERIFICATION_DATA_DIR": str(api.settings.data_dir),
    }
    done = subprocess.run(
        [str(VERIFICATION), "appeals", *args, "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


async def test_the_cli_lists_shows_and_counts_appeals(api) -> None:
    created = await api.http.post(
        "/v1/verifications",
        json=scenario_body(api.issuer_key, "eligible"),
        headers={**api.auth(), **_key()},
    )
    vid = created.json()["id"]
    filed = await api.http.post(
        f"/v1/verifications/{vid}/appeals",
        json={
            "disputed": {"scopes": ["tax"]},
            "evidence": [{"kind": "expense", "description": "医疗费用单据三张"}],
        },
        headers={**api.auth(), **_key()},
    )
    assert filed.status_code == 201, filed.text
    appeal = filed.json()

    listed = await asyncio.to_thread(_cli, api, "list", "--region", "45", "--status", "filed")
    mine = next(row for row in listed if row["appeal_id"] == appeal["id"])
    assert mine["verification_id"] == vid and mine["status"] == "filed"
    assert mine["decision_due_on"] == appeal["decision_deadline"]["due_on"]
    assert mine["disputed"] == {"scopes": ["tax"], "findings": [], "figures": []}
    assert mine["evidence_items"] == 1 and mine["overdue"] is False
    assert "医疗" not in json.dumps(listed, ensure_ascii=False)  # never the evidence's words
    # long after its decision's day it is overdue (and not listed under another region)
    far = "2099-01-01"
    overdue = await asyncio.to_thread(_cli, api, "list", "--overdue", "--as-of", far)
    elsewhere = await asyncio.to_thread(
        _cli, api, "list", "--overdue", "--as-of", far, "--region", "44"
    )
    assert appeal["id"] not in {row["appeal_id"] for row in elsewhere}
    assert appeal["id"] in {row["appeal_id"] for row in overdue}

    decided = await api.http.post(
        f"/v1/appeals/{appeal['id']}/decision",
        json={"decision": "rejected", "reason_codes": ["evidence_insufficient"]},
        headers={**api.auth(), **_key()},
    )
    assert decided.status_code == 200, decided.text
    shown = await asyncio.to_thread(_cli, api, "show", appeal["id"])
    assert shown["decision"] == "rejected" and shown["reason_codes"] == ["evidence_insufficient"]
    assert shown["result_revision"] is None and shown["status"] == "decided"

    counts = await asyncio.to_thread(
        _cli, api, "counts", "--region", "45", "--from", appeal["filed_on"]
    )
    assert counts["region_prefix"] == "45" and counts["from"] == appeal["filed_on"]
    assert counts["filed"] >= 1 and counts["decided"]["rejected"] >= 1
