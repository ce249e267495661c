"""one open appeal: at most one undecided appeal of a verification, held by the database

Revision ID: 0030_one_open_appeal
Revises: 0029_report_revisions
Create Date: 2026-12-09

Filing checked for an open appeal and then inserted one; two filings at once both passed
the check (an outside run filed three at once: three open appeals, after which every
filing of that verification answered 500).  A partial unique index on
``appeals(verification_id) WHERE status = 'filed'`` now refuses the second; the service
answers it ``409 appeal-open``, as the check does.  Holding the open appeals only, it is
also what the overdue poll both engines run every ``PENDING_POLL_SECONDS``
(``appeals.repository.overdue``) reads, however many appeals were ever filed.

A database that already holds a verification with more than one open appeal cannot take
the index: the upgrade stops and names the verifications (ids only).  Decide all but one
of each (``POST /v1/appeals/{id}/decision``), then upgrade again.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030_one_open_appeal"
down_revision: str | None = "0029_report_revisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN = "status = 'filed'"


def upgrade() -> None:
    doubled = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT verification_id FROM appeals WHERE status = 'filed' "
                "GROUP BY verification_id HAVING COUNT(*) > 1"
            )
        )
        .scalars()
        .all()
    )
    if doubled:
        named = ", ".join(str(uuid.UUID(str(v))) for v in doubled[:20])
        raise RuntimeError(
            f"{len(doubled)} verification(s) have more than one open appeal ({named}): "
            "decide all but one of each (POST /v1/appeals/{id}/decision), then run the "
            "migration again"
        )
    op.create_index(
        "uq_appeals_one_open",
        "appeals",
        ["verification_id"],
        unique=True,
        postgresql_where=sa.text(_OPEN),
        sqlite_where=sa.text(_OPEN),
    )


def downgrade() -> None:
    op.drop_index("uq_appeals_one_open", table_name="appeals")
