"""On PostgreSQL the tickets of agencies that answer later are polled by the procrastinate
workers (``verification.poll_sources``): a verification awaiting the mock bank's answer
completes through a real ``verification worker`` process, after the first worker was
killed (SIGKILL) and another started — the tickets are rows, nothing is lost with a process.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from mock_sources.server import serve_in_thread
from tests.conftest import PG_ENV, fresh_database
from tests.verification.helpers import scenario_body
from verification.app import create_app
from verification.batches.jobs import POLL_SOURCES_TASK, build_app
from verification.cli import migrate_database
from verification.demo import ensure_demo
from verification.runtime import Runtime
from verification.settings import Settings
from verification.verifications.models import PendingSource

needs_postgresql = pytest.mark.skipif(
    not os.environ.get(PG_ENV), reason="procrastinate workers need PostgreSQL (the PG run)"
)
WORKER = [str(Path(sys.executable).parent / "verification"), "worker"]


@pytest.fixture
def deferred_mock() -> Iterator[str]:
    with serve_in_thread() as url:
        yield url


@pytest.fixture
def pg_settings(tmp_path: Path, deferred_mock: str) -> Iterator[Settings]:
    with fresh_database(tmp_path) as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path / "data",
            mock_sources_port=int(deferred_mock.rsplit(":", 1)[1]),
            batch_engine="procrastinate",
            review_schedule="",
            retention_schedule="",
            pending_poll_seconds=1,
            rate_limit_client_per_second=0,
            rate_limit_address_per_second=0,
        )
        migrate_database(settings)
        yield settings


def _env(settings: Settings) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")},
        "VERIFICATION_DATABASE_URL": settings.database_url,
        "VERIFICATION_DATA_DIR": str(settings.data_dir),
        "VERIFICATION_MOCK_SOURCES_PORT": str(settings.mock_sources_port),
        "VERIFICATION_BATCH_ENGINE": "procrastinate",
        "VERIFICATION_REVIEW_SCHEDULE": "",
        "VERIFICATION_RETENTION_SCHEDULE": "",
        "VERIFICATION_PENDING_POLL_SECONDS": "1",
        "VERIFICATION_LOG_LEVEL": "WARNING",
    }


def test_the_workers_run_the_poll_task_every_pending_poll_seconds() -> None:
    settings = Settings(database_url="postgresql+asyncpg://x@127.0.0.1/x", pending_poll_seconds=7)
    runtime = Runtime.build(settings)
    try:
        app = build_app(runtime, lazy=True)
        assert POLL_SOURCES_TASK in app.tasks
        crons = {
            task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()
        }
        assert crons[POLL_SOURCES_TASK] == "* * * * * */7"
    finally:
        asyncio.run(runtime.aclose())


@needs_postgresql
async def test_a_pending_answer_completes_through_a_worker_after_one_was_killed(
    pg_settings: Settings, deferred_mock: str
) -> None:
    demo = await ensure_demo(pg_settings)
    workers: list[subprocess.Popen[bytes]] = []
    app = create_app(pg_settings)
    async with (
        httpx.AsyncClient(base_url=deferred_mock) as mock,
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http,
    ):
        auth = {"Authorization": f"Bearer {demo.token}"}
        try:
            assert (await mock.put("/_deferred/bank", json={"delay_seconds": 86400})).is_success
            created = await http.post(
                "/v1/verifications", json=scenario_body(demo.key_pair, "eligible"), headers=auth
            )
            assert created.status_code == 201, created.text
            vid = created.json()["id"]
            assert created.json()["status"] == "awaiting_sources"

            # a worker that polls (the answer is not ready) and is then killed
            workers.append(subprocess.Popen(WORKER, env=_env(pg_settings)))  # noqa: ASYNC220
            runtime: Runtime = app.state.runtime
            async with asyncio.timeout(90):
                while True:  # until it has asked the bank (and found no answer yet)
                    async with runtime.read_session_factory() as session:
                        polls = await session.scalar(select(func.min(PendingSource.polls)))
                    if polls:
                        break
                    await asyncio.sleep(0.2)
            os.kill(workers[0].pid, signal.SIGKILL)
            workers[0].wait()
            assert (await http.get(f"/v1/verifications/{vid}", headers=auth)).json()[
                "status"
            ] == "awaiting_sources"

            await mock.post("/_deferred/bank/release")
            workers.append(subprocess.Popen(WORKER, env=_env(pg_settings)))  # noqa: ASYNC220
            async with asyncio.timeout(90):
                while True:
                    report = (await http.get(f"/v1/verifications/{vid}", headers=auth)).json()
                    if report["status"] == "completed":
                        break
                    await asyncio.sleep(0.3)
            assert report["revision"] == 1 and report["outcome"] == "eligible"
        finally:
            await mock.delete("/_deferred/bank")
            for worker in workers:
                if worker.poll() is None:
                    worker.send_signal(signal.SIGTERM)
            for worker in workers:
                try:
                    worker.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    worker.kill()
