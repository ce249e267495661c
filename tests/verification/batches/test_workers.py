"""Two real procrastinate worker processes on PostgreSQL; one is killed with SIGKILL mid-batch.

The batch still completes, its end published once (``batch.completed``); every household
has exactly one new verification and one item result; the audit log holds one
``batch_item_done`` per household and its chain verifies; and the two workers together
never had more requests in flight at the bank than the bank's global limit.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from connectors.sdk.discovery import installed_sources
from tests.conftest import PG_ENV, fresh_database
from tests.verification.batches.seeding import assert_reviewed_exactly_once, seed_households
from verification.app import create_app
from verification.batches.create import create_batch
from verification.batches.jobs import ProcrastinateDispatcher, build_app
from verification.batches.progress import batch_progress
from verification.batches.schemas import CreateBatch, DueSelection
from verification.batches.shares import SourceShares
from verification.cli import migrate_database
from verification.clients.models import ApiClient
from verification.demo import ensure_demo
from verification.outbox.models import WebhookEvent
from verification.runtime import Runtime
from verification.settings import Settings

SCOPES = installed_sources().scopes  # the installed sources

needs_postgresql = pytest.mark.skipif(
    not os.environ.get(PG_ENV), reason="procrastinate workers need PostgreSQL (the PG run)"
)

HOUSEHOLDS = 40
BANK_LIMIT = 2


@pytest.fixture
def worker_settings(tmp_path: Path, mock_sources_url: str) -> Iterator[Settings]:
    with fresh_database(tmp_path) as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path / "data",
            mock_sources_port=int(mock_sources_url.rsplit(":", 1)[1]),
            batch_engine="procrastinate",
            review_schedule="",
            retention_schedule="",
            batch_concurrency=4,
            # one item a job: a worker then runs at most 4 items at once, so more than 4
            # running means both workers hold some (with jobs of 8, one worker could hold 8)
            batch_job_items=1,
            worker_stalled_seconds=5,
            worker_recovery_seconds=1,
            worker_share_refresh_seconds=0.5,
            sources={"bank": {"max_concurrency": BANK_LIMIT}},
        )
        migrate_database(settings)
        yield settings


def _env(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "VERIFICATION_DATABASE_URL": settings.database_url,
        "VERIFICATION_DATA_DIR": str(settings.data_dir),
        "VERIFICATION_MOCK_SOURCES_PORT": str(settings.mock_sources_port),
        "VERIFICATION_BATCH_ENGINE": "procrastinate",
        "VERIFICATION_REVIEW_SCHEDULE": "",
        "VERIFICATION_RETENTION_SCHEDULE": "",
        "VERIFICATION_BATCH_CONCURRENCY": "4",
        "VERIFICATION_BATCH_JOB_ITEMS": "1",
        "VERIFICATION_WORKER_STALLED_SECONDS": "5",
        "VERIFICATION_WORKER_RECOVERY_SECONDS": "1",
        "VERIFICATION_WORKER_SHARE_REFRESH_SECONDS": "0.5",
        "VERIFICATION_SOURCES__BANK__MAX_CONCURRENCY": str(BANK_LIMIT),
        "VERIFICATION_LOG_LEVEL": "WARNING",
    }


@pytest.fixture
async def slow_agencies(mock_sources_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=mock_sources_url) as mock:
        for agency in SCOPES:  # the mock agencies are named as the scopes
            response = await mock.put(f"/_faults/{agency}", json={"latency_ms": 40})
            assert response.status_code == 200, response.text
        yield mock
        await mock.delete("/_faults")


@needs_postgresql
async def test_a_batch_survives_a_killed_worker(
    worker_settings: Settings, slow_agencies: httpx.AsyncClient
) -> None:
    settings = worker_settings
    demo = await ensure_demo(settings)
    runtime = Runtime.build(settings)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        async with runtime.read_session_factory() as session:
            client = (
                await session.execute(select(ApiClient).where(ApiClient.role == "case_system"))
            ).scalar_one()
        households = await seed_households(runtime, client, demo.key_pair, HOUSEHOLDS)
        await slow_agencies.delete("/_stats")
        command = [str(Path(sys.executable).parent / "verification"), "worker"]
        # Popen returns at once; the test needs the pids to kill one
        workers = [subprocess.Popen(command, env=_env(settings)) for _ in range(2)]  # noqa: ASYNC220

        app = build_app(runtime)
        async with app.open_async():
            runtime.dispatcher = ProcrastinateDispatcher(runtime, app)
            view = await create_batch(runtime, client, CreateBatch(due=DueSelection()), "test")
            assert view.total == HOUSEHOLDS
            async with asyncio.timeout(120):
                # more items running than one worker takes at once (concurrency 4, one item
                # a job): both workers hold some, so the one killed interrupts at least one
                while view.counts.done < 8 or view.counts.running <= 4:
                    await asyncio.sleep(0.2)
                    view = await batch_progress(runtime, client, view.id)
                assert view.counts.running + view.counts.pending > 0, "killed too late"
                os.kill(workers[0].pid, signal.SIGKILL)
                workers[0].wait()
                while view.status == "running":
                    await asyncio.sleep(0.3)
                    view = await batch_progress(runtime, client, view.id)
        assert view.status == "completed"
        assert view.counts.done == HOUSEHOLDS, view.counts

        await assert_reviewed_exactly_once(runtime, households)
        async with runtime.read_session_factory() as session:  # its end published once
            events = await session.scalars(
                select(WebhookEvent.type).where(WebhookEvent.resource == f"batch:{view.id}")
            )
            assert list(events) == ["batch.completed"]
        stats = (await slow_agencies.get("/_stats")).json()["agencies"]
        assert 0 < stats["bank"]["peak_in_flight"] <= BANK_LIMIT, stats["bank"]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
        await runtime.aclose()


@needs_postgresql
async def test_readyz_counts_the_live_workers(worker_settings: Settings) -> None:
    app = create_app(worker_settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            assert (await http.get("/readyz")).json()["checks"]["batch_workers"] == 0
            shares = SourceShares(app.state.runtime)
            await shares.register()
            assert (await http.get("/readyz")).json()["checks"]["batch_workers"] == 1
            await shares.deregister()


def test_workers_refuse_sqlite(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "verification"), "worker"],
        env={**os.environ, "VERIFICATION_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "workers need PostgreSQL" in result.stderr
