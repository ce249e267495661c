"""Every SQL statement of cross lists: the lists and their entries, comparisons, and the
reads a comparison makes of enrolled households, their people and stored reports."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from verification.clients.models import ApiClient
from verification.cross_lists.models import CrossList, CrossListComparison, CrossListEntry
from verification.db import table, utcnow
from verification.households.models import EnrolledHousehold
from verification.people.models import ActiveHouseholdMember
from verification.verifications.models import Verification, VerificationMember

CHUNK = 500  # values in one IN (…)


async def latest_version(
    session: AsyncSession, client_id: uuid.UUID, kind: str, region_prefix: str
) -> CrossList | None:
    found = await session.execute(
        select(CrossList)
        .where(
            CrossList.client_id == client_id,
            CrossList.kind == kind,
            CrossList.region_prefix == region_prefix,
        )
        .order_by(CrossList.version.desc())
        .limit(1)
    )
    return found.scalar_one_or_none()


async def supersede(session: AsyncSession, row: CrossList) -> None:
    """The version is superseded and its entries deleted (its comparisons stay)."""
    row.status = "superseded"
    row.superseded_at = utcnow()
    await session.execute(delete(CrossListEntry).where(CrossListEntry.list_id == row.id))
    await session.flush()


async def add_list(
    session: AsyncSession, row: CrossList, entries: Sequence[dict[str, object]]
) -> None:
    session.add(row)
    await session.flush()  # the unique version: a concurrent upload fails here
    for start in range(0, len(entries), 5000):
        await session.execute(insert(table(CrossListEntry)), list(entries[start : start + 5000]))


async def owned_list(
    session: AsyncSession, client_id: uuid.UUID, list_id: uuid.UUID
) -> CrossList | None:
    found = await session.execute(
        select(CrossList).where(CrossList.id == list_id, CrossList.client_id == client_id)
    )
    return found.scalar_one_or_none()


async def current_lists_of(session: AsyncSession, client_id: uuid.UUID) -> list[CrossList]:
    found = await session.execute(
        select(CrossList)
        .where(CrossList.client_id == client_id, CrossList.status == "current")
        .order_by(CrossList.kind, CrossList.region_prefix)
    )
    return list(found.scalars())


async def current_lists(session: AsyncSession) -> list[tuple[CrossList, ApiClient]]:
    """The current lists of clients not revoked, with their clients."""
    found = await session.execute(
        select(CrossList, ApiClient)
        .join(ApiClient, ApiClient.id == CrossList.client_id)
        .where(CrossList.status == "current", ApiClient.revoked_at.is_(None))
        .order_by(CrossList.created_at, CrossList.id)
    )
    return [(row, client) for row, client in found.all()]


async def entries(session: AsyncSession, list_id: uuid.UUID) -> list[tuple[int, str, str]]:
    """(position, blind index, masked ID number) of a list's people, in list order."""
    rows = await session.execute(
        select(CrossListEntry.entry, CrossListEntry.person_index, CrossListEntry.person_masked)
        .where(CrossListEntry.list_id == list_id)
        .order_by(CrossListEntry.entry)
    )
    return [(e, p, m) for e, p, m in rows.all()]


@dataclass(frozen=True)
class EnrolledRow:
    household_id: uuid.UUID
    region_code: str
    last_verification_id: uuid.UUID


async def enrolled_households(
    session: AsyncSession, client_id: uuid.UUID, sandbox: bool, region_prefix: str
) -> tuple[list[EnrolledRow], dict[uuid.UUID, set[str]]]:
    """The client's active households of the region, and the people each holds."""
    rows = (
        await session.execute(
            select(
                EnrolledHousehold.id,
                EnrolledHousehold.region_code,
                EnrolledHousehold.last_verification_id,
            )
            .where(
                EnrolledHousehold.client_id == client_id,
                EnrolledHousehold.sandbox == sandbox,
                EnrolledHousehold.status == "active",
                EnrolledHousehold.region_code.startswith(region_prefix, autoescape=True),
            )
            .order_by(EnrolledHousehold.created_at, EnrolledHousehold.id)
        )
    ).all()
    households = [EnrolledRow(h, r, v) for h, r, v in rows]
    people: dict[uuid.UUID, set[str]] = {h.household_id: set() for h in households}
    ids = list(people)
    for start in range(0, len(ids), CHUNK):
        held = await session.execute(
            select(ActiveHouseholdMember.household_id, ActiveHouseholdMember.person_index).where(
                ActiveHouseholdMember.household_id.in_(ids[start : start + CHUNK])
            )
        )
        for household_id, person in held.all():
            people[household_id].add(person)
    return households, people


async def verifications(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Verification]:
    found: list[Verification] = []
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), CHUNK):
        rows = await session.execute(
            select(Verification).where(Verification.id.in_(unique[start : start + CHUNK]))
        )
        found.extend(rows.scalars())
    return found


async def latest_verified(
    session: AsyncSession,
    client_id: uuid.UUID,
    sandbox: bool,
    region_prefix: str,
    people: Sequence[str],
) -> dict[str, uuid.UUID]:
    """For each person, the client's latest verification of the region with a stored
    report that lists them."""
    latest: dict[str, tuple[object, uuid.UUID]] = {}
    for start in range(0, len(people), CHUNK):
        rows = await session.execute(
            select(VerificationMember.person_index, Verification.created_at, Verification.id)
            .join(Verification, Verification.id == VerificationMember.verification_id)
            .where(
                VerificationMember.person_index.in_(people[start : start + CHUNK]),
                Verification.client_id == client_id,
                Verification.sandbox == sandbox,
                Verification.report_enc.is_not(None),
                Verification.region_code.startswith(region_prefix, autoescape=True),
            )
        )
        for person, created_at, verification_id in rows.all():
            known = latest.get(person)
            if known is None or (created_at, str(verification_id)) > (known[0], str(known[1])):
                latest[person] = (created_at, verification_id)
    return {person: vid for person, (_, vid) in latest.items()}


async def add_comparison(session: AsyncSession, row: CrossListComparison) -> None:
    session.add(row)
    await session.flush()


async def scheduled_exists(session: AsyncSession, list_id: uuid.UUID, month: str) -> bool:
    found = await session.execute(
        select(func.count())
        .select_from(CrossListComparison)
        .where(CrossListComparison.list_id == list_id, CrossListComparison.scheduled_month == month)
    )
    return bool(found.scalar_one())


async def owned_comparison(
    session: AsyncSession, client_id: uuid.UUID, comparison_id: uuid.UUID
) -> tuple[CrossListComparison, CrossList] | None:
    found = await session.execute(
        select(CrossListComparison, CrossList)
        .join(CrossList, CrossList.id == CrossListComparison.list_id)
        .where(
            CrossListComparison.id == comparison_id,
            CrossListComparison.client_id == client_id,
        )
    )
    row = found.one_or_none()
    return None if row is None else (row[0], row[1])


async def comparisons_of(session: AsyncSession, list_id: uuid.UUID) -> list[CrossListComparison]:
    found = await session.execute(
        select(CrossListComparison)
        .where(CrossListComparison.list_id == list_id)
        .order_by(CrossListComparison.created_at.desc(), CrossListComparison.id)
        .limit(100)
    )
    return list(found.scalars())
