"""Retention periods as policy data (issue #22 item 3, ADR 0024): each verification is purged
under its own region's policy in force on the purge day; the operator's options override it;
the periodic run (in-process loop and procrastinate task) purges; two runs at once purge and
record each verification once; the audit log still verifies; the CLI's dry run shows each
region's periods and their source.

The suite's database is shared and its rows made today: the layers here keep everything for
90 years nationally, 40 in 南宁 (4501) and 20 in 柳州 (4502), and the verifications are dated
30 years back, so only these are due (and only in 柳州 unless overridden).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from tests.verification.consent.test_consent_api import _personal
from tests.verification.helpers import business_today
from tests.verification.periodic import every_second, periodic_task
from tests.verification.retention.test_purge import (
    _age,
    _cli,
    _ended,
    _enrolled,
    _events,
    _leftovers,
    _row,
    _verified,
)
from verification.audit.integrity import verify_stored_log
from verification.audit.tree import issue_checkpoint
from verification.batches.jobs import RETENTION_TASK
from verification.batches.runner import cron_loop
from verification.policies.in_force import PoliciesInForce
from verification.policies.layered.loading import LayerSet, default_layers_dir
from verification.retention.periods import Overrides
from verification.retention.purge import plan, purge, years_before
from verification.verifications.models import Verification

NANNING, LIUZHOU = "450102", "450202"


def _retention(years_after: int, years_never: int, note: str) -> str:
    return f"""
[[retention.years_after_case_end]]
valid_from = 2000-01-01
value = {years_after}
example = true
note = "{note}"

[[retention.years_never_enrolled]]
valid_from = 2000-01-01
value = {years_never}
example = true
note = "{note}"
"""


@pytest.fixture
def two_regions(api: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PoliciesInForce:
    """The service's layers, with retention periods of 90 years nationally, 40 in 南宁 and 20
    in 柳州, as the runtime's policies for the test."""
    layers = tmp_path / "layers"
    shutil.copytree(default_layers_dir(), layers)
    national = layers / "cn.toml"
    text = national.read_text(encoding="utf-8")
    text, replaced = re.subn(
        r"(\[\[retention\.years_[a-z_]+\]\]\nvalid_from = 2000-01-01\nvalue = )5\n",
        r"\g<1>90\n",
        text,
    )
    assert replaced == 2
    national.write_text(text, encoding="utf-8")
    for file, years, note in (
        ("gx-nanning.toml", 40, "测试：南宁四十年"),
        ("gx-liuzhou.toml", 20, "测试：柳州二十年"),
    ):
        with (layers / file).open("a", encoding="utf-8") as out:
            out.write(_retention(years, years, note))
    policies = PoliciesInForce(LayerSet.from_dir(layers))
    monkeypatch.setattr(api.runtime, "policies", policies)
    return policies


async def _in_region(api: Any, verification_id: str, region_code: str) -> None:
    async with api.runtime.transaction() as session:
        await session.execute(
            update(Verification)
            .where(Verification.id == uuid.UUID(verification_id))
            .values(region_code=region_code)
        )


async def _ended_case(api: Any, region_code: str, years_ago: int = 30) -> str:
    """A verification of ``region_code`` whose household's case ended ``years_ago``."""
    _body, report = await _verified(api)
    await _ended(api, await _enrolled(api, report["id"]), years_ago=years_ago)
    await _in_region(api, report["id"], region_code)
    return str(report["id"])


async def _never_enrolled(api: Any, region_code: str, years_ago: int = 30) -> str:
    _body, report = await _verified(api)
    await _age(api, report["id"], years_ago=years_ago)
    await _in_region(api, report["id"], region_code)
    return str(report["id"])


def _regions(shown: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["region"]: r for r in shown["regions"]}


async def test_each_region_is_purged_under_its_own_policy(api, two_regions) -> None:
    nanning_case = await _ended_case(api, NANNING)
    liuzhou_case = await _ended_case(api, LIUZHOU)
    nanning_lone = await _never_enrolled(api, NANNING)
    liuzhou_lone = await _never_enrolled(api, LIUZHOU)
    mine = {nanning_case, liuzhou_case, nanning_lone, liuzhou_lone}
    before = {vid: await _leftovers(api, vid) for vid in mine}
    purges_before = len(await _events(api, "retention_purge"))
    today = business_today()

    # the dry run: per region the periods applied and where they came from; nothing changes
    dry = await plan(api.runtime, today)
    shown = _regions(dry.as_json())
    assert shown[LIUZHOU]["policy_id"] == "gx-liuzhou"
    assert shown[LIUZHOU]["policy_version"] == today.isoformat()
    assert shown[LIUZHOU]["years_after_case_end"] == {
        "years": 20,
        "source": "example",
        "layer": "gx-liuzhou",
        "valid_from": "2000-01-01",
        "citation": "示例值：测试：柳州二十年",
    }
    twenty_years_ago = years_before(today, 20).isoformat()
    assert shown[LIUZHOU]["case_ended_on_or_before"] == twenty_years_ago
    assert shown[NANNING]["policy_id"] == "gx-nanning"
    assert shown[NANNING]["years_never_enrolled"]["years"] == 40
    assert shown[NANNING]["years_never_enrolled"]["layer"] == "gx-nanning"
    due = {str(d.id): (d.reason, d.region_code) for d in dry.verifications}
    assert due.get(liuzhou_case) == ("case_ended", LIUZHOU)
    assert due.get(liuzhou_lone) == ("never_enrolled", LIUZHOU)
    assert nanning_case not in due and nanning_lone not in due
    for vid in mine:
        assert await _leftovers(api, vid) == before[vid]
        assert (await _row(api, vid)).purged_at is None
    assert len(await _events(api, "retention_purge")) == purges_before

    # the purge: 柳州's two go, 南宁's two stay
    done = await purge(api.runtime, today, None, "test:regions")
    assert {liuzhou_case, liuzhou_lone} <= {str(d.id) for d in done.verifications}
    for vid in (liuzhou_case, liuzhou_lone):
        assert (await _row(api, vid)).purged_at is not None
        assert await _leftovers(api, vid) == {
            **before[vid],
            "declaration": 0,
            "report": 0,
            "members": 0,
            "evidence": 0,
        }
    for vid in (nanning_case, nanning_lone):
        assert await _leftovers(api, vid) == before[vid]

    # the audit event names each verification's region and that region's periods and source
    events = (await _events(api, "retention_purge"))[purges_before:]
    assert len(events) == 1
    event = events[0]
    assert event["actor"] == "cli" and event["overrides"] == {}
    regions = {v["id"]: v["region"] for v in event["verifications"]}
    assert regions[liuzhou_case] == regions[liuzhou_lone] == LIUZHOU
    applied = {s["region"]: s for s in event["schedules"]}
    assert applied[LIUZHOU]["policy_id"] == "gx-liuzhou"
    assert applied[LIUZHOU]["years_after_case_end"]["years"] == 20
    assert applied[LIUZHOU]["years_never_enrolled"]["source"] == "example"
    assert NANNING not in applied  # nothing of it purged in this batch

    # the audit log, chain and checkpoint, still verifies after the purge
    runtime = api.runtime
    await api.drain()
    assert await issue_checkpoint(runtime.transaction, runtime.audit_key, api.settings.audit_origin)
    stored = await verify_stored_log(
        api.settings.database_url, runtime.audit_key.public_key(), api.settings.audit_origin
    )
    assert stored.problem is None and stored.checkpoint_size == stored.size > 0


async def test_the_options_override_the_policy_for_every_region(api, two_regions) -> None:
    nanning_case = await _ended_case(api, NANNING)
    nanning_lone = await _never_enrolled(api, NANNING)
    purges_before = len(await _events(api, "retention_purge"))
    today = business_today()
    overrides = Overrides(years_after_case_end=25)
    dry = await plan(api.runtime, today, overrides)
    shown = _regions(dry.as_json())
    assert shown[NANNING]["years_after_case_end"] == {"years": 25, "source": "override"}
    # the other period is still the policy's
    assert shown[NANNING]["years_never_enrolled"]["years"] == 40
    due = {str(d.id) for d in dry.verifications}
    assert nanning_case in due and nanning_lone not in due

    done = await purge(api.runtime, today, overrides, "test:override")
    assert nanning_case in {str(d.id) for d in done.verifications}
    assert (await _row(api, nanning_case)).purged_at is not None
    assert (await _row(api, nanning_lone)).purged_at is None
    event = (await _events(api, "retention_purge"))[purges_before:][0]
    assert event["overrides"] == {"years_after_case_end": 25}
    applied = {s["region"]: s for s in event["schedules"]}
    assert applied[NANNING]["years_after_case_end"]["source"] == "override"
    assert applied[NANNING]["years_never_enrolled"]["layer"] == "gx-nanning"


async def test_the_in_process_loop_purges_on_its_schedule(api, two_regions) -> None:
    """``verification serve`` on SQLite runs ``cron_loop`` with ``retention_schedule`` (here
    every second): the purge under each region's policy, recorded as the schedule's."""
    case = await _ended_case(api, LIUZHOU)
    kept = await _ended_case(api, NANNING)
    purges_before = len(await _events(api, "retention_purge"))
    loop = asyncio.create_task(cron_loop(api.runtime, every_second(api, RETENTION_TASK)))
    try:
        for _ in range(100):
            await asyncio.sleep(0.1)
            if (await _row(api, case)).purged_at is not None:
                break
        await asyncio.sleep(1.2)  # another run or two: nothing more
    finally:
        loop.cancel()
        await asyncio.gather(loop, return_exceptions=True)
    assert (await _row(api, case)).purged_at is not None
    assert (await _row(api, kept)).purged_at is None
    events = (await _events(api, "retention_purge"))[purges_before:]
    mentioning = [e for e in events if case in {v["id"] for v in e["verifications"]}]
    assert len(mentioning) == 1 and mentioning[0]["actor"] == "schedule"


async def test_the_workers_periodic_task_purges(api, two_regions) -> None:
    """On PostgreSQL the procrastinate workers run ``verification.retention_purge`` on
    ``retention_schedule``; the task purges as of its time's Beijing date."""
    task = periodic_task(api, "retention_schedule", "30 19 * * *", RETENTION_TASK)
    case = await _ended_case(api, LIUZHOU)
    at = dt.datetime.now(dt.UTC)
    await task.func(timestamp=int(at.timestamp()))
    assert (await _row(api, case)).purged_at is not None
    events = await _events(api, "retention_purge")
    assert any(
        e["actor"] == "schedule" and case in {v["id"] for v in e["verifications"]} for e in events
    )


async def test_two_runs_at_once_purge_and_record_each_verification_once(
    api, two_regions, monkeypatch
) -> None:
    import verification.retention.purge as purge_module

    monkeypatch.setattr(purge_module, "BATCH", 2)  # several transactions each, interleaved
    cases = [await _ended_case(api, LIUZHOU) for _ in range(5)]
    purges_before = len(await _events(api, "retention_purge"))
    today = business_today()
    first, second = await asyncio.gather(
        purge(api.runtime, today, None, "test:race-1"),
        purge(api.runtime, today, None, "test:race-2"),
    )
    one = {str(d.id) for d in first.verifications}
    two = {str(d.id) for d in second.verifications}
    assert not one & two
    assert set(cases) <= one | two
    events = (await _events(api, "retention_purge"))[purges_before:]
    recorded = [v["id"] for e in events for v in e["verifications"]]
    assert sorted(recorded) == sorted(one | two)  # each once
    assert sum(e["counts"]["verifications"] for e in events) == len(one | two)
    for vid in cases:
        assert (await _row(api, vid)).purged_at is not None
        assert (await _leftovers(api, vid))["members"] == 0


async def test_the_cli_dry_run_shows_each_regions_periods_and_their_source(api) -> None:
    """The CLI as a subprocess on the suite's database, with the service's own layers: a
    region of 南宁 keeps the national example (5 years) and says so; nothing changes."""
    body, report = await _verified(api)  # region 450102
    purges_before = len(await _events(api, "retention_purge"))
    dry = await _cli(api, "--dry-run", overrides=False)
    assert dry.returncode == 0, dry.stderr
    shown = json.loads(dry.stdout)
    assert shown["dry_run"] is True and shown["overrides"] == {}
    nanning = _regions(shown)[NANNING]
    assert nanning["policy_id"] == "gx-nanning"
    for key in ("years_after_case_end", "years_never_enrolled"):
        assert nanning[key]["years"] == 5
        assert nanning[key]["source"] == "example" and nanning[key]["layer"] == "cn"
        # said once, and readable: the JSON keeps the Chinese as it is, not as \u escapes
        assert nanning[key]["citation"].startswith("示例值：无全国性规定")
        assert nanning[key]["citation"].count("示例值") == 1
    assert "示例值：无全国性规定" in dry.stdout
    for value in _personal(body):
        assert value not in dry.stdout
    assert (await _row(api, report["id"])).purged_at is None
    assert len(await _events(api, "retention_purge")) == purges_before


async def test_the_command_and_the_service_purging_at_once_purge_each_once(
    api, monkeypatch
) -> None:
    """Two processes at once — the command as a subprocess and this process's purge (as a
    worker's periodic task would) — on the same database: each verification purged and
    recorded once.  This process plans first, then claims one verification a transaction,
    each claim 1.2 s late, so the command (seconds to start) plans while it is still at work
    and both go for the same rest."""
    import verification.retention.purge as purge_module
    from verification.retention import repository

    monkeypatch.setattr(purge_module, "BATCH", 1)
    original = repository.claim

    async def late(session: Any, ids: Any, at: Any) -> Any:
        await asyncio.sleep(1.2)
        return await original(session, ids, at)

    monkeypatch.setattr(repository, "claim", late)
    cases = [await _ended_case(api, NANNING, years_ago=31) for _ in range(8)]
    purges_before = len(await _events(api, "retention_purge"))
    overrides = Overrides(years_after_case_end=30, years_never_enrolled=30)
    command, here = await asyncio.gather(
        _cli(api),  # --years-after-case-end 30 --years-never-enrolled 30
        purge(api.runtime, business_today(), overrides, "test:beside-the-command"),
    )
    assert command.returncode == 0, command.stderr
    by_command = set(json.loads(command.stdout)["verification_ids"])
    by_here = {str(d.id) for d in here.verifications}
    assert not by_command & by_here
    assert set(cases) <= by_command | by_here
    events = (await _events(api, "retention_purge"))[purges_before:]
    recorded = [v["id"] for e in events for v in e["verifications"]]
    assert sorted(recorded) == sorted(by_command | by_here)
    for vid in cases:
        assert (await _row(api, vid)).purged_at is not None
