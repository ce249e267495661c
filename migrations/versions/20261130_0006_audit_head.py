"""audit log head row (replaces the advisory lock and the head query of every append)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

The row is built from the stored log.  Stop every process that appends (service, workers)
before upgrading: code before this revision serializes appends differently.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from verification.audit import merkle

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_head",
        sa.Column("id", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("chain_hash", sa.String(length=64), nullable=False),
        sa.Column("compact_range", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    _insert_head_of_stored_log()
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in _GUARDS_PG if postgres else _GUARDS_SQLITE:
        op.execute(statement)


def _insert_head_of_stored_log() -> None:
    bind = op.get_bind()
    last = bind.execute(
        sa.text("SELECT seq, chain_hash FROM audit_events ORDER BY seq DESC LIMIT 1")
    ).first()
    size, chain = (int(last[0]), str(last[1])) if last else (0, "00" * 32)
    nodes = {
        (int(level), int(idx)): bytes(value)
        for level, idx, value in bind.execute(sa.text("SELECT level, idx, hash FROM audit_nodes"))
        if (int(level), int(idx)) in set(merkle.root_nodes(size))
    }
    compact_range = b"".join(nodes[ref] for ref in merkle.root_nodes(size))
    head = sa.table(
        "audit_head",
        sa.column("id"),
        sa.column("size"),
        sa.column("chain_hash"),
        sa.column("compact_range", sa.LargeBinary),
    )
    bind.execute(
        head.insert().values(id=1, size=size, chain_hash=chain, compact_range=compact_range)
    )


_GUARDS_PG = (
    """CREATE FUNCTION audit_head_grows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            IF NEW.size > OLD.size THEN
                RETURN NEW;
            END IF;
        END IF;
        RAISE EXCEPTION 'audit_head only grows: % refused', TG_OP;
    END;
    $$""",
    """CREATE TRIGGER audit_head_grows BEFORE UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_grows()""",
    """CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_head_grows()""",
)
_GUARDS_SQLITE = (
    """CREATE TRIGGER audit_head_grows BEFORE UPDATE ON audit_head
    WHEN NEW.size <= OLD.size
    BEGIN SELECT RAISE(ABORT, 'audit_head only grows: UPDATE refused'); END""",
    """CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
    BEGIN SELECT RAISE(ABORT, 'audit_head only grows: DELETE refused'); END""",
)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_head_no_truncate ON audit_head")
        op.execute("DROP TRIGGER audit_head_grows ON audit_head")
        op.execute("DROP FUNCTION audit_head_grows()")
    else:
        op.execute("DROP TRIGGER audit_head_no_delete")
        op.execute("DROP TRIGGER audit_head_grows")
    op.drop_table("audit_head")
