"""A batch review of an enrolled household with a support obligor re-verifies the obligor
too, under their stored consent, and reports them again in their own section."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from tests.verification.batches.test_batch_edges import _held_item
from tests.verification.helpers import supported_body
from verification.batches.models import BatchItem
from verification.batches.review import review_item
from verification.households.models import EnrolledHousehold
from verification.verifications import repository
from verification.verifications.models import ObligorSourceQuery, Verification


async def test_a_review_asks_the_obligor_again_and_reports_them(api) -> None:
    created = await api.http.post(
        "/v1/verifications",
        json=supported_body(api, "elderly_no_capable_obligor"),
        headers=api.auth(),
    )
    assert created.status_code == 201, created.text
    first = created.json()
    assert first["outcome"] == "eligible"
    enrolled = await api.http.post(
        "/v1/households",
        json={"verification_id": first["id"], "category": "three_no"},
        headers=api.auth(),
    )
    assert enrolled.status_code == 201, enrolled.text
    household_id = uuid.UUID(enrolled.json()["id"])
    batch_id = await _held_item(api, household_id)

    assert await review_item(api.runtime, batch_id, household_id) == "done"

    async with api.sessions() as session:
        item = (
            await session.execute(
                select(BatchItem).where(
                    BatchItem.batch_id == batch_id, BatchItem.household_id == household_id
                )
            )
        ).scalar_one()
        household = await session.get(EnrolledHousehold, household_id)
        assert household is not None and item.verification_id is not None
        assert household.last_verification_id == item.verification_id
        asked = await session.scalar(
            select(func.count())
            .select_from(ObligorSourceQuery)
            .where(ObligorSourceQuery.verification_id == item.verification_id)
        )
        row = await session.get(Verification, item.verification_id)
        assert row is not None and row.obligor_count == 1
        report = repository.stored_report(api.runtime.keyring, row)
    assert asked == len(api.runtime.sources(sandbox=False))  # every source, about her, again
    assert report.obligors is not None
    assert report.obligors.support_status == "none_capable"
    assert report.outcome == "eligible"
    assert item.recommendation == "continue"
