"""The operations gauges the alert rules rest on, read from the database."""

from __future__ import annotations

import time

from prometheus_client import REGISTRY
from sqlalchemy import func, select

from tests.verification.helpers import fresh_body
from verification import monitoring
from verification.audit.models import AuditEvent
from verification.audit.tree import issue_checkpoint
from verification.batches.models import BatchItem
from verification.runtime import Runtime
from verification.settings import Settings


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
    assert _gauge("audit_log_size") >= stored >= checkpoint.size
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
