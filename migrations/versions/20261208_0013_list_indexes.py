"""list indexes: each client's verifications, households and batches by (created_at, id)

Revision ID: 0013_list_indexes
Revises: 0012_audit_sequencer
Create Date: 2026-12-08

The list endpoints (``GET /v1/verifications``, ``/v1/households``, ``/v1/batches``) page
through one client's rows in (created_at, id) order with a row-value comparison
(``(created_at, id) > (:c, :i)``); an index on (client_id, created_at, id) answers a page
by one range scan on PostgreSQL and SQLite alike, however many rows the client has.
Only indexes: nothing is rewritten.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0013_list_indexes"
down_revision: str | None = "0012_audit_sequencer"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = (
    ("ix_verifications_client_created", "verifications"),
    ("ix_enrolled_households_client_created", "enrolled_households"),
    ("ix_batches_client_created", "batches"),
)


def upgrade() -> None:
    for name, table in _INDEXES:
        op.create_index(name, table, ["client_id", "created_at", "id"], unique=False)


def downgrade() -> None:
    for name, table in reversed(_INDEXES):
        op.drop_index(name, table_name=table)
