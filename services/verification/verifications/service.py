"""The verification use case: authorization → fan-out → assessment → report.

Short transactions bracket the network work: the first records the accepted
authorization, the running verification and its audit events; the second
records every source's answer (its evidence encrypted), one audit event per
attempt, and the report.  No transaction is held open while agencies are
queried.  A retry re-queries only the sources that were unavailable or
rejected, re-assesses with the stored answers of the others and the original
assessment date, and writes the next revision of the report.  Refusals raise
``DomainError``s carrying their audit fields; the problem handler records
them, so a refused request stores an audit event and nothing else.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

from sqlalchemy import (
    CursorResult,
    bindparam,
    func,
    insert,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.selectable import CompoundSelect

from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.evidence import SourceResult, SourceStatus
from verification.assessment.engine import assess
from verification.assessment.income import lookback_window
from verification.assessment.model import Declared, Elsewhere, Member, Results
from verification.audit.committer import Committer
from verification.audit.log import AuditRef
from verification.audit.models import AuditEvent, AuditPending
from verification.audit.receipt_service import IssuedReceipt, issue_receipt, receipt_pending
from verification.authorization.grant import Grant, check_lifetime, parse_grant
from verification.authorization.issuer_keys import lookup_key
from verification.authorization.jws import RegisteredKey, demo_key_refused, verify_jws
from verification.authorization.models import AuthorizationRecord
from verification.clients.models import ApiClient
from verification.data_keys.columns import (
    MEMBER_ID_NUMBER,
    MEMBER_NAME,
    SOURCE_EVIDENCE,
    VERIFICATION_DECLARATION,
    VERIFICATION_REPORT,
)
from verification.db import table, utcnow
from verification.households.models import ActiveHouseholdMember
from verification.kit.crypto import KeyRing
from verification.kit.id_number import birth_date, normalize
from verification.kit.masking import mask_id_number
from verification.messages.locale import Locale
from verification.policies.in_force import lapse_notes
from verification.policies.layered.resolution import EffectivePolicy
from verification.policies.model import Policy
from verification.policies.rule_params import national_rules
from verification.problems import (
    AuthorizationRefused,
    Conflict,
    Forbidden,
    InvalidRequest,
    NotFound,
)
from verification.procedure.calendar import china as working_days
from verification.procedure.view import procedure_view
from verification.reports.builder import ReportContext, ReportMember, build_report
from verification.runtime import Runtime
from verification.verifications.evidence_codec import evidence_from_json, evidence_to_json
from verification.verifications.fanout import Pair, all_pairs, query_sources
from verification.verifications.models import SourceQuery, Verification, VerificationMember
from verification.verifications.schemas import (
    CreateVerification,
    Declaration,
    ProcedureView,
    ReportContent,
    VerificationReport,
)

RETRYABLE = (SourceStatus.UNAVAILABLE, SourceStatus.REJECTED)

# Runs inside the transaction that writes the report, before its audit events: the audit
# events to append after the report's, or None to discard the whole round.  The report it
# sees is final but for its audit reference, which is not known yet.
Finish = Callable[[AsyncSession, ReportContent], Awaitable[Sequence[Mapping[str, Any]] | None]]


class DiscardedRoundError(Exception):
    """The ``finish`` hook refused the round (another run completed it first): nothing of it
    was stored but the audit events of the requests it sent."""


def stored_report(keyring: KeyRing, row: Verification) -> ReportContent:
    """The report stored, encrypted, with a completed verification (no audit: callers audit).

    Its audit reference is not stored with it (``report_audit_ref`` finds it): the report is
    written before its entry is integrated, and the entry's place is known only then.
    """
    assert row.report_enc is not None
    return ReportContent.model_validate(VERIFICATION_REPORT.decrypt_json(keyring, row))


async def report_audit_ref(session: AsyncSession, verification_id: uuid.UUID) -> AuditRef:
    """The ``report_created`` entry of a verification's current report
    (``current_report_audit_ref``); raises ``LookupError`` when there is none."""
    ref = await current_report_audit_ref(session, verification_id)
    if ref is None:
        raise LookupError(f"no report_created entry for verification {verification_id}")
    return ref


async def current_report_audit_ref(
    session: AsyncSession, verification_id: uuid.UUID
) -> AuditRef | None:
    """The ``report_created`` entry of a verification's current report, or None (no report
    yet): its latest, since each revision's entry commits with that revision's report and a
    discarded round writes none.  Pending (its entry id only) until the integrator has moved
    it into the log — while an earlier revision's entry may be in the log already.

    Pending entries are looked at first: one integrated in between is then found in the
    log by the second statement (each statement sees what was committed before it)."""
    pending = await session.scalar(
        select(AuditPending.id)
        .where(
            AuditPending.verification_id == str(verification_id),
            AuditPending.action == "report_created",
        )
        .order_by(AuditPending.id.desc())
        .limit(1)
    )
    if pending is not None:
        return AuditRef(entry=int(pending))
    return await find_report_audit_ref(session, verification_id)


async def find_report_audit_ref(
    session: AsyncSession, verification_id: uuid.UUID
) -> AuditRef | None:
    """The latest integrated ``report_created`` entry of a verification, or None while
    none is in the log.  The current report's only when none of its is pending
    (``current_report_audit_ref`` looks there first)."""
    row = (
        await session.execute(
            select(AuditEvent.pending_id, AuditEvent.seq, AuditEvent.leaf_hash)
            .where(
                AuditEvent.verification_id == str(verification_id),
                AuditEvent.action == "report_created",
            )
            .order_by(AuditEvent.seq.desc())
            .limit(1)
        )
    ).first()
    return None if row is None else AuditRef(entry=row[0], seq=row[1], leaf_hash=row[2])


@functools.cache
def _elsewhere_statement(*, review: bool) -> CompoundSelect[str, str]:
    """``VerificationService._elsewhere``'s query, built once (each verification runs it):
    its values are bound parameters."""
    people: BindParameter[str] = bindparam("people", expanding=True)
    enrolled = select(ActiveHouseholdMember.person_index, literal("enrolled")).where(
        ActiveHouseholdMember.person_index.in_(people)
    )
    if review:
        enrolled = enrolled.where(ActiveHouseholdMember.household_id != bindparam("household_id"))
    running = (
        select(VerificationMember.person_index, literal("in_flight"))
        .join(Verification, Verification.id == VerificationMember.verification_id)
        .where(
            VerificationMember.person_index.in_(people),
            Verification.status == "running",
            Verification.id != bindparam("verification_id"),
            Verification.created_at > bindparam("alive_since"),
        )
    )
    return union_all(enrolled, running)


@dataclass(frozen=True)
class _Household:
    """What a fan-out and assessment round needs to know about one verification."""

    verification_id: uuid.UUID
    authorization_id: str
    purpose: str
    region_code: str
    area: str
    created_at: dt.datetime
    as_of: dt.date
    members: Sequence[ReportMember]
    people: Sequence[dict[str, str]]  # blind index and masked ID, per member
    declared: Declared | None
    household_id: uuid.UUID | None = None  # the enrolled household a review re-verifies
    accepted_on: dt.date | None = None  # the application's 受理 date; None for a review

    def report_context(self, completed_at: dt.datetime, revision: int) -> ReportContext:
        return ReportContext(
            verification_id=self.verification_id,
            authorization_id=self.authorization_id,
            purpose=self.purpose,
            region_code=self.region_code,
            area=self.area,
            created_at=self.created_at,
            completed_at=completed_at,
            as_of=self.as_of,
            revision=revision,
        )


@dataclass(frozen=True)
class ReviewRound:
    """A re-verification ``start_review`` started (or resumed): what ``complete_review``
    needs."""

    client: ApiClient
    household: _Household
    policy: Policy
    scopes: Sequence[str]
    request_id: str
    started: float  # time.monotonic() at the start, for the fan-out deadline


class VerificationService:
    def __init__(self, runtime: Runtime) -> None:
        self._rt = runtime

    async def submit(
        self,
        client: ApiClient,
        body: CreateVerification,
        request_id: str,
        now: dt.datetime | None = None,
    ) -> VerificationReport:
        started = time.monotonic()
        now = now or utcnow()
        key, grant, policy = await self._accept_authorization(client, body, now)
        if body.declaration is not None:
            if problems := body.declaration.inconsistencies():
                raise InvalidRequest(
                    "the declaration is not consistent: " + "; ".join(problems),
                    code="declaration-invalid",
                    audit={"authorization_id": grant.authorization_id},
                )
            beyond = sorted(i for i in body.declaration.member_indexes() if i >= len(grant.members))
            if beyond:
                raise InvalidRequest(
                    f"the declaration refers to members {beyond} but the authorization lists "
                    f"{len(grant.members)}",
                    code="declaration-invalid",
                    audit={"authorization_id": grant.authorization_id},
                )
        as_of = self._rt.business_date(now)  # the assessment date: a day in Beijing (settings)
        if body.accepted_on is not None and body.accepted_on > as_of:
            raise InvalidRequest(
                f"accepted_on is after the day the request was received ({as_of.isoformat()})",
                code="accepted-on-in-future",
                audit={"authorization_id": grant.authorization_id},
            )
        # the installed sources the request asks for (all it grants by default), in scope order
        scopes = [s for s in self._rt.connectors if s in (body.scopes or grant.scopes)]
        members = [
            ReportMember(
                index=i, id_number=normalize(m.id_number), name=m.name, relation=m.relation
            )
            for i, m in enumerate(grant.members)
        ]
        household = _Household(
            verification_id=uuid.uuid4(),
            authorization_id=grant.authorization_id,
            purpose=grant.purpose,
            region_code=grant.region_code,
            area=grant.area,
            created_at=now,
            as_of=as_of,
            members=members,
            people=[self._person_ref(m.id_number) for m in members],
            declared=body.declaration.facts() if body.declaration else None,
            accepted_on=body.accepted_on or as_of,
        )
        async with self._rt.transaction() as session:
            await self._record_authorization(session, key, grant, now)
            await self._insert_verification(session, client, household, policy, body.declaration)
            await self._rt.audit.append(
                session,
                [
                    {
                        **self._common(client, household, request_id),
                        "action": "authorization_accepted",
                        "issuer": grant.issuer,
                        "kid": key.kid,
                        "region_code": grant.region_code,
                        "scopes": scopes,
                        "members": list(household.people),
                        "policy": f"{policy.id}@{policy.version}",
                    }
                ],
            )
        return await self._query_and_report(
            client,
            household,
            policy,
            request_id,
            started=started,
            previous={},
            pairs=all_pairs(len(members), scopes),
            revision=0,
        )

    async def retry(
        self,
        client: ApiClient,
        verification_id: uuid.UUID,
        request_id: str,
        now: dt.datetime | None = None,
    ) -> VerificationReport:
        started = time.monotonic()
        now = now or utcnow()
        async with self._rt.read_session_factory() as session:
            row = await self._owned(session, client, verification_id)
            if row.status != "completed":
                raise Conflict(
                    "the verification has not completed; retry it when it has",
                    code="verification-incomplete",
                )
            latest = await self._latest_results(session, verification_id)
            failed = sorted(pair for pair, result in latest.items() if result.status in RETRYABLE)
            if not failed:
                raise Conflict(
                    "every source answered; there is nothing to retry",
                    code="nothing-to-retry",
                )
            authorization = await session.get(AuthorizationRecord, row.authorization_id)
            assert authorization is not None
            key = await lookup_key(session, authorization.kid)
            household = await self._load_household(session, row)
        _check_still_valid(authorization, key, now, accept_demo=self._rt.settings.demo_mode())
        policy = self._rt.policies.policy(household.region_code, household.as_of)
        async with self._rt.transaction() as session:
            await self._rt.audit.append(
                session,
                [
                    {
                        **self._common(client, household, request_id),
                        "action": "verification_retried",
                        "revision": row.revision + 1,
                        "pairs": [f"{index}:{scope}" for index, scope in failed],
                    }
                ],
            )
        previous = {pair: result for pair, result in latest.items() if pair not in failed}
        return await self._query_and_report(
            client,
            household,
            policy,
            request_id,
            started=started,
            previous=previous,
            pairs=failed,
            revision=row.revision + 1,
        )

    async def start_review(
        self,
        session: AsyncSession,
        client: ApiClient,
        previous_id: uuid.UUID,
        verification_id: uuid.UUID,
        request_id: str,
        *,
        audit: Mapping[str, Any],
        now: dt.datetime | None = None,
        new_id: bool = False,
        household_id: uuid.UUID | None = None,
    ) -> tuple[ReviewRound, list[dict[str, Any]]]:
        """In the caller's write transaction, start verifying again the household of
        verification ``previous_id``, under its stored authorization, as the new
        verification ``verification_id`` chosen by the caller; the round and the audit
        event (``review_started``) the caller appends last in that transaction.
        ``complete_review`` asks the sources once it has committed (so the event is
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
        existing = None if new_id else await session.get(Verification, verification_id)
        if existing is not None and existing.status != "running":
            raise DiscardedRoundError  # completed by an earlier run
        base = existing or await session.get(Verification, previous_id)
        if base is None or base.client_id != client.id:
            raise NotFound("no verification with this id for this client")
        authorization = await session.get(AuthorizationRecord, base.authorization_id)
        assert authorization is not None
        key = await lookup_key(session, authorization.kid)
        _check_still_valid(authorization, key, now, accept_demo=self._rt.settings.demo_mode())
        assert key is not None
        household = replace(await self._load_household(session, base), household_id=household_id)
        scopes = [s for s in self._rt.connectors if s in authorization.scopes]
        if existing is None:
            household = replace(
                household,
                verification_id=verification_id,
                created_at=now,
                as_of=self._rt.business_date(now),
                declared=None,
                accepted_on=None,  # a review is no application: no deadlines
            )
        # the policy in force on the assessment date (a resumed round keeps its date)
        policy = self._rt.policies.policy(household.region_code, household.as_of)
        events: list[dict[str, Any]] = []
        if existing is None:
            try:
                await self._insert_verification(session, client, household, policy, None)
            except IntegrityError:  # a concurrent run of the same review started it
                raise DiscardedRoundError from None
            events.append(
                {
                    **self._common(client, household, request_id),
                    **audit,
                    "action": "review_started",
                    "previous_verification_id": str(previous_id),
                    "kid": key.kid,
                    "region_code": household.region_code,
                    "scopes": scopes,
                    "members": list(household.people),
                    "policy": f"{policy.id}@{policy.version}",
                }
            )
        return ReviewRound(client, household, policy, scopes, request_id, started), events

    async def complete_review(
        self, review: ReviewRound, *, finish: Finish, committer: Committer | None = None
    ) -> VerificationReport:
        """Ask the sources for a round ``start_review`` started, assess, and write the
        report (through ``committer``: a transaction of its own by default); ``finish``
        decides, in the report's transaction, whether this round's result counts
        (``DiscardedRoundError`` if it does not)."""
        return await self._query_and_report(
            review.client,
            review.household,
            review.policy,
            review.request_id,
            started=review.started,
            previous={},
            pairs=all_pairs(len(review.household.members), review.scopes),
            revision=0,
            finish=finish,
            committer=committer,
        )

    async def read(
        self,
        client: ApiClient,
        verification_id: uuid.UUID,
        request_id: str,
        *,
        audit_action: str = "report_read",
        allow: Callable[[Verification], None] | None = None,
    ) -> VerificationReport:
        """The stored report of one of ``client``'s verifications; the read is audited.

        ``allow`` may refuse the read (raise a ``DomainError``) before anything is decrypted.
        """
        async with self._rt.transaction() as session:
            row = await self._owned(session, client, verification_id)
            if row.report_enc is None:
                raise Conflict(
                    "the verification has not completed; its report is not available",
                    code="verification-incomplete",
                )
            if allow is not None:
                allow(row)
            ref = await report_audit_ref(session, verification_id)
            report = stored_report(self._rt.keyring, row).with_audit(
                entry=ref.entry, seq=ref.seq, leaf_hash=ref.leaf_hash
            )
            await self._rt.audit.append(
                session,
                [
                    {
                        "action": audit_action,
                        "client_id": str(client.id),
                        "request_id": request_id,
                        "verification_id": str(verification_id),
                        "authorization_id": row.authorization_id,
                        "purpose": row.purpose,
                        "revision": row.revision,
                    }
                ],
            )
        return report

    async def receipt(
        self, client: ApiClient, verification_id: uuid.UUID, request_id: str, locale: Locale
    ) -> IssuedReceipt:
        """The receipt (C2SP tlog-proof) of the audit event that recorded the current report
        of one of ``client``'s verifications, as ``read`` finds it; the read is audited.
        ``409 receipt-pending`` while the event is not in the log (still pending, even when
        an earlier revision's event is in it) or no signed checkpoint covers it."""
        async with self._rt.read_session_factory() as session:
            row = await self._owned(session, client, verification_id)
            if row.report_enc is None:
                raise Conflict(
                    "the verification has not completed; its report is not available",
                    code="verification-incomplete",
                )
            authorization_id = row.authorization_id
            ref = await current_report_audit_ref(session, verification_id)
        asked = {"verification_id": str(verification_id)}
        issued = (
            None
            if ref is None or ref.seq is None
            else await issue_receipt(self._rt, ref.seq, locale, audit=asked)
        )
        if issued is None:  # the report's event is not in the log yet (pending)
            raise receipt_pending(self._rt, locale, seq=None, audit=asked)
        await self._rt.audit.record(
            [
                {
                    "action": "receipt_read",
                    "client_id": str(client.id),
                    "request_id": request_id,
                    "verification_id": str(verification_id),
                    "authorization_id": authorization_id,
                    "index": issued.index,
                    "checkpoint": issued.checkpoint_size,
                }
            ]
        )
        return issued

    def _fanout_deadline(self, started: float) -> float:
        """When the fan-out must stop: the request's deadline less a reserve for
        the assessment and the writes after it."""
        settings = self._rt.settings
        budget = settings.verification_deadline_seconds
        return started + budget * (1 - settings.deadline_reserve_fraction)

    async def _query_and_report(
        self,
        client: ApiClient,
        household: _Household,
        policy: Policy,
        request_id: str,
        *,
        started: float,
        previous: Mapping[Pair, SourceResult],
        pairs: Sequence[Pair],
        revision: int,
        finish: Finish | None = None,
        committer: Committer | None = None,
    ) -> VerificationReport:
        """Query ``pairs``, assess with ``previous`` and write the report in one transaction
        (``committer``'s; by default one of its own).

        ``finish``, when given, runs in that transaction before the audit events are
        recorded; if it returns None
        the round's writes are rolled back, the requests sent are still audited (in a
        transaction of their own) and ``DiscardedRoundError`` is raised.
        """
        window = lookback_window(household.as_of, policy.lookback_months)
        context = QueryContext(
            authorization_id=household.authorization_id,
            purpose=household.purpose,
            period_start=window.start,
            period_end=window.end,
            deadline=self._fanout_deadline(started),
            request_id=request_id,
        )
        persons = [PersonQuery(id_number=m.id_number, name=m.name) for m in household.members]
        # where else the members are is looked up while the agencies are asked (no latency)
        lookup = asyncio.ensure_future(self._elsewhere(household))
        try:
            fresh = await query_sources(self._rt.connectors, persons, pairs, context)
        except BaseException:
            lookup.cancel()
            raise
        elsewhere = await lookup
        results = {**previous, **fresh}
        # the same resolved policy (cached) gives the 2021 办法's rules their values
        # (policies/rule_params.py) and the report its lapse notes
        effective = self._rt.policies.effective(household.region_code, household.as_of)
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
        )
        completed_at = utcnow()
        common = self._common(client, household, request_id)
        vid = household.verification_id
        # everything that needs no database is prepared before the write transaction
        source_rows = [
            {
                "verification_id": vid,
                "revision": revision,
                "member_index": index,
                "scope": scope,
                "status": result.status.value,
                "reason": result.reason,
                "reason_code": result.reason_code,
                "reason_params": dict(result.reason_params) or None,
                "attempts": result.attempts,
                "requests": result.requests_sent,
                "duration_ms": result.duration_ms,
                "queried_at": completed_at,
                "evidence_enc": SOURCE_EVIDENCE.encrypt_json(
                    self._rt.keyring,
                    evidence_to_json(result.evidence),
                    verification_id=vid,
                    revision=revision,
                    member_index=index,
                    scope=scope,
                ),
            }
            for (index, scope), result in sorted(fresh.items())
        ]
        events = [
            *_attempt_events(common, household.people, fresh, revision),
            {
                **common,
                "action": "report_created",
                "revision": revision,
                "outcome": assessment.outcome.value,
                "policy": f"{policy.id}@{policy.version}",
            },
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
            procedure=self._procedure(household, effective, assessment.outcome.value, results),
        )
        # its JSON by pydantic's own serializer (no dict of it, no json.dumps)
        sealed = VERIFICATION_REPORT.encrypt(
            self._rt.keyring, draft.model_dump_json().encode(), id=vid
        )

        async def write(session: AsyncSession) -> tuple[None, list[Mapping[str, Any]]]:
            return None, await self._write_round(
                session,
                vid=vid,
                sealed=sealed,
                draft=draft,
                source_rows=source_rows,
                events=events,
                finish=finish,
            )

        try:
            _, entries = await (committer or self._rt.own_writes)(write)
        except DiscardedRoundError:
            await self._rt.audit.record([{**event, "discarded": True} for event in events[:-1]])
            raise
        # report_created: pending; a GET of the report gives its place once integrated
        return draft.with_audit(entry=entries[len(events) - 1])

    def _procedure(
        self, household: _Household, assessed: EffectivePolicy, outcome: str, results: Results
    ) -> ProcedureView:
        """The report's procedural section, from the layered policy: deadlines in force on
        the acceptance date, the rest on the assessment date."""
        accepted_on = household.accepted_on
        accepted = None
        if accepted_on is not None:
            accepted = (
                assessed
                if accepted_on == household.as_of
                else self._rt.policies.effective(household.region_code, accepted_on)
            )
        return procedure_view(
            assessed=assessed,
            accepted=accepted,
            accepted_on=accepted_on,
            received_on=household.as_of,
            calendar=working_days(),
            queried_scopes={scope for _index, scope in results},
            outcome=outcome,
            results=results,
        )

    async def _write_round(
        self,
        session: AsyncSession,
        *,
        vid: uuid.UUID,
        draft: ReportContent,
        sealed: str,
        source_rows: Sequence[Mapping[str, Any]],
        events: Sequence[Mapping[str, Any]],
        finish: Finish | None,
    ) -> list[Mapping[str, Any]]:
        """Every write of the round; the audit events, ``events`` then ``finish``'s, for
        the committer to record."""
        if source_rows:
            await session.execute(insert(table(SourceQuery)), list(source_rows))
        after: Sequence[Mapping[str, Any]] = []
        if finish is not None:
            decided = await finish(session, draft)
            if decided is None:
                raise DiscardedRoundError
            after = decided
        verifications = table(Verification)
        await session.execute(
            update(verifications)
            .where(verifications.c.id == vid)
            .values(
                status="completed",
                outcome=draft.outcome,
                completed_at=draft.completed_at,
                revision=draft.revision,
                report_enc=sealed,
            )
        )
        return [*events, *after]

    async def _insert_verification(
        self,
        session: AsyncSession,
        client: ApiClient,
        household: _Household,
        policy: Policy,
        declaration: Declaration | None,
    ) -> None:
        vid = household.verification_id
        keyring = self._rt.keyring
        await session.execute(
            insert(table(Verification)).values(
                id=vid,
                client_id=client.id,
                authorization_id=household.authorization_id,
                purpose=household.purpose,
                region_code=household.region_code,
                area=household.area,
                status="running",
                policy_id=policy.id,
                policy_version=policy.version,
                created_at=household.created_at,
                as_of=household.as_of,
                accepted_on=household.accepted_on,
                revision=0,
                declaration_enc=(
                    VERIFICATION_DECLARATION.encrypt_json(
                        keyring, declaration.model_dump(mode="json"), id=vid
                    )
                    if declaration
                    else None
                ),
            )
        )
        await session.execute(
            insert(table(VerificationMember)),
            [
                {
                    "verification_id": vid,
                    "member_index": member.index,
                    "person_index": person["person"],
                    "id_number_masked": person["person_masked"],
                    "id_number_enc": MEMBER_ID_NUMBER.encrypt(
                        keyring,
                        member.id_number.encode(),
                        verification_id=vid,
                        member_index=member.index,
                    ),
                    "name_enc": MEMBER_NAME.encrypt(
                        keyring,
                        member.name.encode(),
                        verification_id=vid,
                        member_index=member.index,
                    ),
                    "relation": member.relation,
                }
                for member, person in zip(household.members, household.people, strict=True)
            ],
        )

    async def _elsewhere(self, household: _Household) -> Elsewhere:
        """Which members are, by blind index, in an active enrolled household (other than
        the one a review re-verifies) or in another verification still running.  A running
        verification older than max(60 s, 3 × the deadline) is taken to have died with its
        process (as an idempotency key is) and no longer counts."""
        people: dict[str, list[int]] = {}
        for member, person in zip(household.members, household.people, strict=True):
            people.setdefault(person["person"], []).append(member.index)
        deadline = self._rt.settings.verification_deadline_seconds
        values: dict[str, Any] = {
            "people": list(people),
            "verification_id": household.verification_id,
            "alive_since": utcnow() - dt.timedelta(seconds=max(60.0, 3 * deadline)),
        }
        if household.household_id is not None:
            values["household_id"] = household.household_id
        statement = _elsewhere_statement(review=household.household_id is not None)
        async with self._rt.read_session_factory() as session:
            rows = (await session.execute(statement, values)).all()
        found: dict[str, set[int]] = {"enrolled": set(), "in_flight": set()}
        for found_person, kind in rows:
            found[kind].update(people[found_person])
        return Elsewhere(
            enrolled=frozenset(found["enrolled"]), in_flight=frozenset(found["in_flight"])
        )

    async def _load_household(self, session: AsyncSession, row: Verification) -> _Household:
        vid = row.id
        rows = (
            (
                await session.execute(
                    select(VerificationMember)
                    .where(VerificationMember.verification_id == vid)
                    .order_by(VerificationMember.member_index)
                )
            )
            .scalars()
            .all()
        )
        keyring = self._rt.keyring
        members = [
            ReportMember(
                index=m.member_index,
                id_number=MEMBER_ID_NUMBER.decrypt(keyring, m).decode(),
                name=MEMBER_NAME.decrypt(keyring, m).decode(),
                relation=m.relation,
            )
            for m in rows
        ]
        return _Household(
            verification_id=vid,
            authorization_id=row.authorization_id,
            purpose=row.purpose,
            region_code=row.region_code,
            area=row.area,
            created_at=row.created_at,
            as_of=row.as_of,
            accepted_on=row.accepted_on,
            members=members,
            people=[{"person": m.person_index, "person_masked": m.id_number_masked} for m in rows],
            declared=(
                Declaration.model_validate(
                    VERIFICATION_DECLARATION.decrypt_json(keyring, row)
                ).facts()
                if row.declaration_enc
                else None
            ),
        )

    async def _latest_results(
        self, session: AsyncSession, verification_id: uuid.UUID
    ) -> dict[Pair, SourceResult]:
        latest = (
            select(
                SourceQuery.member_index,
                SourceQuery.scope,
                func.max(SourceQuery.revision).label("revision"),
            )
            .where(SourceQuery.verification_id == verification_id)
            .group_by(SourceQuery.member_index, SourceQuery.scope)
            .subquery()
        )
        rows = (
            (
                await session.execute(
                    select(SourceQuery)
                    .join(
                        latest,
                        (SourceQuery.member_index == latest.c.member_index)
                        & (SourceQuery.scope == latest.c.scope)
                        & (SourceQuery.revision == latest.c.revision),
                    )
                    .where(SourceQuery.verification_id == verification_id)
                )
            )
            .scalars()
            .all()
        )
        return {
            (q.member_index, q.scope): SourceResult(
                scope=q.scope,
                status=SourceStatus(q.status),
                evidence=evidence_from_json(SOURCE_EVIDENCE.decrypt_json(self._rt.keyring, q)),
                reason=q.reason,
                attempts=q.attempts,
                duration_ms=q.duration_ms,
                requests=q.requests,
                reason_code=q.reason_code,
                reason_params=q.reason_params or {},
            )
            for q in rows
        }

    async def _owned(
        self, session: AsyncSession, client: ApiClient, verification_id: uuid.UUID
    ) -> Verification:
        row = (
            await session.execute(
                select(Verification).where(
                    Verification.id == verification_id, Verification.client_id == client.id
                )
            )
        ).scalar_one_or_none()
        if row is None:
            raise NotFound("no verification with this id for this client")
        return row

    async def _accept_authorization(
        self, client: ApiClient, body: CreateVerification, now: dt.datetime
    ) -> tuple[RegisteredKey, Grant, Policy]:
        """The verified key and grant, and the policy in force for the grant's region."""
        key, claims = await verify_jws(
            body.authorization,
            self._rt.issuer_keys,  # kept a few seconds (kit/lookup_cache.py)
            now,
            accept_demo=self._rt.settings.demo_mode(),
        )
        audit: dict[str, Any] = {"kid": key.kid}
        if isinstance(claims.get("authorization_id"), str):
            audit["authorization_id"] = claims["authorization_id"][:128]
        try:
            grant = parse_grant(claims, body.scopes)
        except AuthorizationRefused as refusal:
            refusal.audit_fields.update(audit)
            raise
        audit["issuer"] = grant.issuer
        if grant.issuer != key.issuer_code:
            raise AuthorizationRefused(
                "the signing key does not belong to the issuer named in the authorization",
                code="issuer-mismatch",
                audit=audit,
            )
        if not client.may_use_issuer(grant.issuer):
            raise _refused_forbidden(
                "this client may not submit authorizations of this issuer",
                "issuer-not-permitted",
                audit,
            )
        if not client.may_use_region(grant.region_code):
            raise _refused_forbidden(
                "this client may not verify households of this region",
                "region-not-permitted",
                audit,
            )
        try:
            # the layered policy of the region on the assessment date: refused (no-policy,
            # policy-incomplete) before anything is stored when a value it needs is missing
            policy = self._rt.policies.policy(grant.region_code, self._rt.business_date(now))
        except InvalidRequest as refusal:
            refusal.audit_fields.update(audit)
            raise
        try:
            check_lifetime(grant, self._rt.settings.max_authorization_days)
        except AuthorizationRefused as refusal:
            refusal.audit_fields.update(audit)
            raise
        return key, grant, policy

    async def _record_authorization(
        self, session: AsyncSession, key: RegisteredKey, grant: Grant, now: dt.datetime
    ) -> None:
        """Record the authorization at its first use: one INSERT, which does nothing when its
        id is recorded already (a later use, or a concurrent first use that committed
        first); only then is the recorded content read and compared."""
        content_hash = grant.content_hash()
        dialect = session.get_bind().dialect.name
        record = (pg_insert if dialect == "postgresql" else sqlite_insert)(AuthorizationRecord)
        inserted = await session.execute(
            record.values(
                authorization_id=grant.authorization_id,
                content_hash=content_hash,
                issuer_code=grant.issuer,
                kid=key.kid,
                purpose=grant.purpose,
                region_code=grant.region_code,
                scopes=grant.scopes,
                member_count=len(grant.members),
                not_before=grant.not_before,
                expires_at=grant.expires_at,
                first_seen_at=now,
            ).on_conflict_do_nothing(index_elements=[AuthorizationRecord.authorization_id])
        )
        if cast(CursorResult[Any], inserted).rowcount == 1:
            return
        recorded = await session.scalar(
            select(AuthorizationRecord.content_hash).where(
                AuthorizationRecord.authorization_id == grant.authorization_id
            )
        )
        if recorded is None:  # recorded and gone again in between (cannot be deleted)
            raise Conflict(
                "this authorization is being used by a concurrent request; retry",
                code="authorization-in-use",
            )
        if recorded != content_hash:
            raise AuthorizationRefused(
                "this authorization_id was already used with different content",
                code="authorization-replayed",
                status=409,
                audit={"authorization_id": grant.authorization_id, "kid": key.kid},
            )

    def _person_ref(self, id_number: str) -> dict[str, str]:
        return {
            "person": self._rt.keyring.blind_index(normalize(id_number)),
            "person_masked": mask_id_number(normalize(id_number)),
        }

    @staticmethod
    def _common(client: ApiClient, household: _Household, request_id: str) -> dict[str, Any]:
        return {
            "client_id": str(client.id),
            "request_id": request_id,
            "verification_id": str(household.verification_id),
            "authorization_id": household.authorization_id,
            "purpose": household.purpose,
        }


def _check_still_valid(
    authorization: AuthorizationRecord,
    key: RegisteredKey | None,
    now: dt.datetime,
    *,
    accept_demo: bool,
) -> None:
    """A stored authorization may be used again only while it and its key are valid (and
    its key is not a demo key outside demo mode)."""
    audit = {"authorization_id": authorization.authorization_id, "kid": authorization.kid}
    if key is None or key.revoked:
        raise AuthorizationRefused(
            "the key that signed the authorization has been revoked",
            code="revoked-key",
            audit=audit,
        )
    if key.demo and not accept_demo:
        refusal = demo_key_refused(key.kid)
        refusal.audit_fields.update(audit)
        raise refusal
    if not authorization.not_before <= now <= authorization.expires_at:
        raise AuthorizationRefused(
            "the authorization is no longer valid", code="expired", audit=audit
        )


def _refused_forbidden(detail: str, code: str, audit: Mapping[str, Any]) -> Forbidden:
    return Forbidden(detail, code=code, audit=audit, audit_action="authorization_refused")


def _attempt_events(
    common: Mapping[str, Any],
    people: Sequence[Mapping[str, str]],
    results: Mapping[Pair, SourceResult],
    revision: int,
) -> list[dict[str, Any]]:
    """One audit event per request sent to an agency; a query that sent none still gets one."""
    events = []
    for (index, scope), result in sorted(results.items()):
        base = {
            **common,
            "action": "source_query",
            "revision": revision,
            "scope": scope,
            **people[index],
            "status": result.status.value,
            "reason": result.reason,
        }
        if not result.attempt_log:
            events.append({**base, "attempt": 0, "outcome": result.status.value})
        events.extend(
            {
                **base,
                "attempt": attempt.number,
                "outcome": attempt.outcome,
                "http_status": attempt.status_code,
                "duration_ms": attempt.duration_ms,
            }
            for attempt in result.attempt_log
        )
    return events
