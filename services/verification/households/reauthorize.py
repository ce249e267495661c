"""Re-authorizing an enrolled household: its reviews go on under a new authorization.

A household's reviews verify it again under the authorization of its last verification
(``batches/review.py``).  When the household withdraws that authorization (撤回授权,
``consent/revoke.py``) the household is marked (``authorization_withdrawn_on``,
``authorization_status`` ``revoked``) and scheduled and "everything due" batches leave it
out: it needs a new one.  So does a household whose authorization is past its validity
(``authorization_expires_at``; ``authorization_status`` ``expired``, computed when read).
The case system has the household sign a new authorization, makes a verification of the
same people under it (``POST /v1/verifications``), and names it here (``PATCH
/v1/households/{id}`` with ``reauthorized_by``): that verification becomes the household's
last one — its next review runs under the new authorization and is compared with that
report — and the mark is cleared (the new authorization's expiry is the household's).  The
household's review dates do not move: one that is due stays due and is reviewed by the
next batch.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from verification.authorization.models import AuthorizationRecord
from verification.authorization.records import revoked
from verification.authorization.validity import expired
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.households import repository
from verification.households.models import EnrolledHousehold
from verification.problems import AuthorizationRefused, Conflict, NotFound
from verification.verifications.purged import refuse_purged


async def reauthorize(
    session: AsyncSession,
    client: ApiClient,
    household: EnrolledHousehold,
    verification_id: uuid.UUID,
) -> dict[str, Any]:
    """In the caller's transaction: make the client's completed ``verification_id`` — of the
    household's people, in its region, under an authorization not withdrawn — the household's
    last verification; what changed, for the audit entry (empty if it already was).
    ``404`` for another client's verification, ``410 purged``, ``409
    verification-incomplete`` while it runs or awaits answers, ``409 household-mismatch``
    for other people or another region, ``422 authorization-revoked`` if its authorization
    was withdrawn too, ``422 expired`` if it has expired."""
    refs = {"household_id": str(household.id), "reauthorized_by": str(verification_id)}
    if verification_id == household.last_verification_id:
        return {}
    verification = await repository.verification_of_client(session, client.id, verification_id)
    if verification is None:
        raise NotFound("no verification with this id for this client", audit=refs)
    refuse_purged(verification)
    if verification.status != "completed":
        raise Conflict(
            "the verification has not completed; re-authorize with it once it has",
            code="verification-incomplete",
            audit=refs,
        )
    people = set(await repository.people_of(session, verification_id))
    current = set(await repository.people_of(session, household.last_verification_id))
    if people != current or verification.region_code != household.region_code:
        raise Conflict(
            "the verification is not of this household's people in its region",
            code="household-mismatch",
            audit=refs,
            extra={"household_id": str(household.id)},
        )
    authorization = await session.get(AuthorizationRecord, verification.authorization_id)
    if authorization is None or authorization.revoked_at is not None:
        raise revoked(verification.authorization_id, audit=refs)
    if expired(authorization.expires_at, utcnow()):
        raise AuthorizationRefused(
            "the authorization of that verification has expired too; it cannot re-authorize",
            code="expired",
            audit={**refs, "authorization_id": authorization.authorization_id},
        )
    changes: dict[str, Any] = {
        "reauthorized_by": str(verification_id),
        "previous_authorization_id": household.authorization_id,
        "new_authorization_id": verification.authorization_id,
    }
    household.last_verification_id = verification_id
    if verification.authorization_id != household.authorization_id:
        earlier = household.earlier_authorization_ids or []
        household.earlier_authorization_ids = [*earlier, household.authorization_id]
    household.authorization_id = verification.authorization_id
    household.authorization_withdrawn_on = None
    household.authorization_expires_at = authorization.expires_at
    return changes
