"""spot_checks: auditable spot-check sampling (入户抽查, issue #21, ADR 0016)

Revision ID: 0023_spot_checks
Revises: 0022_cross_lists
Create Date: 2026-12-09

``spot_checks`` (a client's region and period, the frame's digest and the audit entry that
fixed it, the checkpoint and seed of the draw) and ``spot_check_units`` (the frame: one
completed verification a row with its stratum; drawn or not; the visit's result, its note
encrypted).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from verification.db import UTCDateTime

revision: str = "0023_spot_checks"
down_revision: str | None = "0022_cross_lists"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "spot_checks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("region_prefix", sa.String(12), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("rate", sa.Numeric(5, 4), nullable=False),
        sa.Column("rate_basis", sa.String(16), nullable=False),
        sa.Column("rate_citation", sa.String(500), nullable=True),
        sa.Column("policy", sa.String(100), nullable=False),
        sa.Column("frame_digest", sa.String(64), nullable=False),
        sa.Column("frame_count", sa.Integer(), nullable=False),
        sa.Column("frame_entry", sa.BigInteger(), nullable=False),
        sa.Column("frame_seq", sa.BigInteger(), nullable=True),
        sa.Column("checkpoint_size", sa.BigInteger(), nullable=True),
        sa.Column("seed", sa.String(64), nullable=True),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("sandbox", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("drawn_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('awaiting_checkpoint', 'drawn')", name=op.f("ck_spot_checks_status")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["api_clients.id"], name=op.f("fk_spot_checks_client_id_api_clients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spot_checks")),
    )
    op.create_index(
        "ix_spot_checks_client_created", "spot_checks", ["client_id", "created_at", "id"]
    )
    op.create_table(
        "spot_check_units",
        sa.Column("spot_check_id", sa.Uuid(), nullable=False),
        sa.Column("verification_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(6), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("drawn", sa.Boolean(), nullable=False),
        sa.Column("draw_rank", sa.Integer(), nullable=True),
        sa.Column("visited_on", sa.Date(), nullable=True),
        sa.Column("visit_outcome", sa.String(16), nullable=True),
        sa.Column("visit_note_enc", sa.Text(), nullable=True),
        sa.Column("visited_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "visit_outcome IS NULL OR visit_outcome IN "
            "('consistent', 'inconsistent', 'not_reachable')",
            name=op.f("ck_spot_check_units_visit_outcome"),
        ),
        sa.ForeignKeyConstraint(
            ["spot_check_id"],
            ["spot_checks.id"],
            name=op.f("fk_spot_check_units_spot_check_id_spot_checks"),
        ),
        sa.PrimaryKeyConstraint(
            "spot_check_id", "verification_id", name=op.f("pk_spot_check_units")
        ),
    )


def downgrade() -> None:
    op.drop_table("spot_check_units")
    op.drop_index("ix_spot_checks_client_created", table_name="spot_checks")
    op.drop_table("spot_checks")
