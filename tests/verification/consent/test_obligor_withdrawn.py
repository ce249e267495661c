"""A support obligor who withdrew their own consent is never asked again: not by a retry of
the household's verification, not by its batch review, not by an upheld appeal. Their
earlier answers stand (a retry's or an appeal's revision) or are left out (a review), as
when their consent has expired."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from tests.verification.appeals.test_appeals_obligors import _events, _upheld
from tests.verification.batches.test_batch_edges import _held_item
from tests.verification.batches.test_obligor_reviews import _enrolled, _review_events
from tests.verification.consent.test_consent_awaiting import _revoke
from tests.verification.test_obligors import verified_with_her_tax_down
from verification.batches.review import review_item
from verification.households.models import EnrolledHousehold
from verification.verifications.models import ObligorSourceQuery, VerificationObligor


async def _consent_id(api: Any, vid: str) -> str:
    async with api.sessions() as session:
        return (
            await session.execute(
                select(VerificationObligor.consent_id).where(
                    VerificationObligor.verification_id == uuid.UUID(vid)
                )
            )
        ).scalar_one()


async def _obligor_queries(api: Any, vid: str, revision: int) -> int:
    async with api.sessions() as session:
        return (
            await session.scalar(
                select(func.count())
                .select_from(ObligorSourceQuery)
                .where(
                    ObligorSourceQuery.verification_id == uuid.UUID(vid),
                    ObligorSourceQuery.revision == revision,
                )
            )
            or 0
        )


async def test_a_retry_does_not_ask_an_obligor_who_withdrew(api) -> None:
    report = await verified_with_her_tax_down(api)
    vid = report["id"]
    revoked = await _revoke(api, await _consent_id(api, vid))
    assert revoked.status_code == 200, revoked.text

    retried = await api.http.post(f"/v1/verifications/{vid}/retry", headers=api.auth())
    # nothing of the household's failed; hers may not be asked: nothing to retry
    assert retried.status_code == 409, retried.json().get("code")
    assert retried.json()["code"] == "nothing-to-retry"
    assert await _obligor_queries(api, vid, 1) == 0


async def test_an_appeal_does_not_ask_an_obligor_who_withdrew(api) -> None:
    report = await verified_with_her_tax_down(api)
    vid = report["id"]
    revoked = await _revoke(api, await _consent_id(api, vid))
    assert revoked.status_code == 200, revoked.text

    again = await _upheld(api, vid)  # re-queries the tax agency about the members only
    assert await _obligor_queries(api, vid, 1) == 0
    assert again["obligors"]["support_status"] == "not_assessable"
    requery = next(e for e in await _events(api, vid) if e["action"] == "appeal_requery")
    assert "obligors" not in requery


async def test_a_review_does_not_ask_an_obligor_who_withdrew(api) -> None:
    first, household_id = await _enrolled(api)
    revoked = await _revoke(api, await _consent_id(api, first["id"]))
    assert revoked.status_code == 200, revoked.text

    batch_id = await _held_item(api, household_id)
    assert await review_item(api.runtime, batch_id, household_id) == "done"
    async with api.sessions() as session:
        household = await session.get(EnrolledHousehold, household_id)
        assert household is not None and household.last_verification_id is not None
        review_id = str(household.last_verification_id)
    assert await _obligor_queries(api, review_id, 0) == 0
    started = (await _review_events(api, uuid.UUID(review_id)))[0]
    assert started["action"] == "review_started" and "obligors" not in started
