"""awaiting sources: agencies that answer later, and the decision's deadline

Revision ID: 0014_awaiting_sources
Revises: 0013_list_indexes
Create Date: 2026-12-08

``pending_sources``: an agency's ticket for a query it will answer later (a ``pending``
source answer), polled until collected (``verification.verifications.awaiting``); no
personal data (the member by index, the agency's opaque ticket).  ``verifications``:
``decision_due_on`` / ``decision_due_provisional``, the decision's working-day deadline
from the acceptance date (null for re-verifications and rows made before this revision).
A verification's ``status`` may now be ``awaiting_sources`` (16 characters: the column's
width already).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from verification.db import UTCDateTime

revision: str = "0014_awaiting_sources"
down_revision: str | None = "0013_list_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    sa.Column("decision_due_on", sa.Date(), nullable=True),
    sa.Column("decision_due_provisional", sa.Boolean(), nullable=True),
)


def upgrade() -> None:
    # a plain ADD COLUMN on both databases (see 0010)
    for column in _COLUMNS:
        op.add_column("verifications", column)
    op.create_table(
        "pending_sources",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("verification_id", sa.Uuid(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("member_index", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(32), nullable=False),
        sa.Column("ticket", sa.String(64), nullable=False),
        sa.Column("expected_by", UTCDateTime(), nullable=True),
        sa.Column("accepted_at", UTCDateTime(), nullable=False),
        sa.Column("next_poll_at", UTCDateTime(), nullable=False),
        sa.Column("polls", sa.Integer(), nullable=False),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.Column("resolved_revision", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["verification_id"],
            ["verifications.id"],
            name=op.f("fk_pending_sources_verification_id_verifications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_sources")),
        sa.UniqueConstraint(
            "verification_id",
            "member_index",
            "scope",
            "revision",
            name=op.f("uq_pending_sources_verification_id"),
        ),
    )
    op.create_index(
        op.f("ix_pending_sources_verification_id"), "pending_sources", ["verification_id"]
    )
    op.create_index("ix_pending_sources_open", "pending_sources", ["resolved_at", "next_poll_at"])
    op.create_index("ix_pending_sources_ticket", "pending_sources", ["scope", "ticket"])


def downgrade() -> None:
    op.drop_table("pending_sources")
    for column in reversed(_COLUMNS):
        op.execute(sa.text(f"ALTER TABLE verifications DROP COLUMN {column.name}"))
