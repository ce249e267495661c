"""one pending item: a household waits in one batch at a time, held by the database

Revision ID: 0031_one_pending_item
Revises: 0030_one_open_appeal
Create Date: 2026-12-09

Making a batch checked that none of its households waited in an open batch, then inserted
the items; two batches made at once both passed the check (an outside run queued one
household in three batches at once, each to be reviewed).  A partial unique index on
``batch_items(household_id) WHERE state = 'pending'`` now refuses the second item; the
service answers ``409 households-queued`` (named households) or leaves the household out
("everything due").

Items queued twice before this migration: the household's earliest pending item stays, the
later ones are cancelled as a cancelled batch's are (``cancelled``, ``finished_at``), so the
household is still reviewed, once; a warning says how many.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from verification.db import UTCDateTime

revision: str = "0031_one_pending_item"
down_revision: str | None = "0030_one_open_appeal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")

_PENDING = "state = 'pending'"


def upgrade() -> None:
    items = sa.table(
        "batch_items",
        sa.column("id", sa.BigInteger()),
        sa.column("household_id", sa.Uuid()),
        sa.column("state", sa.String()),
        sa.column("finished_at", UTCDateTime()),
        sa.column("lease_until", UTCDateTime()),
    )
    earliest = (
        sa.select(sa.func.min(items.c.id))
        .where(items.c.state == "pending")
        .group_by(items.c.household_id)
    )
    doubled = op.get_bind().execute(
        sa.update(items)
        .where(items.c.state == "pending", items.c.id.not_in(earliest))
        .values(state="cancelled", finished_at=dt.datetime.now(dt.UTC), lease_until=None)
    )
    if doubled.rowcount:
        log.warning(
            "%d batch item(s) queued a household a second time: cancelled, the household's "
            "earliest pending item stays",
            doubled.rowcount,
        )
    op.create_index(
        "uq_batch_items_one_pending",
        "batch_items",
        ["household_id"],
        unique=True,
        postgresql_where=sa.text(_PENDING),
        sqlite_where=sa.text(_PENDING),
    )


def downgrade() -> None:
    op.drop_index("uq_batch_items_one_pending", table_name="batch_items")
