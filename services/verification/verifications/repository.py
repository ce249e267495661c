"""Persistence of verifications: their rows, members, source answers and stored reports.

The use cases speak in domain objects (``VerifiedHousehold``, ``SourceResult``,
``ReportContent``); the SQLAlchemy statements, and the encrypted columns' sealing and
opening (``data_keys/columns.py``, which holds every associated data), are here.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import (
    Date,
    Update,
    and_,
    bindparam,
    cast,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import BindParameter, ColumnElement
from sqlalchemy.sql.selectable import CompoundSelect

from connectors.sdk.evidence import SourceResult, SourceStatus
from verification.assessment.model import Elsewhere
from verification.audit.log import AuditRef, current_stream
from verification.authorization.models import AuthorizationRecord, IssuerKey
from verification.clients.models import ApiClient
from verification.data_keys.columns import (
    MEMBER_ID_NUMBER,
    MEMBER_NAME,
    OBLIGOR_EVIDENCE,
    OBLIGOR_ID_NUMBER,
    OBLIGOR_NAME,
    SOURCE_EVIDENCE,
    VERIFICATION_DECLARATION,
    VERIFICATION_REPORT,
)
from verification.db import insert_into, table
from verification.kit.crypto import KeyRing
from verification.paging import ANY_TIME, Keyset, TimeRange, keyset_rows
from verification.people.models import ActiveHouseholdMember, IntegrityListedPerson
from verification.policies.model import Policy
from verification.problems import NotFound
from verification.procedure.decision import OPEN_STATUSES, DecisionDeadline
from verification.reports.builder import ReportMember
from verification.reports.manifest import (
    ObligorAnswer,
    SourceAnswer,
    answer_digest,
    obligor_answer_digest,
)
from verification.reports.model import ReportContent
from verification.verifications import revisions
from verification.verifications.evidence_codec import evidence_from_json, evidence_to_json
from verification.verifications.fanout import Pair
from verification.verifications.household import VerifiedHousehold, VerifiedObligor
from verification.verifications.models import (
    ObligorSourceQuery,
    PendingSource,
    SourceQuery,
    Verification,
    VerificationMember,
    VerificationObligor,
)
from verification.verifications.schemas import Declaration

# ---- verifications and their members --------------------------------------------------


async def insert_verification(
    session: AsyncSession,
    keyring: KeyRing,
    client: ApiClient,
    household: VerifiedHousehold,
    policy: Policy,
    *,
    declaration: Declaration | None,
    decision: DecisionDeadline | None = None,
) -> None:
    """A verification, ``running``, with its members (names and ID numbers encrypted) and
    its decision's deadline."""
    # the values as parameters of the INSERTs built once: no statement built, nor a cache
    # key computed over its values, per request
    await session.execute(
        insert_into(Verification),
        verification_values(
            keyring, client, household, policy, declaration=declaration, decision=decision
        ),
    )
    await session.execute(insert_into(VerificationMember), member_rows(keyring, household))
    if household.obligors:
        await session.execute(
            insert_into(VerificationObligor),
            obligor_rows(keyring, household.verification_id, household.obligors),
        )


def verification_values(
    keyring: KeyRing,
    client: ApiClient,
    household: VerifiedHousehold,
    policy: Policy,
    *,
    declaration: Declaration | None,
    decision: DecisionDeadline | None = None,
) -> dict[str, Any]:
    """The row of a new verification, ``running`` (its declaration encrypted)."""
    vid = household.verification_id
    return {
        "id": vid,
        "client_id": client.id,
        "authorization_id": household.authorization_id,
        "purpose": household.purpose,
        "region_code": household.region_code,
        "area": household.area,
        "status": "running",
        "policy_id": policy.id,
        "policy_version": policy.version,
        "created_at": household.created_at,
        "as_of": household.as_of,
        "accepted_on": household.accepted_on,
        "decision_due_on": None if decision is None else decision.due_on,
        "decision_due_provisional": None if decision is None else decision.provisional,
        "revision": 0,
        "sandbox": client.sandbox,
        "obligor_count": len(household.obligors),
        "declaration_enc": (
            VERIFICATION_DECLARATION.encrypt_json(
                keyring, declaration.model_dump(mode="json"), id=vid
            )
            if declaration
            else None
        ),
    }


def member_rows(keyring: KeyRing, household: VerifiedHousehold) -> list[dict[str, Any]]:
    """The rows of a new verification's members (names and ID numbers encrypted)."""
    vid = household.verification_id
    return [
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
    ]


def obligor_rows(
    keyring: KeyRing, vid: uuid.UUID, obligors: Sequence[VerifiedObligor]
) -> list[dict[str, Any]]:
    """The rows of a verification's support obligors (names and ID numbers encrypted)."""
    return [
        {
            "verification_id": vid,
            "obligor_index": o.index,
            "person_index": o.person["person"],
            "id_number_masked": o.person["person_masked"],
            "id_number_enc": OBLIGOR_ID_NUMBER.encrypt(
                keyring, o.id_number.encode(), verification_id=vid, obligor_index=o.index
            ),
            "name_enc": OBLIGOR_NAME.encrypt(
                keyring, o.name.encode(), verification_id=vid, obligor_index=o.index
            ),
            "relation": o.relation,
            "household_size": o.household_size,
            "consent_id": o.consent_id,
            "kid": o.kid,
            "scopes": list(o.scopes),
            "consent_expires_at": o.consent_expires_at,
        }
        for o in obligors
    ]


async def load_obligors(
    session: AsyncSession, keyring: KeyRing, vid: uuid.UUID
) -> list[VerifiedObligor]:
    """A stored verification's support obligors, decrypted (none for most), each with
    whether their consent was withdrawn since or its signing key revoked (read with them)."""
    rows = (
        await session.execute(
            select(
                VerificationObligor,
                (AuthorizationRecord.revoked_at.is_not(None))
                | IssuerKey.kid.is_(None)
                | IssuerKey.revoked_at.is_not(None),
            )
            .outerjoin(
                AuthorizationRecord,
                AuthorizationRecord.authorization_id == VerificationObligor.consent_id,
            )
            .outerjoin(IssuerKey, IssuerKey.kid == VerificationObligor.kid)
            .where(VerificationObligor.verification_id == vid)
            .order_by(VerificationObligor.obligor_index)
        )
    ).all()
    return [
        VerifiedObligor(
            index=o.obligor_index,
            id_number=OBLIGOR_ID_NUMBER.decrypt(keyring, o).decode(),
            name=OBLIGOR_NAME.decrypt(keyring, o).decode(),
            relation=o.relation,
            household_size=o.household_size,
            consent_id=o.consent_id,
            kid=o.kid,
            scopes=list(o.scopes),
            person={"person": o.person_index, "person_masked": o.id_number_masked},
            consent_expires_at=o.consent_expires_at,
            consent_revoked=bool(revoked),
        )
        for o, revoked in rows
    ]


async def get_verification(
    session: AsyncSession, verification_id: uuid.UUID
) -> Verification | None:
    """A verification by id (from the session's identity map when it holds it)."""
    return await session.get(Verification, verification_id)


async def owned(
    session: AsyncSession, client: ApiClient, verification_id: uuid.UUID
) -> Verification:
    """One of ``client``'s verifications; ``404`` for any other id."""
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


async def load_household(
    session: AsyncSession, keyring: KeyRing, row: Verification
) -> VerifiedHousehold:
    """The household of a stored verification, its members and declaration decrypted."""
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
    members = [
        ReportMember(
            index=m.member_index,
            id_number=MEMBER_ID_NUMBER.decrypt(keyring, m).decode(),
            name=MEMBER_NAME.decrypt(keyring, m).decode(),
            relation=m.relation,
        )
        for m in rows
    ]
    return VerifiedHousehold(
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
            Declaration.model_validate(VERIFICATION_DECLARATION.decrypt_json(keyring, row)).facts()
            if row.declaration_enc
            else None
        ),
        obligors=await load_obligors(session, keyring, vid) if row.obligor_count else [],
    )


@functools.cache
def _elsewhere_statement(*, review: bool) -> CompoundSelect[str, str, dt.date | None]:
    """``elsewhere``'s query, built once (each verification runs it): its values are bound
    parameters.  On the tables, not the mapped classes: rows of two columns need none of
    the ORM's execution and loading steps."""
    people: BindParameter[str] = bindparam("people", expanding=True)
    active = table(ActiveHouseholdMember)
    no_day = cast(null(), Date)
    enrolled = select(active.c.person_index, literal("enrolled"), no_day).where(
        active.c.person_index.in_(people)
    )
    if review:
        enrolled = enrolled.where(active.c.household_id != bindparam("household_id"))
    members, verifications = table(VerificationMember), table(Verification)
    # in flight: running (created after ``alive_since``: an older one died with its process),
    # or awaiting an agency's later answer (open for days, whatever process wrote it)
    open_elsewhere = (
        select(members.c.person_index, literal("in_flight"), no_day)
        .join(verifications, verifications.c.id == members.c.verification_id)
        .where(
            members.c.person_index.in_(people),
            verifications.c.id != bindparam("verification_id"),
            or_(
                and_(
                    verifications.c.status == "running",
                    verifications.c.created_at > bindparam("alive_since"),
                ),
                verifications.c.status == "awaiting_sources",
            ),
        )
    )
    # on the integrity record on the assessment date: a confirmed entry's period holds it
    # (integrity_record/), in the verification's environment (a sandbox entry never counts
    # in production)
    listed = table(IntegrityListedPerson)
    environment = (
        select(verifications.c.sandbox)
        .where(verifications.c.id == bindparam("verification_id"))
        .scalar_subquery()
    )
    on_record = select(listed.c.person_index, literal("listed"), listed.c.listed_until).where(
        listed.c.person_index.in_(people),
        listed.c.listed_from <= bindparam("as_of"),
        listed.c.listed_until >= bindparam("as_of"),
        listed.c.sandbox == environment,
    )
    return union_all(enrolled, open_elsewhere, on_record)


async def elsewhere(
    session: AsyncSession, household: VerifiedHousehold, *, alive_since: dt.datetime
) -> Elsewhere:
    """Which members are, by blind index, in an active enrolled household (other than
    the one a review re-verifies) or in another verification in flight: still running
    (created after ``alive_since``: an older one is taken to have died with its process) or
    awaiting an agency's later answer (``awaiting_sources``, however old); and which are on
    the integrity record on the assessment date (a confirmed entry's period holds it), with
    the latest last day.  One statement for all three."""
    people: dict[str, list[int]] = {}
    for member, person in zip(household.members, household.people, strict=True):
        people.setdefault(person["person"], []).append(member.index)
    values: dict[str, Any] = {
        "people": list(people),
        "verification_id": household.verification_id,
        "alive_since": alive_since,
        "as_of": household.as_of,
    }
    if household.household_id is not None:
        values["household_id"] = household.household_id
    statement = _elsewhere_statement(review=household.household_id is not None)
    rows = (await session.execute(statement, values)).all()
    found: dict[str, set[int]] = {"enrolled": set(), "in_flight": set()}
    listed: dict[int, dt.date] = {}
    for found_person, kind, until in rows:
        if kind == "listed" and until is not None:
            for index in people[found_person]:
                listed[index] = max(until, listed.get(index, until))
        else:
            found[kind].update(people[found_person])
    return Elsewhere(
        enrolled=frozenset(found["enrolled"]),
        in_flight=frozenset(found["in_flight"]),
        integrity_listed=tuple(sorted(listed.items())),
    )


# ---- source answers ------------------------------------------------------------------


def source_rows(
    keyring: KeyRing,
    verification_id: uuid.UUID,
    revision: int,
    fresh: Mapping[Pair, SourceResult],
    queried_at: dt.datetime,
) -> list[dict[str, Any]]:
    """The rows of a round's source answers, evidence sealed (prepared before the write
    transaction: they need no database)."""
    vid = verification_id
    return [
        {
            "verification_id": vid,
            "revision": revision,
            "member_index": index,
            "scope": scope,
            **_outcome_values(result, queried_at),
            "evidence_enc": SOURCE_EVIDENCE.encrypt_json(
                keyring,
                evidence_to_json(result.evidence),
                verification_id=vid,
                revision=revision,
                member_index=index,
                scope=scope,
            ),
        }
        for (index, scope), result in sorted(fresh.items())
    ]


def _outcome_values(result: SourceResult, queried_at: dt.datetime) -> dict[str, Any]:
    """How a query of one source ended, as a stored answer's columns (a member's or an
    obligor's alike)."""
    return {
        "status": result.status.value,
        "reason": result.reason,
        "reason_code": result.reason_code,
        "reason_params": dict(result.reason_params) or None,
        "attempts": result.attempts,
        "requests": result.requests_sent,
        "duration_ms": result.duration_ms,
        "queried_at": queried_at,
    }


def _stored_result(row: SourceQuery | ObligorSourceQuery, evidence: Any) -> SourceResult:
    """A stored answer read back (a member's or an obligor's alike), its evidence decrypted:
    the reverse of ``_outcome_values``."""
    return SourceResult(
        scope=row.scope,
        status=SourceStatus(row.status),
        evidence=evidence_from_json(evidence),
        reason=row.reason,
        attempts=row.attempts,
        duration_ms=row.duration_ms,
        requests=row.requests,
        reason_code=row.reason_code,
        reason_params=row.reason_params or {},
    )


def obligor_source_rows(
    keyring: KeyRing,
    verification_id: uuid.UUID,
    revision: int,
    fresh: Mapping[Pair, SourceResult],
    queried_at: dt.datetime,
) -> list[dict[str, Any]]:
    """``source_rows`` of the answers about support obligors, keyed (obligor index, scope)."""
    vid = verification_id
    return [
        {
            "verification_id": vid,
            "revision": revision,
            "obligor_index": index,
            "scope": scope,
            **_outcome_values(result, queried_at),
            "evidence_enc": OBLIGOR_EVIDENCE.encrypt_json(
                keyring,
                evidence_to_json(result.evidence),
                verification_id=vid,
                revision=revision,
                obligor_index=index,
                scope=scope,
            ),
        }
        for (index, scope), result in sorted(fresh.items())
    ]


async def latest_obligor_results(
    session: AsyncSession,
    keyring: KeyRing,
    verification_id: uuid.UUID,
    *,
    upto: int | None = None,
) -> dict[Pair, SourceResult]:
    """Each (obligor, scope) pair's answer in its latest revision (up to revision ``upto``
    when given), evidence decrypted."""
    conditions = [ObligorSourceQuery.verification_id == verification_id]
    if upto is not None:
        conditions.append(ObligorSourceQuery.revision <= upto)
    rows = (
        (
            await session.execute(
                select(ObligorSourceQuery).where(*conditions).order_by(ObligorSourceQuery.revision)
            )
        )
        .scalars()
        .all()
    )
    # ordered by revision: a later answer replaces an earlier one
    return {
        (q.obligor_index, q.scope): _stored_result(q, OBLIGOR_EVIDENCE.decrypt_json(keyring, q))
        for q in rows
    }


async def latest_results(
    session: AsyncSession,
    keyring: KeyRing,
    verification_id: uuid.UUID,
    *,
    upto: int | None = None,
) -> dict[Pair, SourceResult]:
    """Each (member, scope) pair's answer in its latest revision (up to revision ``upto``
    when given), evidence decrypted."""
    conditions = [SourceQuery.verification_id == verification_id]
    if upto is not None:
        conditions.append(SourceQuery.revision <= upto)
    latest = (
        select(
            SourceQuery.member_index,
            SourceQuery.scope,
            func.max(SourceQuery.revision).label("revision"),
        )
        .where(*conditions)
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
        (q.member_index, q.scope): _stored_result(q, SOURCE_EVIDENCE.decrypt_json(keyring, q))
        for q in rows
    }


async def answer_digests(
    session: AsyncSession, keyring: KeyRing, verification_id: uuid.UUID, revision: int
) -> tuple[list[SourceAnswer], list[ObligorAnswer]]:
    """The answers report ``revision`` used, each named by a digest of its canonical form:
    what a signed report's manifest lists (``reports.manifest``).  Each (member, scope) and
    each (obligor, scope) pair's answer in its latest revision up to ``revision`` (as the
    round that wrote that report read them: those it carried over, those collected later
    and those an appeal queried again), never a later revision's, which a revision committed
    since the report was read would have added."""
    members = await latest_results(session, keyring, verification_id, upto=revision)
    obligors = await latest_obligor_results(session, keyring, verification_id, upto=revision)
    return (
        [
            SourceAnswer(index, scope, r.status.value, answer_digest(member_index=index, **form))
            for (index, scope), r in members.items()
            for form in [_digest_form(scope, r)]
        ],
        [
            ObligorAnswer(
                index, scope, r.status.value, obligor_answer_digest(obligor_index=index, **form)
            )
            for (index, scope), r in obligors.items()
            for form in [_digest_form(scope, r)]
        ],
    )


def _digest_form(scope: str, result: SourceResult) -> dict[str, Any]:
    """What of a stored answer its digest covers, besides whose it is."""
    return {
        "scope": scope,
        "status": result.status.value,
        "reason_code": result.reason_code,
        "evidence": evidence_to_json(result.evidence),
    }


# ---- the list ---------------------------------------------------------------------------


async def list_page(
    session: AsyncSession,
    client_id: uuid.UUID,
    *,
    status: str | None = None,
    outcome: str | None = None,
    region_prefix: str | None = None,
    authorization_id: str | None = None,
    authorization_ids: Sequence[str] = (),
    created: TimeRange = ANY_TIME,
    updated: TimeRange = ANY_TIME,
    after: Keyset | None,
    limit: int,
) -> list[Verification]:
    """Up to ``limit`` of the client's verifications after ``after`` in (created_at, id)
    order, filtered by what is given.  ``updated``: when the current report was written
    (``completed_at``), or, while running, when the verification was created."""
    conditions: list[ColumnElement[bool]] = [Verification.client_id == client_id]
    if status is not None:
        conditions.append(Verification.status == status)
    if outcome is not None:
        conditions.append(Verification.outcome == outcome)
    if region_prefix:
        conditions.append(Verification.region_code.startswith(region_prefix, autoescape=True))
    if authorization_id is not None:
        conditions.append(Verification.authorization_id == authorization_id)
    if authorization_ids:  # any of them (a household's, before and after re-authorization)
        conditions.append(Verification.authorization_id.in_(list(authorization_ids)))
    conditions += created.conditions(Verification.created_at)
    conditions += updated.conditions(
        func.coalesce(Verification.completed_at, Verification.created_at)
    )
    return await keyset_rows(session, Verification, conditions, after=after, limit=limit)


# ---- reports -------------------------------------------------------------------------


def seal_report(keyring: KeyRing, report: ReportContent) -> str:
    """The report as its verification row stores it (encrypted)."""
    # its JSON by pydantic's own serializer (no dict of it, no json.dumps)
    return VERIFICATION_REPORT.encrypt(keyring, report.model_dump_json().encode(), id=report.id)


def stored_report(keyring: KeyRing, row: Verification) -> ReportContent:
    """The report stored, encrypted, with a completed verification (no audit: callers audit).

    Its audit reference is not stored with it (``current_report_audit_ref`` finds it): the report is
    written before its entry is integrated, and the entry's place is known only then.
    """
    assert row.report_enc is not None
    return ReportContent.model_validate(VERIFICATION_REPORT.decrypt_json(keyring, row))


async def write_round(
    session: AsyncSession,
    *,
    vid: uuid.UUID,
    draft: ReportContent,
    sealed: str,
    source_rows: Sequence[Mapping[str, Any]],
    pending_rows: Sequence[Mapping[str, Any]] = (),
    awaited_revision: int | None = None,
    obligor_rows: Sequence[Mapping[str, Any]] = (),
    keyring: KeyRing,
) -> bool:
    """A round's writes: its source answers, its agencies' tickets (``pending_rows``), and
    the verification ``completed`` (or ``awaiting_sources`` while a ticket is open) with its
    sealed report; a later revision first keeps the report it replaces
    (``revisions.keep_replaced``).  A later revision is written only over the one before it
    (revision N over N − 1) and, with ``awaited_revision``, only if the verification is
    still awaiting sources at that revision; else nothing is written and the answer is
    False: another retry, appeal or collection wrote a revision first."""
    if draft.revision > 0:
        await revisions.keep_replaced(
            session,
            keyring,
            vid,
            new_revision=draft.revision,
            awaited_revision=awaited_revision,
            at=draft.completed_at,
        )
    values = round_values(draft, sealed)
    if awaited_revision is None and draft.revision == 0:
        updated = await session.execute(_complete_statement(), {"verification_id": vid, **values})
    elif awaited_revision is None:  # a retry's, an appeal's: only over the revision before
        updated = await session.execute(
            _revise_statement(),
            {"verification_id": vid, "replaced_revision": draft.revision - 1, **values},
        )
    else:
        verifications = table(Verification)
        updated = await session.execute(
            update(verifications)
            .where(
                verifications.c.id == vid,
                verifications.c.status == "awaiting_sources",
                verifications.c.revision == awaited_revision,
            )
            .values(**values)
        )
    if updated.rowcount != 1:  # type: ignore[attr-defined]
        return False
    if source_rows:
        await session.execute(insert_into(SourceQuery), list(source_rows))
    if pending_rows:
        await session.execute(insert_into(PendingSource), list(pending_rows))
    if obligor_rows:
        await session.execute(insert_into(ObligorSourceQuery), list(obligor_rows))
    return True


def round_values(draft: ReportContent, sealed: str) -> dict[str, Any]:
    """What a round's report sets on its verification's row."""
    return {
        "status": draft.status,
        "outcome": draft.outcome,
        "completed_at": draft.completed_at,
        "revision": draft.revision,
        "report_enc": sealed,
    }


@functools.cache
def _revise_statement() -> Update:
    """``write_round``'s UPDATE of a later revision, built once: over ``replaced_revision``
    only (two retries at once: the second writes nothing)."""
    verifications = table(Verification)
    return update(verifications).where(
        verifications.c.id == bindparam("verification_id"),
        verifications.c.revision == bindparam("replaced_revision"),
    )


@functools.cache
def _complete_statement() -> Update:
    """``write_round``'s UPDATE, built once: the verification's id is bound as
    ``verification_id``, the columns it sets are the other parameters it is executed with."""
    verifications = table(Verification)
    return update(verifications).where(verifications.c.id == bindparam("verification_id"))


async def current_report_audit_ref(
    session: AsyncSession, verification_id: uuid.UUID
) -> AuditRef | None:
    """The ``report_created`` entry of a verification's current report, or None (no report
    yet): its latest, since each revision's entry commits with that revision's report and a
    discarded round writes none.  Pending (its entry id only) until the integrator has moved
    it into the log — while an earlier revision's entry may be in the log already.

    Pending entries are looked at first: one integrated in between is then found in the
    log by the second statement (each statement sees what was committed before it)."""
    pending_entries = current_stream().pending  # the task's log: its client's environment's
    pending = await session.scalar(
        select(pending_entries.id)
        .where(
            pending_entries.verification_id == str(verification_id),
            pending_entries.action == "report_created",
        )
        .order_by(pending_entries.id.desc())
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
    events = current_stream().events  # the task's log: its client's environment's
    row = (
        await session.execute(
            select(events.pending_id, events.seq, events.leaf_hash)
            .where(
                events.verification_id == str(verification_id),
                events.action == "report_created",
            )
            .order_by(events.seq.desc())
            .limit(1)
        )
    ).first()
    return None if row is None else AuditRef(entry=row[0], seq=row[1], leaf_hash=row[2])


# ---- agencies' promises to answer later ------------------------------------------------


def pending_rows(
    verification_id: uuid.UUID,
    revision: int,
    fresh: Mapping[Pair, SourceResult],
    accepted_at: dt.datetime,
    first_poll_at: dt.datetime,
    *,
    subject: str = "member",
) -> list[dict[str, Any]]:
    """The tickets of a round's ``pending`` answers, to be polled from ``first_poll_at``;
    ``subject`` ``obligor``: answers about support obligors, keyed (obligor index, scope)."""
    return [
        {
            "verification_id": verification_id,
            "revision": revision,
            "subject": subject,
            "member_index": index,
            "scope": scope,
            "ticket": result.ticket.reference,
            "expected_by": result.ticket.expected_by,
            "accepted_at": accepted_at,
            "next_poll_at": first_poll_at,
            "polls": 0,
        }
        for (index, scope), result in sorted(fresh.items())
        if result.status is SourceStatus.PENDING and result.ticket is not None
    ]


async def open_tickets(session: AsyncSession, verification_id: uuid.UUID) -> list[PendingSource]:
    """The tickets of a verification whose answers are still awaited."""
    rows = await session.execute(
        select(PendingSource)
        .where(
            PendingSource.verification_id == verification_id, PendingSource.resolved_at.is_(None)
        )
        .order_by(PendingSource.subject, PendingSource.member_index, PendingSource.scope)
    )
    return list(rows.scalars().all())


async def awaiting_due(session: AsyncSession, now: dt.datetime, limit: int) -> list[uuid.UUID]:
    """Verifications with a ticket due to be polled at ``now``, the longest-waiting first
    (then by id: which of those due at the same time a ``limit`` takes is fixed)."""
    rows = await session.execute(
        select(PendingSource.verification_id, func.min(PendingSource.next_poll_at))
        .where(PendingSource.resolved_at.is_(None), PendingSource.next_poll_at <= now)
        .group_by(PendingSource.verification_id)
        .order_by(func.min(PendingSource.next_poll_at), PendingSource.verification_id)
        .limit(limit)
    )
    return [row[0] for row in rows.all()]


async def awaiting_without_tickets(
    session: AsyncSession, *, under: str | None = None, limit: int | None = None
) -> list[uuid.UUID]:
    """Verifications ``awaiting_sources`` with no ticket open, a withdrawal having closed
    one at least (resolved with no revision: ``consent.repository.close_tickets``) — to
    complete without the answers it closed (``awaiting.complete_withdrawn``), oldest first.
    A verification left waiting for another reason (a completion that failed after its
    last answer came) is not one: its answers were not withdrawn.  ``under``: only those
    made under that authorization or naming it as a support obligor's consent (a
    revocation's own)."""
    still_open = exists().where(
        PendingSource.verification_id == Verification.id, PendingSource.resolved_at.is_(None)
    )
    withdrawn = exists().where(
        PendingSource.verification_id == Verification.id,
        PendingSource.resolved_at.is_not(None),
        PendingSource.resolved_revision.is_(None),
    )
    query = select(Verification.id).where(
        Verification.status == "awaiting_sources", ~still_open, withdrawn
    )
    if under is not None:
        obligor = select(VerificationObligor.verification_id).where(
            VerificationObligor.consent_id == under
        )
        query = query.where(
            or_(Verification.authorization_id == under, Verification.id.in_(obligor))
        )
    rows = await session.execute(
        query.order_by(Verification.created_at, Verification.id).limit(limit)
    )
    return list(rows.scalars().all())


async def find_ticket(session: AsyncSession, scope: str, ticket: str) -> PendingSource | None:
    """The open ticket ``ticket`` of source ``scope`` (the oldest, should the agency have
    given one reference twice), or None."""
    return (
        await session.execute(
            select(PendingSource)
            .where(
                PendingSource.scope == scope,
                PendingSource.ticket == ticket,
                PendingSource.resolved_at.is_(None),
            )
            .order_by(PendingSource.id)
            .limit(1)
        )
    ).scalar_one_or_none()


async def postpone_tickets(
    session: AsyncSession,
    tickets: Mapping[int, str],
    next_poll_at: dt.datetime,
) -> None:
    """Tickets polled and not answered yet: the agency's current reference for each (by
    row id), asked again at ``next_poll_at``."""
    pending = table(PendingSource)
    for row_id, reference in tickets.items():
        await session.execute(
            update(pending)
            .where(pending.c.id == row_id)
            .values(ticket=reference, next_poll_at=next_poll_at, polls=pending.c.polls + 1)
        )


async def resolve_tickets(
    session: AsyncSession, row_ids: Sequence[int], revision: int, at: dt.datetime
) -> None:
    """Tickets whose answers the round of ``revision`` holds."""
    pending = table(PendingSource)
    await session.execute(
        update(pending)
        .where(pending.c.id.in_(list(row_ids)))
        .values(resolved_at=at, resolved_revision=revision, polls=pending.c.polls + 1)
    )


async def overdue_open(session: AsyncSession, today: dt.date) -> list[Verification]:
    """Open verifications (running or awaiting sources) whose decision deadline is before
    ``today``, the most overdue first."""
    rows = await session.execute(
        select(Verification)
        .where(
            Verification.status.in_(OPEN_STATUSES),
            Verification.decision_due_on.is_not(None),
            Verification.decision_due_on < today,
        )
        .order_by(Verification.decision_due_on, Verification.id)
    )
    return list(rows.scalars().all())
