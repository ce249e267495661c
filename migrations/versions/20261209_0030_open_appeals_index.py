"""open appeals index: the overdue poll reads the undecided appeals by their last day

Revision ID: 0030_open_appeals_index
Revises: 0029_report_revisions
Create Date: 2026-12-09

Both batch engines' poll (``batches.periodic.poll``) asks every ``PENDING_POLL_SECONDS``
for the appeals still ``filed`` after their decision's last day
(``appeals.repository.overdue``, the ``appeal.overdue`` webhook).  Without an index that
is a scan of every appeal ever filed; this partial index holds the open ones only, so it
stays as small as the appeals waiting for a decision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030_open_appeals_index"
down_revision: str | None = "0029_report_revisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN = "status = 'filed'"


def upgrade() -> None:
    op.create_index(
        "ix_appeals_open_due",
        "appeals",
        ["decision_due_on"],
        postgresql_where=sa.text(_OPEN),
        sqlite_where=sa.text(_OPEN),
    )


def downgrade() -> None:
    op.drop_index("ix_appeals_open_due", table_name="appeals")
