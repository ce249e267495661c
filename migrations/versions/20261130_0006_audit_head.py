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
    for statement in (_APPEND_FUNCTION, *_GUARDS_PG) if postgres else _GUARDS_SQLITE:
        op.execute(statement)


def _insert_head_of_stored_log() -> None:
    bind = op.get_bind()
    last = bind.execute(
        sa.text("SELECT seq, chain_hash FROM audit_events ORDER BY seq DESC LIMIT 1")
    ).first()
    size, chain = (int(last[0]), str(last[1])) if last else (0, "00" * 32)
    # the O(log n) perfect subtrees of the compact range, read one by one, in order
    compact_range = b"".join(
        bytes(
            bind.execute(
                sa.text("SELECT hash FROM audit_nodes WHERE level = :level AND idx = :idx"),
                {"level": ref.level, "idx": ref.index},
            ).scalar_one()
        )
        for ref in merkle.root_nodes(size)
    )
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


# PostgreSQL appends in one statement: the lock, the head, the hashes, the rows, the head again
# (``verification.audit.log``); the same computation as ``append_events`` does in Python
_APPEND_FUNCTION = r"""
CREATE FUNCTION audit_append(
    templates text[], actions text[], client_ids text[], verification_ids text[],
    authorization_ids text[], person_indexes text[]
) RETURNS TABLE (out_seq bigint, out_leaf_hash text) LANGUAGE plpgsql AS $$
DECLARE
    head_size bigint;
    chain bytea;
    packed bytea;
    lv int[] := '{}';
    ix bigint[] := '{}';
    hs bytea[] := '{}';
    n bigint;
    start bigint := 0;
    k int := 0;
    top int;
    body text;
    leaf bytea;
    parent bytea;
    stamp timestamptz := clock_timestamp();
    at_text text := to_char(stamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00';
BEGIN
    SELECT h.size, decode(h.chain_hash, 'hex'), h.compact_range INTO head_size, chain, packed
    FROM audit_head h WHERE h.id = 1 FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the audit log has no head row: run `verification migrate`';
    END IF;
    -- the compact range: one perfect subtree per set bit of the size, the largest first
    FOR l IN REVERSE 62..0 LOOP
        IF (head_size >> l) & 1 = 1 THEN
            lv := lv || l;
            ix := ix || (start >> l);
            hs := hs || substring(packed FROM k * 32 + 1 FOR 32);
            start := start + (1::bigint << l);
            k := k + 1;
        END IF;
    END LOOP;
    n := head_size;
    FOR i IN 1 .. coalesce(array_length(templates, 1), 0) LOOP
        body := replace(
            replace(templates[i], '"seq":-6962696269626962', '"seq":' || (n + 1)),
            '"at":"@AT@"', '"at":"' || at_text || '"');
        leaf := sha256('\x00'::bytea || convert_to(body, 'UTF8'));
        chain := sha256(chain || leaf);
        INSERT INTO audit_events (seq, recorded_at, action, client_id, verification_id,
                                  authorization_id, person_index, body, leaf_hash, chain_hash)
        VALUES (n + 1, stamp, actions[i], client_ids[i], verification_ids[i],
                authorization_ids[i], person_indexes[i], body, encode(leaf, 'hex'),
                encode(chain, 'hex'));
        INSERT INTO audit_nodes (level, idx, hash) VALUES (0, n, leaf);
        lv := lv || 0;
        ix := ix || n;
        hs := hs || leaf;
        top := array_length(lv, 1);
        WHILE top >= 2 AND lv[top - 1] = lv[top] LOOP
            parent := sha256('\x01'::bytea || hs[top - 1] || hs[top]);
            INSERT INTO audit_nodes (level, idx, hash)
            VALUES (lv[top] + 1, ix[top - 1] >> 1, parent);
            lv := lv[1:top - 2] || (lv[top] + 1);
            ix := ix[1:top - 2] || (ix[top - 1] >> 1);
            hs := hs[1:top - 2] || parent;
            top := top - 1;
        END LOOP;
        n := n + 1;
        out_seq := n;
        out_leaf_hash := encode(leaf, 'hex');
        RETURN NEXT;
    END LOOP;
    UPDATE audit_head
    SET size = n,
        chain_hash = encode(chain, 'hex'),
        compact_range = (SELECT coalesce(string_agg(h, ''::bytea ORDER BY o), ''::bytea)
                         FROM unnest(hs) WITH ORDINALITY AS u (h, o))
    WHERE id = 1;
END;
$$
"""

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
        op.execute("DROP FUNCTION audit_append(text[], text[], text[], text[], text[], text[])")
    else:
        op.execute("DROP TRIGGER audit_head_no_delete")
        op.execute("DROP TRIGGER audit_head_grows")
    op.drop_table("audit_head")
