"""Ending a household's aid: the people it held are free to be enrolled elsewhere."""

from __future__ import annotations

import datetime as dt
import uuid

from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.households import repository
from verification.households.read import household_event, household_view, owned_household
from verification.households.schemas import EndHousehold, Household
from verification.kit.masking import mask_text
from verification.runtime import Runtime


async def end_household(
    runtime: Runtime,
    client: ApiClient,
    household_id: uuid.UUID,
    body: EndHousehold,
    request_id: str,
    *,
    today: dt.date | None = None,
) -> Household:
    """End the household's aid; ending it again changes nothing (the first reason stays)."""
    async with runtime.transaction() as session:
        row = await owned_household(session, client, household_id, for_update=True)
        if row.status == "active":
            row.status = "ended"
            row.ended_on = today or runtime.today()
            row.end_reason = mask_text(body.reason)  # stored: personal numbers masked
            row.updated_at = utcnow()
            await repository.release_people(session, row)
            event = household_event(
                client,
                row,
                request_id,
                "household_ended",
                ended_on=row.ended_on.isoformat(),  # the free-text reason is not audited
            )
            await runtime.audit.append(session, [event])
        return household_view(row)
