"""The consent-use record from outside: the CLI as a subprocess (``verification
authorization uses`` / ``revoke``), and the family's page in headless Chromium."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from tests.verification.consent.test_consent_api import (
    BROWSER,
    _no_data_values,
    _verified_with_bank_down,
)
from tests.verification.helpers import business_today
from tests.verification.processes import process_env
from tests.verification.reports.test_html import FULL_ID_NUMBER, _chromium
from verification.audit.models import AuditEvent

VERIFICATION = Path(sys.executable).parent / "verification"


def _cli(api: Any, *args: str) -> subprocess.CompletedProcess[str]:
    # the suite's data directory: its keys (the checkout's ./var would hold others)
    env = process_env(api.settings, VERIFICATION_MODE="demo")
    return subprocess.run(
        [str(VERIFICATION), "authorization", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_the_cli_prints_the_record_and_revokes(api) -> None:
    body, report = await _verified_with_bank_down(api)
    authorization_id = report["authorization_id"]
    printed = _cli(api, "uses", authorization_id, "--json")
    assert printed.returncode == 0, printed.stderr
    record = json.loads(printed.stdout)
    assert [u["purpose"] for u in record["uses"]] == ["first_verification"]
    assert record["uses"][0]["client"] == "demo case system"
    _no_data_values(printed.stdout, body)
    table = _cli(api, "uses", authorization_id)
    assert table.returncode == 0 and "首次核对" in table.stdout

    refused = _cli(api, "revoke", authorization_id, "--reason", "because")
    assert refused.returncode != 0
    revoked = _cli(
        api,
        "revoke",
        authorization_id,
        "--reason",
        "moved_away",
        "--withdrawn-on",
        business_today().isoformat(),
    )
    assert revoked.returncode == 0, revoked.stderr
    twice = _cli(api, "revoke", authorization_id, "--reason", "other")
    assert twice.returncode == 1 and "authorization-revoked" in twice.stdout + twice.stderr
    after = json.loads(_cli(api, "uses", authorization_id, "--json").stdout)
    assert after["status"] == "revoked" and after["revocation"]["reason"] == "moved_away"
    retry = await api.http.post(f"/v1/verifications/{report['id']}/retry", headers=api.auth())
    assert retry.status_code == 422 and retry.json()["code"] == "authorization-revoked"

    await api.drain()
    async with api.sessions() as session:
        actions = [
            json.loads(b)
            for b in (
                await session.execute(
                    select(AuditEvent.body).where(AuditEvent.authorization_id == authorization_id)
                )
            ).scalars()
        ]
    cli = [(e["action"], e.get("actor")) for e in actions if e.get("actor") == "cli"]
    assert cli.count(("consent_record_read", "cli")) == 3
    assert cli.count(("authorization_revoked", "cli")) == 1


async def test_the_family_page_in_headless_chromium(api, tmp_path: Path) -> None:
    body, report = await _verified_with_bank_down(api)
    link = await api.http.post(
        f"/v1/authorizations/{report['authorization_id']}/family-links",
        headers={**api.auth(), "Idempotency-Key": str(uuid.uuid4())},
    )
    assert link.status_code == 201, link.text
    page = await api.http.get(urlsplit(link.json()["url"]).path, headers=BROWSER)
    assert page.status_code == 200
    saved = tmp_path / "consent.html"
    saved.write_text(page.text, encoding="utf-8")
    dom = _chromium(tmp_path / "profile-dom", "--dump-dom", saved.as_uri()).stdout
    assert "授权使用记录" in dom and "首次核对" in dom and "银行" in dom
    assert "暂不可用" in dom  # the bank was down in that use
    assert not FULL_ID_NUMBER.findall(dom)
    _no_data_values(dom, body)
    screenshot = tmp_path / "consent.png"
    _chromium(
        tmp_path / "profile-shot",
        "--window-size=900,1100",
        f"--screenshot={screenshot}",
        saved.as_uri(),
    )
    data = screenshot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000  # a drawn page, not blank
