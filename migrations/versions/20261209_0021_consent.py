"""consent: an authorization's revocation, and the family's links to its consent-use record

Revision ID: 0021_consent
Revises: 0020_integrity_record
Create Date: 2026-12-09

``authorizations`` gains ``revoked_at`` (when the case system recorded the household's
withdrawal), ``withdrawn_on`` (the Beijing date the household withdrew) and
``revocation_reason`` (a reason code, no free text): a revoked authorization is never used
again (``authorization-revoked``).  ``consent_links``: the one-time links a case system
hands a family to open the consent-use record; only the SHA-256 of each link's token is
kept (ADR 0021).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from verification.db import UTCDateTime

revision: str = "0021_consent"
down_revision: str | None = "0020_integrity_record"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ADD COLUMNs (nullable): SQLite adds them in place, no table copy (a copy of
    # ``authorizations`` would trip the foreign keys that refer to it)
    op.add_column("authorizations", sa.Column("revoked_at", UTCDateTime(), nullable=True))
    op.add_column("authorizations", sa.Column("withdrawn_on", sa.Date(), nullable=True))
    op.add_column("authorizations", sa.Column("revocation_reason", sa.String(32), nullable=True))
    op.create_table(
        "consent_links",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "authorization_id",
            sa.String(128),
            sa.ForeignKey("authorizations.authorization_id"),
            nullable=False,
            index=True,
        ),
        sa.Column("client_id", sa.Uuid(), sa.ForeignKey("api_clients.id"), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("first_opened_at", UTCDateTime(), nullable=True),
        sa.Column("open_until", UTCDateTime(), nullable=True),
        sa.Column("openings", sa.Integer(), server_default="0", nullable=False),
    )


def downgrade() -> None:
    op.drop_table("consent_links")
    for column in ("revocation_reason", "withdrawn_on", "revoked_at"):
        op.drop_column("authorizations", column)
