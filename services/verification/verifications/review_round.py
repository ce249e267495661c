"""A review round: verifying again the household of an earlier verification, under its
stored authorization, as a new verification (what a batch item runs).

``start_review`` runs in the caller's write transaction and returns the round and its
``review_started`` event; once that has committed, ``answer_review`` asks the sources and
builds the report, and the caller writes it (``report_round.write_round``) in a transaction
of its own together with whatever the review's result changes — or, when the round does not
count, records what was sent (``report_round.record_discarded``).
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from verification.authorization.models import AuthorizationRecord
from verification.authorization.records import recorded_values, usable_authorization
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.policies.model import Policy
from verification.problems import NotFound
from verification.runtime import Runtime
from verification.verifications import events as audit_events
from verification.verifications import repository, single_statement
from verification.verifications.fanout import Pair, all_pairs
from verification.verifications.household import VerifiedHousehold
from verification.verifications.report_round import (
    AnsweredRound,
    DiscardedRoundError,
    answer_round,
)


@dataclass(frozen=True)
class ReviewRound:
    """A re-verification ``start_review`` started (or resumed): what ``answer_review``
    needs."""

    client: ApiClient
    household: VerifiedHousehold
    policy: Policy
    scopes: Sequence[str]
    request_id: str
    started: float  # time.monotonic() at the start, for the fan-out deadline
    # the support obligors' (index, scope) pairs asked again: those whose consent is still
    # valid when the review starts (one whose consent has expired is not asked: their
    # support is not assessable); its ``review_started`` event lists them
    obligor_pairs: Sequence[Pair]


async def start_review(
    rt: Runtime,
    session: AsyncSession,
    client: ApiClient,
    previous_id: uuid.UUID,
    verification_id: uuid.UUID,
    *,
    request_id: str,
    audit: Mapping[str, Any],
    now: dt.datetime | None = None,
    new_id: bool = False,
    household_id: uuid.UUID | None = None,
) -> tuple[ReviewRound, list[dict[str, Any]]]:
    """In the caller's write transaction, start verifying again the household of
    verification ``previous_id``, under its stored authorization, as the new
    verification ``verification_id`` chosen by the caller; the round and the audit
    event (``review_started``) the caller appends last in that transaction — none on
    PostgreSQL, where the verification, its members and that event are written in one
    statement (``single_statement.record_start``) unless the household has support
    obligors.  ``answer_review`` asks the sources once the transaction has committed (so
    the event is stored before any agency is asked).

    Idempotent in ``verification_id``: a round whose process died before the report
    was written is resumed (nothing is written now; the sources are asked again and
    the assessment date is kept).  ``DiscardedRoundError`` if an earlier run completed
    it or a concurrent one is starting it; ``AuthorizationRefused`` when the stored
    authorization has expired or its key was revoked.  ``new_id``: the caller made
    ``verification_id`` just now, so no earlier run can have started it.
    ``household_id``: the enrolled household reviewed (its own members are not reported
    as enrolled elsewhere).
    """
    started = time.monotonic()
    now = now or utcnow()
    existing = None if new_id else await repository.get_verification(session, verification_id)
    if existing is not None and existing.status != "running":
        raise DiscardedRoundError  # completed by an earlier run
    base = existing or await repository.get_verification(session, previous_id)
    if base is None or base.client_id != client.id:
        raise NotFound("no verification with this id for this client")
    accept_demo = rt.settings.demo_mode()
    # as the caller's claim read it (the rows are in the session); a withdrawal is checked
    # again under a share lock where the use is recorded (below)
    authorization, key = await usable_authorization(
        session, base.authorization_id, now, accept_demo=accept_demo
    )
    household = replace(
        await repository.load_household(session, rt.keyring, base), household_id=household_id
    )
    scopes = [s for s in rt.sources(sandbox=client.sandbox) if s in authorization.scopes]
    if existing is None:
        household = replace(
            household,
            verification_id=verification_id,
            created_at=now,
            as_of=rt.business_date(now),
            declared=None,
            accepted_on=None,  # a review is no application: no deadlines
        )
    # the policy in force on the assessment date (a resumed round keeps its date)
    policy = rt.policies.policy(household.region_code, household.as_of)
    obligor_pairs = [
        (o.index, scope)
        for o in household.obligors
        if o.consent_valid(now)
        for scope in scopes
        if scope in o.scopes
    ]
    review = ReviewRound(client, household, policy, scopes, request_id, started, obligor_pairs)
    if existing is None:
        started_event = audit_events.review_started(
            client,
            household,
            request_id,
            audit=audit,
            previous_id=previous_id,
            key=key,
            scopes=scopes,
            policy=policy,
            obligor_pairs=obligor_pairs,
        )
        # PostgreSQL: the verification, its members and ``review_started`` in one
        # statement, which reads the authorization share-locked and writes nothing if the
        # household withdrew it (ADR 0031), as a new verification's start does
        if (
            rt.transaction.autocommits
            and not household.obligors
            and await _started_at_once(
                rt, session, review, authorization=authorization, event=started_event
            )
        ):
            return review, []
    # held until the caller's transaction, which records the use, ends: a withdrawal is seen
    await usable_authorization(
        session, base.authorization_id, now, accept_demo=accept_demo, hold=True
    )
    if existing is not None:
        return review, []  # resumed: recorded when it started
    try:
        await repository.insert_verification(
            session, rt.keyring, client, household, policy, declaration=None
        )
    except IntegrityError:  # a concurrent run of the same review started it
        raise DiscardedRoundError from None
    return review, [started_event]


async def _started_at_once(
    rt: Runtime,
    session: AsyncSession,
    review: ReviewRound,
    *,
    authorization: AuthorizationRecord,
    event: Mapping[str, Any],
) -> bool:
    """``single_statement.record_start`` for a review: whether it wrote (False: the household
    withdrew the authorization meanwhile; the held read that follows refuses the use)."""
    try:
        entries = await single_statement.record_start(
            session,
            recorded_values(authorization),
            repository.verification_values(
                rt.keyring, review.client, review.household, review.policy, declaration=None
            ),
            repository.member_rows(rt.keyring, review.household),
            [event],
        )
    except IntegrityError:  # a concurrent run of the same review started it
        raise DiscardedRoundError from None
    return entries is not None


async def answer_review(rt: Runtime, review: ReviewRound) -> AnsweredRound:
    """Ask the sources for a round ``start_review`` started, assess, and build the report;
    the caller writes it."""
    return await answer_round(
        rt,
        review.client,
        review.household,
        review.policy,
        review.request_id,
        started=review.started,
        previous={},
        pairs=all_pairs(len(review.household.members), review.scopes),
        revision=0,
        obligor_pairs=review.obligor_pairs,
    )
