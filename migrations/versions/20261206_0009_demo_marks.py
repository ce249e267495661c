"""demo marks on API clients and issuer keys

Revision ID: 0009_hygiene
Revises: 0008_messages
Create Date: 2026-12-06

Demo material (the demo bootstrap's client token and issuer key) is refused outside demo
mode, so it is marked.  Rows made before this revision are marked from the audit log:
the demo bootstrap recorded them with the actor ``demo``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_hygiene"
down_revision: str | None = "0008_messages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CLIENTS = sa.table("api_clients", sa.column("id", sa.Uuid), sa.column("demo", sa.Boolean))
_KEYS = sa.table("issuer_keys", sa.column("kid", sa.String), sa.column("demo", sa.Boolean))


def upgrade() -> None:
    # a plain ADD COLUMN (with its default) on both databases: SQLite's batch mode would copy
    # and drop the table, which its foreign keys refuse once other tables refer to its rows
    for table in ("api_clients", "issuer_keys"):
        op.add_column(
            table, sa.Column("demo", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    _mark_existing_demo_material()


def _mark_existing_demo_material() -> None:
    bind = op.get_bind()
    events = sa.table("audit_events", sa.column("action", sa.String), sa.column("body", sa.Text))
    bodies = bind.execute(
        sa.select(events.c.action, events.c.body).where(
            events.c.action.in_(["client_created", "issuer_key_registered"])
        )
    )
    for action, body in bodies.all():
        event = json.loads(body)
        if event.get("actor") != "demo":
            continue
        if action == "client_created":
            mark = _CLIENTS.update().where(_CLIENTS.c.id == uuid.UUID(event["client_id"]))
        else:
            mark = _KEYS.update().where(_KEYS.c.kid == event["kid"])
        bind.execute(mark.values(demo=True))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN on both (SQLite ≥ 3.35), for the reason upgrade() gives
    for table in ("issuer_keys", "api_clients"):
        op.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN demo"))
