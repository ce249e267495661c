"""cross_lists: lists a case system uploads, by blind index, and their comparisons

Revision ID: 0022_cross_lists
Revises: 0021_consent
Create Date: 2026-12-09

``cross_lists`` (one row a version of a client's list of a kind and region prefix),
``cross_list_entries`` (a listed person: blind index, masked ID number, position; never the
number) and ``cross_list_comparisons`` (counts in clear, entries encrypted; a scheduled one
names its month, unique per list).  The monthly comparison (每月一比对, ADR 0020).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from verification.db import UTCDateTime

revision: str = "0022_cross_lists"
down_revision: str | None = "0021_consent"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cross_lists",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("sandbox", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("region_prefix", sa.String(6), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.Column("duplicate_count", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("superseded_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('poverty_alleviated', 'edge_household', 'other')",
            name=op.f("ck_cross_lists_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('current', 'superseded')", name=op.f("ck_cross_lists_status")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["api_clients.id"], name=op.f("fk_cross_lists_client_id_api_clients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cross_lists")),
        sa.UniqueConstraint(
            "client_id", "kind", "region_prefix", "version", name=op.f("uq_cross_lists_client_id")
        ),
    )
    op.create_index(op.f("ix_cross_lists_client_id"), "cross_lists", ["client_id"])
    op.create_table(
        "cross_list_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("list_id", sa.Uuid(), nullable=False),
        sa.Column("entry", sa.Integer(), nullable=False),
        sa.Column("person_index", sa.String(64), nullable=False),
        sa.Column("person_masked", sa.String(18), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"], ["cross_lists.id"], name=op.f("fk_cross_list_entries_list_id_cross_lists")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cross_list_entries")),
        sa.UniqueConstraint("list_id", "person_index", name=op.f("uq_cross_list_entries_list_id")),
    )
    op.create_index(op.f("ix_cross_list_entries_list_id"), "cross_list_entries", ["list_id"])
    op.create_table(
        "cross_list_comparisons",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("list_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("sandbox", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("trigger", sa.String(16), nullable=False),
        sa.Column("scheduled_month", sa.String(7), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("result_enc", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "trigger IN ('on_demand', 'scheduled')", name=op.f("ck_cross_list_comparisons_trigger")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["api_clients.id"],
            name=op.f("fk_cross_list_comparisons_client_id_api_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["cross_lists.id"],
            name=op.f("fk_cross_list_comparisons_list_id_cross_lists"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cross_list_comparisons")),
        sa.UniqueConstraint(
            "list_id", "scheduled_month", name=op.f("uq_cross_list_comparisons_list_id")
        ),
    )
    op.create_index(
        op.f("ix_cross_list_comparisons_client_id"), "cross_list_comparisons", ["client_id"]
    )
    op.create_index(
        op.f("ix_cross_list_comparisons_list_id"), "cross_list_comparisons", ["list_id"]
    )


def downgrade() -> None:
    op.drop_table("cross_list_comparisons")
    op.drop_table("cross_list_entries")
    op.drop_table("cross_lists")
