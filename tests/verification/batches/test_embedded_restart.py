"""The embedded default (SQLite, in-process runner): kill `verification serve` mid-batch,
start it again, and the batch resumes and completes with one result per household."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from connectors.sdk.discovery import installed_sources
from tests.conftest import PG_ENV
from tests.verification.batches.seeding import assert_reviewed_exactly_once, seed_households
from verification.batches.models import BatchItem
from verification.cli import migrate_database
from verification.clients.models import ApiClient
from verification.demo import ensure_demo
from verification.runtime import Runtime
from verification.settings import Settings

SCOPES = installed_sources().scopes  # the installed sources

pytestmark = pytest.mark.skipif(
    bool(os.environ.get(PG_ENV)), reason="the embedded default is SQLite (the SQLite run)"
)

VERIFICATION = Path(sys.executable).parent / "verification"
HOUSEHOLDS = 30
KILLS = 3  # tries at killing the service while an item runs


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Serve:
    """`verification serve` as a real process, started and killed at will."""

    def __init__(self, directory: Path, settings: Settings) -> None:
        self.port, self.mock_port = _free_port(), _free_port()
        self.log = directory / "serve.log"
        self.env = {
            key: value for key, value in os.environ.items() if not key.startswith("VERIFICATION_")
        } | {
            "VERIFICATION_DATABASE_URL": settings.database_url,
            "VERIFICATION_DATA_DIR": str(settings.data_dir),
            "VERIFICATION_PORT": str(self.port),
            "VERIFICATION_MOCK_SOURCES_PORT": str(self.mock_port),
            "VERIFICATION_BATCH_LEASE_SECONDS": "2",
            "VERIFICATION_BATCH_CONCURRENCY": "4",
            "VERIFICATION_REVIEW_SCHEDULE": "",
            "VERIFICATION_RETENTION_SCHEDULE": "",
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                [str(VERIFICATION), "serve"], env=self.env, stdout=out, stderr=subprocess.STDOUT
            )

    async def ready(self) -> None:
        async with httpx.AsyncClient() as http, asyncio.timeout(60):
            while True:
                assert self.process is not None and self.process.poll() is None, (
                    self.log.read_text()
                )
                try:
                    if (await http.get(f"http://127.0.0.1:{self.port}/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.2)
            # slow enough that an item seen running is still mid-fan-out when the kill lands
            # (the mock agencies are named as the scopes)
            for agency in SCOPES:
                await http.put(
                    f"http://127.0.0.1:{self.mock_port}/_faults/{agency}", json={"latency_ms": 300}
                )

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=30)


@pytest.fixture
def embedded(tmp_path: Path, mock_sources_url: str) -> Iterator[tuple[Settings, Serve]]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'verification.db'}",
        data_dir=tmp_path / "var",
        mock_sources_port=int(mock_sources_url.rsplit(":", 1)[1]),
        review_schedule="",
        retention_schedule="",
    )
    migrate_database(settings)
    serve = Serve(tmp_path, settings)
    try:
        yield settings, serve
    finally:
        serve.stop()


async def _running_items(runtime: Runtime, batch_id: uuid.UUID) -> int:
    """The batch's items the database holds as running (after a kill: interrupted)."""
    async with runtime.read_session_factory() as session:
        return (
            await session.scalar(
                select(func.count()).where(
                    BatchItem.batch_id == batch_id, BatchItem.state == "running"
                )
            )
            or 0
        )


async def test_a_batch_resumes_after_the_embedded_service_is_killed(
    embedded: tuple[Settings, Serve],
) -> None:
    settings, serve = embedded
    demo = await ensure_demo(settings)
    runtime = Runtime.build(settings)
    try:
        async with runtime.read_session_factory() as session:
            client = (
                await session.execute(select(ApiClient).where(ApiClient.role == "case_system"))
            ).scalar_one()
        households = await seed_households(runtime, client, demo.key_pair, HOUSEHOLDS)

        serve.start()
        await serve.ready()
        auth = {"Authorization": f"Bearer {demo.token}"}
        base = f"http://127.0.0.1:{serve.port}"
        async with httpx.AsyncClient(base_url=base, headers=auth, timeout=30) as http:
            created = await http.post("/v1/batches", json={"due": {}})
            assert created.status_code == 201, created.text
            batch_id = created.json()["id"]
            view = created.json()
            # kill while an item is mid-run, so that one must be run again; the database says
            # whether the kill landed so (an item seen running may end before the signal does
            # on a loaded machine: then the service is started again and killed again)
            for _ in range(KILLS):
                async with asyncio.timeout(60):
                    while view["counts"]["done"] < 5 or not view["counts"]["running"]:
                        await asyncio.sleep(0.1)
                        view = (await http.get(f"/v1/batches/{batch_id}")).json()
                assert view["status"] == "running", "killed too late"
                serve.kill()
                if await _running_items(runtime, uuid.UUID(batch_id)):
                    break
                serve.start()
                await serve.ready()
                view = (await http.get(f"/v1/batches/{batch_id}")).json()
            else:
                pytest.fail(f"none of {KILLS} kills landed while an item ran")

        serve.start()
        await serve.ready()
        async with httpx.AsyncClient(base_url=base, headers=auth, timeout=30) as http:
            async with asyncio.timeout(120):
                while view["status"] == "running":
                    await asyncio.sleep(0.3)
                    view = (await http.get(f"/v1/batches/{batch_id}")).json()
        assert view["status"] == "completed"
        assert view["counts"]["done"] == HOUSEHOLDS, view["counts"]

        await assert_reviewed_exactly_once(runtime, households)
    finally:
        await runtime.aclose()
