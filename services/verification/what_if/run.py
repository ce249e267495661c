"""``POST /v1/policies/what-if``: the calling client's active households of a region, each
as its latest verification stored it, replayed under the policy in force and under a draft
(``replay.py``).  No agency is asked: only stored answers are read (and decrypted).

At most ``MAX_HOUSEHOLDS`` households: a region with more is refused
(``what-if-too-large``), never answered with partial totals; ask for a narrower region
prefix (a county's 6 digits).  Audited (``policy_what_if``): the region, the dates, the
draft's layer and digest, and the counts, never a person.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from typing import Any

from verification.assessment.model import Member
from verification.assessment.obligors import Obligor, ObligorRelation
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.households import repository as households
from verification.kit.id_number import birth_date
from verification.problems import InvalidRequest
from verification.runtime import Runtime
from verification.verifications import repository as verifications
from verification.what_if.draft import drafted_policies
from verification.what_if.replay import StoredHousehold, WhatIf, replay

MAX_HOUSEHOLDS = 2000


async def what_if(
    rt: Runtime,
    client: ApiClient,
    *,
    draft_text: str,
    region_prefix: str,
    on: dt.date | None,
    request_id: str,
) -> tuple[str, WhatIf]:
    """The draft layer's id, and the client's households of ``region_prefix`` under the
    draft against the policy in force, both resolved on ``on`` (default: today).  Only the
    client's own households are read (those it enrolled, each in a region it may verify),
    as every household route reads them."""
    on = on or rt.today()
    draft, drafted = drafted_policies(rt.layers, draft_text)  # refused before any read
    stored = await _stored(rt, client, region_prefix)
    result = replay(stored, rt.policies, drafted, on)
    async with rt.transaction() as session:
        await rt.audit.append(
            session,
            [_event(client, request_id, region_prefix, on, draft.id, draft_text, result)],
        )
    return draft.id, result


async def _stored(rt: Runtime, client: ApiClient, region_prefix: str) -> list[StoredHousehold]:
    deadline = rt.settings.verification_deadline_seconds
    alive_since = utcnow() - dt.timedelta(seconds=max(60.0, 3 * deadline))
    stored: list[StoredHousehold] = []
    async with rt.read_session_factory() as session:
        rows = await households.active_in_region(
            session, client.id, region_prefix, MAX_HOUSEHOLDS + 1
        )
        if len(rows) > MAX_HOUSEHOLDS:
            raise InvalidRequest(
                f"region {region_prefix} has more than {MAX_HOUSEHOLDS} active households; "
                "ask for a narrower region prefix",
                code="what-if-too-large",
                audit={"region_prefix": region_prefix, "limit": MAX_HOUSEHOLDS},
                extra={"limit": MAX_HOUSEHOLDS},
            )
        for row in rows:
            verification = await households.verification(session, row.last_verification_id)
            household = await verifications.load_household(session, rt.keyring, verification)
            # the household's own enrolment is not "elsewhere" (as a review reads it)
            household = dataclasses.replace(household, household_id=row.id)
            stored.append(
                StoredHousehold(
                    household_id=row.id,
                    region_code=household.region_code,
                    area=household.area,
                    as_of=household.as_of,
                    members=[
                        Member(m.index, m.relation, birth_date(m.id_number))
                        for m in household.members
                    ],
                    people_masked=[p["person_masked"] for p in household.people],
                    results=await verifications.latest_results(
                        session, rt.keyring, verification.id
                    ),
                    declared=household.declared,
                    elsewhere=await verifications.elsewhere(
                        session, household, alive_since=alive_since
                    ),
                    obligors=[
                        Obligor(o.index, ObligorRelation(o.relation), o.household_size)
                        for o in household.obligors
                    ],
                    obligor_results=await verifications.latest_obligor_results(
                        session, rt.keyring, verification.id
                    ),
                )
            )
    return stored


def _event(  # noqa: PLR0917
    client: ApiClient,
    request_id: str,
    region_prefix: str,
    on: dt.date,
    draft_layer: str,
    draft_text: str,
    result: WhatIf,
) -> dict[str, Any]:
    """Counts only: a total of allowances could be one household's allowance."""
    totals = result.totals
    return {
        "action": "policy_what_if",
        "client_id": str(client.id),
        "request_id": request_id,
        "region_prefix": region_prefix,
        "on": on.isoformat(),
        "draft_layer": draft_layer,
        "draft_sha256": hashlib.sha256(draft_text.encode()).hexdigest(),
        "households": totals.households,
        "unchanged": totals.unchanged,
        "becomes_eligible": totals.becomes_eligible,
        "becomes_ineligible": totals.becomes_ineligible,
        "outcome_changed": totals.outcome_changed,
        "increase": totals.increase,
        "decrease": totals.decrease,
    }
