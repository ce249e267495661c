"""/v1/spot-checks: the frame fixed by an audit event, the sample drawn from the first
signed checkpoint after it, visits, the auditor's export and its offline verification
(in process, and by the command as a subprocess), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import copy
import datetime as dt
import json
import math
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.verification.helpers import business_today, fresh_body
from verification.audit.checkpoint import verifier_key
from verification.audit.models import PRODUCTION, AuditCheckpoint, AuditEvent
from verification.clients.models import Role
from verification.clients.service import create_client
from verification.data_keys.columns import SPOT_CHECK_NOTE
from verification.spot_checks import draw as draw_module
from verification.spot_checks import sampling
from verification.spot_checks.coverage import coverage
from verification.spot_checks.models import SpotCheckUnit
from verification.spot_checks.offline import SpotCheckExportError, verify_export

VERIFICATION = Path(sys.executable).with_name("verification")


@dataclass
class Office:
    """A civil-affairs office's case system of its own (so its frame is only this module's
    verifications) and what it verified."""

    token: str
    client_id: str
    name: str
    verifications: dict[str, str]  # id → region code


async def _verify(api: Any, token: str, region: str) -> str:
    body = fresh_body(api.issuer_key, region_code=region)
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth(token))
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["outcome"] == "eligible"
    return str(report["id"])


@pytest.fixture(scope="module")
async def office(api: Any) -> AsyncIterator[Office]:
    name = f"spot-check office {uuid.uuid4().hex[:6]}"
    async with api.sessions() as session, session.begin():
        client, token = await create_client(
            session,
            name=name,
            role=Role.CASE_SYSTEM,
            issuers=[api.issuer_key.issuer],
            region_prefixes=["4501"],
            actor="test",
        )
    verifications = {}
    for region, count in (("450102", 4), ("450103", 3)):
        for _ in range(count):
            verifications[await _verify(api, token, region)] = region
    yield Office(token=token, client_id=str(client.id), name=name, verifications=verifications)


def _period(**extra: Any) -> dict[str, Any]:
    today = business_today()  # at the test's time, not the import's
    return {"period_from": today.isoformat(), "period_to": today.isoformat(), **extra}


async def _create(api: Any, office: Office, **body: Any) -> dict[str, Any]:
    response = await api.http.post(
        "/v1/spot-checks",
        json={"region_prefix": "4501", **_period(), **body},
        headers=api.auth(office.token),
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _drawn(api: Any, office: Office, spot_check_id: str) -> dict[str, Any]:
    """The spot check once drawn: its frame event integrated and a checkpoint signed."""
    await api.runtime.drain(checkpoint=True)
    response = await api.http.get(
        f"/v1/spot-checks/{spot_check_id}", headers=api.auth(office.token)
    )
    assert response.status_code == 200, response.text
    view = dict(response.json())
    assert view["status"] == "drawn"
    return view


async def _events(api: Any, action: str) -> list[dict[str, Any]]:
    await api.drain()
    async with api.sessions() as session:
        rows = await session.execute(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        )
        return [json.loads(row.body) for row in rows.scalars()]


async def test_the_frame_is_fixed_by_an_audit_event_and_the_sample_drawn_after_it(
    api: Any, office: Office
) -> None:
    today = business_today()  # at the test's time, not the import's
    created = await _create(api, office)
    assert created["frame_count"] == 7
    assert created["rate"] == "0.30" and created["rate_basis"] == "service_default"
    assert created["policy"] == f"gx-nanning@{today.isoformat()}"
    units = [
        sampling.Unit(uuid.UUID(vid), region, "eligible")
        for vid, region in office.verifications.items()
    ]
    assert created["frame_digest"] == sampling.frame_digest(units).hex()
    assert [(s["region_code"], s["frame"]) for s in created["strata"]] == [
        ("450102", 4),
        ("450103", 3),
    ]

    view = await _drawn(api, office, created["id"])
    # ⌈0.3 × 4⌉ + ⌈0.3 × 3⌉
    assert len(view["drawn"]) == 2 + 1
    assert [(s["region_code"], s["drawn"]) for s in view["strata"]] == [
        ("450102", 2),
        ("450103", 1),
    ]
    assert [d["rank"] for d in view["drawn"]] == [1, 2, 3]
    assert {d["verification_id"] for d in view["drawn"]} <= set(office.verifications)
    assert "name" not in json.dumps(view) and "id_number" not in json.dumps(view)

    # the frame event: the digest, size and strata; no person
    (fixed,) = [
        e
        for e in await _events(api, "spot_check_frame_fixed")
        if e["spot_check_id"] == created["id"]
    ]
    assert fixed["frame_digest"] == created["frame_digest"]
    assert fixed["frame_count"] == 7 and fixed["rate"] == "0.30"
    assert fixed["strata"] == {"450102/eligible": 4, "450103/eligible": 3}
    assert view["frame_index"] == fixed["seq"] - 1
    # the seed's checkpoint is the first signed one whose tree holds the frame event
    async with api.sessions() as session:
        first = (
            await session.execute(
                select(AuditCheckpoint)
                .where(AuditCheckpoint.size >= fixed["seq"])
                .order_by(AuditCheckpoint.size)
                .limit(1)
            )
        ).scalar_one()
    assert view["checkpoint_size"] == first.size > view["frame_index"]
    seed = sampling.seed(
        bytes.fromhex(first.root_hash), first.size, bytes.fromhex(fixed["frame_digest"])
    )
    assert view["seed"] == seed.hex()
    expected = sampling.draw(units, Decimal("0.30"), seed)
    assert [d["verification_id"] for d in view["drawn"]] == [str(u.id) for u in expected]
    (drawn_event,) = [
        e for e in await _events(api, "spot_check_drawn") if e["spot_check_id"] == created["id"]
    ]
    assert drawn_event["seed"] == seed.hex() and drawn_event["drawn_count"] == 3

    # drawn once: reading again changes nothing
    again = await _drawn(api, office, created["id"])
    assert again["drawn"] == view["drawn"] and again["seed"] == view["seed"]


async def test_until_a_checkpoint_follows_the_frame_the_sample_is_pending(
    api: Any, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = business_today()  # at the test's time, not the import's

    async def no_checkpoint(*_: Any) -> None:
        return None

    monkeypatch.setattr(draw_module.repository, "first_checkpoint_covering", no_checkpoint)
    created = await _create(api, office)
    await api.runtime.drain(checkpoint=True)
    auth = api.auth(office.token)
    shown = (await api.http.get(f"/v1/spot-checks/{created['id']}", headers=auth)).json()
    assert shown["status"] == "awaiting_checkpoint" and shown["drawn"] == []
    assert shown["seed"] is None and shown["checkpoint_size"] is None
    pending = await api.http.get(f"/v1/spot-checks/{created['id']}/sample.csv", headers=auth)
    assert pending.status_code == 409 and pending.json()["code"] == "checkpoint-pending"
    wait = int(pending.headers["retry-after"])
    assert 1 <= wait <= 60 and pending.json()["retry_after"] == wait
    visit = await api.http.post(
        f"/v1/spot-checks/{created['id']}/visits",
        json={
            "verification_id": next(iter(office.verifications)),
            "visited_on": today.isoformat(),
            "outcome": "consistent",
        },
        headers=auth,
    )
    assert visit.status_code == 409 and visit.json()["code"] == "checkpoint-pending"
    export = await api.http.get(
        f"/v1/spot-checks/{created['id']}/export", headers=api.auth(api.auditor_token)
    )
    assert export.status_code == 409 and export.json()["code"] == "checkpoint-pending"
    monkeypatch.undo()
    assert (await _drawn(api, office, created["id"]))["checkpoint_size"] is not None


async def test_the_sample_as_csv(api: Any, office: Office) -> None:
    created = await _create(api, office)
    view = await _drawn(api, office, created["id"])
    response = await api.http.get(
        f"/v1/spot-checks/{created['id']}/sample.csv", headers=api.auth(office.token)
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.split("\r\n")
    assert lines[0] == "rank,verification_id,region_code,outcome,visited_on,visit_outcome"
    assert lines[1:-1] == [
        f"{d['rank']},{d['verification_id']},{d['region_code']},eligible,," for d in view["drawn"]
    ]
    reads = [
        e for e in await _events(api, "spot_check_read") if e["spot_check_id"] == created["id"]
    ]
    assert {e["format"] for e in reads} == {"json", "csv"}


async def test_visits_are_recorded_for_drawn_households_only(api: Any, office: Office) -> None:
    today = business_today()  # at the test's time, not the import's
    created = await _create(api, office)
    view = await _drawn(api, office, created["id"])
    auth = api.auth(office.token)
    drawn = view["drawn"][0]["verification_id"]
    undrawn = next(
        v for v in office.verifications if v not in {d["verification_id"] for d in view["drawn"]}
    )
    url = f"/v1/spot-checks/{created['id']}/visits"

    async def visit(verification_id: str, on: dt.date, **extra: Any) -> Any:
        body = {
            "verification_id": verification_id,
            "visited_on": on.isoformat(),
            "outcome": "inconsistent",
            **extra,
        }
        return await api.http.post(url, json=body, headers=auth)

    refused = await visit(undrawn, today)
    assert refused.status_code == 422 and refused.json()["code"] == "not-in-sample"
    refused = await visit(str(uuid.uuid4()), today)
    assert refused.status_code == 422 and refused.json()["code"] == "not-in-sample"
    refused = await visit(drawn, today + dt.timedelta(days=1))
    assert refused.status_code == 422 and refused.json()["code"] == "visit-date-invalid"

    note = "户主称另有务工收入，身份证 450102199001011234 已核"
    recorded = await visit(drawn, today, note=note)
    assert recorded.status_code == 200, recorded.text
    (unit,) = [d for d in recorded.json()["drawn"] if d["verification_id"] == drawn]
    assert unit["visited_on"] == today.isoformat()
    assert unit["visit_outcome"] == "inconsistent" and unit["has_note"] is True
    (stratum,) = [s for s in recorded.json()["strata"] if s["region_code"] == unit["region_code"]]
    assert stratum["visited"] == 1

    async with api.sessions() as session:
        row = await session.get(SpotCheckUnit, (uuid.UUID(created["id"]), uuid.UUID(drawn)))
    assert row is not None and row.visit_note_enc is not None
    assert "务工" not in row.visit_note_enc  # encrypted at rest
    stored = SPOT_CHECK_NOTE.decrypt(api.runtime.keyring, row).decode()
    assert "务工收入" in stored and "450102199001011234" not in stored  # the ID number masked

    (event,) = [
        e
        for e in await _events(api, "spot_check_visit_recorded")
        if e["spot_check_id"] == created["id"]
    ]
    assert event["verification_id"] == drawn and event["outcome"] == "inconsistent"
    assert event["noted"] is True and "务工" not in json.dumps(event, ensure_ascii=False)
    # each refusal audited, changing nothing
    refusals = [
        e["code"]
        for e in await _events(api, "request_refused")
        if e.get("spot_check_id") == created["id"]
    ]
    assert sorted(refusals) == ["not-in-sample", "not-in-sample", "visit-date-invalid"]


async def test_roles_and_regions(api: Any, office: Office) -> None:
    today = business_today()  # at the test's time, not the import's
    auth = api.auth(office.token)
    refused = await api.http.post(
        "/v1/spot-checks", json={"region_prefix": "4502", **_period()}, headers=auth
    )
    assert refused.status_code == 403 and refused.json()["code"] == "region-not-permitted"
    refused = await api.http.post(
        "/v1/spot-checks", json={"region_prefix": "4501", **_period(rate="0.25")}, headers=auth
    )
    assert refused.status_code == 422 and refused.json()["code"] == "rate-below-policy"
    assert refused.json()["minimum"] == "0.30"
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    refused = await api.http.post(
        "/v1/spot-checks",
        json={"region_prefix": "4501", "period_from": yesterday, "period_to": yesterday},
        headers=auth,
    )
    assert refused.status_code == 422 and refused.json()["code"] == "empty-frame"
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    refused = await api.http.post(
        "/v1/spot-checks",
        json={"region_prefix": "4501", "period_from": today.isoformat(), "period_to": tomorrow},
        headers=auth,
    )
    assert refused.status_code == 422 and refused.json()["code"] == "invalid-spot-check-period"

    created = await _create(api, office, rate="0.5")
    assert created["rate"] == "0.50" and created["rate_basis"] == "requested"
    # another case system sees nothing of it; an auditor reads its export, not it
    other = api.auth(api.other_token)
    for path in ("", "/sample.csv", "/export"):
        response = await api.http.get(f"/v1/spot-checks/{created['id']}{path}", headers=other)
        assert response.status_code in {403, 404}, path
    assert (
        await api.http.get(f"/v1/spot-checks/{created['id']}", headers=api.auth(api.auditor_token))
    ).status_code == 403
    listed = (await api.http.get("/v1/spot-checks", headers=auth)).json()["items"]
    assert created["id"] in {item["id"] for item in listed}
    assert created["id"] not in {
        item["id"]
        for item in (await api.http.get("/v1/spot-checks", headers=other)).json()["items"]
    }


async def test_coverage_counts_frames_draws_and_visits_of_a_region(
    api: Any, office: Office
) -> None:
    today = business_today()  # at the test's time, not the import's
    before = await coverage(api.runtime, "450103", today, today)
    created = await _create(api, office)
    view = await _drawn(api, office, created["id"])
    in_450103 = [d for d in view["drawn"] if d["region_code"] == "450103"]
    response = await api.http.post(
        f"/v1/spot-checks/{created['id']}/visits",
        json={
            "verification_id": in_450103[0]["verification_id"],
            "visited_on": today.isoformat(),
            "outcome": "not_reachable",
        },
        headers=api.auth(office.token),
    )
    assert response.status_code == 200
    after = await coverage(api.runtime, "450103", today, today)
    assert after.spot_checks == before.spot_checks + 1
    assert after.framed == before.framed + 3
    assert after.drawn == before.drawn + math.ceil(Decimal("0.3") * 3)
    assert after.visited == before.visited + 1
    assert (
        await coverage(
            api.runtime, "450103", today - dt.timedelta(days=2), today - dt.timedelta(days=1)
        )
    ).framed == 0


# ---------------------------------------------------------------------------- the export


async def _export(api: Any, office: Office) -> dict[str, Any]:
    created = await _create(api, office)
    await _drawn(api, office, created["id"])
    response = await api.http.get(
        f"/v1/spot-checks/{created['id']}/export", headers=api.auth(api.auditor_token)
    )
    assert response.status_code == 200, response.text
    refused = await api.http.get(
        f"/v1/spot-checks/{created['id']}/export", headers=api.auth(office.token)
    )
    assert refused.status_code == 403
    return dict(response.json())


def _key(api: Any) -> str:
    return verifier_key(api.runtime.audit_origin(PRODUCTION), api.runtime.audit_key.public_key())


async def _earlier_checkpoint(api: Any, export: dict[str, Any]) -> tuple[int, bytes, str]:
    """A real signed checkpoint published before the frame event (its tree does not hold it)."""
    async with api.sessions() as session:
        row = (
            await session.execute(
                select(AuditCheckpoint)
                .where(AuditCheckpoint.size <= export["frame_event"]["index"])
                .order_by(AuditCheckpoint.size.desc())
                .limit(1)
            )
        ).scalar_one()
    return row.size, bytes.fromhex(row.root_hash), row.note


async def _tampered(api: Any, export: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Exports an auditor must refuse, by the code refusing them."""
    swapped = copy.deepcopy(export)  # a drawn household swapped for one not drawn
    not_drawn = next(u["id"] for u in export["frame"] if u["id"] not in export["drawn"])
    swapped["drawn"][-1] = not_drawn
    replaced = copy.deepcopy(export)  # a household of the frame replaced by another
    replaced["frame"][0]["id"] = str(uuid.uuid4())
    # the seed taken from a checkpoint published before the frame was fixed, the sample
    # redrawn from it: everything consistent but the order
    size, root, note = await _earlier_checkpoint(api, export)
    early = copy.deepcopy(export)
    head, _, _ = early["receipt"].partition("\n\n")
    early["receipt"] = head + "\n\n" + note
    units = [sampling.Unit(uuid.UUID(u["id"]), u["region"], u["outcome"]) for u in export["frame"]]
    seed = sampling.seed(root, size, bytes.fromhex(export["frame_digest"]))
    early["seed"] = seed.hex()
    early["drawn"] = [str(u.id) for u in sampling.draw(units, Decimal(export["rate"]), seed)]
    early["checkpoint"] = {"size": size, "root": root.hex(), "note": note}
    reseeded = copy.deepcopy(export)
    reseeded["seed"] = "00" * 32
    return {
        "spot_check.sample_mismatch": swapped,
        "spot_check.frame_digest_mismatch": replaced,
        "spot_check.checkpoint_before_frame": early,
        "spot_check.seed_mismatch": reseeded,
    }


async def test_an_auditor_recomputes_the_sample_from_the_export_alone(
    api: Any, office: Office
) -> None:
    export = await _export(api, office)
    assert export["format"] == "spot-check-export v1"
    assert len(export["frame"]) == 7 and len(export["drawn"]) == 3
    assert export["receipt"].startswith("c2sp.org/tlog-proof@v1\n")
    proven = verify_export(export, _key(api))
    assert proven.frame_count == 7 and proven.drawn_count == 3
    assert proven.checkpoint_size == export["checkpoint"]["size"] > proven.frame_index
    exported = [
        e
        for e in await _events(api, "spot_check_exported")
        if e["spot_check_id"] == export["spot_check_id"]
    ]
    assert len(exported) == 1

    for code, tampered in (await _tampered(api, export)).items():
        with pytest.raises(SpotCheckExportError) as refused:
            verify_export(tampered, _key(api))
        assert refused.value.code == code
    other_key = verifier_key("another.example/log", api.runtime.audit_key.public_key())
    with pytest.raises(SpotCheckExportError) as refused:
        verify_export(export, other_key)
    assert refused.value.code == "spot_check.receipt_invalid"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(VERIFICATION), "spot-check", "verify", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(cwd), "COLUMNS": "200"},
    )


async def test_the_verify_command_checks_a_real_export_offline(
    api: Any, office: Office, tmp_path: Path
) -> None:
    export = await _export(api, office)
    key = tmp_path / "audit.key"
    key.write_text(_key(api) + "\n", encoding="utf-8")
    good = tmp_path / "export.json"
    good.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    # no settings, no database: an empty directory and a bare environment
    result = _cli(str(good), "--key", str(key), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "抽查样本核验通过" in result.stderr and "抽中 3 户" in result.stderr
    result = _cli(str(good), "--key", str(key), "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0 and "spot check verified: 3 of 7" in result.stderr

    tampered = await _tampered(api, export)
    expectations = {
        "spot_check.sample_mismatch": "抽中名单与种子推出的样本不符",
        "spot_check.checkpoint_before_frame": "不在抽样框事件",
        "spot_check.frame_digest_mismatch": "有家庭被加入、删除或改动",
    }
    for code, text in expectations.items():
        path = tmp_path / f"{code}.json"
        path.write_text(json.dumps(tampered[code]), encoding="utf-8")
        result = _cli(str(path), "--key", str(key), cwd=tmp_path)
        assert result.returncode == 1, (code, result.stderr)
        assert "抽查样本核验失败" in result.stderr and text in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    # another log's key: the receipt's own reason, in words
    other = verifier_key("another.example/log", api.runtime.audit_key.public_key())
    result = _cli(str(good), "--key", other, cwd=tmp_path)
    assert result.returncode == 1 and "抽样框事件的回执无效" in result.stderr
    assert "another.example/log" in result.stderr and "receipt." not in result.stderr


async def test_the_commands_create_show_and_visit_a_spot_check(
    api: Any, office: Office, tmp_path: Path
) -> None:
    """The case system's side from the command line, on the service's database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")} | {
        "VERIFICATION_DATABASE_URL": api.settings.database_url,
        "VERIFICATION_DATA_DIR": str(api.settings.data_dir),
        "COLUMNS": "200",
    }

    async def run(*args: str) -> subprocess.CompletedProcess[str]:
        return await asyncio.to_thread(
            subprocess.run,
            [str(VERIFICATION), "spot-check", *args, "--client", office.name],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    today = business_today().isoformat()  # at the test's time, not the import's
    created = await run("create", "--region", "4501", "--from", today, "--to", today)
    assert created.returncode == 0, created.stderr
    view = json.loads(created.stdout)
    # the command integrates its entry and signs a checkpoint: drawn at once
    assert view["status"] == "drawn" and view["frame_count"] == 7 and len(view["drawn"]) == 3
    refused = await run("create", "--region", "4502", "--from", today, "--to", today)
    assert refused.returncode == 1 and "region-not-permitted" in refused.stderr

    sample = await run("show", view["id"], "--csv")
    assert sample.returncode == 0, sample.stderr
    rows = sample.stdout.strip().splitlines()
    assert rows[0].startswith("rank,verification_id") and len(rows) == 4

    drawn = view["drawn"][0]["verification_id"]
    visited = await run(
        "visit", view["id"], "--verification", drawn, "--outcome", "consistent", "--on", today
    )
    assert visited.returncode == 0, visited.stderr
    undrawn = next(
        v for v in office.verifications if v not in {d["verification_id"] for d in view["drawn"]}
    )
    refused = await run(
        "visit", view["id"], "--verification", undrawn, "--outcome", "consistent", "--on", today
    )
    assert refused.returncode == 1 and "not-in-sample" in refused.stderr

    shown = await run("show", view["id"])
    assert shown.returncode == 0, shown.stderr
    (unit,) = [d for d in json.loads(shown.stdout)["drawn"] if d["verification_id"] == drawn]
    assert unit["visit_outcome"] == "consistent" and unit["visited_on"] == today
    # the same spot check through the API: what the command recorded is the service's
    response = await api.http.get(f"/v1/spot-checks/{view['id']}", headers=api.auth(office.token))
    assert response.json()["drawn"] == json.loads(shown.stdout)["drawn"]
