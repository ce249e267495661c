"""audit sequencer: pending entries, integrated once (replaces audit_append)

Revision ID: 0012_audit_sequencer
Revises: 0011_procrastinate
Create Date: 2026-12-07

Writers record audit entries in ``audit_pending`` and an integrator moves them into the log
(``verification.audit.sequencer``).  The database guards the move: a pending entry cannot
be changed (UPDATE, TRUNCATE refused) and can be deleted only once ``audit_events`` holds
it (by ``pending_id``, unique: an entry is integrated once).  PostgreSQL's one-statement
append, ``audit_append`` (0006), is dropped: nothing appends without integrating.

Stop every process that appends (service, workers) before upgrading: code before this
revision appends directly.  A downgrade refuses while entries are pending (run
``verification audit integrate`` first) and recreates ``audit_append``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0012_audit_sequencer"
down_revision: str | None = "0011_procrastinate"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_APPEND_SIGNATURE = "audit_append(text[], text[], text[], text[], text[], text[])"


def upgrade() -> None:
    op.create_table(
        "audit_pending",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=True),
        sa.Column("verification_id", sa.String(length=36), nullable=True),
        sa.Column("authorization_id", sa.String(length=128), nullable=True),
        sa.Column("person_index", sa.String(length=64), nullable=True),
        sa.Column("template", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_pending")),
        # SQLite: AUTOINCREMENT, so the id of an entry integrated (deleted) is never reused
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_audit_pending_verification_id"), "audit_pending", ["verification_id"])
    # a plain ADD COLUMN on both databases (no table rebuild: audit_events keeps its triggers)
    op.add_column("audit_events", sa.Column("pending_id", sa.BigInteger(), nullable=True))
    op.create_index(op.f("ix_audit_events_pending_id"), "audit_events", ["pending_id"], unique=True)
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in _GUARDS_PG if postgres else _GUARDS_SQLITE:
        op.execute(statement)
    if postgres:
        op.execute(f"DROP FUNCTION {_APPEND_SIGNATURE}")


# PostgreSQL: UPDATE and TRUNCATE refused; a DELETE checked once per statement (the
# integrator deletes up to a batch at once), over the rows it deleted
_GUARDS_PG = (
    """CREATE FUNCTION audit_pending_insert_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit_pending is insert-only: % refused', TG_OP;
    END;
    $$""",
    """CREATE TRIGGER audit_pending_no_update BEFORE UPDATE ON audit_pending
    FOR EACH ROW EXECUTE FUNCTION audit_pending_insert_only()""",
    """CREATE TRIGGER audit_pending_no_truncate BEFORE TRUNCATE ON audit_pending
    FOR EACH STATEMENT EXECUTE FUNCTION audit_pending_insert_only()""",
    """CREATE FUNCTION audit_pending_only_into_the_log() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM deleted d
                   WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.pending_id = d.id))
        THEN
            RAISE EXCEPTION 'audit_pending: an entry not in the log: DELETE refused';
        END IF;
        RETURN NULL;
    END;
    $$""",
    """CREATE TRIGGER audit_pending_only_into_the_log AFTER DELETE ON audit_pending
    REFERENCING OLD TABLE AS deleted
    FOR EACH STATEMENT EXECUTE FUNCTION audit_pending_only_into_the_log()""",
)
_GUARDS_SQLITE = (
    """CREATE TRIGGER audit_pending_no_update BEFORE UPDATE ON audit_pending
    BEGIN SELECT RAISE(ABORT, 'audit_pending is insert-only: UPDATE refused'); END""",
    """CREATE TRIGGER audit_pending_no_delete BEFORE DELETE ON audit_pending
    WHEN NOT EXISTS (SELECT 1 FROM audit_events WHERE pending_id = OLD.id)
    BEGIN SELECT RAISE(ABORT, 'audit_pending: entry not in the log: DELETE refused'); END""",
)


def _append_function() -> str:
    """``audit_append`` as migration 0006 made it (read from that file)."""
    path = next(Path(__file__).parent.glob("*_0006_audit_head.py"))
    spec = importlib.util.spec_from_file_location("_migration_0006", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module._APPEND_FUNCTION)


def downgrade() -> None:
    bind = op.get_bind()
    pending = bind.execute(sa.text("SELECT count(*) FROM audit_pending")).scalar_one()
    if pending:
        raise RuntimeError(
            f"{pending} audit entries are pending: run `verification audit integrate` "
            "before downgrading"
        )
    if bind.dialect.name == "postgresql":
        op.execute(_append_function())
        for trigger in ("only_into_the_log", "no_truncate", "no_update"):
            op.execute(f"DROP TRIGGER audit_pending_{trigger} ON audit_pending")
        op.execute("DROP FUNCTION audit_pending_only_into_the_log()")
        op.execute("DROP FUNCTION audit_pending_insert_only()")
    else:
        op.execute("DROP TRIGGER audit_pending_no_delete")
        op.execute("DROP TRIGGER audit_pending_no_update")
    op.drop_index(op.f("ix_audit_events_pending_id"), table_name="audit_events")
    # SQLite ≥ 3.35 drops a column in place (a batch rebuild would lose the table's triggers)
    op.execute("ALTER TABLE audit_events DROP COLUMN pending_id")
    op.drop_index(op.f("ix_audit_pending_verification_id"), table_name="audit_pending")
    op.drop_table("audit_pending")
