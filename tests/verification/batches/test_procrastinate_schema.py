"""procrastinate's schema is ours, frozen in a migration (revision 0010): an upgrade of the
library is a deliberate migration, never an accident.

- On both databases: the schema the installed procrastinate ships is, byte for byte, the
  one the newest migration froze (``PROCRASTINATE_SCHEMA``).  A new procrastinate release
  with another schema fails here until its migration is written (README, "Upgrading
  procrastinate").
- On PostgreSQL: a database migrated by alembic has, object for object (columns,
  constraints, indexes, types, functions, triggers), what procrastinate's own schema
  applier installs; revision 0010 leaves a database that has the schema already alone,
  and its downgrade removes every procrastinate object.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import procrastinate
import pytest
from alembic import command
from alembic.script import ScriptDirectory
from procrastinate.schema import SchemaManager
from sqlalchemy import text

from tests.conftest import PG_ENV, fresh_database
from verification.batches.jobs import libpq_url
from verification.cli import alembic_config, migrate_database
from verification.db import create_engine
from verification.settings import Settings

needs_postgresql = pytest.mark.skipif(
    not os.environ.get(PG_ENV), reason="procrastinate's schema is PostgreSQL's (the PG run)"
)

LAST_SQLITE_ONLY = "0009_hygiene"  # the revision before the frozen schema


def _frozen_schema(settings: Settings) -> tuple[str, Path]:
    """The newest revision that freezes procrastinate's schema, and the file it froze."""
    scripts = ScriptDirectory.from_config(alembic_config(settings))
    for revision in scripts.walk_revisions():  # head first
        frozen = getattr(revision.module, "PROCRASTINATE_SCHEMA", None)
        if frozen is not None:
            return revision.revision, Path(frozen)
    raise AssertionError("no migration freezes procrastinate's schema")


def test_the_installed_procrastinate_ships_the_frozen_schema(tmp_path: Path) -> None:
    revision, frozen = _frozen_schema(Settings(data_dir=tmp_path))
    assert frozen.is_file()
    assert frozen.read_text(encoding="utf-8") == SchemaManager.get_schema(), (
        f"procrastinate {procrastinate.__version__} ships a schema other than the one frozen "
        f"by revision {revision} ({frozen.name}): write the migration that takes a database "
        "from the frozen schema to this one and freeze the new schema (README, 'Upgrading "
        "procrastinate')"
    )


# ------------------------------------------------------------------------------ PostgreSQL

_CATALOGUE = {
    "columns": """
        SELECT table_name, ordinal_position, column_name, data_type, udt_name, is_nullable,
               column_default
        FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name LIKE 'procrastinate%'""",
    "constraints": """
        SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = current_schema() AND c.conrelid::regclass::text LIKE 'procrastinate%'""",
    "indexes": """
        SELECT tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname = current_schema() AND tablename LIKE 'procrastinate%'""",
    "enums": """
        SELECT t.typname, e.enumsortorder, e.enumlabel
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = current_schema() AND t.typname LIKE 'procrastinate%'""",
    "composite types": """
        SELECT t.typname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod)
        FROM pg_type t JOIN pg_class r ON r.oid = t.typrelid AND r.relkind = 'c'
        JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
        JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = current_schema() AND t.typname LIKE 'procrastinate%'""",
    "functions": """
        SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate%'""",
    "triggers": """
        SELECT t.tgrelid::regclass::text, t.tgname, pg_get_triggerdef(t.oid)
        FROM pg_trigger t
        WHERE NOT t.tgisinternal AND t.tgrelid::regclass::text LIKE 'procrastinate%'""",
}


async def _procrastinate_objects(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return {
                kind: sorted(tuple(row) for row in await connection.execute(text(query)))
                for kind, query in _CATALOGUE.items()
            }
    finally:
        await engine.dispose()


async def _apply_the_librarys_schema(url: str) -> None:
    connector = procrastinate.PsycopgConnector(conninfo=libpq_url(url))
    await connector.open_async()
    try:
        await SchemaManager(connector).apply_schema_async()
    finally:
        await connector.close_async()


@needs_postgresql
def test_the_migrated_schema_is_what_procrastinate_installs(tmp_path: Path) -> None:
    with (
        fresh_database(tmp_path / "migrated") as migrated,
        fresh_database(tmp_path / "library") as library,
    ):
        migrate_database(Settings(database_url=migrated, data_dir=tmp_path))
        asyncio.run(_apply_the_librarys_schema(library))
        ours = asyncio.run(_procrastinate_objects(migrated))
        theirs = asyncio.run(_procrastinate_objects(library))
    tables = {row[0] for row in theirs["columns"]}
    assert {"procrastinate_jobs", "procrastinate_workers", "procrastinate_events"} <= tables
    assert all(theirs.values())  # every kind of object is there to compare
    for kind in _CATALOGUE:
        assert ours[kind] == theirs[kind], kind


@needs_postgresql
def test_revision_0010_leaves_an_installed_schema_alone_and_its_downgrade_removes_it(
    tmp_path: Path,
) -> None:
    with fresh_database(tmp_path) as url:
        settings = Settings(database_url=url, data_dir=tmp_path)
        config = alembic_config(settings)
        command.upgrade(config, LAST_SQLITE_ONLY)
        assert not any(asyncio.run(_procrastinate_objects(url)).values())
        # a database revision 0005 migrated while it still applied the library's schema
        asyncio.run(_apply_the_librarys_schema(url))
        installed = asyncio.run(_procrastinate_objects(url))
        command.upgrade(config, "head")  # would fail on "type already exists" if it installed again
        assert asyncio.run(_procrastinate_objects(url)) == installed
        command.downgrade(config, LAST_SQLITE_ONLY)
        assert not any(asyncio.run(_procrastinate_objects(url)).values())
        command.upgrade(config, "head")
        assert asyncio.run(_procrastinate_objects(url)) == installed
