"""authorization expiry: a household whose authorization expired waits for a new one, as a
withdrawn one does; "everything due" batches count the households they leave out

Revision ID: 0026_authorization_expiry
Revises: 0025_household_authorization
Create Date: 2026-12-09

``enrolled_households.authorization_expires_at``: when the authorization the household's
reviews use expires (``authorizations.expires_at``, the JWS's ``exp``, which never
changes), filled here for every household; past it the household reads
``authorization_status: expired`` and scheduled and "everything due" batches leave it out
until it is re-authorized.  ``batches.left_out_revoked`` / ``left_out_expired``: how many
due households a "due" batch left out for a withdrawn or an expired authorization (0 for
the batches made before).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from verification.db import UTCDateTime

revision: str = "0026_authorization_expiry"
down_revision: str | None = "0025_household_authorization"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ADD COLUMNs: no batch copy of tables others reference
    op.add_column(
        "enrolled_households",
        sa.Column("authorization_expires_at", UTCDateTime(), nullable=True),
    )
    op.execute(
        "UPDATE enrolled_households SET authorization_expires_at = ("
        " SELECT a.expires_at FROM authorizations a"
        " WHERE a.authorization_id = enrolled_households.authorization_id)"
    )
    for name in ("left_out_revoked", "left_out_expired"):
        op.add_column("batches", sa.Column(name, sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    op.drop_column("batches", "left_out_expired")
    op.drop_column("batches", "left_out_revoked")
    op.drop_column("enrolled_households", "authorization_expires_at")
