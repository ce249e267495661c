"""obligors: support obligors outside the household and their sources' answers

Revision ID: 0017_obligors
Revises: 0016_webhooks
Create Date: 2026-12-08

A verification may name support obligors (赡养、抚养、扶养义务人) with their own consent:
``verification_obligors`` holds them (ID number and name encrypted, as a member's),
``obligor_source_queries`` their sources' answers (evidence encrypted); ``verifications``
gains ``obligor_count`` (0 for every existing row), so that loading a verification reads
obligors only when it has any.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from verification.db import UTCDateTime

revision: str = "0017_obligors"
down_revision: str | None = "0016_webhooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN (with its default) on both databases, as 0015_sandbox: SQLite's batch
    # mode would copy and drop the table, which the foreign keys to it refuse
    op.add_column(
        "verifications",
        sa.Column("obligor_count", sa.Integer(), server_default="0", nullable=False),
    )
    op.create_table(
        "verification_obligors",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("verification_id", sa.Uuid(), nullable=False),
        sa.Column("obligor_index", sa.Integer(), nullable=False),
        sa.Column("person_index", sa.String(length=64), nullable=False),
        sa.Column("id_number_masked", sa.String(length=18), nullable=False),
        sa.Column("id_number_enc", sa.Text(), nullable=False),
        sa.Column("name_enc", sa.Text(), nullable=False),
        sa.Column("relation", sa.String(length=32), nullable=False),
        sa.Column("household_size", sa.Integer(), nullable=False),
        sa.Column("consent_id", sa.String(length=128), nullable=False),
        sa.Column("kid", sa.String(length=128), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("consent_expires_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["verification_id"],
            ["verifications.id"],
            name=op.f("fk_verification_obligors_verification_id_verifications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_obligors")),
        sa.UniqueConstraint(
            "verification_id",
            "obligor_index",
            name=op.f("uq_verification_obligors_verification_id"),
        ),
    )
    op.create_index(
        op.f("ix_verification_obligors_verification_id"),
        "verification_obligors",
        ["verification_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_verification_obligors_person_index"),
        "verification_obligors",
        ["person_index"],
        unique=False,
    )
    op.create_table(
        "obligor_source_queries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("verification_id", sa.Uuid(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("obligor_index", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("reason_code", sa.String(length=64), nullable=True),
        sa.Column("reason_params", sa.JSON(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("queried_at", UTCDateTime(), nullable=False),
        sa.Column("evidence_enc", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["verification_id"],
            ["verifications.id"],
            name=op.f("fk_obligor_source_queries_verification_id_verifications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_obligor_source_queries")),
        sa.UniqueConstraint(
            "verification_id",
            "obligor_index",
            "scope",
            "revision",
            name=op.f("uq_obligor_source_queries_verification_id"),
        ),
    )
    op.create_index(
        op.f("ix_obligor_source_queries_verification_id"),
        "obligor_source_queries",
        ["verification_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_obligor_source_queries_verification_id"), table_name="obligor_source_queries"
    )
    op.drop_table("obligor_source_queries")
    op.drop_index(op.f("ix_verification_obligors_person_index"), table_name="verification_obligors")
    op.drop_index(
        op.f("ix_verification_obligors_verification_id"), table_name="verification_obligors"
    )
    op.drop_table("verification_obligors")
    # ALTER TABLE … DROP COLUMN on both (SQLite ≥ 3.35), for the reason upgrade() gives
    op.execute(sa.text("ALTER TABLE verifications DROP COLUMN obligor_count"))
