"""`alembic upgrade head` on an empty database yields exactly the models (SQLite or PostgreSQL)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tests.conftest import fresh_database
from verification.audit import merkle
from verification.audit.log import HEAD_ID, append_events
from verification.audit.models import AuditHead
from verification.cli import alembic_config, migrate_database
from verification.db import (
    create_engine,
    create_session_factory,
    import_models,
    is_own_table,
)
from verification.settings import Settings


async def _differences(url: str) -> list[Any]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(
                        sync, opts={"compare_type": True, "include_name": is_own_table}
                    ),
                    import_models(),
                )
            )
    finally:
        await engine.dispose()


def test_migrations_match_models(tmp_path: Path) -> None:
    with fresh_database(tmp_path) as url:
        migrate_database(Settings(database_url=url, data_dir=tmp_path))
        assert asyncio.run(_differences(url)) == []


async def _append_and_read_head(url: str, count: int) -> tuple[int, str, bytes]:
    engine = create_engine(url)
    try:
        sessions = create_session_factory(engine)
        if count:
            async with sessions() as session, session.begin():
                await append_events(session, [{"action": "m", "n": i} for i in range(count)])
        async with sessions() as session:
            head = await session.get(AuditHead, HEAD_ID)
            assert head is not None
            return head.size, head.chain_hash, bytes(head.compact_range)
    finally:
        await engine.dispose()


def test_the_audit_head_migration_builds_the_head_of_a_stored_log(tmp_path: Path) -> None:
    """0006 on a database that already has a log: the head it builds is the one the
    appends had kept, and appends go on from it."""
    with fresh_database(tmp_path) as url:
        settings = Settings(database_url=url, data_dir=tmp_path)
        migrate_database(settings)
        kept = asyncio.run(_append_and_read_head(url, 13))
        command.downgrade(alembic_config(settings), "0005")
        command.upgrade(alembic_config(settings), "head")
        built = asyncio.run(_append_and_read_head(url, 0))
        assert built == kept
        assert built[0] == 13 and len(built[2]) == 32 * len(merkle.root_nodes(13))
        size, _, _ = asyncio.run(_append_and_read_head(url, 4))
        assert size == 17
