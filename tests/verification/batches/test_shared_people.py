"""A batch never reviews a person twice, even when households enrolled before migration 0007
share people: the earliest enrolled active household is reviewed, the others' items are
skipped as ``person-in-other-household``, whatever the order of the ids or of the runs."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from tests.verification.batches.seeding import seed_households
from tests.verification.batches.test_batch_edges import _client, _held_item
from tests.verification.batches.test_batches_api import finished, items
from verification.batches.review import review_item
from verification.households.models import EnrolledHousehold
from verification.verifications.models import Verification, VerificationMember

REGION = "450105"  # only this module's households are here, so "due" batches take only them


async def _legacy(api: Any, count: int) -> list[uuid.UUID]:
    """``count`` active households with the same people, in the order they were enrolled."""
    return await seed_households(
        api.runtime, await _client(api), api.issuer_key, count, shared=True, region_code=REGION
    )


async def _states(api: Any, batch_id: str) -> dict[str, tuple[str, str | None]]:
    return {i["household_id"]: (i["state"], i["error"]) for i in await items(api, batch_id)}


async def test_the_earliest_household_is_reviewed_whatever_the_order_of_the_ids(api) -> None:
    first, second, third = await _legacy(api, 3)
    ids = [str(third), str(first), str(second)]
    created = await api.http.post("/v1/batches", json={"household_ids": ids}, headers=api.auth())
    assert created.status_code == 201, created.text
    view = await finished(api, created.json()["id"])
    assert view["counts"]["done"] == 1 and view["counts"]["skipped"] == 2
    assert await _states(api, created.json()["id"]) == {
        str(first): ("done", None),
        str(second): ("skipped", "person-in-other-household"),
        str(third): ("skipped", "person-in-other-household"),
    }
    assert await _new_verifications_of(api, first) == 1

    # a batch of everything due: the same choice (the first was just reviewed, so it is no
    # longer due; the others are, and stay skipped while it is active)
    due = await api.http.post("/v1/batches", json={"due": {"region": REGION}}, headers=api.auth())
    assert due.status_code == 201, due.text
    assert due.json()["total"] == 2
    await finished(api, due.json()["id"])
    assert await _states(api, due.json()["id"]) == {
        str(second): ("skipped", "person-in-other-household"),
        str(third): ("skipped", "person-in-other-household"),
    }
    assert await _new_verifications_of(api, first) == 1

    # once the first ends, the next enrolled is the one reviewed
    ended = await api.http.post(
        f"/v1/households/{first}/end", json={"reason": "duplicate"}, headers=api.auth()
    )
    assert ended.status_code == 200
    again = await api.http.post("/v1/batches", json={"due": {"region": REGION}}, headers=api.auth())
    await finished(api, again.json()["id"])
    assert await _states(api, again.json()["id"]) == {
        str(second): ("done", None),
        str(third): ("skipped", "person-in-other-household"),
    }
    assert await _new_verifications_of(api, first) == 2
    for household in (second, third):  # end them, so later tests' batches leave them out
        await api.http.post(
            f"/v1/households/{household}/end", json={"reason": "test"}, headers=api.auth()
        )


async def test_a_person_reviewed_in_a_batch_is_not_reviewed_again_in_it(api) -> None:
    """The household reviewed ends in the middle of the batch: the other one, reviewed in
    later batches, is still skipped in this one."""
    first, second = await _legacy(api, 2)
    batch_id = await _held_item(api, second, first)
    assert await review_item(api.runtime, batch_id, first) == "done"
    ended = await api.http.post(
        f"/v1/households/{first}/end", json={"reason": "duplicate"}, headers=api.auth()
    )
    assert ended.status_code == 200
    assert await review_item(api.runtime, batch_id, second) == "skipped"
    assert await _states(api, str(batch_id)) == {
        str(first): ("done", None),
        str(second): ("skipped", "person-in-other-household"),
    }
    assert await _new_verifications_of(api, first) == 1
    await api.http.post(f"/v1/households/{second}/end", json={"reason": "test"}, headers=api.auth())


async def _new_verifications_of(api: Any, household_id: uuid.UUID) -> int:
    """Verifications, other than the households' enrolments, of the household's people."""
    async with api.sessions() as session:
        household = await session.get(EnrolledHousehold, household_id)
        assert household is not None
        people = select(VerificationMember.person_index).where(
            VerificationMember.verification_id == household.verification_id
        )
        return int(
            (
                await session.execute(
                    select(func.count(func.distinct(VerificationMember.verification_id))).where(
                        VerificationMember.person_index.in_(people),
                        VerificationMember.verification_id.not_in(
                            select(EnrolledHousehold.verification_id)
                        ),
                        VerificationMember.verification_id.not_in(
                            select(Verification.id).where(Verification.status != "completed")
                        ),
                    )
                )
            ).scalar_one()
        )
