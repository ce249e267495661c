"""One household's verifications, a page at a time: those made under its authorization —
the verification it was enrolled from, its reviews, and any other the client made under that
authorization; after a re-authorization (``reauthorize.py``), under each it has had —
listed (and audited, with the household's id) as ``GET /v1/verifications``
lists them.  Another client's household is ``404``, as ``getHousehold`` answers."""

from __future__ import annotations

import uuid

from verification.clients.models import ApiClient
from verification.households.read import owned_household
from verification.paging import PageRequest
from verification.runtime import Runtime
from verification.verifications.listing import VerificationQuery, list_verifications
from verification.verifications.schemas import VerificationPage


async def household_verifications(
    runtime: Runtime,
    client: ApiClient,
    household_id: uuid.UUID,
    query: VerificationQuery,
    *,
    page: PageRequest,
    request_id: str,
) -> VerificationPage:
    """A page of the verifications of one of the client's households; ``query``'s
    ``authorization_id`` and ``region_prefix`` are not used (the household's apply)."""
    async with runtime.read_session_factory() as session:
        household = await owned_household(session, client, household_id)
        authorizations = (*(household.earlier_authorization_ids or []), household.authorization_id)
    return await list_verifications(
        runtime,
        client,
        VerificationQuery(
            status=query.status,
            outcome=query.outcome,
            authorization_ids=authorizations,
            created=query.created,
            updated=query.updated,
        ),
        page,
        request_id,
        listing=f"households/{household_id}/verifications",
        audit={"household_id": str(household_id)},
    )
