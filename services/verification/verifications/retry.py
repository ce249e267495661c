"""Retrying a verification: query again only the sources that were unavailable or
rejected, re-assess with the stored answers of the others and the original assessment
date, and write the next revision of the report."""

from __future__ import annotations

import datetime as dt
import time
import uuid

from connectors.sdk.evidence import SourceStatus
from verification.authorization.records import check_still_valid, stored_authorization
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.problems import Conflict
from verification.reports.model import VerificationReport
from verification.runtime import Runtime
from verification.verifications import events as audit_events
from verification.verifications import repository
from verification.verifications.report_round import answer_round, report_round

RETRYABLE = (SourceStatus.UNAVAILABLE, SourceStatus.REJECTED)


async def retry_verification(
    rt: Runtime,
    client: ApiClient,
    verification_id: uuid.UUID,
    request_id: str,
    now: dt.datetime | None = None,
) -> VerificationReport:
    started = time.monotonic()
    now = now or utcnow()
    async with rt.read_session_factory() as session:
        row = await repository.owned(session, client, verification_id)
        if row.status != "completed":
            raise Conflict(
                "the verification has not completed; retry it when it has",
                code="verification-incomplete",
            )
        latest = await repository.latest_results(session, rt.keyring, verification_id)
        failed = sorted(pair for pair, result in latest.items() if result.status in RETRYABLE)
        if not failed:
            raise Conflict(
                "every source answered; there is nothing to retry",
                code="nothing-to-retry",
            )
        authorization, key = await stored_authorization(session, row.authorization_id)
        household = await repository.load_household(session, rt.keyring, row)
    check_still_valid(authorization, key, now, accept_demo=rt.settings.demo_mode())
    rt.sources(sandbox=client.sandbox)  # sandbox-not-configured before anything is recorded
    policy = rt.policies.policy(household.region_code, household.as_of)
    async with rt.transaction() as session:
        await rt.audit.append(
            session,
            [
                audit_events.verification_retried(
                    client, household, request_id, revision=row.revision + 1, failed=failed
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
    )
    return await report_round(rt, answered)
