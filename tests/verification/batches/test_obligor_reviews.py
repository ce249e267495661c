"""A batch review of an enrolled household with a support obligor re-verifies the obligor
too, under their stored consent, and reports them again in their own section."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from sqlalchemy import func, select, update

from tests.verification.batches.test_batch_edges import _held_item
from tests.verification.helpers import stored_item, supported_body
from verification.audit.models import AuditEvent
from verification.batches.review import review_item
from verification.households.models import EnrolledHousehold
from verification.verifications import repository
from verification.verifications.models import (
    ObligorSourceQuery,
    Verification,
    VerificationObligor,
)


async def _review_events(api: Any, verification_id: uuid.UUID) -> list[dict[str, Any]]:
    """The review's audit entries, in the log's order."""
    await api.drain()
    async with api.sessions() as session:
        rows = (await session.execute(select(AuditEvent).order_by(AuditEvent.seq))).scalars()
        bodies = [json.loads(e.body) for e in rows]
    return [e for e in bodies if e.get("verification_id") == str(verification_id)]


async def _enrolled(api: Any) -> tuple[dict[str, Any], uuid.UUID]:
    created = await api.http.post(
        "/v1/verifications",
        json=supported_body(api, "elderly_no_capable_obligor"),
        headers=api.auth(),
    )
    assert created.status_code == 201, created.text
    body = {"verification_id": created.json()["id"], "category": "three_no"}
    enrolled = await api.http.post("/v1/households", json=body, headers=api.auth())
    if enrolled.status_code == 409:  # the scenario's people, enrolled by another test
        assert enrolled.json()["code"] == "person-already-enrolled", enrolled.text
        ended = await api.http.post(
            f"/v1/households/{enrolled.json()['household_id']}/end",
            json={"reason": "moved away"},
            headers=api.auth(),
        )
        assert ended.status_code == 200, ended.text
        enrolled = await api.http.post("/v1/households", json=body, headers=api.auth())
    assert enrolled.status_code == 201, enrolled.text
    return created.json(), uuid.UUID(enrolled.json()["id"])


async def test_a_review_asks_the_obligor_again_and_reports_them(api) -> None:
    first, household_id = await _enrolled(api)
    assert first["outcome"] == "eligible"
    batch_id = await _held_item(api, household_id)

    assert await review_item(api.runtime, batch_id, household_id) == "done"

    item = await stored_item(api, batch_id, household_id)
    async with api.sessions() as session:
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

    # recorded before any agency was asked about her: the review's first entry names her,
    # under her own consent, with every source asked
    events = await _review_events(api, item.verification_id)
    started = events[0]
    assert started["action"] == "review_started"
    (obligor,) = started["obligors"]
    assert obligor["obligor_index"] == 0
    assert obligor["authorization_id"] != started["authorization_id"]
    assert sorted(obligor["scopes"]) == sorted(api.runtime.sources(sandbox=False))
    assert any(e.get("subject") == "obligor" for e in events[1:])


async def test_a_review_after_the_obligors_consent_expired_does_not_ask_her(api) -> None:
    first, household_id = await _enrolled(api)
    async with api.sessions() as session, session.begin():
        await session.execute(
            update(VerificationObligor)
            .where(VerificationObligor.verification_id == uuid.UUID(first["id"]))
            .values(consent_expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
        )
    batch_id = await _held_item(api, household_id)
    assert await review_item(api.runtime, batch_id, household_id) == "done"
    async with api.sessions() as session:
        household = await session.get(EnrolledHousehold, household_id)
        assert household is not None and household.last_verification_id is not None
        review_id = household.last_verification_id
        asked = await session.scalar(
            select(func.count())
            .select_from(ObligorSourceQuery)
            .where(ObligorSourceQuery.verification_id == review_id)
        )
    assert asked == 0
    events = await _review_events(api, review_id)
    assert events[0]["action"] == "review_started" and "obligors" not in events[0]
    assert not [e for e in events if e.get("subject") == "obligor"]
