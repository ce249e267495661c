"""Verifications awaiting sources: collecting the answers agencies promised, and completing.

A round whose agency answered "accepted, pending" (a ``pending`` source answer with its
ticket) writes its report with status ``awaiting_sources`` and the ticket in
``pending_sources``.  From then on the answer is collected:

- by polling: ``poll_due`` (a periodic job of the batch engine: the in-process loop of
  ``verification serve`` on SQLite, the ``verification.poll_sources`` procrastinate task of
  the workers on PostgreSQL) asks for every ticket due (``next_poll_at``), every
  ``pending_poll_seconds``.  The tickets are in the database, so polling goes on after any
  restart of any process;
- by the agency's callback (``callbacks.py``): it says a ticket's answer is ready, and the
  answer is collected at once, the same way.

``collect_answers`` asks the agencies of one verification for every open ticket at once.
While any is still pending (or its agency unreachable), nothing is completed: the requests
sent are audited and the tickets asked again later (answers already ready are asked for again
then; an agency keeps them).  When all have answered, ``complete_awaiting`` — the one place a
verification that awaited sources completes — writes the next revision of the report through
the round mechanism (``report_round``), with the stored answers of the other sources, on the
original assessment date, and resolves the tickets; the verification is ``completed``.  Two
processes completing the same verification at once (a poll and a callback) cannot both: the
round's write is conditional on the verification still awaiting at its revision, and the
loser's round is discarded (its requests audited, marked discarded).

A withdrawal of the authorization (``consent/revoke.py``) closes the open tickets asked
under it.  A verification left awaiting with no ticket open completes through the same
``complete_awaiting``, at once after the revocation or by ``poll_due``'s sweep
(``complete_withdrawn``): every answer still pending is stored ``unavailable`` with
``source.authorization_withdrawn``, audited as ``sources_withdrawn``, and no agency is asked.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from connectors.sdk.errors import ReasonCode
from connectors.sdk.evidence import SourceResult, SourceStatus, Ticket
from verification.audit.log import recording_to, stream_for
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.outbox import publish
from verification.policies.model import Policy
from verification.reports.model import VerificationReport
from verification.runtime import Runtime
from verification.verifications import events as audit_events
from verification.verifications import repository
from verification.verifications.deadline import with_decision
from verification.verifications.fanout import Pair, collect_sources
from verification.verifications.household import VerifiedHousehold
from verification.verifications.models import PendingSource
from verification.verifications.report_round import (
    DiscardedRoundError,
    assessed_round,
    elsewhere_of,
    obligor_persons,
    persons_of,
    record_discarded,
    round_context,
    write_round,
)

log = structlog.get_logger(__name__)

AWAITING = "awaiting_sources"
# the trigger of a completion without the answers a withdrawal closed
WITHDRAWAL = "withdrawal"
OBLIGOR = "obligor"  # a ticket's subject when the answer is about a support obligor
# still no answer: the ticket is asked again later
_WAITING = (SourceStatus.PENDING, SourceStatus.UNAVAILABLE)


async def poll_due(rt: Runtime, now: dt.datetime | None = None) -> int:
    """Collect the answers of every verification with a ticket due at ``now`` (up to
    ``pending_poll_batch`` of them); the number completed.  One verification's failure is
    logged and leaves the others alone (its tickets are polled again next time)."""
    now = now or utcnow()
    async with rt.read_session_factory() as session:
        due = await repository.awaiting_due(session, now, rt.settings.pending_poll_batch)
    completed = 0
    for verification_id in due:
        try:
            report = await collect_answers(rt, verification_id, trigger="poll")
        except Exception:
            log.exception("awaiting_poll_failed", verification_id=str(verification_id))
            continue
        completed += report is not None
    completed += await complete_withdrawn(rt)
    await announce_overdue(rt, rt.business_date(now))
    return completed


async def complete_withdrawn(rt: Runtime, verification_ids: Sequence[uuid.UUID] = ()) -> int:
    """Complete every verification still ``awaiting_sources`` with no ticket open — those
    whose awaited answers a withdrawal of the authorization closed (``consent/revoke.py``):
    the next revision of its report, the answers not collected marked so
    (``source.authorization_withdrawn``), no agency asked.  ``verification_ids``: just
    these (the revocation's, at once), else every one found (the periodic poll: a
    revocation from the command line, or a process that died before completing them).
    The number completed; one's failure is logged and leaves it for the next poll."""
    if not verification_ids:
        async with rt.read_session_factory() as session:
            verification_ids = await repository.awaiting_without_tickets(
                session, limit=rt.settings.pending_poll_batch
            )
    completed = 0
    for verification_id in verification_ids:
        try:
            report = await collect_answers(rt, verification_id, trigger=WITHDRAWAL)
        except Exception:
            log.exception("withdrawn_completion_failed", verification_id=str(verification_id))
            continue
        completed += report is not None
    return completed


async def announce_overdue(rt: Runtime, today: dt.date) -> int:
    """Publish ``verification.overdue`` for every open verification past its decision
    deadline on ``today`` (once per verification and deadline: ``publish`` keeps it so
    however often the poll runs); the number newly announced."""
    announced = 0
    async with rt.transaction() as session:
        for row in await repository.overdue_open(session, today):
            if row.decision_due_on is None:
                continue
            event = await publish.verification_overdue(
                session,
                client_id=row.client_id,
                verification_id=row.id,
                deadline=row.decision_due_on,
            )
            announced += event is not None
    return announced


async def collect_answers(
    rt: Runtime,
    verification_id: uuid.UUID,
    *,
    trigger: str,
    request_id: str | None = None,
) -> VerificationReport | None:
    """Ask for every open ticket of one verification; complete it (the new report) when all
    have answered, else None (the requests audited, the tickets asked again later).  One
    whose tickets were all closed by a withdrawal (``complete_withdrawn``) asks no agency and
    completes at once.  A sandbox client's verification asks the sandbox agencies and is
    recorded in the sandbox's log, as its creation was."""
    started = time.monotonic()
    request_id = request_id or f"{trigger}-{uuid.uuid4().hex}"
    async with rt.read_session_factory() as session:
        row = await repository.get_verification(session, verification_id)
        if row is None or row.status != AWAITING:
            return None
        # none left: every ticket was closed by a withdrawal of the authorization it was
        # asked under (``consent/revoke.py``); the verification completes without them
        open_tickets = await repository.open_tickets(session, verification_id)
        tickets = {(t.member_index, t.scope): t for t in open_tickets if t.subject != OBLIGOR}
        # an obligor's tickets: their answers are the obligor's, never a member's
        obligor_tickets = {
            (t.member_index, t.scope): t for t in open_tickets if t.subject == OBLIGOR
        }
        client = await session.get(ApiClient, row.client_id)
        assert client is not None
        latest = await repository.latest_results(session, rt.keyring, verification_id)
        household = await repository.load_household(session, rt.keyring, row)
        revision = row.revision
    with recording_to(stream_for(sandbox=client.sandbox)):
        return await _collect(
            rt,
            client,
            household,
            request_id,
            tickets=tickets,
            obligor_tickets=obligor_tickets,
            latest=latest,
            revision=revision,
            trigger=trigger,
            started=started,
        )


async def _collect(
    rt: Runtime,
    client: ApiClient,
    household: VerifiedHousehold,
    request_id: str,
    *,
    tickets: dict[Pair, PendingSource],
    obligor_tickets: dict[Pair, PendingSource],
    latest: Mapping[Pair, SourceResult],
    revision: int,
    trigger: str,
    started: float,
) -> VerificationReport | None:
    policy = rt.policies.policy(household.region_code, household.as_of)
    context = round_context(rt, household, policy, request_id, started=started)
    connectors = rt.sources(sandbox=client.sandbox)
    collected, collected_obligors = await asyncio.gather(
        collect_sources(
            connectors,
            persons_of(household),
            {pair: Ticket(t.ticket, t.expected_by) for pair, t in tickets.items()},
            context,
        ),
        collect_sources(
            connectors,
            obligor_persons(household),
            {pair: Ticket(t.ticket, t.expected_by) for pair, t in obligor_tickets.items()},
            context,
        ),
    )
    if any(
        result.status in _WAITING for result in [*collected.values(), *collected_obligors.values()]
    ):
        await _postpone(
            rt,
            client=client,
            household=household,
            request_id=request_id,
            tickets=tickets,
            collected=collected,
            obligor_tickets=obligor_tickets,
            collected_obligors=collected_obligors,
            revision=revision,
            trigger=trigger,
        )
        return None
    return await complete_awaiting(
        rt,
        client,
        household,
        policy,
        request_id,
        latest=latest,
        collected=collected,
        collected_obligors=collected_obligors,
        tickets=[*tickets.values(), *obligor_tickets.values()],
        revision=revision,
        trigger=trigger,
    )


async def complete_awaiting(
    rt: Runtime,
    client: ApiClient,
    household: VerifiedHousehold,
    policy: Policy,
    request_id: str,
    *,
    latest: Mapping[Pair, SourceResult],
    collected: Mapping[Pair, SourceResult],
    tickets: Sequence[PendingSource],
    revision: int,
    trigger: str,
    collected_obligors: Mapping[Pair, SourceResult] | None = None,
) -> VerificationReport | None:
    """Complete a verification that awaited sources, with the answers ``collected`` (and
    ``collected_obligors``: about support obligors) for its ``tickets``: the next revision
    of its report, the tickets resolved, in one transaction (audited: the requests,
    ``sources_answered``, ``report_created``).  An answer still pending that was not
    collected — its ticket closed by a withdrawal — is stored ``unavailable`` with
    ``source.authorization_withdrawn`` (audited: ``sources_withdrawn``; no request).  None
    when another process completed it first (this round is discarded).

    The one place such a verification completes: whatever must follow a completion (a
    ``verification.completed`` / ``verification.revised`` event) hooks here."""
    new_revision = revision + 1
    common = audit_events.common(client, household, request_id)
    collected_obligors = collected_obligors or {}
    obligor_answers = {}
    if household.obligors:  # the obligors' other answers as they stand
        async with rt.read_session_factory() as session:
            obligor_answers = await repository.latest_obligor_results(
                session, rt.keyring, household.verification_id
            )
    # an answer still pending here had its ticket closed by a withdrawal (every open one was
    # collected): it is not awaited any more, and the report says why
    withdrawn = _withdrawn(latest, collected)
    withdrawn_obligors = _withdrawn(obligor_answers, collected_obligors)
    events = []
    if collected or collected_obligors:
        events.append(
            audit_events.sources_answered(
                common,
                revision=new_revision,
                trigger=trigger,
                pairs=sorted(collected),
                obligor_pairs=sorted(collected_obligors),
            )
        )
    if withdrawn or withdrawn_obligors:
        events.append(
            audit_events.sources_withdrawn(
                common,
                revision=new_revision,
                pairs=sorted(withdrawn),
                obligor_pairs=sorted(withdrawn_obligors),
            )
        )
    answered = assessed_round(
        rt,
        client,
        household,
        policy,
        request_id,
        previous={
            pair: r for pair, r in latest.items() if pair not in collected and pair not in withdrawn
        },
        fresh=collected,
        elsewhere=await elsewhere_of(rt, household),
        revision=new_revision,
        previous_obligors={
            pair: r
            for pair, r in obligor_answers.items()
            if pair not in collected_obligors and pair not in withdrawn_obligors
        },
        fresh_obligors=collected_obligors,
        unasked=withdrawn,
        unasked_obligors=withdrawn_obligors,
        extra_events=events,
    )

    async def write(session: AsyncSession) -> tuple[None, list[Mapping[str, Any]]]:
        events = await write_round(session, answered, rt.keyring, awaited_revision=revision)
        await repository.resolve_tickets(
            session, [t.id for t in tickets], new_revision, answered.draft.completed_at
        )
        return None, events

    try:
        _, entries = await rt.own_writes(write)
    except DiscardedRoundError:
        await record_discarded(rt, answered)
        return None
    log.info(
        "verification_completed_after_awaiting",
        verification_id=str(household.verification_id),
        revision=new_revision,
        trigger=trigger,
    )
    return with_decision(
        rt,
        answered.report(entries),
        accepted_on=household.accepted_on,
        region_code=household.region_code,
    )


def _withdrawn(
    latest: Mapping[Pair, SourceResult], collected: Mapping[Pair, SourceResult]
) -> dict[Pair, SourceResult]:
    """The answers still pending that were not collected now: their tickets were closed by a
    withdrawal of the authorization they were asked under; each marked so."""
    return {
        pair: SourceResult(
            result.scope,
            SourceStatus.UNAVAILABLE,
            reason="the authorization was withdrawn: the answer was not collected",
            attempts=0,
            requests=0,
            reason_code=ReasonCode.WITHDRAWN,
        )
        for pair, result in latest.items()
        if pair not in collected and result.status is SourceStatus.PENDING
    }


async def _postpone(
    rt: Runtime,
    *,
    client: ApiClient,
    household: VerifiedHousehold,
    request_id: str,
    tickets: Mapping[Pair, PendingSource],
    collected: Mapping[Pair, SourceResult],
    revision: int,
    trigger: str,
    obligor_tickets: Mapping[Pair, PendingSource],
    collected_obligors: Mapping[Pair, SourceResult],
) -> None:
    """Not every answer is ready: the requests sent are audited (an obligor's under their
    own consent), every ticket is asked again after ``pending_poll_seconds`` (under the
    agency's current reference)."""
    common = {**audit_events.common(client, household, request_id), "trigger": trigger}
    events = [
        *audit_events.attempt_events(common, household.people, collected, revision),
        *audit_events.obligor_attempt_events(
            common, household.obligors, collected_obligors, revision
        ),
    ]
    next_poll_at = utcnow() + dt.timedelta(seconds=rt.settings.pending_poll_seconds)
    references = {
        **_references(tickets, collected),
        **_references(obligor_tickets, collected_obligors),
    }
    async with rt.transaction() as session:
        await repository.postpone_tickets(session, references, next_poll_at)
        await rt.audit.append(session, events)


def _references(
    tickets: Mapping[Pair, PendingSource], collected: Mapping[Pair, SourceResult]
) -> dict[int, str]:
    """By ticket row id, the agency's current reference for it (a new one if it gave one)."""
    return {
        ticket.id: (
            result.ticket.reference
            if (result := collected.get(pair)) is not None and result.ticket is not None
            else ticket.ticket
        )
        for pair, ticket in tickets.items()
    }
