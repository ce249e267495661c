"""From the outside: a withdrawal ends a verification that awaited an agency's answer.

The real ``mock-sources`` process (the bank answering a day later unless released) and the
real ``verification serve`` process (embedded SQLite, the in-process polling) in a fresh
directory.  Two verifications wait for the bank.  One authorization is withdrawn over HTTP:
the answer lists the verification, completed at once; the other from the command line (a
subprocess, no runtime): the serving process's poll completes it.  Both end ``completed``
with the bank's answers ``source.authorization_withdrawn``; released afterwards, the bank's
answers are never collected.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from tests.verification.served_process import VERIFICATION, free_port
from tests.verification.test_awaiting_sources_served import MOCK_SOURCES, _process, _ready, _wait

WITHDRAWN = "source.authorization_withdrawn"


def _bank(report: dict[str, Any]) -> set[tuple[str, str | None]]:
    return {(s["status"], s["reason_code"]) for s in report["sources"] if s["scope"] == "bank"}


def test_a_withdrawal_ends_the_awaiting_verifications_served(tmp_path: Path) -> None:
    port, mock_port = free_port(), free_port()
    mock_url, base_url = f"http://127.0.0.1:{mock_port}", f"http://127.0.0.1:{port}"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("VERIFICATION_", "MOCK_"))}
    env = clean | {
        "VERIFICATION_PORT": str(port),
        "VERIFICATION_EMBEDDED_MOCK_SOURCES": "false",
        "VERIFICATION_MOCK_SOURCES_PORT": str(mock_port),
        "VERIFICATION_REVIEW_SCHEDULE": "",
        "VERIFICATION_PENDING_POLL_SECONDS": "1",
    }
    mock_env = clean | {"MOCK_SOURCES_BANK_DEFER_SECONDS": "86400"}
    mock_log, log = tmp_path / "mock.log", tmp_path / "serve.log"
    with (
        _process([str(MOCK_SOURCES), "--port", str(mock_port)], mock_env, tmp_path, mock_log),
        _process([str(VERIFICATION), "serve"], env, tmp_path, log),
    ):
        _wait(lambda: httpx.get(f"{mock_url}/_deferred/bank").is_success, "mock", mock_log)
        _wait(lambda: _ready(base_url), "start", log)
        demo = tmp_path / "var" / "demo"
        token = (demo / "client-token").read_text().strip()
        auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

        def create(scenario: str) -> dict[str, Any]:
            body = (demo / "requests" / f"{scenario}.json").read_bytes()
            created = httpx.post(f"{base_url}/v1/verifications", content=body, headers=auth)
            assert created.status_code == 201, created.text
            report: dict[str, Any] = created.json()
            assert report["status"] == "awaiting_sources" and report["revision"] == 0
            return report

        def read(vid: str) -> dict[str, Any]:
            answer: dict[str, Any] = httpx.get(
                f"{base_url}/v1/verifications/{vid}", headers=auth, timeout=30
            ).json()
            return answer

        by_http, by_cli = create("income_above"), create("eligible")
        today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()

        # over HTTP: the verification is completed before the answer comes back
        revoked = httpx.post(
            f"{base_url}/v1/authorizations/{by_http['authorization_id']}/revocation",
            json={"reason": "household_withdrew", "withdrawn_on": today},
            headers={**auth, "Idempotency-Key": "served-revocation-1"},
            timeout=30,
        )
        assert revoked.status_code == 200, revoked.text
        assert revoked.json()["verifications_completed"] == [by_http["id"]]
        done = read(by_http["id"])
        assert (done["status"], done["revision"]) == ("completed", 1)
        assert _bank(done) == {("unavailable", WITHDRAWN)}
        twice = httpx.post(
            f"{base_url}/v1/authorizations/{by_http['authorization_id']}/revocation",
            json={"reason": "other", "withdrawn_on": today},
            headers={**auth, "Idempotency-Key": "served-revocation-2"},
            timeout=30,
        )
        assert (twice.status_code, twice.json()["code"]) == (409, "authorization-revoked")
        assert twice.headers["content-type"].startswith("application/problem+json")

        # from the command line, beside the running service: its poll completes the other
        cli = subprocess.run(
            [
                str(VERIFICATION),
                "authorization",
                "revoke",
                by_cli["authorization_id"],
                "--reason",
                "application_withdrawn",
            ],
            cwd=tmp_path,
            env=clean,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert cli.returncode == 0, cli.stdout + cli.stderr

        def completed() -> dict[str, Any] | None:
            found = read(by_cli["id"])
            return found if found["status"] == "completed" else None

        ended = _wait(completed, "completion after a CLI revocation", log)
        assert ended["revision"] == 1 and ended["outcome"] == "review_required"
        assert _bank(ended) == {("unavailable", WITHDRAWN)}

        # the bank has its answers now: nobody collects them
        assert httpx.post(f"{mock_url}/_deferred/bank/release").json()["released"] >= 1
        time.sleep(3)  # three polls
        assert read(by_http["id"])["revision"] == 1
        assert read(by_cli["id"])["revision"] == 1
        assert _bank(read(by_cli["id"])) == {("unavailable", WITHDRAWN)}
