"""A household withdraws its authorization (through the case system): recorded, audited,
and from then on every use of it is refused (``authorization-revoked``).

What stops, and when (ADR 0021):

- a retry, a batch review not yet started and a new verification presenting the same signed
  authorization are refused (``authorization/records.py``: ``check_still_valid`` and the
  recording of an authorization);
- a queued batch item ends ``skipped`` with ``authorization-revoked`` when it is claimed
  (``batches/review.py``); an item already running finishes its current round — its
  agencies were asked before the withdrawal was recorded;
- an enrolled household whose reviews use it is marked in the revocation's transaction
  (``authorization_withdrawn_on``; its view says ``authorization_status: revoked``):
  scheduled and "everything due" batches leave it out until the case system re-authorizes
  it with a verification under a new authorization (``households/reauthorize.py``);
- answers an agency promised under it (tickets of an ``awaiting_sources`` verification, or
  about a support obligor whose consent it is) are no longer collected: the tickets are
  closed in the revocation's transaction.  A verification left with no ticket open then
  completes without them, at once (``awaiting.complete_withdrawn``; the periodic poll does it
  for a revocation recorded from the command line, or one whose process died first): the
  next revision of its report, each answer not collected ``unavailable`` with
  ``source.authorization_withdrawn``, audited (``sources_withdrawn``), announced
  (``verification.completed``); no agency is asked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from verification.clients.models import ApiClient
from verification.consent import repository
from verification.consent.record import REVOKED
from verification.consent.schemas import RevocationAnswer, RevocationReason
from verification.consent.uses import readable
from verification.db import utcnow
from verification.problems import Conflict, InvalidRequest, NotFound
from verification.runtime import Runtime
from verification.verifications.awaiting import complete_withdrawn
from verification.verifications.repository import awaiting_without_tickets


async def revoke(
    rt: Runtime,
    client: ApiClient,
    authorization_id: str,
    request_id: str,
    *,
    reason: RevocationReason,
    withdrawn_on: dt.date,
    now: dt.datetime | None = None,
) -> RevocationAnswer:
    """Record the household's withdrawal of ``authorization_id`` (one the client used);
    ``409 authorization-revoked`` when it was withdrawn already, ``422
    withdrawn-in-future`` for a date after today (Beijing)."""
    now = now or utcnow()
    check_date(authorization_id, withdrawn_on, rt.business_date(now))
    async with rt.transaction() as session:
        await readable(session, client, authorization_id)
        answer, event = await record_revocation(
            session, authorization_id, reason=reason, withdrawn_on=withdrawn_on, now=now
        )
        left = await awaiting_without_tickets(session, under=authorization_id)
        await rt.audit.append(
            session, [{**event, "client_id": str(client.id), "request_id": request_id}]
        )
    # after the commit: each completes in a transaction of its own (and the poll does it
    # later for one that fails here)
    await complete_withdrawn(rt, left)
    return answer.model_copy(update={"verifications_completed": left})


def check_date(authorization_id: str, withdrawn_on: dt.date, today: dt.date) -> None:
    """``422 withdrawn-in-future`` for a withdrawal dated after ``today`` (Beijing)."""
    if withdrawn_on > today:
        raise InvalidRequest(
            "withdrawn_on is after today (Beijing date)",
            code="withdrawn-in-future",
            audit={"authorization_id": authorization_id},
        )


async def record_revocation(
    session: AsyncSession,
    authorization_id: str,
    *,
    reason: RevocationReason,
    withdrawn_on: dt.date,
    now: dt.datetime,
) -> tuple[RevocationAnswer, dict[str, Any]]:
    """In the caller's transaction: mark the authorization withdrawn and close the tickets of
    its verifications; the answer and the audit event (the caller adds who asked and
    appends it).  ``404`` for an authorization not recorded, ``409 authorization-revoked``
    for one withdrawn already."""
    audit = {"authorization_id": authorization_id}
    found = await repository.authorization_for_update(session, authorization_id)
    if found is None:
        raise NotFound("no authorization with this id", audit=audit)
    if found.revoked_at is not None:
        raise Conflict(
            "the household has withdrawn this authorization already",
            code="authorization-revoked",
            audit=audit,
        )
    found.revoked_at = now
    found.withdrawn_on = withdrawn_on
    found.revocation_reason = reason
    closed = await repository.close_tickets(session, authorization_id, now)
    households = await repository.mark_households(session, authorization_id, withdrawn_on)
    event = {
        "action": REVOKED,
        "authorization_id": authorization_id,
        "reason": reason,
        "withdrawn_on": withdrawn_on.isoformat(),
        "tickets_closed": closed,
        "households_marked": households,
    }
    answer = RevocationAnswer(
        authorization_id=authorization_id,
        revoked_at=now,
        withdrawn_on=withdrawn_on,
        reason=reason,
        tickets_closed=closed,
        households_marked=households,
    )
    return answer, event
