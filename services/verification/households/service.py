"""Enrolling approved households, changing them, ending their aid, listing those due for review.

A client sees only the households it enrolled (anything else is ``404``).
Every change is audited in its own transaction, with ids only — never
personal data; so is every read of the due list.

One person, one active household: enrolment writes a row per member into
``active_household_members``, whose key is the person's blind index, so the database
refuses a second active household with any of the same people — from any client,
however many enrol at once (``409 person-already-enrolled``).  Ending a household
deletes its rows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, delete, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from verification.clients.models import ApiClient
from verification.db import table, utcnow
from verification.households.models import ActiveHouseholdMember, EnrolledHousehold
from verification.households.recheck import recheck_of, schedule_recheck
from verification.households.scheduling import next_review_on
from verification.households.schemas import (
    DueHouseholds,
    EndHousehold,
    EnrollHousehold,
    Household,
    UpdateHousehold,
)
from verification.kit.cursor import decode_cursor, encode_cursor
from verification.kit.masking import mask_text
from verification.kit.money import to_yuan
from verification.policies.model import Policy
from verification.problems import Conflict, InvalidRequest, NotFound
from verification.procedure.recheck import next_review
from verification.runtime import Runtime
from verification.verifications.models import Verification, VerificationMember
from verification.verifications.repository import stored_report

MAX_PAGE = 500


@dataclass(frozen=True)
class DueQuery:
    as_of: dt.date
    region_prefix: str | None
    cursor: str | None
    limit: int


def _due_cursor(next_review: dt.date, household_id: uuid.UUID) -> str:
    return encode_cursor([next_review.isoformat(), str(household_id)])


def _due_after(cursor: str) -> tuple[dt.date, uuid.UUID]:
    """The (next_review_on, id) a page ended with; ``422 invalid-cursor`` if it is not ours."""
    try:
        day, household_id = decode_cursor(cursor)
        return dt.date.fromisoformat(day), uuid.UUID(household_id)
    except (ValueError, TypeError):
        raise InvalidRequest(
            "the cursor is not one this service issued", code="invalid-cursor"
        ) from None


def _view(row: EnrolledHousehold) -> Household:
    return Household.model_validate(row)


@dataclass(frozen=True)
class _Holder:
    """An active household holding one of the people of a verification being enrolled."""

    member_index: int  # the member of the verification being enrolled
    household_id: uuid.UUID
    client_id: uuid.UUID


def _held_elsewhere(holders: list[_Holder], client: ApiClient, refs: Mapping[str, str]) -> Conflict:
    """``409 person-already-enrolled``: the conflicting household is named to the client that
    enrolled it only (another client's household is not its to know of)."""
    positions = sorted({h.member_index + 1 for h in holders})  # counted from 1, as reports do
    visible = [h.household_id for h in holders if h.client_id == client.id]
    who = (
        f"member{'s' if len(positions) > 1 else ''} {', '.join(map(str, positions))} "
        f"{'are' if len(positions) > 1 else 'is'}"
        if positions
        else "a member is"
    )
    return Conflict(
        f"{who} already in an active enrolled household; a person may be in one active "
        "household only",
        code="person-already-enrolled",
        audit={
            **refs,
            "member_positions": positions,
            "household_ids": sorted({str(h.household_id) for h in holders}),
        },
        extra={"household_id": str(visible[0])} if visible else None,
    )


def _already_enrolled(household_id: uuid.UUID | None, refs: Mapping[str, str]) -> Conflict:
    """The verification's household exists: the refusal names it (the caller enrolled it)."""
    named = {"household_id": str(household_id)} if household_id else {}
    return Conflict(
        "this verification is already enrolled",
        code="already-enrolled",
        audit={**refs, **named},
        extra=named,
    )


class HouseholdService:
    def __init__(self, runtime: Runtime) -> None:
        self._rt = runtime

    async def enroll(
        self,
        client: ApiClient,
        body: EnrollHousehold,
        request_id: str,
        today: dt.date | None = None,
    ) -> Household:
        today = today or self._rt.today()
        refs = {"verification_id": str(body.verification_id)}
        async with self._rt.transaction() as session:
            verification = (
                await session.execute(
                    select(Verification).where(
                        Verification.id == body.verification_id,
                        Verification.client_id == client.id,
                    )
                )
            ).scalar_one_or_none()
            if verification is None:
                raise NotFound("no verification with this id for this client")
            if (
                verification.status != "completed"
                or verification.outcome != "eligible"
                or verification.report_enc is None
            ):
                raise Conflict(
                    "only a completed verification with outcome eligible can be enrolled",
                    code="not-enrollable",
                    audit=refs,
                )
            if existing := await self._enrolled(session, body.verification_id):
                raise _already_enrolled(existing, refs)
            people = await self._people(session, verification.id)
            holders = await self._holders(session, people)
            if holders:
                raise _held_elsewhere(holders, client, refs)
            report = stored_report(self._rt.keyring, verification)
            allowance = body.monthly_allowance
            if allowance is None:
                # null when the report could not compute one (a 分档 table or a work-refusal
                # cut its region left unset): the caseworker must state the amount
                allowance = report.suggested_allowance_monthly
                if allowance is None:
                    raise Conflict(
                        "the report suggests no allowance: give monthly_allowance",
                        code="not-enrollable",
                        audit=refs,
                    )
            policy = self._policy(verification)
            now = utcnow()
            row = EnrolledHousehold(
                id=uuid.uuid4(),
                client_id=client.id,
                verification_id=verification.id,
                authorization_id=verification.authorization_id,
                region_code=verification.region_code,
                area=verification.area,
                category=body.category.value,
                monthly_allowance=to_yuan(allowance),
                status="active",
                enrolled_on=today,
                last_reviewed_on=today,
                last_verification_id=verification.id,
                created_at=now,
                updated_at=now,
            )
            # a member the report found deceased brings the first review forward (rule 22)
            schedule_recheck(
                row,
                next_review_on(policy, body.category, verification.area, today),
                recheck_of(report),
            )
            try:
                async with session.begin_nested():  # the transaction outlives a refusal
                    session.add(row)
            except IntegrityError:  # enrolled concurrently
                existing = await self._enrolled(session, body.verification_id)
                raise _already_enrolled(existing, refs) from None
            try:
                async with session.begin_nested():
                    await session.execute(
                        insert(table(ActiveHouseholdMember)),
                        [
                            {"person_index": person, "household_id": row.id, "member_index": index}
                            for person, index in people.items()
                        ],
                    )
            except IntegrityError:  # a concurrent enrolment took one of the people first
                raise _held_elsewhere(await self._holders(session, people), client, refs) from None
            await self._audit(
                session,
                client,
                row,
                request_id,
                "household_enrolled",
                policy=f"{policy.id}@{policy.version}",
                category=row.category,
                monthly_allowance=str(row.monthly_allowance),
                next_review_on=row.next_review_on.isoformat(),
            )
            return _view(row)

    async def read(self, client: ApiClient, household_id: uuid.UUID) -> Household:
        async with self._rt.read_session_factory() as session:
            return _view(await self._owned(session, client, household_id))

    async def update(
        self, client: ApiClient, household_id: uuid.UUID, body: UpdateHousehold, request_id: str
    ) -> Household:
        async with self._rt.transaction() as session:
            row = await self._owned(session, client, household_id)
            if row.status != "active":
                raise Conflict(
                    "the household's aid has ended; it can no longer be changed",
                    code="household-ended",
                    audit={
                        "household_id": str(row.id),
                        "verification_id": str(row.verification_id),
                    },
                    extra={"household_id": str(row.id)},
                )
            changes: dict[str, Any] = {}
            if body.category is not None and body.category.value != row.category:
                verification = await session.get(Verification, row.last_verification_id)
                assert verification is not None
                policy = self._policy(verification)
                row.category = body.category.value
                row.next_review_on = next_review(
                    next_review_on(policy, body.category, row.area, row.last_reviewed_on),
                    row.recheck_due_on,  # a re-check still due keeps it forward (rule 22)
                )
                changes |= {
                    "category": row.category,
                    "next_review_on": row.next_review_on.isoformat(),
                    "policy": f"{policy.id}@{policy.version}",
                }
            if body.monthly_allowance is not None:
                allowance = to_yuan(body.monthly_allowance)
                if allowance != Decimal(row.monthly_allowance):
                    row.monthly_allowance = allowance
                    changes["monthly_allowance"] = str(allowance)
            if changes:
                row.updated_at = utcnow()
                await self._audit(session, client, row, request_id, "household_updated", **changes)
            return _view(row)

    async def end(
        self,
        client: ApiClient,
        household_id: uuid.UUID,
        body: EndHousehold,
        request_id: str,
        today: dt.date | None = None,
    ) -> Household:
        """End the household's aid; ending it again changes nothing (the first reason stays)."""
        async with self._rt.transaction() as session:
            row = await self._owned(session, client, household_id)
            if row.status == "active":
                row.status = "ended"
                row.ended_on = today or self._rt.today()
                row.end_reason = mask_text(body.reason)  # stored: personal numbers masked
                row.updated_at = utcnow()
                await self._release_people(session, row)
                await self._audit(
                    session,
                    client,
                    row,
                    request_id,
                    "household_ended",
                    ended_on=row.ended_on.isoformat(),  # the free-text reason is not audited
                )
            return _view(row)

    async def due(self, client: ApiClient, query: DueQuery, request_id: str) -> DueHouseholds:
        """Active households of the client due for review by ``as_of``, by (date, id)."""
        limit = max(1, min(query.limit, MAX_PAGE))
        conditions = [
            EnrolledHousehold.client_id == client.id,
            EnrolledHousehold.status == "active",
            EnrolledHousehold.next_review_on <= query.as_of,
        ]
        if query.region_prefix:
            conditions.append(
                EnrolledHousehold.region_code.startswith(query.region_prefix, autoescape=True)
            )
        if query.cursor is not None:
            after_day, after_id = _due_after(query.cursor)
            conditions.append(
                or_(
                    EnrolledHousehold.next_review_on > after_day,
                    and_(
                        EnrolledHousehold.next_review_on == after_day,
                        EnrolledHousehold.id > after_id,
                    ),
                )
            )
        async with self._rt.transaction() as session:
            rows = list(
                (
                    await session.execute(
                        select(EnrolledHousehold)
                        .where(*conditions)
                        .order_by(EnrolledHousehold.next_review_on, EnrolledHousehold.id)
                        .limit(limit + 1)
                    )
                ).scalars()
            )
            page, more = rows[:limit], len(rows) > limit
            await self._rt.audit.append(
                session,
                [
                    {
                        "action": "households_due_read",
                        "client_id": str(client.id),
                        "request_id": request_id,
                        "as_of": query.as_of.isoformat(),
                        "region_prefix": query.region_prefix,
                        "paged": query.cursor is not None,
                        "verification_ids": [str(r.verification_id) for r in page],
                    }
                ],
            )
        last = page[-1] if more else None
        return DueHouseholds(
            items=[_view(r) for r in page],
            next_cursor=_due_cursor(last.next_review_on, last.id) if last else None,
        )

    # ------------------------------------------------------------------ helpers

    def _policy(self, verification: Verification) -> Policy:
        """The policy the verification applied: its region's layers on its assessment date
        (not today's), as its report states them."""
        return self._rt.policies.policy(verification.region_code, verification.as_of)

    @staticmethod
    async def _enrolled(session: AsyncSession, verification_id: uuid.UUID) -> uuid.UUID | None:
        """The household enrolled from this verification, if any."""
        found = await session.execute(
            select(EnrolledHousehold.id).where(EnrolledHousehold.verification_id == verification_id)
        )
        return found.scalar_one_or_none()

    @staticmethod
    async def _people(session: AsyncSession, verification_id: uuid.UUID) -> dict[str, int]:
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

    @staticmethod
    async def _holders(session: AsyncSession, people: Mapping[str, int]) -> list[_Holder]:
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
            (_Holder(people[person], household, holder) for person, household, holder in rows),
            key=lambda h: h.member_index,
        )

    @staticmethod
    async def _release_people(session: AsyncSession, ended: EnrolledHousehold) -> None:
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

    @staticmethod
    async def _owned(
        session: AsyncSession, client: ApiClient, household_id: uuid.UUID
    ) -> EnrolledHousehold:
        row = (
            await session.execute(
                select(EnrolledHousehold).where(
                    EnrolledHousehold.id == household_id, EnrolledHousehold.client_id == client.id
                )
            )
        ).scalar_one_or_none()
        if row is None:
            raise NotFound("no enrolled household with this id for this client")
        return row

    async def _audit(
        self,
        session: AsyncSession,
        client: ApiClient,
        row: EnrolledHousehold,
        request_id: str,
        action: str,
        **fields: Any,
    ) -> None:
        event: Mapping[str, Any] = {
            "action": action,
            "client_id": str(client.id),
            "request_id": request_id,
            "household_id": str(row.id),
            "verification_id": str(row.verification_id),
            "authorization_id": row.authorization_id,
            **fields,
        }
        await self._rt.audit.append(session, [event])
