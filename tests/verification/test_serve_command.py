"""README command 1, for real: `verification serve` in a fresh directory, then the printed curl."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from mock_sources.scenarios import HOUSEHOLDS

VERIFICATION = Path(sys.executable).parent / "verification"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_serve_then_the_printed_curl_returns_a_report(tmp_path: Path) -> None:
    api_port, mock_port = _free_port(), _free_port()
    env = {
        key: value for key, value in os.environ.items() if not key.startswith("VERIFICATION_")
    } | {"VERIFICATION_PORT": str(api_port), "VERIFICATION_MOCK_SOURCES_PORT": str(mock_port)}
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(VERIFICATION), "serve"],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"http://127.0.0.1:{api_port}/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        printed = log.read_text()
        curl = re.search(r"^\s*(curl .+)$", printed, re.MULTILINE)
        assert curl, printed
        result = subprocess.run(
            ["bash", "-c", curl.group(1)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        report = httpx.Response(200, content=result.stdout).json()
        assert report["outcome"] == "eligible"
        assert report["suggested_allowance_monthly"] == "424.99"  # 208.33 × 3 − (300 − 100)
        assert (tmp_path / "var" / "verification.db").exists()
        assert oct((tmp_path / "var" / "keys.json").stat().st_mode & 0o777) == "0o600"
        _one_report_in_two_languages(f"http://127.0.0.1:{api_port}", tmp_path / "var" / "demo")
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    everything = log.read_text()
    for household in HOUSEHOLDS:
        for member in household.members:
            assert member.id_number not in everything


def _one_report_in_two_languages(base: str, demo: Path) -> None:
    """A review_required report read as a user would: Chinese by default, English on request."""
    token = (demo / "client-token").read_text().strip()
    auth = {"Authorization": f"Bearer {token}"}
    created = httpx.post(
        f"{base}/v1/verifications",
        content=(demo / "requests" / "deceased_member.json").read_bytes(),
        headers={**auth, "Content-Type": "application/json"},
        timeout=30,
    )
    assert created.status_code == 201, created.text
    report = created.json()
    assert created.headers["content-language"] == "zh-CN"
    assert report["outcome"] == "review_required"
    assert report["suggested_allowance_monthly"] is None
    composition = next(r for r in report["rules"] if r["rule"] == "household_composition")
    assert composition["detail"] == "家庭成员发生变化，请更新申请；成员2已死亡（2026-03-15）"
    assert composition["messages"][1]["params"] == {"member_index": 1, "date": "2026-03-15"}

    page = httpx.get(f"{base}/v1/verifications/{report['id']}/report.html", headers=auth)
    assert page.status_code == 200 and page.headers["content-language"] == "zh-CN"
    assert "成员2已死亡（2026-03-15）" in page.text
    assert "建议月保障金额：<strong>不适用</strong>" in page.text

    english = httpx.get(
        f"{base}/v1/verifications/{report['id']}/report.html",
        headers={**auth, "Accept-Language": "en-GB,en;q=0.9,zh;q=0.5"},
    )
    assert english.headers["content-language"] == "en"
    assert "member 2 deceased (2026-03-15)" in english.text
    assert "Suggested monthly allowance: <strong>not applicable</strong>" in english.text

    as_json = httpx.get(f"{base}/v1/verifications/{report['id']}?lang=en", headers=auth).json()
    assert [r["code"] for r in as_json["reasons"]] == [r["code"] for r in report["reasons"]]
    assert as_json["reasons"][0]["text"].startswith("household composition: household changed")
