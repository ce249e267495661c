"""the pending entries' delete guard planned each time: no plan cached from an empty log

Revision ID: 0033_guard_planned_each_time
Revises: 0032_one_kid_a_key
Create Date: 2026-12-09

PostgreSQL only.  The statement trigger that refuses to delete a pending audit entry not
yet in the log (``audit_pending_only_into_the_log``, migration 0012; the sandbox's twin,
0015) checked it with a query PL/pgSQL planned once per session and kept: planned while the
log was nearly empty — the integrator's session of a new deployment, or of a sandbox log, or
any database whose statistics autovacuum has not yet gathered — it compared every deleted
entry with every stored one (a nested loop over a scan of the whole log, ``rows=7`` as the
plan says), so that each integration cost more as the log grew, without bound while that
session lived (``auto_explain`` on a batch benchmark: 24 to 70 ms an integration after a few
thousand reviews, the integrator's server process at half a core).  The functions now run the
same check through ``EXECUTE``: planned each time, on the log's size then (an index probe an
entry once the log is large).  What it refuses is unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0033_guard_planned_each_time"
down_revision: str | None = "0032_one_kid_a_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (function, the log's events table, the message's table name)
_GUARDS = (
    ("audit_pending_only_into_the_log", "audit_events", "audit_pending"),
    ("sandbox_audit_pending_only_into_the_log", "sandbox_audit_events", "sandbox_audit_pending"),
)


def _function(name: str, events: str, pending: str, *, planned_each_time: bool) -> str:
    check = (  # the table names are this module's constants (_GUARDS)
        f"SELECT 1 FROM deleted d WHERE NOT EXISTS (SELECT 1 FROM {events} e "  # noqa: S608
        "WHERE e.pending_id = d.id)"
    )
    test = (
        f"EXECUTE 'SELECT EXISTS ({check})' INTO refused;\n        IF refused THEN"
        if planned_each_time
        else f"IF EXISTS ({check}) THEN"
    )
    return f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        refused boolean;
    BEGIN
        {test}
            RAISE EXCEPTION '{pending}: an entry not in the log: DELETE refused';
        END IF;
        RETURN NULL;
    END;
    $$"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite's guard is a row trigger: its lookup is planned with each statement
    for name, events, pending in _GUARDS:
        op.execute(_function(name, events, pending, planned_each_time=True))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, events, pending in _GUARDS:
        op.execute(_function(name, events, pending, planned_each_time=False))
