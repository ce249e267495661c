"""Creating a verification: authorization → fan-out → assessment → report.

Short transactions bracket the network work: the first records the accepted
authorization, the running verification and its audit events; the second (the round's,
``report_round.py``) records every source's answer (its evidence encrypted), one audit
event per attempt, and the report.  No transaction is held open while agencies are
queried.  Refusals raise ``DomainError``s carrying their audit fields; the problem handler
records them, so a refused request stores an audit event and nothing else.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from verification.authorization.grant import Grant, check_lifetime, parse_grant
from verification.authorization.issuer_keys import CachedKeys
from verification.authorization.jws import RegisteredKey, verify_jws
from verification.authorization.obligor_consent import invalid, parse_obligor_consent
from verification.authorization.records import (
    authorization_values,
    consent_values,
    record_authorization,
    record_obligor_consent,
)
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.kit.id_number import normalize
from verification.kit.masking import mask_id_number
from verification.policies.model import Policy
from verification.problems import AuthorizationRefused, Forbidden, InvalidRequest
from verification.procedure.decision import DecisionDeadline
from verification.reports.builder import ReportMember
from verification.reports.model import VerificationReport
from verification.runtime import Runtime
from verification.verifications import events as audit_events
from verification.verifications import repository, single_statement
from verification.verifications.deadline import decision_for, with_decision
from verification.verifications.fanout import all_pairs
from verification.verifications.household import VerifiedHousehold, VerifiedObligor
from verification.verifications.report_round import answer_round, report_round
from verification.verifications.schemas import CreateVerification, Declaration


async def create_verification(
    rt: Runtime,
    client: ApiClient,
    body: CreateVerification,
    request_id: str,
    now: dt.datetime | None = None,
) -> VerificationReport:
    started = time.monotonic()
    now = now or utcnow()
    key, grant, policy = await accept_authorization(rt, client, body, now)
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
    as_of = rt.business_date(now)  # the assessment date: a day in Beijing (settings)
    if body.accepted_on is not None and body.accepted_on > as_of:
        raise InvalidRequest(
            f"accepted_on is after the day the request was received ({as_of.isoformat()})",
            code="accepted-on-in-future",
            audit={"authorization_id": grant.authorization_id},
        )
    # the installed sources the request asks for (all it grants by default), in scope order,
    # where the client's environment sends it (a sandbox client: the sandbox agencies, or
    # sandbox-not-configured before anything is stored)
    scopes = [s for s in rt.sources(sandbox=client.sandbox) if s in (body.scopes or grant.scopes)]
    members = [
        ReportMember(index=i, id_number=normalize(m.id_number), name=m.name, relation=m.relation)
        for i, m in enumerate(grant.members)
    ]
    obligors, consents = await accept_obligors(rt, client, body, grant, scopes=scopes, now=now)
    household = VerifiedHousehold(
        verification_id=uuid.uuid4(),
        authorization_id=grant.authorization_id,
        purpose=grant.purpose,
        region_code=grant.region_code,
        area=grant.area,
        created_at=now,
        as_of=as_of,
        members=members,
        people=[person_ref(rt, m.id_number, sandbox=client.sandbox) for m in members],
        declared=body.declaration.facts() if body.declaration else None,
        accepted_on=body.accepted_on or as_of,
        obligors=obligors,
    )
    accepted = audit_events.authorization_accepted(
        client, household, request_id, grant=grant, key=key, scopes=scopes, policy=policy
    )
    decision = decision_for(rt, household.region_code, household.accepted_on)
    if not await _started_in_one_statement(
        rt, client, household, policy, key, grant, now, body.declaration, decision, accepted
    ):
        async with rt.transaction() as session:
            await record_authorization(session, key, grant, now)
            for obligor, consent in zip(obligors, consents, strict=True):
                await record_obligor_consent(
                    session,
                    consent,
                    obligor_index=obligor.index,
                    household_id=grant.authorization_id,
                )
            await repository.insert_verification(
                session,
                rt.keyring,
                client,
                household,
                policy,
                declaration=body.declaration,
                decision=decision,
            )
            await rt.audit.append(session, [accepted])
    answered = await answer_round(
        rt,
        client,
        household,
        policy,
        request_id,
        started=started,
        previous={},
        pairs=all_pairs(len(members), scopes),
        revision=0,
        obligor_pairs=[(o.index, scope) for o in obligors for scope in o.scopes],
    )
    report = await report_round(rt, answered)
    return with_decision(
        rt, report, accepted_on=household.accepted_on, region_code=household.region_code
    )


async def _started_in_one_statement(  # noqa: PLR0917
    rt: Runtime,
    client: ApiClient,
    household: VerifiedHousehold,
    policy: Policy,
    key: RegisteredKey,
    grant: Grant,
    now: dt.datetime,
    declaration: Declaration | None,
    decision: DecisionDeadline | None,
    accepted: Mapping[str, Any],
) -> bool:
    """On PostgreSQL, the authorization, the verification, its members and its
    ``authorization_accepted`` entry in one statement (``single_statement``); False when
    nothing was written: the portable path then decides (another database; an authorization
    recorded already with other content, or by a concurrent request)."""
    if not rt.transaction.autocommits or household.obligors:
        return False  # the one statement writes no support obligors: the portable path does
    async with rt.transaction.one_statement() as session:
        entries = await single_statement.record_start(
            session,
            authorization_values(key, grant, now),
            repository.verification_values(
                rt.keyring, client, household, policy, declaration=declaration, decision=decision
            ),
            repository.member_rows(rt.keyring, household),
            [accepted],
        )
    return entries is not None


async def accept_authorization(
    rt: Runtime, client: ApiClient, body: CreateVerification, now: dt.datetime
) -> tuple[RegisteredKey, Grant, Policy]:
    """The verified key and grant, and the policy in force for the grant's region."""
    key, claims = await verify_jws(
        body.authorization,
        CachedKeys(rt.read_session_factory, rt.key_cache),  # kept a few seconds
        now,
        accept_demo=rt.settings.demo_mode(),
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
            code="issuer-not-permitted",
            audit=audit,
        )
    if not client.may_use_region(grant.region_code):
        raise _refused_forbidden(
            "this client may not verify households of this region",
            code="region-not-permitted",
            audit=audit,
        )
    try:
        # the layered policy of the region on the assessment date: refused (no-policy,
        # policy-incomplete) before anything is stored when a value it needs is missing
        policy = rt.policies.policy(grant.region_code, rt.business_date(now))
    except InvalidRequest as refusal:
        refusal.audit_fields.update(audit)
        raise
    try:
        check_lifetime(grant, rt.settings.max_authorization_days)
    except AuthorizationRefused as refusal:
        refusal.audit_fields.update(audit)
        raise
    return key, grant, policy


# a sandbox person's blind index is of this prefix and the ID number, so the same ID number
# is another person in the sandbox: never in production's one-household-per-person registry,
# its running verifications or its auditors' person filter, nor they in the sandbox's
SANDBOX_PERSON = "sandbox:"


def person_ref(rt: Runtime, id_number: str, *, sandbox: bool = False) -> dict[str, str]:
    """A member as audit events and stored rows refer to it: blind index and masked ID
    (a sandbox client's members: the sandbox's blind index)."""
    indexed = (SANDBOX_PERSON if sandbox else "") + normalize(id_number)
    return {
        "person": rt.keyring.blind_index(indexed),
        "person_masked": mask_id_number(normalize(id_number)),
    }


async def accept_obligors(
    rt: Runtime,
    client: ApiClient,
    body: CreateVerification,
    grant: Grant,
    *,
    scopes: Sequence[str],
    now: dt.datetime,
) -> tuple[list[VerifiedObligor], list[dict[str, Any]]]:
    """The request's support obligors, each by their own verified consent for ``grant``
    (``authorization/obligor_consent.py``), and the rows recording their consents
    (``records.consent_values``); a refusal names the obligor by index only."""
    accepted: list[VerifiedObligor] = []
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    keys = CachedKeys(rt.read_session_factory, rt.key_cache)
    audit = {"authorization_id": grant.authorization_id}
    for index, entry in enumerate(body.obligors):
        try:
            key, claims = await verify_jws(
                entry.authorization, keys, now, accept_demo=rt.settings.demo_mode()
            )
        except AuthorizationRefused as refusal:
            raised = invalid(index, refusal.detail, refusal.instance_code)
            raised.audit_fields.update(audit)
            raise raised from None
        try:
            consent = parse_obligor_consent(
                index,
                claims,
                grant,
                rt.sources(sandbox=client.sandbox).keys(),
                rt.settings.max_authorization_days,
            )
            if consent.issuer != key.issuer_code:
                raise invalid(
                    index,
                    "the signing key does not belong to the issuer named in the consent",
                    "issuer-mismatch",
                )
            if not client.may_use_issuer(consent.issuer):
                raise invalid(
                    index,
                    "this client may not submit consents of this issuer",
                    "issuer-not-permitted",
                )
        except AuthorizationRefused as refusal:
            refusal.audit_fields.update(audit)
            raise
        id_number = normalize(consent.obligor.id_number)
        if id_number in seen:
            raise AuthorizationRefused(
                f"obligor {index} is listed twice",
                code="obligor-listed-twice",
                extra={"obligor_index": index},
                audit={**audit, "obligor_index": index},
            )
        seen.add(id_number)
        accepted.append(
            VerifiedObligor(
                index=index,
                id_number=id_number,
                name=consent.obligor.name,
                relation=consent.obligor.relation.value,
                household_size=entry.household_size,
                consent_id=consent.authorization_id,
                kid=key.kid,
                scopes=[s for s in scopes if s in consent.scopes],
                person=person_ref(rt, id_number, sandbox=client.sandbox),
                consent_expires_at=consent.expires_at,
            )
        )
        records.append(consent_values(key, consent, grant, now))
    return accepted, records


def _refused_forbidden(detail: str, *, code: str, audit: Mapping[str, Any]) -> Forbidden:
    return Forbidden(detail, code=code, audit=audit, audit_action="authorization_refused")
