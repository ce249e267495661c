"""one kid a key: a public key in use is registered under one kid, held by the database

Revision ID: 0032_one_kid_a_key
Revises: 0031_one_pending_item
Create Date: 2026-12-09

Registering an issuer key checked that its public key was not registered under another
kid, then inserted it; registrations of one public key under several kids at once all
passed the check (fired three at once on PostgreSQL: three kids for one key pair), and
revoking one of them, when the key pair is compromised, left authorizations it signs
valid under the others.  A partial unique index on ``issuer_keys(public_jwk) WHERE
revoked_at IS NULL`` now refuses the second; the service answers ``409
key-already-registered``, as the check does.  (The check also refuses a key whose kid was
revoked; the index holds only the keys in use, so that revoking one kid is how an operator
clears a doubled key.)

A database that already holds one public key under more than one unrevoked kid cannot take
the index: the upgrade stops and names the kids.  Revoke all but one of each
(``verification keys revoke`` or ``POST /v1/issuers/{code}/keys/{kid}/revoke``), then run
the migration again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032_one_kid_a_key"
down_revision: str | None = "0031_one_pending_item"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_IN_USE = "revoked_at IS NULL"


def upgrade() -> None:
    rows = op.get_bind().execute(
        sa.text(
            "SELECT public_jwk, kid FROM issuer_keys WHERE revoked_at IS NULL AND public_jwk IN "
            "(SELECT public_jwk FROM issuer_keys WHERE revoked_at IS NULL "
            "GROUP BY public_jwk HAVING COUNT(*) > 1) ORDER BY created_at, kid"
        )
    )
    doubled: dict[str, list[str]] = defaultdict(list)
    for public_jwk, kid in rows:
        doubled[public_jwk].append(kid)
    if doubled:
        named = "; ".join(", ".join(kids) for kids in list(doubled.values())[:20])
        raise RuntimeError(
            f"{len(doubled)} public key(s) are registered under more than one kid in use "
            f"({named}): revoke all but one kid of each (verification keys revoke), then "
            "run the migration again"
        )
    op.create_index(
        "uq_issuer_keys_active_public_jwk",
        "issuer_keys",
        ["public_jwk"],
        unique=True,
        postgresql_where=sa.text(_IN_USE),
        sqlite_where=sa.text(_IN_USE),
    )


def downgrade() -> None:
    op.drop_index("uq_issuer_keys_active_public_jwk", table_name="issuer_keys")
