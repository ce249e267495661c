"""The database unreachable: `503 database-unavailable` with `Retry-After` (never a 500, never
the driver's words), and the service and the batch engines carry on by themselves when it
comes back.

- unreachable from the start (SQLite file out of reach, nothing listening on PostgreSQL's
  port): the API answers 503 and the refusal is counted, since it cannot be audited;
- SQLite locked by another process past the patience: 503 for writes meanwhile, and the
  in-process runner keeps trying, so a batch created before completes once it is released;
- PostgreSQL connections killed (``pg_terminate_backend``): the next requests are answered
  on new connections;
- PostgreSQL gone for six seconds (a TCP forwarder between the processes and the server is
  stopped and started again): `verification serve` answers 503 meanwhile and 2xx after, and
  a real `verification worker` process survives and completes the batch created before,
  each household reviewed exactly once.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import make_url, select, text

from connectors.sdk.discovery import installed_sources
from tests.conftest import PG_ENV, fresh_database
from tests.verification.batches.seeding import assert_reviewed_exactly_once, seed_households
from tests.verification.helpers import scenario_body
from tests.verification.processes import Process, Server, TcpProxy, process_env
from verification.app import create_app
from verification.batches.create import create_batch
from verification.batches.schemas import CreateBatch, DueSelection
from verification.cli import migrate_database
from verification.clients.models import ApiClient
from verification.db import create_engine
from verification.demo import ensure_demo
from verification.runtime import Runtime
from verification.settings import Settings

SCOPES = installed_sources().scopes  # the installed sources

needs_postgresql = pytest.mark.skipif(not os.environ.get(PG_ENV), reason="the PostgreSQL run")
needs_sqlite = pytest.mark.skipif(bool(os.environ.get(PG_ENV)), reason="the SQLite run")
INTERNALS = ("Traceback", "sqlite", "asyncpg", "psycopg", "Error", "refused", "locked")


def assert_unavailable(response: httpx.Response, retry_after: str = "5") -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == retry_after
    body = response.json()
    assert body["code"] == "database-unavailable"
    assert body["status"] == 503
    assert not [word for word in INTERNALS if word in response.text], response.text


@pytest.fixture
def own_settings(tmp_path: Path, mock_sources_url: str) -> Iterator[Settings]:
    with fresh_database(tmp_path) as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path / "data",
            mock_sources_port=int(mock_sources_url.rsplit(":", 1)[1]),
            batch_engine="inprocess",
            review_schedule="",
            retention_schedule="",
        )
        migrate_database(settings)
        yield settings


async def _case_system(runtime: Runtime) -> ApiClient:
    async with runtime.read_session_factory() as session:
        return (
            await session.execute(select(ApiClient).where(ApiClient.role == "case_system"))
        ).scalar_one()


@pytest.mark.parametrize(
    "url",
    [
        "sqlite+aiosqlite:///{tmp}/no/such/directory/verification.db",
        "postgresql+asyncpg://nobody@127.0.0.1:1/none",
    ],
    ids=["sqlite-out-of-reach", "postgresql-not-listening"],
)
async def test_an_unreachable_database_is_a_503_with_retry_after(tmp_path: Path, url: str) -> None:
    settings = Settings(database_url=url.format(tmp=tmp_path), data_dir=tmp_path)
    app = create_app(settings)
    async with app.router.lifespan_context(app):  # it starts all the same
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            authenticated = await http.get("/v1/policies", headers={"Authorization": "Bearer x"})
            # an anonymous refusal is never audited, so it needs no database: still the 401
            anonymous = await http.post("/v1/verifications", content=b"{")
            metrics = (await http.get("/metrics")).text
            ready = await http.get("/readyz")
    assert_unavailable(authenticated)
    assert anonymous.status_code == 401, anonymous.text
    assert 'http_unaudited_refusals_total{code="database-unavailable",status="503"}' in metrics
    assert ready.status_code == 503
    assert ready.headers["retry-after"] == "5"


@needs_sqlite
async def test_sqlite_locked_by_another_process_then_released(own_settings: Settings) -> None:
    settings = own_settings.model_copy(
        update={
            "sqlite_busy_timeout_seconds": 0.3,
            "batch_poll_seconds": 0.1,
            "batch_lease_seconds": 1.0,
            "database_reconnect_max_seconds": 0.5,
            "database_retry_after_seconds": 3,
        }
    )
    demo = await ensure_demo(settings)
    seeder = Runtime.build(settings)  # no engine runs here: the batch waits for the service
    try:
        client = await _case_system(seeder)
        await seed_households(seeder, client, demo.key_pair, 3)
        batch = await create_batch(seeder, client, CreateBatch(due=DueSelection()), "t")
    finally:
        await seeder.aclose()

    path = make_url(settings.database_url).database
    assert path is not None
    other_process = sqlite3.connect(path, isolation_level=None)
    other_process.execute("BEGIN IMMEDIATE")  # holds the write lock
    auth = {"Authorization": f"Bearer {demo.token}"}
    app = create_app(settings)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
                locked = await http.post(
                    "/v1/verifications", json=scenario_body(demo.key_pair, "eligible"), headers=auth
                )
                assert_unavailable(locked, retry_after="3")
                await asyncio.sleep(1.5)  # the runner's claims fail meanwhile
                view = await http.get(f"/v1/batches/{batch.id}", headers=auth)  # reads go on
                assert view.status_code == 200
                assert view.json()["counts"]["pending"] == 3
                other_process.execute("ROLLBACK")

                async with asyncio.timeout(60):
                    while view.json()["status"] == "running":
                        await asyncio.sleep(0.2)
                        view = await http.get(f"/v1/batches/{batch.id}", headers=auth)
                assert view.json()["status"] == "completed"
                assert view.json()["counts"]["done"] == 3
                again = await http.post(
                    "/v1/verifications", json=scenario_body(demo.key_pair, "eligible"), headers=auth
                )
                assert again.status_code == 201, again.text
    finally:
        other_process.close()


@needs_postgresql
async def test_killed_postgresql_connections_are_replaced(own_settings: Settings) -> None:
    demo = await ensure_demo(own_settings)
    admin = create_engine(own_settings.database_url, isolation_level="AUTOCOMMIT")
    auth = {"Authorization": f"Bearer {demo.token}"}
    app = create_app(own_settings)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
                for _ in range(3):
                    assert (await http.get("/v1/policies", headers=auth)).status_code == 200
                    async with admin.connect() as connection:
                        killed = await connection.execute(
                            text(
                                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                            )
                        )
                        assert killed.scalar_one() >= 1
                    await asyncio.sleep(0.3)
                    after = await http.get("/v1/policies", headers=auth)
                    assert after.status_code == 200, after.text
                    created = await http.post(
                        "/v1/verifications",
                        json=scenario_body(demo.key_pair, "eligible"),
                        headers=auth,
                    )
                    assert created.status_code == 201, created.text
    finally:
        await admin.dispose()


HOUSEHOLDS = 16


@needs_postgresql
async def test_the_service_and_a_worker_ride_out_a_database_outage(
    own_settings: Settings, tmp_path: Path
) -> None:
    settings = own_settings
    direct = make_url(settings.database_url)
    proxy = TcpProxy(direct.host or "127.0.0.1", direct.port or 5432)
    await proxy.start()
    proxied = direct.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    env = process_env(
        settings.model_copy(update={"database_url": proxied}),
        VERIFICATION_BATCH_ENGINE="procrastinate",
        VERIFICATION_BATCH_CONCURRENCY="4",
        VERIFICATION_BATCH_JOB_ITEMS="2",
        VERIFICATION_WORKER_STALLED_SECONDS="3",
        VERIFICATION_WORKER_RECOVERY_SECONDS="1",
        VERIFICATION_WORKER_SHARE_REFRESH_SECONDS="0.5",
        VERIFICATION_DATABASE_RECONNECT_MAX_SECONDS="1",
    )
    server = Server(env, tmp_path / "serve.log")
    worker = Process(["worker"], env, tmp_path / "worker.log")
    demo = await ensure_demo(settings)
    runtime = Runtime.build(settings)  # straight to the database, not through the forwarder
    mock = httpx.AsyncClient(base_url=settings.mock_sources_url())
    try:
        households = await seed_households(
            runtime, await _case_system(runtime), demo.key_pair, HOUSEHOLDS
        )
        server.start()
        worker.start()
        await server.ready()
        for agency in SCOPES:  # slow enough that the outage lands mid-batch
            await mock.put(f"/_faults/{agency}", json={"latency_ms": 300})
        auth = {"Authorization": f"Bearer {demo.token}"}
        async with httpx.AsyncClient(base_url=server.base_url, headers=auth, timeout=30) as http:
            created = await http.post("/v1/batches", json={"due": {}})
            assert created.status_code == 201, created.text
            path = f"/v1/batches/{created.json()['id']}"
            async with asyncio.timeout(90):
                view = created.json()
                while view["counts"]["done"] < 2:
                    await asyncio.sleep(0.2)
                    view = (await http.get(path)).json()
            assert view["status"] == "running", "the outage came too late"

            await proxy.stop()
            loop = asyncio.get_running_loop()
            back_at = loop.time() + 6
            while loop.time() < back_at:
                assert_unavailable(await http.get(path))
                assert (await http.get("/readyz")).status_code == 503
                await asyncio.sleep(0.5)
            assert worker.alive, worker.log.read_text()
            await proxy.start()

            async with asyncio.timeout(30):  # answered again, without a restart
                while True:
                    answer = await http.get(path)
                    if answer.status_code == 200:
                        break
                    await asyncio.sleep(0.2)
            view = answer.json()
            async with asyncio.timeout(150):
                while view["status"] == "running":
                    await asyncio.sleep(0.3)
                    view = (await http.get(path)).json()
            assert (await http.get("/readyz")).status_code == 200
        assert view["status"] == "completed", view
        assert view["counts"]["done"] == HOUSEHOLDS, view["counts"]
        assert worker.alive and server.alive  # nobody restarted anything
        # whether the outage caught an item mid-run depends on timing: exactly once either way
        await assert_reviewed_exactly_once(runtime, households, rerun_expected=False)
    finally:
        await server.stop()
        await worker.stop()
        await mock.delete("/_faults")
        await mock.aclose()
        await runtime.aclose()
        if proxy.listening:
            await proxy.stop()
