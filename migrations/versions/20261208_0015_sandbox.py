"""sandbox: a client's environment, what it makes, and the sandbox's audit log

Revision ID: 0015_sandbox
Revises: 0014_awaiting_sources
Create Date: 2026-12-08

A client created as a sandbox (test) client has ``api_clients.sandbox`` set; its
verifications, enrolled households and batches are marked ``sandbox`` too
(docs/integrators/sandbox.md, docs/decisions/0013-sandbox.md).  Every row made before this
revision is production's: the columns default to false.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from verification.db import UTCDateTime

revision: str = "0015_sandbox"
down_revision: str | None = "0014_awaiting_sources"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("api_clients", "verifications", "enrolled_households", "batches")


def upgrade() -> None:
    # a plain ADD COLUMN (with its default) on both databases: SQLite's batch mode would copy
    # and drop the tables, which their foreign keys refuse once other tables refer to them
    for table in _TABLES:
        op.add_column(
            table, sa.Column("sandbox", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    _create_sandbox_log()


_P = "sandbox_audit"


def _filter_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("client_id", sa.String(length=36), nullable=True),
        sa.Column("verification_id", sa.String(length=36), nullable=True),
        sa.Column("authorization_id", sa.String(length=128), nullable=True),
        sa.Column("person_index", sa.String(length=64), nullable=True),
    ]


def _create_sandbox_log() -> None:
    op.create_table(
        f"{_P}_pending",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        *_filter_columns(),
        sa.Column("template", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{_P}_pending")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f(f"ix_{_P}_pending_verification_id"), f"{_P}_pending", ["verification_id"])
    op.create_table(
        f"{_P}_events",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        *_filter_columns(),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("leaf_hash", sa.String(length=64), nullable=False),
        sa.Column("chain_hash", sa.String(length=64), nullable=False),
        sa.Column("pending_id", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f(f"pk_{_P}_events")),
    )
    for column in (
        "recorded_at",
        "action",
        "client_id",
        "verification_id",
        "authorization_id",
        "person_index",
    ):
        op.create_index(op.f(f"ix_{_P}_events_{column}"), f"{_P}_events", [column])
    op.create_index(op.f(f"ix_{_P}_events_pending_id"), f"{_P}_events", ["pending_id"], unique=True)
    op.create_table(
        f"{_P}_nodes",
        sa.Column("level", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("idx", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("level", "idx", name=op.f(f"pk_{_P}_nodes")),
    )
    op.create_table(
        f"{_P}_checkpoints",
        sa.Column("size", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("root_hash", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("size", name=op.f(f"pk_{_P}_checkpoints")),
    )
    head = op.create_table(
        f"{_P}_head",
        sa.Column("id", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("chain_hash", sa.String(length=64), nullable=False),
        sa.Column("compact_range", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f(f"ck_{_P}_head_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{_P}_head")),
    )
    assert head is not None
    op.bulk_insert(head, [{"id": 1, "size": 0, "chain_hash": "0" * 64, "compact_range": b""}])
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in _GUARDS_PG if postgres else _GUARDS_SQLITE:
        op.execute(statement)


# the production log's guards (migrations 0001, 0002, 0006, 0012) on the sandbox's tables;
# PostgreSQL reuses the production log's trigger functions where they name no table
_GUARDS_PG = (
    *(
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION audit_append_only()"""
        for table in (f"{_P}_events", f"{_P}_nodes", f"{_P}_checkpoints")
    ),
    *(
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()"""
        for table in (f"{_P}_events", f"{_P}_nodes", f"{_P}_checkpoints")
    ),
    f"""CREATE TRIGGER {_P}_head_grows BEFORE UPDATE OR DELETE ON {_P}_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_grows()""",
    f"""CREATE TRIGGER {_P}_head_no_truncate BEFORE TRUNCATE ON {_P}_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_head_grows()""",
    f"""CREATE TRIGGER {_P}_pending_no_update BEFORE UPDATE ON {_P}_pending
    FOR EACH ROW EXECUTE FUNCTION audit_pending_insert_only()""",
    f"""CREATE TRIGGER {_P}_pending_no_truncate BEFORE TRUNCATE ON {_P}_pending
    FOR EACH STATEMENT EXECUTE FUNCTION audit_pending_insert_only()""",
    """CREATE FUNCTION sandbox_audit_pending_only_into_the_log() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM deleted d WHERE NOT EXISTS (
                       SELECT 1 FROM sandbox_audit_events e WHERE e.pending_id = d.id))
        THEN
            RAISE EXCEPTION 'sandbox_audit_pending: an entry not in the log: DELETE refused';
        END IF;
        RETURN NULL;
    END;
    $$""",
    f"""CREATE TRIGGER {_P}_pending_only_into_the_log AFTER DELETE ON {_P}_pending
    REFERENCING OLD TABLE AS deleted
    FOR EACH STATEMENT EXECUTE FUNCTION {_P}_pending_only_into_the_log()""",
)
_GUARDS_SQLITE = (
    *(
        f"""CREATE TRIGGER {table}_no_{op_name.lower()} BEFORE {op_name} ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} is append-only: {op_name} refused'); END"""
        for table in (f"{_P}_events", f"{_P}_nodes", f"{_P}_checkpoints")
        for op_name in ("UPDATE", "DELETE")
    ),
    f"""CREATE TRIGGER {_P}_head_grows BEFORE UPDATE ON {_P}_head
    WHEN NEW.size <= OLD.size
    BEGIN SELECT RAISE(ABORT, '{_P}_head only grows: UPDATE refused'); END""",
    f"""CREATE TRIGGER {_P}_head_no_delete BEFORE DELETE ON {_P}_head
    BEGIN SELECT RAISE(ABORT, '{_P}_head only grows: DELETE refused'); END""",
    f"""CREATE TRIGGER {_P}_pending_no_update BEFORE UPDATE ON {_P}_pending
    BEGIN SELECT RAISE(ABORT, '{_P}_pending is insert-only: UPDATE refused'); END""",
    """CREATE TRIGGER sandbox_audit_pending_no_delete BEFORE DELETE ON sandbox_audit_pending
    WHEN NOT EXISTS (SELECT 1 FROM sandbox_audit_events WHERE pending_id = OLD.id)
    BEGIN SELECT RAISE(ABORT, 'sandbox_audit_pending: entry not in the log: DELETE refused');
    END""",
)


def downgrade() -> None:
    bind = op.get_bind()
    pending = bind.execute(sa.text("SELECT count(*) FROM sandbox_audit_pending")).scalar_one()
    if pending:
        raise RuntimeError(
            f"{pending} sandbox audit entries are pending: run `verification audit integrate` "
            "before downgrading"
        )
    # dropping a table drops its triggers (PostgreSQL and SQLite); then the one function
    for table in ("pending", "events", "nodes", "checkpoints", "head"):
        op.drop_table(f"{_P}_{table}")
    if bind.dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION {_P}_pending_only_into_the_log()")
    # ALTER TABLE … DROP COLUMN on both (SQLite ≥ 3.35), for the reason upgrade() gives
    for table in reversed(_TABLES):
        op.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN sandbox"))
