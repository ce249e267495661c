"""The sandbox's audit log, served as tlog-tiles under /v1/audit/sandbox/tlog, audited by the
independent Go tlog client (tests/go/tlogclient, built offline by scripts/go-tlog) against
`verification serve` in a process of its own: more than one tile of entries, every entry
checked against the sandbox log's signed checkpoint; the production log's key is refused
(another origin)."""

from __future__ import annotations

import asyncio
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from tests.verification.served import Served, serve
from verification.audit.log import append_events
from verification.audit.models import SANDBOX
from verification.db import Transactions, create_engine, create_session_factory

ROOT = Path(__file__).resolve().parents[3]
ENTRIES = 600  # three entry bundles, the last partial


@pytest.fixture(scope="module")
def tlog_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("go") / "tlogclient"
    build = subprocess.run(
        [
            "bash",
            str(ROOT / "scripts" / "go-tlog"),
            "build",
            str(ROOT / "tests/go/tlogclient"),
            out,
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, f"scripts/go-tlog build failed:\n{build.stderr}"
    return out


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve(tmp_path_factory.mktemp("sandbox-tlog")) as running:
        yield running


async def _grow_the_sandbox_log(database_url: str, count: int) -> None:
    """``count`` entries recorded in the sandbox's log from this process (another writer of
    the database), then integrated by the server's integrator (waited for)."""
    engine = create_engine(database_url)
    try:
        sessions = create_session_factory(engine)
        async with Transactions(sessions, serialize=True)() as session:
            await append_events(
                session, [{"action": "sandbox_tlog_test", "n": n} for n in range(count)], SANDBOX
            )
        deadline = time.monotonic() + 300
        while True:
            async with sessions() as session:
                if await session.scalar(select(SANDBOX.pending.id).limit(1)) is None:
                    return
            assert time.monotonic() < deadline, "the server's integrator did not integrate"
            await asyncio.sleep(0.2)
    finally:
        await engine.dispose()


def _run(client: Path, served: Served, work: Path, key: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(client),
            "-url",
            f"{served.url}/v1/audit/sandbox/tlog",
            "-token-file",
            str(work / "token"),
            "-key",
            str(work / key),
            "-all",
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_go_tlog_client_verifies_the_sandbox_logs_tiles(
    tlog_client: Path, served: Served, tmp_path: Path
) -> None:
    auditor = served.auth("auditor")
    (tmp_path / "token").write_text(served.tokens["auditor"])
    (tmp_path / "vkey").write_text(
        httpx.get(f"{served.url}/.well-known/audit-log-key?log=sandbox").text
    )
    (tmp_path / "production").write_text(httpx.get(f"{served.url}/.well-known/audit-log-key").text)
    asyncio.run(_grow_the_sandbox_log(served.env["VERIFICATION_DATABASE_URL"], ENTRIES))
    signed = httpx.post(f"{served.url}/v1/audit/checkpoints?log=sandbox", headers=auditor)
    assert signed.status_code == 201, signed.text
    result = _run(tlog_client, served, tmp_path, "vkey")
    assert result.returncode == 0, result.stdout + result.stderr
    match = re.fullmatch(
        r"ok size=(\d+) entries=(\d+) tiles=\d+ bundles=(\d+) gzip=\d+\n", result.stdout
    )
    assert match, result.stdout
    size, entries, bundles = map(int, match.groups())
    assert size == entries >= ENTRIES  # every entry of the sandbox log checked
    assert bundles == -(-size // 256)
    # the production log's verifier key names another origin: refused
    refused = _run(tlog_client, served, tmp_path, "production")
    assert refused.returncode == 1, refused.stdout + refused.stderr
