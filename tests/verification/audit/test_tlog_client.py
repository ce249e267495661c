"""An independent tlog client audits the served log: tests/go/tlogclient, Go's
golang.org/x/mod/sumdb/tlog and /note (built offline by scripts/go-tlog, which scripts/test
provides), against `verification serve` in a process of its own, over HTTP only.

The log is grown past 65,536 events (recorded through the log's own ``append_events``, from
this process, as another writer of the database would; the server's integrator moves them
into the log and signs a checkpoint of it), so the client meets full and partial tiles of
three levels, proves records and checks every entry of every bundle against the signed
tree, and proves the new checkpoint consistent with one signed before the growth."""

from __future__ import annotations

import asyncio
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from tests.verification.served import Served, serve
from verification.audit.checkpoint import Checkpoint, parse_verifier_key, verifier_key
from verification.audit.log import HEAD_ID, append_events
from verification.audit.models import AuditHead, AuditPending
from verification.audit.tiles import Tile
from verification.db import Transactions, create_engine, create_session_factory

ROOT = Path(__file__).resolve().parents[3]
GROWTH = 70_000


@pytest.fixture(scope="module")
def tlog_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Go client, built offline (the Debian packages scripts/test installs)."""
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
    with serve(tmp_path_factory.mktemp("tlog")) as running:
        yield running


async def _grow(database_url: str, count: int) -> int:
    """``count`` events recorded through ``append_events``, in large transactions, then
    integrated by the server's integrator (waited for: nothing pending any more); the size
    of the log then."""
    engine = create_engine(database_url)
    try:
        sessions = create_session_factory(engine)
        transaction = Transactions(sessions, serialize=True)
        for start in range(0, count, 5000):
            async with transaction() as session:
                await append_events(
                    session,
                    [
                        {"action": "tlog_client_test", "n": n}
                        for n in range(start, min(count, start + 5000))
                    ],
                )
        deadline = time.monotonic() + 300
        while True:
            async with sessions() as session:
                pending = await session.scalar(select(AuditPending.id).limit(1))
                size = int(
                    await session.scalar(select(AuditHead.size).where(AuditHead.id == HEAD_ID))
                )
            if pending is None:
                return size
            assert time.monotonic() < deadline, "the server's integrator did not integrate"
            await asyncio.sleep(0.2)
    finally:
        await engine.dispose()


def _signed_by_the_server(served: Served, size: int) -> Checkpoint:
    """The served checkpoint once the server's integrator has signed one of ``size`` or more
    (within its checkpoint interval of the integration; no one else signs)."""
    deadline = time.monotonic() + 60
    while True:
        response = httpx.get(
            f"{served.url}/v1/audit/tlog/checkpoint", headers=served.auth("auditor"), timeout=30
        )
        assert response.status_code == 200, response.text
        checkpoint = Checkpoint.from_body(response.text.split("\n\n")[0] + "\n")
        if checkpoint.size >= size:
            return checkpoint
        assert time.monotonic() < deadline, f"no checkpoint of {size} signed: {checkpoint.size}"
        time.sleep(0.2)


def _checkpoint(served: Served) -> str:
    response = httpx.post(
        f"{served.url}/v1/audit/checkpoints", headers=served.auth("auditor"), timeout=30
    )
    assert response.status_code == 201, response.text
    return response.text


def _run(client: Path, served: Served, work: Path, *args: str, key: str = "vkey") -> str:
    result = subprocess.run(
        [
            str(client),
            "-url",
            f"{served.url}/v1/audit/tlog",
            "-token-file",
            str(work / "token"),
            "-key",
            str(work / key),
            *args,
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == (1 if key != "vkey" else 0), result.stdout + result.stderr
    return result.stdout


def test_a_go_tlog_client_verifies_the_served_tiles(
    tlog_client: Path, served: Served, tmp_path: Path
) -> None:
    (tmp_path / "token").write_text(served.tokens["auditor"])
    (tmp_path / "vkey").write_text(httpx.get(f"{served.url}/.well-known/audit-log-key").text)
    # another key of the same name: the client refuses the checkpoint
    name, _ = parse_verifier_key((tmp_path / "vkey").read_text().strip())
    (tmp_path / "other").write_text(verifier_key(name, Ed25519PrivateKey.generate().public_key()))
    refused = _run(tlog_client, served, tmp_path, key="other")
    assert refused.startswith("checkpoint signature:"), refused
    old_note = _checkpoint(served)
    old = Checkpoint.from_body(old_note.split("\n\n")[0] + "\n")
    assert old.size < 256  # the log of a fresh server: one partial tile per level
    (tmp_path / "old").write_text(old_note)
    # the small log alone: partial tiles only, every entry checked
    small = _run(tlog_client, served, tmp_path, "-all")
    assert re.fullmatch(r"ok size=\d+ entries=\d+ tiles=\d+ bundles=1 gzip=1\n", small), small

    grown = asyncio.run(_grow(served.env["VERIFICATION_DATABASE_URL"], GROWTH))
    assert grown >= old.size + GROWTH
    new = _signed_by_the_server(served, grown)
    assert new.size > 65536 + old.size
    beyond = [
        "tile/0/0",  # not a tile path
        "tile/0/x001/000.p/1",  # 256,001 leaves: beyond the checkpoint
        Tile(3, 0, 1).path(),  # 2^24 leaves
        Tile(None, new.size // 256 + 40).path(),
    ]
    out = _run(
        tlog_client, served, tmp_path, "-all", "-old", str(tmp_path / "old"),
        "-expect-404", ",".join(beyond),
    )  # fmt: skip
    match = re.fullmatch(r"ok size=(\d+) entries=(\d+) tiles=(\d+) bundles=(\d+) gzip=(\d+)\n", out)
    assert match, out
    size, entries, fetched, bundles, gzipped = map(int, match.groups())
    assert size >= new.size and entries == size  # every entry of the log checked
    assert bundles == gzipped == -(-size // 256)  # every bundle, each compressed
    assert fetched > bundles  # the level-0 tiles, and those of levels 1 and 2

    # chosen records only (the first, both sides of the tile and level-2 edges, the last)
    picks = "0,255,256,65535,65536," + str(size - 1)
    assert _run(tlog_client, served, tmp_path, "-index", picks).startswith("ok size=")
