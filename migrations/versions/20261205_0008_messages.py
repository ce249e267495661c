"""source queries: the reason as a code with parameters, and requests beside attempts

Revision ID: 0008_messages
Revises: 0007_households
Create Date: 2026-12-01

``reason_code`` / ``reason_params`` let the report write a source's reason in the
reader's language; ``requests`` counts every request sent (pages and retries) now
that ``attempts`` counts the tries of the most-tried request.  Rows written before
stay NULL: their reason is shown as it was written, and their ``attempts`` (which
counted every request) stand for both.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_messages"
down_revision: str | None = "0007_households"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("source_queries", sa.Column("reason_code", sa.String(length=64), nullable=True))
    op.add_column("source_queries", sa.Column("reason_params", sa.JSON(), nullable=True))
    op.add_column("source_queries", sa.Column("requests", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("source_queries") as batch:
        batch.drop_column("requests")
        batch.drop_column("reason_params")
        batch.drop_column("reason_code")
