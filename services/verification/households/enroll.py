"""Enrolling a household from a completed, eligible verification of the client.

One person, one active household: enrolment writes a row per member into
``active_household_members``, whose key is the person's blind index, so the database
refuses a second active household with any of the same people — from any client,
however many enrol at once (``409 person-already-enrolled``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping

from sqlalchemy.exc import IntegrityError

from verification.authorization.models import AuthorizationRecord
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.households import repository
from verification.households.models import EnrolledHousehold
from verification.households.read import household_event, household_view
from verification.households.recheck import recheck_of, schedule_recheck
from verification.households.repository import Holder
from verification.households.scheduling import next_review_on
from verification.households.schemas import EnrollHousehold, Household
from verification.kit.money import to_yuan
from verification.problems import Conflict, NotFound
from verification.runtime import Runtime
from verification.verifications.purged import refuse_purged
from verification.verifications.repository import stored_report


async def enroll_household(
    runtime: Runtime,
    client: ApiClient,
    body: EnrollHousehold,
    request_id: str,
    today: dt.date | None = None,
) -> Household:
    """Enroll the household of ``body.verification_id``; the household."""
    today = today or runtime.today()
    refs = {"verification_id": str(body.verification_id)}
    async with runtime.transaction() as session:
        verification = await repository.verification_of_client(
            session, client.id, body.verification_id
        )
        if verification is None:
            raise NotFound("no verification with this id for this client")
        refuse_purged(verification)
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
        if existing := await repository.enrolled_from(session, body.verification_id):
            raise _already_enrolled(existing, refs)
        people = await repository.people_of(session, verification.id)
        holders = await repository.holders(session, people)
        if holders:
            raise _held_elsewhere(holders, client, refs)
        report = stored_report(runtime.keyring, verification)
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
        # the policy the verification applied: its region's layers on its assessment date
        # (not today's), as its report states them
        policy = runtime.policies.policy(verification.region_code, verification.as_of)
        now = utcnow()
        authorization = await session.get(AuthorizationRecord, verification.authorization_id)
        row = EnrolledHousehold(
            id=uuid.uuid4(),
            client_id=client.id,
            sandbox=client.sandbox,
            verification_id=verification.id,
            authorization_id=verification.authorization_id,
            authorization_expires_at=None if authorization is None else authorization.expires_at,
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
            await repository.add_household(session, row)  # the transaction outlives a refusal
        except IntegrityError:  # enrolled concurrently
            existing = await repository.enrolled_from(session, body.verification_id)
            raise _already_enrolled(existing, refs) from None
        try:
            await repository.hold_people(session, row.id, people)
        except IntegrityError:  # a concurrent enrolment took one of the people first
            raise _held_elsewhere(await repository.holders(session, people), client, refs) from None
        event = household_event(
            client,
            row,
            request_id,
            "household_enrolled",
            policy=f"{policy.id}@{policy.version}",
            category=row.category,
            monthly_allowance=str(row.monthly_allowance),
            next_review_on=row.next_review_on.isoformat(),
        )
        await runtime.audit.append(session, [event])
        return household_view(row)


def _held_elsewhere(holders: list[Holder], client: ApiClient, refs: Mapping[str, str]) -> Conflict:
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
