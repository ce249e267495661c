"""One round of a verification: fan-out → assessment → report, then its writes.

Every use case that produces a report (a new verification, a retry, a review) runs a round:
``answer_round`` asks the sources for ``pairs``, assesses with the answers of ``previous``
and builds and seals the report, all before any transaction; ``write_round`` is the round's
writes, in the caller's transaction, returning the audit events for its committer to record.
No transaction is held open while agencies are queried.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.evidence import SourceResult, SourceStatus
from verification.assessment.engine import assess
from verification.assessment.income import lookback_window
from verification.assessment.model import Elsewhere, Member
from verification.assessment.obligors import Obligor, ObligorRelation
from verification.assessment.rule_params import national_rules, obligor_params
from verification.audit.committer import Events
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.kit.crypto import KeyRing
from verification.kit.id_number import birth_date
from verification.outbox import publish
from verification.policies.in_force import lapse_notes
from verification.policies.layered.resolution import EffectivePolicy
from verification.policies.model import Policy
from verification.procedure.view import ProcedureBasis, completed_procedure, procedure_basis
from verification.reports.builder import build_report
from verification.reports.model import ReportContent, VerificationReport
from verification.runtime import Runtime
from verification.verifications import events as audit_events
from verification.verifications import repository, single_statement
from verification.verifications.availability import expected_back
from verification.verifications.fanout import Pair, start_queries
from verification.verifications.household import VerifiedHousehold


class DiscardedRoundError(Exception):
    """The round does not count (another run completed it first): nothing of it was stored
    but the audit events of the requests it sent (``record_discarded``)."""


@dataclass(frozen=True)
class AnsweredRound:
    """A round whose sources answered and whose report is built and sealed: its writes,
    ready for a transaction."""

    verification_id: uuid.UUID
    client_id: uuid.UUID  # the verification's client: whose webhooks hear of the report
    draft: ReportContent  # final but for its audit reference, known once it is recorded
    sealed: str
    source_rows: Sequence[Mapping[str, Any]]
    events: Sequence[Mapping[str, Any]]  # one per request sent, then report_created
    pending_rows: Sequence[Mapping[str, Any]] = ()  # the tickets of agencies answering later
    obligor_rows: Sequence[Mapping[str, Any]] = ()  # the answers about support obligors

    def report(self, entries: Sequence[Any]) -> VerificationReport:
        """The report with its ``report_created`` entry, from the entries recorded for
        ``events`` (and any the caller recorded after them): pending; a GET of the report
        gives its place once integrated."""
        return self.draft.with_audit(entry=entries[len(self.events) - 1])


def fanout_deadline(rt: Runtime, started: float) -> float:
    """When the fan-out must stop: the request's deadline less a reserve for
    the assessment and the writes after it."""
    settings = rt.settings
    budget = settings.verification_deadline_seconds
    return started + budget * (1 - settings.deadline_reserve_fraction)


async def answer_round(
    rt: Runtime,
    client: ApiClient,
    household: VerifiedHousehold,
    policy: Policy,
    request_id: str,
    *,
    started: float,
    previous: Mapping[Pair, SourceResult],
    pairs: Sequence[Pair],
    revision: int,
    obligor_pairs: Sequence[Pair] = (),
    previous_obligors: Mapping[Pair, SourceResult] | None = None,
) -> AnsweredRound:
    """Query ``pairs`` (and ``obligor_pairs``: (obligor index, scope), the household's
    support obligors, through the same sources), assess with ``previous`` (and
    ``previous_obligors``) and build and seal the report; nothing is written."""
    context = round_context(rt, household, policy, request_id, started=started)
    persons = persons_of(household)
    # the same resolved policy (cached) gives the 2021 办法's rules their values
    # (assessment/rule_params.py) and the report its procedure section and lapse notes
    effective = rt.policies.effective(household.region_code, household.as_of)
    connectors = rt.sources(sandbox=client.sandbox)
    queries = start_queries(connectors, persons, pairs, context)
    # the obligors' queries go out with the members': same sources, same deadline
    obligor_queries = start_queries(connectors, obligor_persons(household), obligor_pairs, context)
    # while the agencies are asked (no latency), and after the queries, so that their
    # requests go out first: where else the members are is looked up, and the report's
    # procedure section is prepared as far as no answer changes it
    queried = {scope for _index, scope in [*previous, *pairs]}
    lookup = asyncio.ensure_future(_elsewhere(rt, household))
    basis = asyncio.ensure_future(_procedure_basis_task(rt, household, effective, queried))
    try:
        fresh, fresh_obligors = await asyncio.gather(queries.results(), obligor_queries.results())
    except BaseException:
        lookup.cancel()
        basis.cancel()
        raise
    elsewhere, procedure = await asyncio.gather(lookup, basis)
    return assessed_round(
        rt,
        client,
        household,
        policy,
        request_id,
        previous=previous,
        fresh=fresh,
        elsewhere=elsewhere,
        revision=revision,
        effective=effective,
        procedure=procedure,
        previous_obligors=previous_obligors,
        fresh_obligors=fresh_obligors,
    )


def round_context(
    rt: Runtime, household: VerifiedHousehold, policy: Policy, request_id: str, *, started: float
) -> QueryContext:
    """What every agency of a round is told: why, for what period, until when."""
    window = lookback_window(household.as_of, policy.lookback_months)
    return QueryContext(
        authorization_id=household.authorization_id,
        purpose=household.purpose,
        period_start=window.start,
        period_end=window.end,
        deadline=fanout_deadline(rt, started),
        request_id=request_id,
    )


def persons_of(household: VerifiedHousehold) -> list[PersonQuery]:
    return [PersonQuery(id_number=m.id_number, name=m.name) for m in household.members]


def obligor_persons(household: VerifiedHousehold) -> list[PersonQuery]:
    return [PersonQuery(id_number=o.id_number, name=o.name) for o in household.obligors]


async def elsewhere_of(rt: Runtime, household: VerifiedHousehold) -> Elsewhere:
    """Where else the members are (``_elsewhere``), for a round that asks no agency anew."""
    return await _elsewhere(rt, household)


def assessed_round(
    rt: Runtime,
    client: ApiClient,
    household: VerifiedHousehold,
    policy: Policy,
    request_id: str,
    *,
    previous: Mapping[Pair, SourceResult],
    fresh: Mapping[Pair, SourceResult],
    elsewhere: Elsewhere,
    revision: int,
    extra_events: Sequence[Mapping[str, Any]] = (),
    effective: EffectivePolicy | None = None,
    procedure: ProcedureBasis | None = None,
    previous_obligors: Mapping[Pair, SourceResult] | None = None,
    fresh_obligors: Mapping[Pair, SourceResult] | None = None,
    unasked: Mapping[Pair, SourceResult] | None = None,
    unasked_obligors: Mapping[Pair, SourceResult] | None = None,
) -> AnsweredRound:
    """Assess ``fresh`` answers with ``previous`` ones and build and seal the report;
    nothing is written.  ``extra_events`` are recorded before ``report_created``;
    ``effective`` and ``procedure``: the resolved policy and the procedure section's basis
    when the caller prepared them during the agencies' wait (else made here).
    ``unasked`` (``unasked_obligors``): outcomes of this revision no agency was asked for
    (answers a withdrawal left uncollected): stored and assessed as fresh ones, with no
    request to audit."""
    unasked, unasked_obligors = unasked or {}, unasked_obligors or {}
    # the same resolved policy (cached) gives the 2021 办法's rules their values
    # (assessment/rule_params.py) and the report its procedure section and lapse notes
    if effective is None:
        effective = rt.policies.effective(household.region_code, household.as_of)
    if procedure is None:
        queried = {scope for _index, scope in [*previous, *fresh]}
        procedure = _procedure_basis(rt, household, effective, queried)
    results = {**previous, **fresh, **unasked}
    obligor_results = {**(previous_obligors or {}), **(fresh_obligors or {}), **unasked_obligors}
    assessment = assess(
        [
            Member(index=m.index, relation=m.relation, birth_date=birth_date(m.id_number))
            for m in household.members
        ],
        results,
        policy,
        household.area,
        household.as_of,
        declared=household.declared,
        elsewhere=elsewhere,
        national=national_rules(effective),
        obligors=[
            Obligor(o.index, ObligorRelation(o.relation), o.household_size)
            for o in household.obligors
        ],
        obligor_results=obligor_results,
        obligor_params=obligor_params(effective),
    )
    completed_at = utcnow()
    unavailable = {scope for (_, scope), r in fresh.items() if r.status is SourceStatus.UNAVAILABLE}
    common = audit_events.common(client, household, request_id)
    vid = household.verification_id
    # everything that needs no database is prepared before the write transaction
    source_rows = repository.source_rows(
        rt.keyring, vid, revision, {**fresh, **unasked}, completed_at
    )
    obligor_rows = repository.obligor_source_rows(
        rt.keyring, vid, revision, {**(fresh_obligors or {}), **unasked_obligors}, completed_at
    )
    first_poll_at = completed_at + dt.timedelta(seconds=rt.settings.pending_poll_seconds)
    pending_rows = [
        *repository.pending_rows(vid, revision, fresh, completed_at, first_poll_at),
        # an obligor's agency answering later is awaited as a member's (ADR 0015)
        *repository.pending_rows(
            vid, revision, fresh_obligors or {}, completed_at, first_poll_at, subject="obligor"
        ),
    ]
    events = [
        *audit_events.attempt_events(common, household.people, fresh, revision),
        *audit_events.obligor_attempt_events(
            common, household.obligors, fresh_obligors or {}, revision
        ),
        *extra_events,
        audit_events.report_created(
            common, revision=revision, outcome=assessment.outcome.value, policy=policy
        ),
    ]
    # built and sealed before the transaction; its audit reference is known only there
    draft = build_report(
        household.report_context(completed_at, revision),
        household.members,
        results,
        assessment=assessment,
        policy=policy,
        # the layered policy flags what lapsed on the assessment date (not applied here)
        policy_notes=lapse_notes(effective),
        procedure=completed_procedure(
            procedure,
            assessed=effective,
            received_on=household.as_of,
            outcome=assessment.outcome.value,
            results=results,
        ),
        # when each unavailable source whose breaker is open is expected back
        expected_back=expected_back(rt.sources(sandbox=client.sandbox), unavailable, completed_at),
        obligors=[o.report_person() for o in household.obligors],
        obligor_results=obligor_results,
    )
    sealed = repository.seal_report(rt.keyring, draft)
    return AnsweredRound(
        vid, client.id, draft, sealed, source_rows, events, pending_rows, obligor_rows
    )


async def write_round(
    session: AsyncSession,
    answered: AnsweredRound,
    keyring: KeyRing,
    *,
    awaited_revision: int | None = None,
) -> list[Mapping[str, Any]]:
    """Every write of the round, in the caller's transaction — the report, and the webhook
    event announcing it (``verification.completed`` when the verification completes: its
    first report, or the one that ends its wait for agencies that answer later;
    ``verification.revised`` for a later revision; none for a provisional report that still
    awaits sources); its audit events, for the committer to record.  With
    ``awaited_revision`` (a round completing a verification that awaited sources),
    ``DiscardedRoundError`` when the verification is no longer awaiting at that revision:
    nothing is written."""
    written = await repository.write_round(
        session,
        vid=answered.verification_id,
        draft=answered.draft,
        sealed=answered.sealed,
        source_rows=answered.source_rows,
        pending_rows=answered.pending_rows,
        awaited_revision=awaited_revision,
        obligor_rows=answered.obligor_rows,
        keyring=keyring,
    )
    if not written:
        raise DiscardedRoundError(str(answered.verification_id))
    vid, revision = answered.verification_id, answered.draft.revision
    if answered.draft.status == "awaiting_sources":
        return list(answered.events)  # provisional: announced when it completes
    if revision == 0 or awaited_revision is not None:
        await publish.verification_completed(
            session, client_id=answered.client_id, verification_id=vid
        )
    else:
        await publish.verification_revised(
            session, client_id=answered.client_id, verification_id=vid, revision=revision
        )
    return list(answered.events)


async def record_discarded(rt: Runtime, answered: AnsweredRound) -> None:
    """A discarded round: its requests were sent, so their events are recorded (in a
    transaction of their own), marked discarded; its report is not."""
    await rt.audit.record(audit_events.discarded(answered.events[:-1]))


def written_at_once(rt: Runtime, answered: AnsweredRound) -> bool:
    """Whether ``write_at_once`` writes the round: on PostgreSQL, a verification's first
    report that completes it, with no answer awaited and no support obligor's (the one
    statement writes no obligor answers)."""
    return (
        rt.transaction.autocommits
        and answered.draft.revision == 0
        and answered.draft.status != "awaiting_sources"
        and not answered.pending_rows
        and not answered.obligor_rows
    )


async def write_at_once(
    session: AsyncSession, answered: AnsweredRound, events_after: Events = ()
) -> list[int] | None:
    """Every write of the round (``written_at_once``) in one statement
    (``single_statement``) — the report, the answers, ``verification.completed`` and the
    round's audit entries, then ``events_after``'s — in ``session``'s transaction or, in
    autocommit, as its own; the entries' ids, or None when the verification's row was not
    there to update (nothing written: the portable path says what it always said)."""
    vid = answered.verification_id
    return await single_statement.write_round(
        session,
        verification_id=vid,
        values=repository.round_values(answered.draft, answered.sealed),
        source_rows=answered.source_rows,
        webhook_event=publish.completed_row(client_id=answered.client_id, verification_id=vid),
        events=[*answered.events, *events_after],
    )


async def report_round(rt: Runtime, answered: AnsweredRound) -> VerificationReport:
    """Write an answered round in a transaction of its own; its report: in one statement
    where it can (``written_at_once``), else the portable path's transaction."""
    if written_at_once(rt, answered):
        async with rt.transaction.one_statement() as session:
            entries = await write_at_once(session, answered)
        if entries is not None:
            return answered.report(entries)

    async def write(session: AsyncSession) -> tuple[None, list[Mapping[str, Any]]]:
        return None, await write_round(session, answered, rt.keyring)

    _, entries = await rt.own_writes(write)
    return answered.report(entries)


async def _procedure_basis_task(
    rt: Runtime, household: VerifiedHousehold, assessed: EffectivePolicy, queried: set[str]
) -> ProcedureBasis:
    """``_procedure_basis`` as a task, so that it runs after the queries' requests went
    out."""
    return _procedure_basis(rt, household, assessed, queried)


def _procedure_basis(
    rt: Runtime, household: VerifiedHousehold, assessed: EffectivePolicy, queried: set[str]
) -> ProcedureBasis:
    """The report's procedure section as far as no answer changes it, from the layered
    policy: deadlines in force on the acceptance date, the rest on the assessment date."""
    accepted_on = household.accepted_on
    accepted = None
    if accepted_on is not None:
        accepted = (
            assessed
            if accepted_on == household.as_of
            else rt.policies.effective(household.region_code, accepted_on)
        )
    return procedure_basis(
        assessed=assessed,
        accepted=accepted,
        accepted_on=accepted_on,
        received_on=household.as_of,
        calendar=rt.calendar,
        queried_scopes=queried,
    )


async def _elsewhere(rt: Runtime, household: VerifiedHousehold) -> Elsewhere:
    """Which members are, by blind index, in an active enrolled household (other than
    the one a review re-verifies), in another verification still running, or on the
    integrity record on the assessment date.  A running
    verification older than max(60 s, 3 × the deadline) is taken to have died with its
    process (as an idempotency key is) and no longer counts."""
    deadline = rt.settings.verification_deadline_seconds
    alive_since = utcnow() - dt.timedelta(seconds=max(60.0, 3 * deadline))
    async with rt.read_session_factory() as session:
        return await repository.elsewhere(session, household, alive_since=alive_since)
