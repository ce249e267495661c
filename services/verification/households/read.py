"""Reading an enrolled household.  A client sees only the households it enrolled
(anything else is ``404``)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from verification.clients.models import ApiClient
from verification.households import repository
from verification.households.models import EnrolledHousehold
from verification.households.schemas import Household
from verification.problems import NotFound
from verification.runtime import Runtime


async def read_household(runtime: Runtime, client: ApiClient, household_id: uuid.UUID) -> Household:
    """The client's household."""
    async with runtime.read_session_factory() as session:
        return household_view(await owned_household(session, client, household_id))


async def owned_household(
    session: AsyncSession,
    client: ApiClient,
    household_id: uuid.UUID,
    *,
    for_update: bool = False,
) -> EnrolledHousehold:
    """The client's household; ``404`` for another client's or none (``for_update``: locked,
    for a change)."""
    row = await repository.owned_household(session, client.id, household_id, for_update=for_update)
    if row is None:
        raise NotFound("no enrolled household with this id for this client")
    return row


def household_view(row: EnrolledHousehold) -> Household:
    return Household.model_validate(row)


def household_event(
    client: ApiClient, row: EnrolledHousehold, request_id: str, action: str, **fields: Any
) -> Mapping[str, Any]:
    """The audit entry of a change to a household: ids only, never personal data."""
    return {
        "action": action,
        "client_id": str(client.id),
        "request_id": request_id,
        "household_id": str(row.id),
        "verification_id": str(row.verification_id),
        "authorization_id": row.authorization_id,
        **fields,
    }
