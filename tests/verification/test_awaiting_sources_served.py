"""From the outside: an asynchronous bank answer completes a verification after a restart.

The real ``mock-sources`` process (the bank in its delayed mode: 202 + ticket, the answer a
day later unless released) and the real ``verification serve`` process (embedded SQLite,
the in-process polling) in a fresh directory.  A verification gets a pending bank answer;
the service process is killed (SIGKILL: no shutdown of any kind) and started again on the
same database; the mock bank releases the answer; the restarted service, polling the tickets
it finds in the database, completes the verification with a new report revision.  The same
with the bank exchanging batch files (the service's connector with
``VERIFICATION_SOURCES__BANK__EXCHANGE=batch_file``): the tickets name lines of one file,
whose result the restarted service downloads once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.verification.served_process import VERIFICATION, free_port

MOCK_SOURCES = VERIFICATION.parent / "mock-sources"
DEADLINE_SECONDS = 90  # generous: the machine is shared; nothing asserts a time window


def _wait(check: Any, what: str, log: Path) -> Any:
    """Call ``check`` until it answers something truthy (or the generous deadline)."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while True:
        try:
            found = check()
        except httpx.TransportError:
            found = None
        if found:
            return found
        assert time.monotonic() < deadline, f"{what}: not within the deadline\n{log.read_text()}"
        time.sleep(0.2)


@contextmanager
def _process(args: list[str], env: dict[str, str], cwd: Path, log: Path) -> Iterator[Any]:
    with log.open("a") as out:
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _ready(base_url: str) -> bool:
    return httpx.get(f"{base_url}/readyz").status_code == 200


# the bank's way of answering later: its mock's control path and start variable, and the
# service's connector setting
MODES = {
    "deferred": ("/_deferred/bank", "MOCK_SOURCES_BANK_DEFER_SECONDS", {}),
    "batch_file": (
        "/_batchfile/bank",
        "MOCK_SOURCES_BANK_BATCH_FILE_SECONDS",
        {"VERIFICATION_SOURCES__BANK__EXCHANGE": "batch_file"},
    ),
}


@pytest.mark.parametrize("mode", sorted(MODES))
def test_pending_bank_answer_completes_after_the_service_is_killed(
    tmp_path: Path, mode: str
) -> None:
    control, mock_variable, exchange = MODES[mode]
    port, mock_port = free_port(), free_port()
    mock_url, base_url = f"http://127.0.0.1:{mock_port}", f"http://127.0.0.1:{port}"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("VERIFICATION_", "MOCK_"))}
    mock_env = clean | {mock_variable: "86400"}  # a day, unless released
    env = (
        clean
        | exchange
        | {
            "VERIFICATION_PORT": str(port),
            "VERIFICATION_EMBEDDED_MOCK_SOURCES": "false",  # the agencies outlive the service
            "VERIFICATION_MOCK_SOURCES_PORT": str(mock_port),
            "VERIFICATION_REVIEW_SCHEDULE": "",
            "VERIFICATION_RETENTION_SCHEDULE": "",
            "VERIFICATION_PENDING_POLL_SECONDS": "1",
        }
    )
    mock_log, log = tmp_path / "mock.log", tmp_path / "serve.log"
    serve = [str(VERIFICATION), "serve"]
    with _process(
        [str(MOCK_SOURCES), "--port", str(mock_port)], mock_env, tmp_path, mock_log
    ) as mock:
        _wait(lambda: httpx.get(f"{mock_url}{control}").is_success, "mock", mock_log)
        assert httpx.get(f"{mock_url}{control}").json()["mode"]["delay_seconds"] == 86400

        with _process(serve, env, tmp_path, log) as first:
            _wait(lambda: _ready(base_url), "first start", log)
            token = (tmp_path / "var" / "demo" / "client-token").read_text().strip()
            auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            body = (tmp_path / "var" / "demo" / "requests" / "eligible.json").read_bytes()
            created = httpx.post(
                f"{base_url}/v1/verifications", content=body, headers=auth, timeout=30
            )
            assert created.status_code == 201, created.text
            report = created.json()
            assert report["status"] == "awaiting_sources" and report["revision"] == 0
            pending = [s for s in report["sources"] if s["status"] == "pending"]
            assert pending and {s["scope"] for s in pending} == {"bank"}

            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
        assert mock.poll() is None  # the agency kept its tickets

        with _process(serve, env, tmp_path, log):
            _wait(lambda: _ready(base_url), "restart", log)
            url = f"{base_url}/v1/verifications/{report['id']}"
            still = httpx.get(url, headers=auth, timeout=30).json()
            assert (still["status"], still["revision"]) == ("awaiting_sources", 0)

            released = httpx.post(f"{mock_url}{control}/release").json()
            # the delayed mode's tickets, or the one file of the batch-file mode
            assert released["released"] == (len(pending) if mode == "deferred" else 1)

            def completed() -> dict[str, Any] | None:
                read = httpx.get(url, headers=auth, timeout=30).json()
                return read if read["status"] == "completed" else None

            done = _wait(completed, "completion after the restart", log)
            assert done["revision"] == 1 and done["outcome"] == "eligible"
            assert not [s for s in done["sources"] if s["status"] == "pending"]
            assert done["decision_deadline"] == report["decision_deadline"]
            assert done["overdue"] is False
            if mode == "batch_file":  # every ticket a line of one file, downloaded once
                assert {s["reason_params"]["reference"].partition(":")[0] for s in pending} == {
                    f["fileId"] for f in httpx.get(f"{mock_url}{control}").json()["files"]
                }
                files = httpx.get(f"{mock_url}{control}").json()["files"]
                assert [f["downloads"] for f in files] == [1]
