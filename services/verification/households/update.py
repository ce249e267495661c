"""Changing an enrolled household: its category (which moves its next review), its
monthly allowance, or the authorization its reviews use (``reauthorize.py``).  A household
whose aid has ended can no longer be changed."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.households import repository
from verification.households.read import household_event, household_view, owned_household
from verification.households.reauthorize import reauthorize
from verification.households.scheduling import next_review_on
from verification.households.schemas import Household, UpdateHousehold
from verification.kit.money import to_yuan
from verification.problems import Conflict
from verification.procedure.recheck import next_review
from verification.runtime import Runtime


async def update_household(
    runtime: Runtime,
    client: ApiClient,
    household_id: uuid.UUID,
    body: UpdateHousehold,
    request_id: str,
) -> Household:
    """Apply ``body`` to the client's household; audited when anything changed."""
    async with runtime.transaction() as session:
        row = await owned_household(session, client, household_id, for_update=True)
        if row.status != "active":
            raise Conflict(
                "the household's aid has ended; it can no longer be changed",
                code="household-ended",
                audit={
                    "household_id": str(row.id),
                    "verification_id": str(row.verification_id),
                },
                extra={"household_id": str(row.id)},
            )
        changes: dict[str, Any] = {}
        if body.reauthorized_by is not None:
            changes |= await reauthorize(session, client, row, body.reauthorized_by)
        if body.category is not None and body.category.value != row.category:
            verification = await repository.verification(session, row.last_verification_id)
            # the policy the last verification applied (its region, its assessment date)
            policy = runtime.policies.policy(verification.region_code, verification.as_of)
            row.category = body.category.value
            row.next_review_on = next_review(
                next_review_on(policy, body.category, row.area, row.last_reviewed_on),
                row.recheck_due_on,  # a re-check still due keeps it forward (rule 22)
            )
            changes |= {
                "category": row.category,
                "next_review_on": row.next_review_on.isoformat(),
                "policy": f"{policy.id}@{policy.version}",
            }
        if body.monthly_allowance is not None:
            allowance = to_yuan(body.monthly_allowance)
            if allowance != Decimal(row.monthly_allowance):
                row.monthly_allowance = allowance
                changes["monthly_allowance"] = str(allowance)
        if changes:
            row.updated_at = utcnow()
            event = household_event(client, row, request_id, "household_updated", **changes)
            await runtime.audit.append(session, [event])
        return household_view(row)
