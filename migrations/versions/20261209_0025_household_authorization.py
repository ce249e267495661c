"""household authorization: a household whose review authorization was withdrawn
(issue #22 item 2, ADR 0021)

Revision ID: 0025_household_authorization
Revises: 0024_retention
Create Date: 2026-12-09

``enrolled_households.authorization_withdrawn_on``: the Beijing date the household withdrew
the authorization its reviews use (NULL: not withdrawn); ``earlier_authorization_ids``: the
authorizations it had before a re-authorization (its history lists their verifications).
Scheduled and "everything due" batches leave such a household out until it is
re-authorized.  ``authorization_withdrawn_on`` is filled from
``authorizations`` for households whose authorization was withdrawn before this revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025_household_authorization"
down_revision: str | None = "0024_retention"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a plain ADD COLUMN (nullable): no batch copy of a table others reference
    op.add_column(
        "enrolled_households", sa.Column("authorization_withdrawn_on", sa.Date(), nullable=True)
    )
    op.add_column(
        "enrolled_households", sa.Column("earlier_authorization_ids", sa.JSON(), nullable=True)
    )
    op.execute(
        "UPDATE enrolled_households SET authorization_withdrawn_on = ("
        " SELECT a.withdrawn_on FROM authorizations a"
        " WHERE a.authorization_id = enrolled_households.authorization_id)"
        " WHERE EXISTS (SELECT 1 FROM authorizations a"
        " WHERE a.authorization_id = enrolled_households.authorization_id"
        " AND a.revoked_at IS NOT NULL)"
    )


def downgrade() -> None:
    op.drop_column("enrolled_households", "earlier_authorization_ids")
    op.drop_column("enrolled_households", "authorization_withdrawn_on")
