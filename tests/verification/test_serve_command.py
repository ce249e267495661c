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
        assert report["suggested_allowance_monthly"] == "324.99"
        assert (tmp_path / "var" / "verification.db").exists()
        assert oct((tmp_path / "var" / "keys.json").stat().st_mode & 0o777) == "0o600"
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    everything = log.read_text()
    for household in HOUSEHOLDS:
        for member in household.members:
            assert member.id_number not in everything
