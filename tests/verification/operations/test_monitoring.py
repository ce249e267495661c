"""The operations gauges the alert rules rest on, read from the database."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select

from connectors.sdk.discovery import installed_sources
from tests.conftest import fresh_database
from tests.verification.batches.seeding import seed_households
from tests.verification.helpers import fresh_body
from verification import monitoring
from verification.audit.models import AuditEvent
from verification.audit.tree import issue_checkpoint
from verification.batches.models import Batch, BatchItem
from verification.batches.runner import InProcessRunner
from verification.cli import migrate_database
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.demo import ensure_demo
from verification.runtime import Runtime
from verification.settings import Settings

SCOPES = installed_sources().scopes  # the installed sources


def _gauge(name: str, labels: dict[str, str] | None = None) -> float | None:
    return REGISTRY.get_sample_value(name, labels or {})


async def test_a_probe_publishes_the_database_the_log_and_the_batches(api) -> None:
    created = await api.http.post(
        "/v1/verifications", json=fresh_body(api.issuer_key), headers=api.auth()
    )
    assert created.status_code == 201
    runtime = api.runtime
    checkpoint = await issue_checkpoint(
        runtime.transaction, runtime.audit_key, runtime.settings.audit_origin
    )
    assert checkpoint is not None
    before = time.time()
    assert await monitoring.probe(runtime)
    async with runtime.read_session_factory() as session:
        stored = await session.scalar(select(func.max(AuditEvent.seq)))
        pending = await session.scalar(
            select(func.count()).select_from(BatchItem).where(BatchItem.state == "pending")
        )
    assert _gauge("database_up") == 1
    # the integrator may have grown the log between the probe and this read
    assert stored >= _gauge("audit_log_size") >= checkpoint.size
    assert _gauge("audit_checkpoint_size") >= checkpoint.size
    assert _gauge("audit_checkpoint_timestamp_seconds") >= checkpoint.created_at.timestamp() - 1
    assert _gauge("batch_items_open", {"state": "pending"}) == pending
    assert _gauge("monitor_last_success_timestamp_seconds") >= before


async def test_an_unreachable_database_is_database_up_0(tmp_path) -> None:
    settings = Settings(
        database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none", data_dir=tmp_path
    )
    runtime = Runtime.build(settings)
    try:
        assert not await monitoring.probe(runtime)
        assert _gauge("database_up") == 0
    finally:
        await runtime.aclose()


@pytest.fixture
def own_database(tmp_path: Path, mock_sources_url: str) -> Iterator[Settings]:
    """A database of its own (SQLite, or PostgreSQL when the suite runs there): the
    gauges count every batch in it, so no other test's batch may be there."""
    (tmp_path / "db").mkdir()
    with fresh_database(tmp_path / "db") as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path / "data",
            mock_sources_port=int(mock_sources_url.rsplit(":", 1)[1]),
            log_format="json",
            batch_engine="inprocess",
            batch_concurrency=1,  # one item at a time: each is seen running
            batch_poll_seconds=0.05,
            review_schedule="",
            retention_schedule="",
        )
        migrate_database(settings)
        yield settings


@pytest.fixture
async def slow_agencies(mock_sources_url: str) -> AsyncIterator[None]:
    async with httpx.AsyncClient(base_url=mock_sources_url) as mock:
        for agency in SCOPES:  # the mock agencies are named as the scopes
            response = await mock.put(f"/_faults/{agency}", json={"latency_ms": 100})
            assert response.status_code == 200, response.text
        yield
        await mock.delete("/_faults")


async def _last_done(runtime: Runtime, batch_id: uuid.UUID) -> dt.datetime | None:
    async with runtime.read_session_factory() as session:
        return await session.scalar(
            select(func.max(BatchItem.finished_at)).where(
                BatchItem.batch_id == batch_id, BatchItem.state == "done"
            )
        )


async def test_the_batch_gauges_follow_a_real_batch(own_database: Settings, slow_agencies) -> None:
    settings = own_database
    demo = await ensure_demo(settings)
    runtime = Runtime.build(settings)
    runner = InProcessRunner(runtime)
    try:
        async with runtime.read_session_factory() as session:
            client = (
                await session.execute(select(ApiClient).where(ApiClient.role == "case_system"))
            ).scalar_one()
        households = await seed_households(runtime, client, demo.key_pair, 3)
        batch_id, created_at = uuid.uuid4(), utcnow()
        async with runtime.transaction() as session:
            session.add(
                Batch(
                    id=batch_id,
                    client_id=client.id,
                    selection="households",
                    total=len(households),
                    created_at=created_at,
                    created_by="test",
                )
            )
            await session.flush()
            session.add_all(BatchItem(batch_id=batch_id, household_id=h) for h in households)
        # open, nothing finished yet: its progress is its creation
        assert await monitoring.probe(runtime)
        assert _gauge("batch_items_open", {"state": "pending"}) == 3
        assert _gauge("batch_items_open", {"state": "running"}) == 0
        assert _gauge("batch_last_progress_timestamp_seconds") == pytest.approx(
            created_at.timestamp(), abs=1e-3
        )
        seen_running = 0.0
        progress_checked = 0
        run = asyncio.create_task(runner.run())
        async with asyncio.timeout(60):
            while True:
                before = await _last_done(runtime, batch_id)
                assert await monitoring.probe(runtime)
                after = await _last_done(runtime, batch_id)
                pending = _gauge("batch_items_open", {"state": "pending"})
                running = _gauge("batch_items_open", {"state": "running"})
                seen_running = max(seen_running, running)
                if pending + running == 0:
                    break
                if before is not None and before == after:  # no item finished meanwhile
                    # the moment the batch's latest item was done
                    assert _gauge("batch_last_progress_timestamp_seconds") == pytest.approx(
                        after.timestamp(), abs=1e-3
                    )
                    assert after > created_at
                    progress_checked += 1
                await asyncio.sleep(0.02)
        run.cancel()
        await asyncio.gather(run, return_exceptions=True)
        assert seen_running == 1
        assert progress_checked, "the gauge was read while the batch had done items"
        async with runtime.read_session_factory() as session:
            states = set(
                (
                    await session.execute(
                        select(BatchItem.state).where(BatchItem.batch_id == batch_id)
                    )
                ).scalars()
            )
        assert states == {"done"}
        # nothing open any more: no batch to make progress, none stalled
        assert _gauge("batch_items_open", {"state": "pending"}) == 0
        assert _gauge("batch_items_open", {"state": "running"}) == 0
        assert _gauge("batch_last_progress_timestamp_seconds") == 0
    finally:
        await runtime.aclose()
