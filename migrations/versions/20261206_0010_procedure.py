"""procedure: the application's acceptance date, the re-check after a death

Revision ID: 0010_procedure
Revises: 0009_hygiene
Create Date: 2026-12-06

``verifications.accepted_on``: the day the application was accepted (受理), which the
report's working-day deadlines run from (null for re-verifications and for rows made before
this revision).  ``enrolled_households.recheck_due_on`` / ``recheck_reason``: a household
check due before the regular review (``member_deceased``: within
``review.recheck_after_death_months`` of a member's death); null when none is due.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_procedure"
down_revision: str | None = "0009_hygiene"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    ("verifications", sa.Column("accepted_on", sa.Date(), nullable=True)),
    ("enrolled_households", sa.Column("recheck_due_on", sa.Date(), nullable=True)),
    ("enrolled_households", sa.Column("recheck_reason", sa.String(32), nullable=True)),
)


def upgrade() -> None:
    # a plain ADD COLUMN on both databases: SQLite's batch mode would copy and drop the
    # table, which its foreign keys refuse once other tables refer to its rows (see 0009)
    for table, column in _COLUMNS:
        op.add_column(table, column)


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN on both (SQLite ≥ 3.35), for the reason upgrade() gives
    for table, column in reversed(_COLUMNS):
        op.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN {column.name}"))
