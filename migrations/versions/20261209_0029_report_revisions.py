"""report revisions: a report revision another replaced is kept, encrypted

Revision ID: 0029_report_revisions
Revises: 0028_batch_completed_at
Create Date: 2026-12-09

A retry, the answers an awaiting verification waited for and an upheld appeal each write a
new revision of a verification's report over its row's ``report_enc``; the revision they
replace is now kept in ``report_revisions`` (its report encrypted under a place of its own,
``verifications:{verification_id}:report:{revision}``), so each revision's report and signed
report can still be read (issue #22 item 4; ADR 0022, amendment 2).  Revisions replaced
before this migration were not stored anywhere: there is nothing to fill in, and the API
says so (``404 report-revision-not-found``, ``kept: false`` in the list).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from verification.db import UTCDateTime

revision: str = "0029_report_revisions"
down_revision: str | None = "0028_batch_completed_at"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_revisions",
        sa.Column("verification_id", sa.Uuid(), sa.ForeignKey("verifications.id"), nullable=False),
        sa.Column("revision", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=True),
        sa.Column("completed_at", UTCDateTime(), nullable=True),
        sa.Column("superseded_at", UTCDateTime(), nullable=False),
        sa.Column("report_enc", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("verification_id", "revision"),
    )


def downgrade() -> None:
    op.drop_table("report_revisions")
