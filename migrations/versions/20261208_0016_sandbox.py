"""sandbox: a client's environment, and the environment of what it makes

Revision ID: 0016_sandbox
Revises: 0012_audit_sequencer
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

revision: str = "0016_sandbox"
down_revision: str | None = "0012_audit_sequencer"
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


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN on both (SQLite ≥ 3.35), for the reason upgrade() gives
    for table in reversed(_TABLES):
        op.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN sandbox"))
