"""appeals: a household's appeal (复议) against a verification's report

Revision ID: 0019_appeals
Revises: 0018_obligor_tickets
Create Date: 2026-12-09

``appeals`` holds each appeal: what it disputes (codes of the appealed report), the sources
to query again, the household's evidence (encrypted), the deadlines, and the caseworker's
decision (its free text encrypted) with the report revision it made (ADR 0018).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from verification.db import UTCDateTime

revision: str = "0019_appeals"
down_revision: str | None = "0018_obligor_tickets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "appeals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("verification_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("sandbox", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("report_revision", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("filed_at", UTCDateTime(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("filing_due_on", sa.Date(), nullable=False),
        sa.Column("decision_due_on", sa.Date(), nullable=False),
        sa.Column("decision_due_provisional", sa.Boolean(), nullable=False),
        sa.Column("decision_working_days", sa.Integer(), nullable=False),
        sa.Column("disputed", sa.JSON(), nullable=False),
        sa.Column("requery_scopes", sa.JSON(), nullable=False),
        sa.Column("evidence_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("evidence_enc", sa.Text(), nullable=True),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("reason_codes", sa.JSON(), nullable=True),
        sa.Column("reasons_enc", sa.Text(), nullable=True),
        sa.Column("result_revision", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["client_id"], ["api_clients.id"]),
        sa.ForeignKeyConstraint(["verification_id"], ["verifications.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_appeals_verification_filed",
        "appeals",
        ["verification_id", "filed_at", "id"],
        unique=False,
    )
    op.create_index("ix_appeals_region_filed", "appeals", ["region_code", "filed_on"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_appeals_region_filed", table_name="appeals")
    op.drop_index("ix_appeals_verification_filed", table_name="appeals")
    op.drop_table("appeals")
