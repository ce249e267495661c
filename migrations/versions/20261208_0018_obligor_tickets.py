"""obligor_tickets: an agency's promise to answer later about a support obligor

Revision ID: 0018_obligor_tickets
Revises: 0017_obligors
Create Date: 2026-12-08

``pending_sources`` gains ``subject`` ("member" for every existing row, or "obligor"): a
ticket names a member or a support obligor by index (``member_index``), so the
verification awaits an obligor's answer as a member's (ADR 0011, 0015).  The unique
constraint now includes ``subject``: a member and an obligor of the same index may both
await the same source in one revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_obligor_tickets"
down_revision: str | None = "0017_obligors"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UNIQUE = "uq_pending_sources_verification_id"


def upgrade() -> None:
    # batch mode: SQLite cannot alter a constraint in place (it copies the table, which no
    # foreign key refers to); PostgreSQL runs the plain ALTERs
    with op.batch_alter_table("pending_sources", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("subject", sa.String(8), server_default="member", nullable=False)
        )
        batch_op.drop_constraint(_UNIQUE, type_="unique")
        batch_op.create_unique_constraint(
            _UNIQUE, ["verification_id", "subject", "member_index", "scope", "revision"]
        )


def downgrade() -> None:
    # an obligor's ticket has no place in the older table
    op.execute(sa.text("DELETE FROM pending_sources WHERE subject = 'obligor'"))
    with op.batch_alter_table("pending_sources", schema=None) as batch_op:
        batch_op.drop_constraint(_UNIQUE, type_="unique")
        batch_op.create_unique_constraint(
            _UNIQUE, ["verification_id", "member_index", "scope", "revision"]
        )
        batch_op.drop_column("subject")
