"""A caseworker's decision on an appeal (复议).

Upheld (wholly or in part), the appeal's outcome is the report's next revision, citing it
(``appeal`` in the report): the sources the appeal asked to query again are queried anew for
every member (the others' answers kept), and the household is assessed again on the
verification's assessment date, as a retry is (``verifications/retry.py``).  The household's
new evidence is kept with the appeal but changes no figure: the engine assesses what the
sources answer (the report says so: ``appeal.evidence_assessed`` is false).  Rejected, the
report stands: the decision is on the appeal only (ADR 0018).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from verification.appeals import events, repository
from verification.appeals.access import check_region
from verification.appeals.deadline import FILED, Decision, makes_revision
from verification.appeals.models import Appeal
from verification.appeals.schemas import AppealView, DecideAppeal
from verification.appeals.view import appeal_view
from verification.authorization.records import usable_authorization
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.messages.locale import DEFAULT_LOCALE, Locale
from verification.problems import Conflict
from verification.reports.model import AppealRefView
from verification.runtime import Runtime
from verification.verifications import repository as verifications
from verification.verifications.models import Verification
from verification.verifications.report_round import (
    AnsweredRound,
    DiscardedRoundError,
    answer_round,
    assessed_round,
    elsewhere_of,
    record_discarded,
    write_round,
)


def _decided() -> Conflict:
    return Conflict("the appeal has been decided already", code="appeal-decided")


async def decide_appeal(
    rt: Runtime,
    client: ApiClient,
    appeal_id: uuid.UUID,
    body: DecideAppeal,
    request_id: str,
    *,
    now: dt.datetime | None = None,
    locale: Locale = DEFAULT_LOCALE,
) -> AppealView:
    started = time.monotonic()
    now = now or utcnow()
    decided_on = rt.business_date(now)
    asked = {"appeal_id": str(appeal_id)}
    async with rt.read_session_factory() as session:
        appeal = await repository.owned(session, client, appeal_id)
        check_region(client, appeal.region_code, audit=asked)
        if appeal.status != FILED:
            raise _decided()
        row = await verifications.owned(session, client, appeal.verification_id)
    decision = body.decision
    if makes_revision(decision) and row.status != "completed":
        raise Conflict(
            "the verification awaits an agency's answer; decide the appeal once it has completed",
            code="verification-incomplete",
        )
    note = repository.seal_note(rt.keyring, appeal.id, body.note) if body.note is not None else None
    reasons = [reason.value for reason in body.reason_codes]
    if not makes_revision(decision):

        async def reject(session: AsyncSession) -> tuple[None, list[Mapping[str, Any]]]:
            if not await repository.record_decision(
                session,
                appeal.id,
                decision=decision,
                decided_at=now,
                decided_on=decided_on,
                decided_by=client.id,
                reason_codes=reasons,
                reasons_enc=note,
                result_revision=None,
            ):
                raise _decided()
            decided = await _reread(session, appeal.id)
            return None, [_decided_event(client, decided, request_id, body, None)]

        await rt.own_writes(reject)
    else:
        answered = await _revision(rt, client, appeal, row, decision, request_id, started, now)

        async def uphold(session: AsyncSession) -> tuple[bool, list[Mapping[str, Any]]]:
            current = await session.get(Verification, row.id, populate_existing=True)
            if current is None or current.revision != row.revision or current.status != "completed":
                return False, []  # another revision came first: this one is discarded
            if not await repository.record_decision(
                session,
                appeal.id,
                decision=decision,
                decided_at=now,
                decided_on=decided_on,
                decided_by=client.id,
                reason_codes=reasons,
                reasons_enc=note,
                result_revision=answered.draft.revision,
            ):
                return False, []
            written = await write_round(session, answered, rt.keyring)
            decided = await _reread(session, appeal.id)
            revision = answered.draft.revision
            return True, [*written, _decided_event(client, decided, request_id, body, revision)]

        try:
            written, _ = await rt.own_writes(uphold)
        except DiscardedRoundError:  # another revision came first, between check and write
            written = False
        if not written:
            await record_discarded(rt, answered)
            raise Conflict(
                "the appeal was decided, or the report revised, while this decision was made; "
                "read the appeal and decide again if it is still open",
                code="appeal-decided",
            )
    async with rt.read_session_factory() as session:
        final = await _reread(session, appeal.id)
    return appeal_view(rt.keyring, final, today=decided_on, locale=locale)


async def _reread(session: AsyncSession, appeal_id: uuid.UUID) -> Appeal:
    appeal = await repository.find(session, appeal_id, fresh=True)
    assert appeal is not None
    return appeal


def _decided_event(
    client: ApiClient,
    appeal: Appeal,
    request_id: str,
    body: DecideAppeal,
    result_revision: int | None,
) -> dict[str, Any]:
    return events.appeal_decided(
        client,
        appeal,
        request_id,
        decision=body.decision.value,
        reason_codes=[reason.value for reason in body.reason_codes],
        result_revision=result_revision,
        note=body.note is not None,
    )


async def _revision(  # noqa: PLR0917 -- one call site, every argument needed
    rt: Runtime,
    client: ApiClient,
    appeal: Appeal,
    row: Verification,
    decision: Decision,
    request_id: str,
    started: float,
    now: dt.datetime,
) -> AnsweredRound:
    """The next revision of the report, answered and sealed, citing the appeal; nothing is
    written.  The sources the appeal asked for are queried again (their access audited
    first, as a retry's is)."""
    async with rt.read_session_factory() as session:
        household = await verifications.load_household(session, rt.keyring, row)
        latest = await verifications.latest_results(session, rt.keyring, row.id)
        latest_obligors = await verifications.latest_obligor_results(session, rt.keyring, row.id)
    requery = set(appeal.requery_scopes)
    pairs = sorted(pair for pair in latest if pair[1] in requery)
    # the support obligors are asked again about those scopes too, while their own consent
    # is valid (after it, their earlier answers stand, as in a retry or a review)
    consenting = {o.index for o in household.obligors if o.consent_valid(now)}
    obligor_pairs = sorted(
        pair for pair in latest_obligors if pair[1] in requery and pair[0] in consenting
    )
    policy = rt.policies.policy(household.region_code, household.as_of)
    revision = row.revision + 1
    if pairs or obligor_pairs:
        # the household's consent must still hold for the agencies to be asked again:
        # checked where the use is recorded, so a withdrawal meanwhile is seen
        async with rt.transaction() as session:
            authorization, _ = await usable_authorization(
                session,
                row.authorization_id,
                now,
                accept_demo=rt.settings.demo_mode(),
                hold=True,
            )
            await rt.audit.append(
                session,
                [
                    events.appeal_requery(
                        client,
                        appeal,
                        request_id,
                        authorization_id=authorization.authorization_id,
                        revision=revision,
                        pairs=pairs,
                        obligors=household.obligors,
                        obligor_pairs=obligor_pairs,
                    )
                ],
            )
        answered = await answer_round(
            rt,
            client,
            household,
            policy,
            request_id,
            started=started,
            previous={pair: r for pair, r in latest.items() if pair not in pairs},
            pairs=pairs,
            revision=revision,
            obligor_pairs=obligor_pairs,
            previous_obligors={
                pair: r for pair, r in latest_obligors.items() if pair not in obligor_pairs
            },
        )
    else:
        answered = assessed_round(
            rt,
            client,
            household,
            policy,
            request_id,
            previous=latest,
            fresh={},
            elsewhere=await elsewhere_of(rt, household),
            revision=revision,
            previous_obligors=latest_obligors,
        )
    cited = answered.draft.model_copy(
        update={
            "appeal": AppealRefView(
                id=appeal.id,
                decision="upheld" if decision is Decision.UPHELD else "partly_upheld",
                decided_on=rt.business_date(now),
                appealed_revision=appeal.report_revision,
                requeried_scopes=sorted(requery),
                evidence_items=appeal.evidence_count,
                evidence_assessed=False,
            )
        }
    )
    return dataclasses.replace(
        answered, draft=cited, sealed=verifications.seal_report(rt.keyring, cited)
    )
