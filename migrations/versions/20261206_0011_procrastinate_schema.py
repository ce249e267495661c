"""procrastinate's schema, frozen

Revision ID: 0011_procrastinate
Revises: 0010_procedure
Create Date: 2026-12-07

The job engine's schema (procrastinate's types, tables, functions and triggers; PostgreSQL
only: on SQLite batches run in-process) as procrastinate 3.10.0 ships it, frozen in
``migrations/procrastinate/schema-3.10.0.sql``.  Nothing else installs it: the service
never applies the installed library's schema, so upgrading procrastinate cannot change a
database by accident.  A database that revision 0005 migrated before this one has the
schema already (0005 used to read it from the library, pinned to 3.10): it is left as it
is.  ``tests/verification/batches/test_procrastinate_schema.py`` fails when the installed
procrastinate's schema differs from the newest frozen one (``PROCRASTINATE_SCHEMA``);
README "Upgrading procrastinate" says what to do then.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.util import await_only

revision: str = "0011_procrastinate"
down_revision: str | None = "0010_procedure"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the schema procrastinate's own applier would install, byte for byte (the test compares)
PROCRASTINATE_SCHEMA = Path(__file__).resolve().parents[1] / "procrastinate" / "schema-3.10.0.sql"

_DROP = """
DROP TABLE IF EXISTS procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs,
    procrastinate_workers CASCADE;
DO $$ DECLARE f record;
BEGIN
    FOR f IN SELECT p.oid::regprocedure AS sig FROM pg_proc p
             JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate%'
    LOOP EXECUTE 'DROP FUNCTION IF EXISTS ' || f.sig || ' CASCADE'; END LOOP;
END $$;
DROP TYPE IF EXISTS procrastinate_job_status, procrastinate_job_event_type,
    procrastinate_job_to_defer_v1 CASCADE;
"""


def _run_script(sql: str) -> None:
    """Run a multi-statement script as it is (asyncpg's simple query protocol: no
    parameters, so the script's ``%`` signs are not placeholders)."""
    raw = op.get_bind().connection.driver_connection
    await_only(raw.execute(sql))  # type: ignore[union-attr]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    installed = bind.execute(sa.text("SELECT to_regclass('procrastinate_jobs')")).scalar()
    if installed is None:
        _run_script(PROCRASTINATE_SCHEMA.read_text(encoding="utf-8"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _run_script(_DROP)
