"""Retrying a verification: query again only the sources that were unavailable or
rejected, re-assess with the stored answers of the others and the original assessment
date, and write the next revision of the report."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Mapping

from connectors.sdk.contract import Connector
from connectors.sdk.evidence import SourceStatus
from verification.authorization.records import usable_authorization
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.messages.locale import DEFAULT_LOCALE, Locale
from verification.messages.render import render
from verification.problems import Conflict, DomainError
from verification.reports.model import VerificationReport
from verification.runtime import Runtime
from verification.verifications import events as audit_events
from verification.verifications import repository
from verification.verifications.availability import all_open
from verification.verifications.deadline import with_decision
from verification.verifications.purged import refuse_purged
from verification.verifications.report_round import (
    DiscardedRoundError,
    answer_round,
    record_discarded,
    report_round,
)

RETRYABLE = (SourceStatus.UNAVAILABLE, SourceStatus.REJECTED)
OBLIGOR_RETRYABLE = (*RETRYABLE, SourceStatus.PENDING)


async def retry_verification(
    rt: Runtime,
    client: ApiClient,
    verification_id: uuid.UUID,
    request_id: str,
    *,
    now: dt.datetime | None = None,
    locale: Locale = DEFAULT_LOCALE,
) -> VerificationReport:
    """The next revision of the report; ``503 sources-unavailable`` with ``Retry-After``
    (nothing stored, no revision spent) when every source it would ask has an open circuit
    breaker."""
    started = time.monotonic()
    now = now or utcnow()
    async with rt.read_session_factory() as session:
        row = await repository.owned(session, client, verification_id)
        refuse_purged(row)
        if row.status != "completed":  # running, or awaiting an agency's later answer
            raise Conflict(
                "the verification has not completed; retry it when it has",
                code="verification-incomplete",
            )
        latest = await repository.latest_results(session, rt.keyring, verification_id)
        latest_obligors = await repository.latest_obligor_results(
            session, rt.keyring, verification_id
        )
        household = await repository.load_household(session, rt.keyring, row)
        failed = sorted(pair for pair, result in latest.items() if result.status in RETRYABLE)
        # a support obligor's failed sources are asked again while their consent is valid;
        # an obligor's later answer is awaited as a member's (ADR 0015), so a completed
        # verification holds a ``pending`` one only from before it was (or without a
        # ticket): asked again too
        consenting = {o.index for o in household.obligors if o.consent_valid(now)}
        obligors_failed = sorted(
            pair
            for pair, result in latest_obligors.items()
            if result.status in OBLIGOR_RETRYABLE and pair[0] in consenting
        )
        if not failed and not obligors_failed:
            raise Conflict(
                "every source answered; there is nothing to retry",
                code="nothing-to-retry",
            )
        await usable_authorization(
            session, row.authorization_id, now, accept_demo=rt.settings.demo_mode()
        )
    # sandbox-not-configured before anything is recorded
    connectors = rt.sources(sandbox=client.sandbox)
    _refuse_if_all_open(
        connectors,
        verification_id,
        {scope for _, scope in [*failed, *obligors_failed]},
        now,
        locale,
    )
    policy = rt.policies.policy(household.region_code, household.as_of)
    async with rt.transaction() as session:
        # checked again where the use is recorded: a withdrawal since the read above is seen
        await usable_authorization(
            session, row.authorization_id, now, accept_demo=rt.settings.demo_mode(), hold=True
        )
        await rt.audit.append(
            session,
            [
                audit_events.verification_retried(
                    client,
                    household,
                    request_id,
                    revision=row.revision + 1,
                    failed=failed,
                    obligor_pairs=obligors_failed,
                )
            ],
        )
    previous = {pair: result for pair, result in latest.items() if pair not in failed}
    answered = await answer_round(
        rt,
        client,
        household,
        policy,
        request_id,
        started=started,
        previous=previous,
        pairs=failed,
        revision=row.revision + 1,
        obligor_pairs=obligors_failed,
        previous_obligors={
            pair: result for pair, result in latest_obligors.items() if pair not in obligors_failed
        },
    )
    try:
        report = await report_round(rt, answered)
    except DiscardedRoundError:
        # another retry (or an appeal, or an agency's later answer) wrote the next revision
        # while this one asked the agencies: its requests are recorded, its report is not
        await record_discarded(rt, answered)
        raise Conflict(
            "another retry or an appeal's decision revised the report while this retry ran; "
            "read the report again, and retry if sources are still unavailable",
            code="report-revised",
            audit={"verification_id": str(verification_id), "revision": row.revision + 1},
        ) from None
    return with_decision(
        rt, report, accepted_on=household.accepted_on, region_code=household.region_code
    )


def _refuse_if_all_open(
    connectors: Mapping[str, Connector],
    verification_id: uuid.UUID,
    scopes: set[str],
    now: dt.datetime,
    locale: Locale,
) -> None:
    """``503 sources-unavailable`` when every one of ``scopes`` has an open breaker: the
    retry would send nothing and only spend a revision.  503, not 409: nothing is wrong
    with the verification, the sources are (RFC 9110 15.6.4: the server is temporarily
    unable to handle the request, ``Retry-After`` says when to try again); generic HTTP
    clients and gateways already treat a 503 with ``Retry-After`` as "wait and resend"."""
    found = all_open(connectors, scopes, now)
    if found is None:
        return
    sources = [
        {"scope": scope, "expected_back_at": at.isoformat().replace("+00:00", "Z")}
        for scope, at in sorted(found.back.items())
    ]
    params = {"scopes": ", ".join(sorted(found.back)), "retry_after": found.retry_after}
    raise DomainError(
        render("problem.sources_unavailable.detail", params, locale),
        code="sources-unavailable",
        status=503,
        title=render("problem.sources_unavailable.title", {}, locale),
        headers={"Retry-After": str(found.retry_after)},
        extra={"retry_after": found.retry_after, "sources": sources},
        audit={
            "verification_id": str(verification_id),
            "scopes": sorted(found.back),
            "retry_after": found.retry_after,
        },
    )
