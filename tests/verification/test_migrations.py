"""`alembic upgrade head` on an empty database yields exactly the models (SQLite or PostgreSQL)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tests.conftest import fresh_database
from verification.cli import migrate_database
from verification.db import create_engine, import_models, is_own_table
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
