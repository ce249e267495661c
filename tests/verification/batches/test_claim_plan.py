"""The claim's question "is one of this household's people reviewed in another household?"
stays a few index lookups on PostgreSQL when the tables have no statistics — after a bulk
enrolment, before autovacuum's ANALYZE, or where autovacuum is off. Written as a join, the
planner chose (without statistics) to join every household's members to every household:
250 ms a claim at 10^5 households, a batch at 6 households/s (docs/benchmarks.md, History,
2026-12-07 04:40).

Counted in buffers, not timed: the statement's pages read do not depend on the machine."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, text

from tests.conftest import real_postgres_database
from tests.verification.batches.seeding import seed_households
from verification.batches.create import create_batch
from verification.batches.models import BatchItem
from verification.batches.repository import item_to_claim
from verification.batches.schemas import CreateBatch, DueSelection
from verification.cli import migrate_database
from verification.clients.models import ApiClient
from verification.demo import ensure_demo
from verification.runtime import Runtime
from verification.settings import Settings

HOUSEHOLDS = 3000
# the claim's own rows and the index pages that lead to them: 43 pages here as written; as a
# join, without statistics, 2,691 (about 0.9 a household, growing with the households)
MAX_PAGES = 200
UNANALYZED = ("enrolled_households", "verification_members", "batch_items", "batches")


@pytest.fixture
def settings(tmp_path: Path, mock_sources_url: str) -> Iterator[Settings]:
    with real_postgres_database() as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path / "data",
            mock_sources_port=int(mock_sources_url.rsplit(":", 1)[1]),
            review_schedule="",
            retention_schedule="",
        )
        migrate_database(settings)
        yield settings


async def _claim_pages(settings: Settings) -> tuple[int, bool]:
    """Seed the households (no statistics kept), make a batch of them (not run), and claim
    one of its items with the claim's own statement under EXPLAIN: (pages read, shared)."""
    demo = await ensure_demo(settings)
    runtime = Runtime.build(settings)
    try:
        async with runtime.session_factory() as session, session.begin():
            for name in UNANALYZED:  # as a database whose autovacuum has not come round yet
                await session.execute(text(f"ALTER TABLE {name} SET (autovacuum_enabled = off)"))
        async with runtime.read_session_factory() as session:
            client = (
                await session.execute(select(ApiClient).where(ApiClient.role == "case_system"))
            ).scalar_one()
        await seed_households(runtime, client, demo.key_pair, HOUSEHOLDS, chunk=500)
        view = await create_batch(runtime, client, CreateBatch(due=DueSelection()), "test")
        assert view.total == HOUSEHOLDS
        async with runtime.read_session_factory() as session:
            item = (
                await session.execute(
                    select(BatchItem).where(BatchItem.batch_id == view.id).limit(1)
                )
            ).scalar_one()
            assert (
                await session.execute(
                    text("SELECT count(*) FROM pg_stats WHERE tablename = 'enrolled_households'")
                )
            ).scalar_one() == 0, "the households' table has statistics: the test proves nothing"
        return await _explained_claim(runtime, view.id, item.household_id)
    finally:
        await runtime.aclose()


async def _explained_claim(
    runtime: Runtime, batch_id: uuid.UUID, household_id: uuid.UUID
) -> tuple[int, bool]:
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "FOR UPDATE" in statement:
            captured.append((statement, parameters))

    engine = runtime.engine.sync_engine
    event.listen(engine, "before_cursor_execute", capture)
    try:
        async with runtime.session_factory() as session, session.begin():
            claimed = await item_to_claim(session, batch_id, household_id)
            assert claimed is not None
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    ((statement, parameters),) = captured
    async with runtime.session_factory() as session, session.begin():
        connection = await session.connection()
        for _ in range(2):  # the second, once the catalogue's caches are warm
            plan = (
                await connection.exec_driver_sql(
                    f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {statement}", parameters
                )
            ).scalar_one()
    top = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    return top["Shared Hit Blocks"] + top["Shared Read Blocks"], claimed.shared


def test_a_claim_reads_a_few_pages_without_statistics(settings: Settings) -> None:
    pages, shared = asyncio.run(_claim_pages(settings))
    assert shared is False  # every seeded household has people of its own
    assert pages <= MAX_PAGES, f"the claim read {pages} pages for {HOUSEHOLDS} households"
