"""integrity_record: the integrity record (诚信记录), issue #21

Revision ID: 0020_integrity_record
Revises: 0019_appeals
Create Date: 2026-12-09

``integrity_entries``: one row per entry (a caseworker's proposal citing a report's
understatement finding, its notice, the household's explanation, the decision and its
period); the finding, the explanation and a closing note are encrypted.
``integrity_listed_people``: the people of a confirmed entry by blind index, with its period,
which verifications read (``finding.member_integrity_listed``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from verification.db import UTCDateTime

revision: str = "0020_integrity_record"
down_revision: str | None = "0019_appeals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "integrity_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("sandbox", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("verification_id", sa.Uuid(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("finding_index", sa.Integer(), nullable=False),
        sa.Column("finding_code", sa.String(length=64), nullable=False),
        sa.Column("finding_subject", sa.String(length=32), nullable=False),
        sa.Column("finding_enc", sa.Text(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("member_count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=True),
        sa.Column("notice_channel", sa.String(length=16), nullable=True),
        sa.Column("explanation_enc", sa.Text(), nullable=True),
        sa.Column("explained_at", UTCDateTime(), nullable=True),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("period_months", sa.Integer(), nullable=True),
        sa.Column("period_example", sa.Boolean(), nullable=True),
        sa.Column("listed_from", sa.Date(), nullable=True),
        sa.Column("listed_until", sa.Date(), nullable=True),
        sa.Column("closed_by", sa.Uuid(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closing_reason", sa.String(length=32), nullable=True),
        sa.Column("closing_note_enc", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('proposed', 'notified', 'explained', 'confirmed', 'dismissed', "
            "'withdrawn')",
            name=op.f("ck_integrity_entries_status"),
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["api_clients.id"],
            name=op.f("fk_integrity_entries_client_id_api_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["verification_id"],
            ["verifications.id"],
            name=op.f("fk_integrity_entries_verification_id_verifications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integrity_entries")),
        sa.UniqueConstraint(
            "verification_id",
            "revision",
            "finding_index",
            name=op.f("uq_integrity_entries_verification_id"),
        ),
    )
    with op.batch_alter_table("integrity_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_integrity_entries_region_created", ["region_code", "created_at", "id"], unique=False
        )

    op.create_table(
        "integrity_listed_people",
        sa.Column("entry_id", sa.Uuid(), nullable=False),
        sa.Column("person_index", sa.String(length=64), nullable=False),
        sa.Column("member_index", sa.Integer(), nullable=False),
        sa.Column("listed_from", sa.Date(), nullable=False),
        sa.Column("listed_until", sa.Date(), nullable=False),
        sa.Column("sandbox", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["integrity_entries.id"],
            name=op.f("fk_integrity_listed_people_entry_id_integrity_entries"),
        ),
        sa.PrimaryKeyConstraint(
            "entry_id", "person_index", name=op.f("pk_integrity_listed_people")
        ),
    )
    with op.batch_alter_table("integrity_listed_people", schema=None) as batch_op:
        batch_op.create_index(
            "ix_integrity_listed_people_person", ["person_index", "listed_until"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("integrity_listed_people", schema=None) as batch_op:
        batch_op.drop_index("ix_integrity_listed_people_person")

    op.drop_table("integrity_listed_people")
    with op.batch_alter_table("integrity_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_integrity_entries_region_created")

    op.drop_table("integrity_entries")
