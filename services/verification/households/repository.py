"""Where enrolled households and the people they hold are stored: every query the household
use cases make.

The use cases (``enroll``, ``read``, ``update``, ``end``, ``due``, ``listing``) pass a session and
domain values and get rows back; no SQL is written outside this module (the batch item
task keeps its own, in ``batches/review.py``).  ``active_household_members`` holds one
row per person in an active household, keyed by the person: the database itself refuses
a second active household for anyone.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import and_, delete, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from verification.db import table
from verification.households.models import EnrolledHousehold
from verification.paging import ANY_TIME, Keyset, TimeRange, keyset_rows
from verification.people.models import ActiveHouseholdMember
from verification.verifications.models import Verification, VerificationMember


@dataclass(frozen=True)
class Holder:
    """An active household holding one of the people of a verification being enrolled."""

    member_index: int  # the member of the verification being enrolled
    household_id: uuid.UUID
    client_id: uuid.UUID


async def verification_of_client(
    session: AsyncSession, client_id: uuid.UUID, verification_id: uuid.UUID
) -> Verification | None:
    """The verification, if the client made it."""
    found = await session.execute(
        select(Verification).where(
            Verification.id == verification_id, Verification.client_id == client_id
        )
    )
    return found.scalar_one_or_none()


async def verification(session: AsyncSession, verification_id: uuid.UUID) -> Verification:
    """A verification a household refers to (it exists: a foreign key)."""
    found = await session.get(Verification, verification_id)
    assert found is not None
    return found


async def enrolled_from(session: AsyncSession, verification_id: uuid.UUID) -> uuid.UUID | None:
    """The household enrolled from this verification, if any."""
    found = await session.execute(
        select(EnrolledHousehold.id).where(EnrolledHousehold.verification_id == verification_id)
    )
    return found.scalar_one_or_none()


async def people_of(session: AsyncSession, verification_id: uuid.UUID) -> dict[str, int]:
    """The people of a verification: blind index → member index (the first, should the
    authorization list a person twice)."""
    rows = (
        await session.execute(
            select(VerificationMember.person_index, VerificationMember.member_index)
            .where(VerificationMember.verification_id == verification_id)
            .order_by(VerificationMember.member_index.desc())
        )
    ).all()
    return {person: index for person, index in rows}


async def holders(session: AsyncSession, people: Mapping[str, int]) -> list[Holder]:
    """The active households holding any of ``people``, by member."""
    rows = (
        await session.execute(
            select(
                ActiveHouseholdMember.person_index,
                EnrolledHousehold.id,
                EnrolledHousehold.client_id,
            )
            .join(EnrolledHousehold, EnrolledHousehold.id == ActiveHouseholdMember.household_id)
            .where(ActiveHouseholdMember.person_index.in_(list(people)))
        )
    ).all()
    return sorted(
        (Holder(people[person], household, holder) for person, household, holder in rows),
        key=lambda h: h.member_index,
    )


async def add_household(session: AsyncSession, row: EnrolledHousehold) -> None:
    """Insert the household in a savepoint: an ``IntegrityError`` (its verification enrolled
    concurrently) leaves the transaction usable."""
    async with session.begin_nested():
        session.add(row)


async def hold_people(
    session: AsyncSession, household_id: uuid.UUID, people: Mapping[str, int]
) -> None:
    """Record the household as the active one of each of ``people``, in a savepoint: an
    ``IntegrityError`` (a concurrent enrolment took one first) leaves the transaction
    usable."""
    async with session.begin_nested():
        await session.execute(
            insert(table(ActiveHouseholdMember)),
            [
                {"person_index": person, "household_id": household_id, "member_index": index}
                for person, index in people.items()
            ],
        )


async def release_people(session: AsyncSession, ended: EnrolledHousehold) -> None:
    """Delete the ended household's rows; a person it held who is also in another active
    household (possible only for households enrolled before migration 0007) passes to the
    earliest enrolled of those."""
    released = (
        (
            await session.execute(
                delete(ActiveHouseholdMember)
                .where(ActiveHouseholdMember.household_id == ended.id)
                .returning(ActiveHouseholdMember.person_index)
            )
        )
        .scalars()
        .all()
    )
    if not released:
        return
    others = (
        await session.execute(
            select(
                VerificationMember.person_index,
                EnrolledHousehold.id,
                VerificationMember.member_index,
            )
            .join(
                EnrolledHousehold,
                EnrolledHousehold.verification_id == VerificationMember.verification_id,
            )
            .where(
                VerificationMember.person_index.in_(released),
                EnrolledHousehold.status == "active",
                EnrolledHousehold.id != ended.id,
            )
            .order_by(
                EnrolledHousehold.enrolled_on.desc(),
                EnrolledHousehold.created_at.desc(),
                EnrolledHousehold.id.desc(),
                VerificationMember.member_index.desc(),
            )
        )
    ).all()
    # newest first, so each person's entry is left holding the earliest enrolled household
    successors = {person: (household, index) for person, household, index in others}
    if successors:
        await session.execute(
            insert(table(ActiveHouseholdMember)),
            [
                {"person_index": person, "household_id": household, "member_index": index}
                for person, (household, index) in successors.items()
            ],
        )


async def owned_household(
    session: AsyncSession,
    client_id: uuid.UUID,
    household_id: uuid.UUID,
    *,
    for_update: bool = False,
) -> EnrolledHousehold | None:
    """The household, if the client enrolled it; ``for_update``: its row locked until the
    transaction ends (PostgreSQL; SQLite's writers are serial), so that two changes at
    once are made one after the other, each seeing the other's result."""
    statement = select(EnrolledHousehold).where(
        EnrolledHousehold.id == household_id, EnrolledHousehold.client_id == client_id
    )
    found = await session.execute(statement.with_for_update() if for_update else statement)
    return found.scalar_one_or_none()


async def due_page(  # noqa: PLR0917
    session: AsyncSession,
    client_id: uuid.UUID,
    as_of: dt.date,
    region_prefix: str | None,
    after: tuple[dt.date, uuid.UUID] | None,
    limit: int,
) -> list[EnrolledHousehold]:
    """Up to ``limit`` active households of the client due for review by ``as_of`` (in the
    region, if one is given), after ``after`` in (next review date, id) order."""
    conditions = [
        EnrolledHousehold.client_id == client_id,
        EnrolledHousehold.status == "active",
        EnrolledHousehold.next_review_on <= as_of,
    ]
    if region_prefix:
        conditions.append(EnrolledHousehold.region_code.startswith(region_prefix, autoescape=True))
    if after is not None:
        after_day, after_id = after
        conditions.append(
            or_(
                EnrolledHousehold.next_review_on > after_day,
                and_(
                    EnrolledHousehold.next_review_on == after_day,
                    EnrolledHousehold.id > after_id,
                ),
            )
        )
    rows = await session.execute(
        select(EnrolledHousehold)
        .where(*conditions)
        .order_by(EnrolledHousehold.next_review_on, EnrolledHousehold.id)
        .limit(limit)
    )
    return list(rows.scalars())


async def list_page(
    session: AsyncSession,
    client_id: uuid.UUID,
    *,
    status: str | None = None,
    category: str | None = None,
    region_prefix: str | None = None,
    created: TimeRange = ANY_TIME,
    updated: TimeRange = ANY_TIME,
    after: Keyset | None,
    limit: int,
) -> list[EnrolledHousehold]:
    """Up to ``limit`` of the client's households after ``after`` in (created_at, id) order,
    filtered by what is given."""
    conditions = [EnrolledHousehold.client_id == client_id]
    if status is not None:
        conditions.append(EnrolledHousehold.status == status)
    if category is not None:
        conditions.append(EnrolledHousehold.category == category)
    if region_prefix:
        conditions.append(EnrolledHousehold.region_code.startswith(region_prefix, autoescape=True))
    conditions += created.conditions(EnrolledHousehold.created_at)
    conditions += updated.conditions(EnrolledHousehold.updated_at)
    return await keyset_rows(session, EnrolledHousehold, conditions, after=after, limit=limit)


async def active_in_region(
    session: AsyncSession, client_id: uuid.UUID, region_prefix: str, limit: int
) -> list[EnrolledHousehold]:
    """Up to ``limit`` of the client's active households whose region starts with
    ``region_prefix``, by id (what a what-if replays)."""
    rows = await session.execute(
        select(EnrolledHousehold)
        .where(
            EnrolledHousehold.client_id == client_id,
            EnrolledHousehold.status == "active",
            EnrolledHousehold.region_code.startswith(region_prefix, autoescape=True),
        )
        .order_by(EnrolledHousehold.id)
        .limit(limit)
    )
    return list(rows.scalars())
