"""POST /v1/policies/what-if on SQLite and PostgreSQL: households enrolled through real
verifications, replayed under a draft without asking any agency."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.verification.helpers import fresh_body
from tests.verification.route_access import new_client
from verification.audit.models import AuditEvent
from verification.clients.models import Role
from verification.policies.layered.loading import default_layers_dir
from verification.what_if import run

VERIFICATION = Path(sys.executable).parent / "verification"
NANNING = (default_layers_dir() / "gx-nanning.toml").read_text(encoding="utf-8")
RAISED_RURAL = (
    NANNING
    + """
[[standard.rural]]
valid_from = 2026-01-01
value = "3000.00"
example = true
note = "草案：南宁市农村标准提高到每人每年3000元"
"""
)


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _enrolled(api: Any, token: str) -> dict[str, Any]:
    response = await api.http.post(
        "/v1/verifications", json=fresh_body(api.issuer_key), headers=_auth(token)
    )
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["outcome"] == "eligible"
    enrolled = await api.http.post(
        "/v1/households",
        json={"verification_id": report["id"], "category": "stable"},
        headers=_auth(token),
    )
    assert enrolled.status_code == 201, enrolled.text
    return enrolled.json()


async def _events(api: Any, action: str) -> list[dict[str, Any]]:
    await api.drain()
    async with api.sessions() as session:
        rows = (
            await session.execute(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
            )
        ).scalars()
        return [json.loads(row.body) for row in rows]


async def _what_if(api: Any, token: str, **body: Any) -> Any:
    return await api.http.post("/v1/policies/what-if", json=body, headers=_auth(token))


def forbid_agencies(api: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, every connector fails the test if asked anything."""

    async def asked(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("an agency was queried")

    for connector in api.runtime.connectors.values():
        monkeypatch.setattr(connector, "query", asked)


async def test_a_raised_standard_is_replayed_on_the_clients_households(
    api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, token = await new_client(api.runtime, Role.CASE_SYSTEM)
    first = await _enrolled(api, token)
    second = await _enrolled(api, token)
    other = await _enrolled(api, api.token)  # another client's: never replayed
    # the monthly standard 208.33 (2500 / 12) × 3
    assert Decimal(first["monthly_allowance"]) == Decimal("624.99")
    forbid_agencies(api, monkeypatch)  # stored answers only from here

    response = await _what_if(api, token, draft=RAISED_RURAL, region="4501")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["region"] == "4501" and body["draft_layer"] == "gx-nanning"
    rows = {row["household_id"]: row for row in body["households"]}
    assert set(rows) == {first["id"], second["id"]}
    assert other["id"] not in rows
    for household in (first, second):
        row = rows[household["id"]]
        assert row["outcome_before"] == row["outcome_after"] == "eligible"
        assert (row["allowance_before"], row["allowance_after"]) == ("624.99", "750.00")
        assert row["difference"] == "125.01"
        assert row["change"] == "increase"
        assert len(row["members_masked"]) == 3
        assert all("*" in masked for masked in row["members_masked"])
    totals = body["totals"]
    assert totals["households"] == 2 and totals["increase"] == 2
    assert (totals["allowance_before"], totals["allowance_after"]) == ("1249.98", "1500.00")
    assert totals["difference"] == "250.02"
    # the same file unchanged changes nobody
    same = (await _what_if(api, token, draft=NANNING, region="45")).json()
    assert same["totals"]["unchanged"] == 2 and same["totals"]["difference"] == "0.00"
    # another region: none of its households
    none = (await _what_if(api, token, draft=RAISED_RURAL, region="4502")).json()
    assert none["totals"]["households"] == 0 and none["households"] == []

    event = [e for e in await _events(api, "policy_what_if") if e["client_id"] == str(client.id)]
    assert [e["region_prefix"] for e in event] == ["4501", "45", "4502"]
    assert event[0]["households"] == 2 and event[0]["increase"] == 2
    assert event[0]["draft_layer"] == "gx-nanning" and len(event[0]["draft_sha256"]) == 64
    text = json.dumps(event, ensure_ascii=False)
    assert "members" not in text and "allowance" not in text
    # nothing about the households changed
    again = await api.http.get(f"/v1/households/{first['id']}", headers=_auth(token))
    assert again.json() == first


async def test_a_bad_draft_is_refused_naming_what_is_wrong_and_audited(
    api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    forbid_agencies(api, monkeypatch)
    client, token = await new_client(api.runtime, Role.CASE_SYSTEM)
    bad = NANNING + "\n[[standard.rural]]\nvalid_from = 2026-01-01\nvalue = 3000\n"
    response = await _what_if(api, token, draft=bad, region="4501")
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "draft-policy-invalid"
    assert "standard.rural entry 1 (from 2026-01-01)" in problem["errors"][0]["message"]
    refused = [
        e for e in await _events(api, "request_refused") if e.get("client_id") == str(client.id)
    ]
    assert refused and refused[-1]["code"] == "draft-policy-invalid"
    assert not [e for e in await _events(api, "policy_what_if") if e["client_id"] == str(client.id)]


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ADMIN, Role.SUPERVISOR])
async def test_only_a_case_system_may_ask(api: Any, role: Role) -> None:
    _client, token = await new_client(api.runtime, role)
    response = await _what_if(api, token, draft=NANNING, region="4501")
    assert response.status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        {"draft": NANNING, "region": "4"},
        {"draft": NANNING, "region": "4501x"},
        {"draft": "", "region": "4501"},
        {"draft": NANNING, "region": "4501", "extra": 1},
    ],
)
async def test_a_malformed_request_is_refused(api: Any, body: dict[str, Any]) -> None:
    _client, token = await new_client(api.runtime, Role.CASE_SYSTEM)
    assert (await _what_if(api, token, **body)).status_code == 422


async def test_the_command_prints_totals_and_the_changed_households(
    api: Any, tmp_path: Path
) -> None:
    client, token = await new_client(api.runtime, Role.CASE_SYSTEM)
    household = await _enrolled(api, token)
    draft = tmp_path / "draft.toml"
    draft.write_text(RAISED_RURAL, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")}
    env |= {
        "VERIFICATION_DATABASE_URL": api.settings.database_url,
        "VERIFICATION_DATA_DIR": str(api.settings.data_dir),
        "COLUMNS": "240",
    }
    args = [str(VERIFICATION), "policy", "what-if", "--draft", str(draft), "--region", "4501"]
    args += ["--client", str(client.id)]

    def command(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*args, *extra], env=env, capture_output=True, text=True, timeout=120, check=False
        )

    result = await asyncio.to_thread(command, "--json")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert [row["household_id"] for row in body["households"]] == [household["id"]]
    assert body["totals"]["difference"] == "125.01"
    table = await asyncio.to_thread(command)
    assert table.returncode == 0, table.stderr
    assert household["id"] in table.stdout and "增发" in table.stdout
    assert "624.99 → 750.00" in table.stdout
    assert "符合低保条件 → 符合低保条件" in table.stdout
    refused = await asyncio.to_thread(command, "--on", "someday")
    assert refused.returncode != 0 and "not a date" in refused.stderr


async def test_ended_households_are_not_replayed_and_a_region_too_large_is_refused(
    api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, token = await new_client(api.runtime, Role.CASE_SYSTEM)
    kept = await _enrolled(api, token)
    ended = await _enrolled(api, token)
    response = await api.http.post(
        f"/v1/households/{ended['id']}/end", json={"reason": "迁出"}, headers=_auth(token)
    )
    assert response.status_code == 200, response.text
    forbid_agencies(api, monkeypatch)
    body = (await _what_if(api, token, draft=RAISED_RURAL, region="450102")).json()
    assert [row["household_id"] for row in body["households"]] == [kept["id"]]

    monkeypatch.setattr(run, "MAX_HOUSEHOLDS", 0)
    response = await _what_if(api, token, draft=RAISED_RURAL, region="450102")
    assert response.status_code == 422
    assert response.json()["code"] == "what-if-too-large"
    assert response.json()["limit"] == 0
    events = [e for e in await _events(api, "policy_what_if") if e["client_id"] == str(client.id)]
    assert len(events) == 1  # the refused one recorded no what-if
