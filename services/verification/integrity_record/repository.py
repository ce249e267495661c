"""Where integrity entries and the people they list are stored: every query the
integrity-record use cases make.

A client reaches the entries of its environment whose region its region prefixes cover
(an entry's region is its verification's); the people of a confirmed entry are rows of
``integrity_listed_people`` (blind indexes), which verifications read.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import delete, false, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from verification.clients.models import ApiClient
from verification.db import table
from verification.integrity_record.models import IntegrityEntry
from verification.paging import ANY_TIME, Keyset, TimeRange, keyset_rows
from verification.people.models import IntegrityListedPerson
from verification.verifications.models import Verification, VerificationMember


def _reach(client: ApiClient) -> list[ColumnElement[bool]]:
    """The conditions of the entries a client reaches: its environment, its regions."""
    prefixes = [p for p in client.region_prefixes if p]
    regions = (
        or_(*(IntegrityEntry.region_code.startswith(p, autoescape=True) for p in prefixes))
        if prefixes
        else false()
    )
    return [IntegrityEntry.sandbox == client.sandbox, regions]


async def verification_of_client(
    session: AsyncSession, client_id: uuid.UUID, verification_id: uuid.UUID
) -> Verification | None:
    found = await session.execute(
        select(Verification).where(
            Verification.id == verification_id, Verification.client_id == client_id
        )
    )
    return found.scalar_one_or_none()


async def entry_of_finding(
    session: AsyncSession, verification_id: uuid.UUID, revision: int, finding_index: int
) -> uuid.UUID | None:
    found = await session.execute(
        select(IntegrityEntry.id).where(
            IntegrityEntry.verification_id == verification_id,
            IntegrityEntry.revision == revision,
            IntegrityEntry.finding_index == finding_index,
        )
    )
    return found.scalar_one_or_none()


async def add_entry(session: AsyncSession, row: IntegrityEntry) -> bool:
    """Insert the entry in a savepoint; False when the finding's entry was made concurrently."""
    try:
        async with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return False
    return True


async def people_of(session: AsyncSession, verification_id: uuid.UUID) -> dict[str, int]:
    """The people of a verification: blind index → member index (the first)."""
    rows = (
        await session.execute(
            select(VerificationMember.person_index, VerificationMember.member_index)
            .where(VerificationMember.verification_id == verification_id)
            .order_by(VerificationMember.member_index.desc())
        )
    ).all()
    return {person: index for person, index in rows}


async def reachable_entry(
    session: AsyncSession, client: ApiClient, entry_id: uuid.UUID, *, for_update: bool = False
) -> IntegrityEntry | None:
    statement = select(IntegrityEntry).where(IntegrityEntry.id == entry_id, *_reach(client))
    if for_update:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def list_people(
    session: AsyncSession,
    entry: IntegrityEntry,
    people: dict[str, int],
    listed_from: dt.date,
    listed_until: dt.date,
) -> None:
    """Put the entry's people on the record for its period."""
    await session.execute(
        insert(table(IntegrityListedPerson)),
        [
            {
                "entry_id": entry.id,
                "person_index": person,
                "member_index": index,
                "listed_from": listed_from,
                "listed_until": listed_until,
                "sandbox": entry.sandbox,
            }
            for person, index in people.items()
        ],
    )


async def unlist_people(session: AsyncSession, entry_id: uuid.UUID) -> None:
    await session.execute(
        delete(IntegrityListedPerson).where(IntegrityListedPerson.entry_id == entry_id)
    )


async def list_page(
    session: AsyncSession,
    client: ApiClient,
    *,
    statuses: Sequence[str] | None,
    expired_before: dt.date | None,
    current_on: dt.date | None,
    region_prefix: str | None,
    created: TimeRange = ANY_TIME,
    after: Keyset | None,
    limit: int,
) -> list[IntegrityEntry]:
    """Up to ``limit`` entries the client reaches after ``after`` in (created_at, id) order:
    of ``statuses``; ``expired_before``: confirmed with a last day before it;
    ``current_on``: not confirmed, or confirmed with a last day on or after it."""
    conditions = _reach(client)
    if statuses is not None:
        conditions.append(IntegrityEntry.status.in_(list(statuses)))
    if expired_before is not None:
        conditions.append(IntegrityEntry.listed_until < expired_before)
    if current_on is not None:
        conditions.append(
            or_(IntegrityEntry.listed_until.is_(None), IntegrityEntry.listed_until >= current_on)
        )
    if region_prefix:
        conditions.append(IntegrityEntry.region_code.startswith(region_prefix, autoescape=True))
    conditions += created.conditions(IntegrityEntry.created_at)
    return await keyset_rows(session, IntegrityEntry, conditions, after=after, limit=limit)


async def operator_list(
    session: AsyncSession, *, region_prefix: str | None, limit: int
) -> list[IntegrityEntry]:
    """The newest entries of every client (the operator's command), newest first."""
    statement = select(IntegrityEntry)
    if region_prefix:
        statement = statement.where(
            IntegrityEntry.region_code.startswith(region_prefix, autoescape=True)
        )
    rows = await session.execute(
        statement.order_by(IntegrityEntry.created_at.desc(), IntegrityEntry.id.desc()).limit(limit)
    )
    return list(rows.scalars())


async def operator_entry(session: AsyncSession, entry_id: uuid.UUID) -> IntegrityEntry | None:
    return await session.get(IntegrityEntry, entry_id)
