"""one person, one active household: active_household_members

Revision ID: 0007_households
Revises: 0006
Create Date: 2026-12-01

One row per person (blind index) in an active enrolled household, keyed by the person, so
a second active household with the same person is refused by the database.

Existing households that already share a person (enrolled before this revision) are not
ended here — which of them the family keeps is a caseworker's decision: the earliest
enrolled (by ``enrolled_on``, ``created_at``, ``id``) holds the person, the others stay
active without holding them, are never reviewed by a batch (their items are ``skipped``
with ``person-in-other-household``) and take the person over, in the same order, when the
holder ends.  The upgrade logs how many such households it found.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_households"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")

# each person of an active household, held by the earliest enrolled household with them
_BACKFILL = """
INSERT INTO active_household_members (person_index, household_id, member_index)
SELECT person_index, household_id, member_index FROM (
    SELECT m.person_index AS person_index, h.id AS household_id,
           m.member_index AS member_index,
           ROW_NUMBER() OVER (
               PARTITION BY m.person_index
               ORDER BY h.enrolled_on, h.created_at, h.id, m.member_index
           ) AS holder_order
    FROM enrolled_households h
    JOIN verification_members m ON m.verification_id = h.verification_id
    WHERE h.status = 'active'
) AS ranked
WHERE holder_order = 1
"""

# active households with a person another (earlier) household holds
_SHARING = """
SELECT COUNT(DISTINCT h.id)
FROM enrolled_households h
JOIN verification_members m ON m.verification_id = h.verification_id
JOIN active_household_members a ON a.person_index = m.person_index
WHERE h.status = 'active' AND a.household_id <> h.id
"""


def upgrade() -> None:
    op.create_table(
        "active_household_members",
        sa.Column("person_index", sa.String(length=64), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("member_index", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["enrolled_households.id"],
            name=op.f("fk_active_household_members_household_id_enrolled_households"),
        ),
        sa.PrimaryKeyConstraint("person_index", name=op.f("pk_active_household_members")),
    )
    with op.batch_alter_table("active_household_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_active_household_members_household_id"),
            ["household_id"],
            unique=False,
        )
    bind = op.get_bind()
    bind.execute(sa.text(_BACKFILL))
    sharing = int(bind.execute(sa.text(_SHARING)).scalar_one())
    if sharing:
        log.warning(
            "%d active household(s) share a person with an earlier enrolled one; they are "
            "not reviewed by batches (person-in-other-household) until one of them is ended",
            sharing,
        )


def downgrade() -> None:
    with op.batch_alter_table("active_household_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_active_household_members_household_id"))
    op.drop_table("active_household_members")
