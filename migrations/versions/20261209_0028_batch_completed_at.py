"""batch completed_at: a batch's end is recorded once, after its last item's transaction

Revision ID: 0028_batch_completed_at
Revises: 0027_awaiting_sweep_index
Create Date: 2026-12-09

``batches.completed_at`` is set, with the batch's ``batch.completed`` event, by the first
check that finds every item ended: the one each item runs after its own transaction
commits, or the periodic sweep (``batches.repository.complete_ended_batches``).  It
replaces the check that ran inside every item's last transaction under the batch row's
lock, which made every item's end wait for the one before (docs/benchmarks.md History,
2026-12-07 00:15).  Batches that ended before this migration are marked completed at
their last item's end (their event was published then); ``ix_batches_open`` is what the
sweep reads.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from verification.db import UTCDateTime

revision: str = "0028_batch_completed_at"
down_revision: str | None = "0027_awaiting_sweep_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN = "completed_at IS NULL AND cancelled_at IS NULL"


def upgrade() -> None:
    # a plain ADD COLUMN: no batch copy of a table others reference
    op.add_column("batches", sa.Column("completed_at", UTCDateTime(), nullable=True))
    op.execute(
        """
        UPDATE batches SET completed_at = COALESCE(
            (SELECT MAX(i.finished_at) FROM batch_items i WHERE i.batch_id = batches.id),
            batches.created_at)
        WHERE cancelled_at IS NULL AND NOT EXISTS (
            SELECT 1 FROM batch_items i
            WHERE i.batch_id = batches.id AND i.state IN ('pending', 'running'))
        """
    )
    op.create_index(
        "ix_batches_open",
        "batches",
        ["id"],
        postgresql_where=sa.text(_OPEN),
        sqlite_where=sa.text(_OPEN),
    )


def downgrade() -> None:
    op.drop_index("ix_batches_open", table_name="batches")
    op.drop_column("batches", "completed_at")
