"""Business dates are days in the deployment's time zone (VERIFICATION_TIMEZONE, default
Asia/Shanghai); instants stay UTC with an offset.

The clock is set to 2026-12-05T20:34Z, which is 04:34 on 6 December in Beijing: every
business date — the assessment date, the look-back window, the 公示 date, enrolment, the
next review, the due list's and the due batch's default ``as_of``, a review's date — must
be the 6th, while ``created_at`` stays the UTC instant.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import time_machine
from pydantic import ValidationError
from sqlalchemy import update

from tests.verification.helpers import fresh_body
from tests.verification.test_retry import Down
from tests.verification.test_serve_command import _free_port
from verification.households.models import EnrolledHousehold
from verification.kit.business_date import business_date
from verification.kit.months import add_months
from verification.settings import Settings

EVENING_UTC = dt.datetime(2026, 12, 5, 20, 34, tzinfo=dt.UTC)  # 04:34 on the 6th in Beijing
BEIJING_DAY = dt.date(2026, 12, 6)
VERIFICATION = Path(sys.executable).parent / "verification"


# ---------------------------------------------------------------------------- the pure function


def test_the_business_date_of_an_instant_is_its_day_in_the_zone() -> None:
    beijing = ZoneInfo("Asia/Shanghai")
    assert business_date(EVENING_UTC, beijing) == BEIJING_DAY
    assert business_date(EVENING_UTC, ZoneInfo("UTC")) == dt.date(2026, 12, 5)
    assert business_date(dt.datetime(2026, 12, 5, 15, 59, tzinfo=dt.UTC), beijing) == dt.date(
        2026, 12, 5
    )
    assert business_date(dt.datetime(2026, 12, 5, 16, 0, tzinfo=dt.UTC), beijing) == BEIJING_DAY
    with pytest.raises(ValueError, match="aware"):
        business_date(dt.datetime(2026, 12, 5, 20, 34), beijing)


def test_the_time_zone_setting_defaults_to_shanghai_and_refuses_unknown_zones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("VERIFICATION_TIMEZONE", raising=False)
    assert Settings().timezone == ZoneInfo("Asia/Shanghai")
    monkeypatch.setenv("VERIFICATION_TIMEZONE", "Asia/Urumqi")
    assert Settings().timezone == ZoneInfo("Asia/Urumqi")
    for bad in ("Mars/Olympus_Mons", "../../etc/passwd", ""):
        monkeypatch.setenv("VERIFICATION_TIMEZONE", bad)
        with pytest.raises(ValidationError, match="timezone"):
            Settings()


# ---------------------------------------------------------------------------- through the API


async def _post(api: Any, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = await api.http.post(path, json=body, headers=api.auth())
    assert response.status_code in (200, 201), response.text
    result: dict[str, Any] = response.json()
    return result


async def _get(api: Any, path: str, **params: Any) -> httpx.Response:
    response: httpx.Response = await api.http.get(path, params=params, headers=api.auth())
    assert response.status_code == 200, response.text
    return response


async def test_every_business_date_of_an_evening_verification_is_the_next_day_in_beijing(
    api,
) -> None:
    with time_machine.travel(EVENING_UTC, tick=True):
        report = await _post(api, "/v1/verifications", fresh_body(api.issuer_key))
        notice = (await _get(api, f"/v1/verifications/{report['id']}/public-notice")).json()
        html = (await _get(api, f"/v1/verifications/{report['id']}/report.html")).text
        household = await _post(
            api, "/v1/households", {"verification_id": report["id"], "category": "three_no"}
        )
        batch = await _post(api, "/v1/batches", {"due": {"region": "459999"}})

    assert report["outcome"] == "eligible"
    # the instant stays UTC, with its offset; the assessment date is Beijing's
    created = dt.datetime.fromisoformat(report["created_at"])
    assert created.utcoffset() == dt.timedelta(0)
    assert created.date() == dt.date(2026, 12, 5)
    assert report["as_of"] == "2026-12-06"
    # 12 whole months before December 2026
    assert (report["income"]["window_start"], report["income"]["window_end"]) == (
        "2025-12-01",
        "2026-11-30",
    )
    assert notice["notice_period"]["starts_on"] == "2026-12-06"  # posted today, in Beijing
    assert "<td>2026-12-06</td>" in html  # 核对日期
    assert "2026-12-06 04:3" in html  # 发起时间, Beijing wall-clock time
    assert household["enrolled_on"] == household["last_reviewed_on"] == "2026-12-06"
    interval = api.runtime.policies.policy("450102", BEIJING_DAY).review_intervals_months
    assert household["next_review_on"] == add_months(BEIJING_DAY, interval.three_no).isoformat()
    assert batch["as_of"] == "2026-12-06"


async def test_the_look_back_window_follows_the_beijing_month(api) -> None:
    """16:30 UTC on 30 November is 00:30 on 1 December in Beijing: November is a whole
    month before the assessment, so it is the window's last month."""
    with time_machine.travel(dt.datetime(2026, 11, 30, 16, 30, tzinfo=dt.UTC), tick=True):
        report = await _post(api, "/v1/verifications", fresh_body(api.issuer_key))
    assert report["as_of"] == "2026-12-01"
    assert (report["income"]["window_start"], report["income"]["window_end"]) == (
        "2025-12-01",
        "2026-11-30",
    )


async def test_the_due_list_and_ending_default_to_the_beijing_day(api) -> None:
    with time_machine.travel(EVENING_UTC, tick=True):
        report = await _post(api, "/v1/verifications", fresh_body(api.issuer_key))
        household = await _post(
            api, "/v1/households", {"verification_id": report["id"], "category": "stable"}
        )
    async with api.runtime.transaction() as session:
        await session.execute(
            update(EnrolledHousehold)
            .where(EnrolledHousehold.id == uuid.UUID(household["id"]))
            .values(next_review_on=BEIJING_DAY)
        )
    with time_machine.travel(EVENING_UTC, tick=True):
        due = (await _get(api, "/v1/households/due", region="450102", limit=500)).json()
        ended = await _post(api, f"/v1/households/{household['id']}/end", {"reason": "迁出"})
    assert household["id"] in {item["id"] for item in due["items"]}  # due on the 6th
    assert ended["ended_on"] == "2026-12-06"


async def test_a_retry_keeps_the_original_assessment_date(api) -> None:
    real = dict(api.runtime.connectors)
    api.runtime.connectors["bank"] = Down()
    try:
        with time_machine.travel(EVENING_UTC, tick=True):
            first = await _post(api, "/v1/verifications", fresh_body(api.issuer_key))
    finally:
        api.runtime.connectors.update(real)
    assert first["as_of"] == "2026-12-06"
    # the next evening is the 7th in Beijing; the retry still assesses as of the 6th
    with time_machine.travel(EVENING_UTC + dt.timedelta(days=1), tick=True):
        again = await _post(api, f"/v1/verifications/{first['id']}/retry")
    assert again["revision"] == 1
    assert again["as_of"] == "2026-12-06"
    assert again["income"]["window_end"] == first["income"]["window_end"]


async def test_a_review_batch_dates_the_review_in_beijing(api) -> None:
    with time_machine.travel(EVENING_UTC, tick=True):
        report = await _post(api, "/v1/verifications", fresh_body(api.issuer_key))
        household = await _post(
            api, "/v1/households", {"verification_id": report["id"], "category": "stable"}
        )
        batch = await _post(api, "/v1/batches", {"household_ids": [household["id"]]})
        deadline = time.monotonic() + 60
        while batch["status"] == "running":
            assert time.monotonic() < deadline, batch
            await asyncio.sleep(0.1)
            batch = (await _get(api, f"/v1/batches/{batch['id']}")).json()
        reviewed = (await _get(api, f"/v1/households/{household['id']}")).json()
    assert batch["counts"]["done"] == 1, batch
    assert reviewed["last_reviewed_on"] == "2026-12-06"
    assert reviewed["last_verification_id"] != report["id"]


async def test_another_time_zone_dates_by_its_own_day(api) -> None:
    settings = api.runtime.settings
    saved = settings.timezone
    settings.timezone = ZoneInfo("UTC")
    try:
        with time_machine.travel(EVENING_UTC, tick=True):
            report = await _post(api, "/v1/verifications", fresh_body(api.issuer_key))
    finally:
        settings.timezone = saved
    assert report["as_of"] == "2026-12-05"


# ---------------------------------------------------------------------------- from the outside

# runs a console command in a process whose clock starts at 2026-12-05T20:34Z and ticks
_AT_EVENING = """
import datetime as dt, sys, time_machine
time_machine.travel(dt.datetime(2026, 12, 5, 20, 34, tzinfo=dt.UTC), tick=True).start()
from verification.cli import main
sys.argv = ["verification", *sys.argv[1:]]
main()
"""


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")}
    return inherited | {f"VERIFICATION_{k}": v for k, v in extra.items()}


def test_served_at_the_utc_evening_the_service_dates_by_the_beijing_day(tmp_path: Path) -> None:
    """`verification serve` with its clock at 20:34 UTC, called with plain httpx as a case
    system would; then `verification batch run` without --as-of."""
    api_port, mock_port = _free_port(), _free_port()
    env = _env(tmp_path, PORT=str(api_port), MOCK_SOURCES_PORT=str(mock_port))
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", _AT_EVENING, "serve"],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{api_port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base}/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        token = (tmp_path / "var" / "demo" / "client-token").read_text().strip()
        auth = {"Authorization": f"Bearer {token}"}
        body = json.loads((tmp_path / "var" / "demo" / "requests" / "eligible.json").read_text())
        with httpx.Client(base_url=base, headers=auth, timeout=30) as http:
            report = http.post("/v1/verifications", json=body)
            assert report.status_code == 201, report.text
            verification = report.json()
            notice = http.get(f"/v1/verifications/{verification['id']}/public-notice").json()
            household = http.post(
                "/v1/households",
                json={"verification_id": verification["id"], "category": "variable"},
            ).json()
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert verification["created_at"].startswith("2026-12-05T20:3")
    assert verification["as_of"] == "2026-12-06"
    assert notice["notice_period"]["starts_on"] == "2026-12-06"  # posted today, in Beijing
    assert household["enrolled_on"] == "2026-12-06"

    batch = subprocess.run(
        [sys.executable, "-c", _AT_EVENING, "batch", "run", "--no-follow"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert batch.returncode == 0, batch.stdout + batch.stderr
    printed = batch.stdout + batch.stderr  # the progress console writes to stderr
    assert "0 household(s) due by 2026-12-06" in printed, printed
