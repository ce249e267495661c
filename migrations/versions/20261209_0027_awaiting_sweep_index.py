"""awaiting sweep index: the verifications by status, oldest first; obligors by consent

Revision ID: 0027_awaiting_sweep_index
Revises: 0026_authorization_expiry
Create Date: 2026-12-09

``verifications.repository.awaiting_without_tickets`` — the periodic sweep of verifications
a withdrawal left ``awaiting_sources``, and a revocation's own — read ``verifications`` by
status with no index: on PostgreSQL the sweep's plan scanned ``pending_sources`` whole
(every answer ever awaited) and the revocation's ``verifications`` whole.  With
``ix_verifications_status_created`` both read the awaiting few, in order, and look each up
in ``pending_sources`` by ``verification_id``.
``ix_verification_obligors_consent_id``: the revocation of an obligor's consent finds the
verifications naming it without reading every obligor.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0027_awaiting_sweep_index"
down_revision: str | None = "0026_authorization_expiry"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_verifications_status_created", "verifications", ["status", "created_at", "id"]
    )
    op.create_index("ix_verification_obligors_consent_id", "verification_obligors", ["consent_id"])


def downgrade() -> None:
    op.drop_index("ix_verification_obligors_consent_id", table_name="verification_obligors")
    op.drop_index("ix_verifications_status_created", table_name="verifications")
