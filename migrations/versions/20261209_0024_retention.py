"""retention: purging a verification's personal data (issue #22 item 3, ADR 0024)

Revision ID: 0024_retention
Revises: 0023_spot_checks
Create Date: 2026-12-09

``verifications.purged_at`` (when its personal data was purged); the agency answers'
evidence (``source_queries``, ``obligor_source_queries``) may be NULL once purged, the
answer's status, reason code, attempts and dates staying for the statistics.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from verification.db import UTCDateTime

revision: str = "0024_retention"
down_revision: str | None = "0023_spot_checks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN: SQLite's batch copy would drop ``verifications``, which other
    # tables reference
    op.add_column("verifications", sa.Column("purged_at", UTCDateTime(), nullable=True))
    for table in ("source_queries", "obligor_source_queries"):
        with op.batch_alter_table(table) as batch:
            batch.alter_column("evidence_enc", existing_type=sa.Text(), nullable=True)


def downgrade() -> None:
    # a purged answer has no evidence left: the downgrade cannot restore it, so it refuses
    # to run over purged rows rather than invent ciphertext
    for table in ("source_queries", "obligor_source_queries"):
        with op.batch_alter_table(table) as batch:
            batch.alter_column("evidence_enc", existing_type=sa.Text(), nullable=False)
    op.drop_column("verifications", "purged_at")
