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

from verification.authorization.records import check_still_valid, stored_authorization
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.policies.model import Policy
from verification.problems import NotFound
from verification.runtime import Runtime
from verification.verifications import events as audit_events
from verification.verifications import repository
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
    event (``review_started``) the caller appends last in that transaction.
    ``answer_review`` asks the sources once it has committed (so the event is
    stored before any agency is asked).

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
    # held until the caller's transaction, which records the use, ends: a withdrawal is seen
    authorization, key = await stored_authorization(session, base.authorization_id, hold=True)
    check_still_valid(authorization, key, now, accept_demo=rt.settings.demo_mode())
    assert key is not None
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
    events: list[dict[str, Any]] = []
    if existing is None:
        try:
            await repository.insert_verification(
                session, rt.keyring, client, household, policy, declaration=None
            )
        except IntegrityError:  # a concurrent run of the same review started it
            raise DiscardedRoundError from None
        events.append(
            audit_events.review_started(
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
        )
    return ReviewRound(
        client, household, policy, scopes, request_id, started, obligor_pairs
    ), events


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
