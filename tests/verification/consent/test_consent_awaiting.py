"""A revocation while an agency's answer is awaited: the ticket is closed, no agency is asked
for it any more, and the record shows the answer as it stood (pending)."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from tests.verification.helpers import business_today, fresh_body
from tests.verification.test_awaiting_sources import (  # noqa: F401  (fixtures)
    LATER,
    bank_later,
    deferred_bank,
)
from verification.db import utcnow
from verification.verifications.awaiting import poll_due
from verification.verifications.models import PendingSource, Verification


async def test_revocation_closes_the_awaited_answers(api, bank_later) -> None:  # noqa: F811
    response = await api.http.post(
        "/v1/verifications", json=fresh_body(api.issuer_key), headers=api.auth()
    )
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["status"] == "awaiting_sources"
    authorization_id = report["authorization_id"]
    record = (
        await api.http.get(f"/v1/authorizations/{authorization_id}/uses", headers=api.auth())
    ).json()
    (use,) = record["uses"]
    assert {a["scope"]: a["outcome"] for a in use["agencies"]}["bank"] == "pending"

    revoked = await api.http.post(
        f"/v1/authorizations/{authorization_id}/revocation",
        json={"reason": "application_withdrawn", "withdrawn_on": business_today().isoformat()},
        headers={**api.auth(), "Idempotency-Key": str(uuid.uuid4())},
    )
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["tickets_closed"] == 3  # the bank's answer for each member

    await bank_later.post("/_deferred/bank/release")  # the bank would answer now
    assert await poll_due(api.runtime, utcnow() + LATER) == 0
    async with api.sessions() as session:
        tickets = (
            await session.execute(
                select(PendingSource).where(
                    PendingSource.verification_id == uuid.UUID(report["id"])
                )
            )
        ).scalars()
        assert all(t.resolved_at is not None and t.resolved_revision is None for t in tickets)
        row = await session.get(Verification, uuid.UUID(report["id"]))
        assert row is not None and (row.status, row.revision) == ("awaiting_sources", 0)
    after = (
        await api.http.get(f"/v1/authorizations/{authorization_id}/uses", headers=api.auth())
    ).json()
    assert after["status"] == "revoked" and after["uses"] == record["uses"]
