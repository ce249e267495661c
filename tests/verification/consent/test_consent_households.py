"""An enrolled household whose authorization was withdrawn: its view says it needs a new one,
due batches leave it out (instead of skipping it every run), and a verification under a new
authorization re-authorizes it — its next review runs under that one.  Revocations that
cannot be made change nothing (RFC 9457 problems)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from sqlalchemy import select, update

from tests.verification.batches.test_batches_api import finished, items
from tests.verification.helpers import business_today, fresh_body, fresh_members
from verification.audit.models import AuditEvent
from verification.authorization.models import AuthorizationRecord
from verification.batches.repository import clients_with_due_households
from verification.db import utcnow
from verification.households.models import EnrolledHousehold
from verification.verifications.models import Verification

LONG_AGO = dt.date(2000, 1, 1)  # due by then: this test's household alone


async def _verify(
    api: Any, members: list[dict[str, Any]], body: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A verification of ``members`` under a new authorization (or the signed ``body``'s)."""
    body = body or fresh_body(api.issuer_key, members=members)
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 201, response.text
    report: dict[str, Any] = response.json()
    assert report["outcome"] == "eligible"
    return report


def _idempotent(api: Any) -> dict[str, str]:
    return {**api.auth(), "Idempotency-Key": str(uuid.uuid4())}


async def _due_batch(api: Any) -> dict[str, Any]:
    response = await api.http.post(
        "/v1/batches", json={"due": {"as_of": LONG_AGO.isoformat()}}, headers=_idempotent(api)
    )
    assert response.status_code in {201, 202}, response.text
    return await finished(api, response.json()["id"])


async def _household(api: Any, household_id: str) -> dict[str, Any]:
    response = await api.http.get(f"/v1/households/{household_id}", headers=api.auth())
    assert response.status_code == 200, response.text
    view: dict[str, Any] = response.json()
    return view


async def test_a_withdrawn_household_waits_for_a_new_authorization(api) -> None:
    members = fresh_members()
    signed = fresh_body(api.issuer_key, members=members)
    first = await _verify(api, members, signed)
    enrolled_from = await _verify(api, members, signed)  # the same authorization presented again
    assert first["authorization_id"] == enrolled_from["authorization_id"]
    enrolled = await api.http.post(
        "/v1/households",
        json={"verification_id": enrolled_from["id"], "category": "stable"},
        headers=api.auth(),
    )
    assert enrolled.status_code == 201, enrolled.text
    household = enrolled.json()
    household_id, authorization_id = household["id"], household["authorization_id"]
    assert (household["authorization_status"], household["authorization_withdrawn_on"]) == (
        "active",
        None,
    )
    async with api.runtime.transaction() as session:  # due long ago: no other household is
        await session.execute(
            update(EnrolledHousehold)
            .where(EnrolledHousehold.id == uuid.UUID(household_id))
            .values(next_review_on=LONG_AGO)
        )

    today = business_today()
    revoked = await api.http.post(
        f"/v1/authorizations/{authorization_id}/revocation",
        json={"reason": "household_withdrew", "withdrawn_on": today.isoformat()},
        headers=_idempotent(api),
    )
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["households_marked"] == 1

    # the household says it needs a new authorization; so does the due list
    view = await _household(api, household_id)
    assert (view["authorization_status"], view["authorization_withdrawn_on"]) == (
        "revoked",
        today.isoformat(),
    )
    assert view["status"] == "active" and view["next_review_on"] == LONG_AGO.isoformat()
    due = await api.http.get(
        "/v1/households/due", params={"as_of": LONG_AGO.isoformat()}, headers=api.auth()
    )
    assert [(h["id"], h["authorization_status"]) for h in due.json()["items"]] == [
        (household_id, "revoked")
    ]
    # scheduled and "everything due" batches leave it out: nothing is skipped run after run
    async with api.sessions() as session:
        assert await clients_with_due_households(session, LONG_AGO, utcnow()) == []
    for _ in range(2):
        batch = await _due_batch(api)
        assert batch["total"] == 0

    # re-authorization: refused with a verification of other people, one under the withdrawn
    # authorization, or an unknown one — each a problem, nothing changed
    other = await _verify(api, fresh_members())
    for verification_id, status, code in [
        (other["id"], 409, "household-mismatch"),
        (first["id"], 422, "authorization-revoked"),
        (str(uuid.uuid4()), 404, "not-found"),
    ]:
        refused = await api.http.patch(
            f"/v1/households/{household_id}",
            json={"reauthorized_by": verification_id},
            headers=api.auth(),
        )
        assert (refused.status_code, refused.json()["code"]) == (status, code), refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
    assert (await _household(api, household_id)) == view

    # the household signs a new authorization; a verification of its people under it
    renewed = await _verify(api, members)
    assert renewed["authorization_id"] != authorization_id
    patched = await api.http.patch(
        f"/v1/households/{household_id}",
        json={"reauthorized_by": renewed["id"]},
        headers=api.auth(),
    )
    assert patched.status_code == 200, patched.text
    after = patched.json()
    assert (after["authorization_status"], after["authorization_withdrawn_on"]) == ("active", None)
    assert after["authorization_id"] == renewed["authorization_id"]
    assert after["last_verification_id"] == renewed["id"]
    assert after["next_review_on"] == LONG_AGO.isoformat()  # still due: reviewed next run

    # the next due batch reviews it, under the new authorization
    batch = await _due_batch(api)
    assert (batch["total"], batch["counts"]["done"]) == (1, 1), batch
    (item,) = await items(api, batch["id"])
    assert item["state"] == "done" and item["error"] is None
    await api.drain()
    async with api.sessions() as session:
        review = await session.get(Verification, uuid.UUID(item["verification_id"]))
        assert review is not None and review.authorization_id == renewed["authorization_id"]
        bodies = [
            json.loads(b)
            for b in (
                await session.execute(
                    select(AuditEvent.body)
                    .where(AuditEvent.authorization_id == renewed["authorization_id"])
                    .order_by(AuditEvent.seq)
                )
            ).scalars()
        ]
    # its history: the verifications under the withdrawn authorization and under the new one
    history = await api.http.get(f"/v1/households/{household_id}/verifications", headers=api.auth())
    assert history.status_code == 200, history.text
    assert {v["id"] for v in history.json()["items"]} == {
        first["id"],
        enrolled_from["id"],
        renewed["id"],
        item["verification_id"],
    }
    (updated,) = [b for b in bodies if b["action"] == "household_updated"]
    assert updated["household_id"] == household_id
    assert (updated["previous_authorization_id"], updated["reauthorized_by"]) == (
        authorization_id,
        renewed["id"],
    )


async def test_revocations_that_cannot_be_made_change_nothing(api) -> None:
    report = await _verify(api, fresh_members())
    authorization_id = report["authorization_id"]
    today = business_today().isoformat()

    async def revoke(target: str, headers: dict[str, str]) -> Any:
        return await api.http.post(
            f"/v1/authorizations/{target}/revocation",
            json={"reason": "household_withdrew", "withdrawn_on": today},
            headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        )

    async def state() -> tuple[Any, ...]:
        await api.drain()
        async with api.sessions() as session:
            row = await session.get(AuthorizationRecord, authorization_id)
            assert row is not None
            bodies = (
                await session.execute(
                    select(AuditEvent.body).where(AuditEvent.authorization_id == authorization_id)
                )
            ).scalars()
            revocations = [
                json.loads(b)["action"]
                for b in bodies
                if json.loads(b)["action"] == "authorization_revoked"
            ]
            return row.revoked_at, row.withdrawn_on, row.revocation_reason, revocations

    before = await state()
    assert before == (None, None, None, [])
    # an authorization no one recorded, and one another case system used: 404, not saying which
    unknown = await revoke("NO-SUCH-AUTHORIZATION", api.auth())
    assert (unknown.status_code, unknown.json()["code"]) == (404, "not-found")
    assert unknown.headers["content-type"].startswith("application/problem+json")
    foreign = await revoke(authorization_id, api.auth(api.other_token))
    assert (foreign.status_code, foreign.json()["code"]) == (404, "not-found")
    auditor = await revoke(authorization_id, api.auth(api.auditor_token))
    assert auditor.status_code == 403
    assert await state() == before

    first = await revoke(authorization_id, api.auth())
    assert first.status_code == 200, first.text
    recorded = await state()
    assert recorded[1:] == (business_today(), "household_withdrew", ["authorization_revoked"])
    # twice: 409, the first withdrawal (date, reason) kept, no second entry
    twice = await api.http.post(
        f"/v1/authorizations/{authorization_id}/revocation",
        json={"reason": "moved_away", "withdrawn_on": "2026-01-05"},
        headers=_idempotent(api),
    )
    assert (twice.status_code, twice.json()["code"]) == (409, "authorization-revoked")
    assert twice.headers["content-type"].startswith("application/problem+json")
    assert twice.json()["type"].endswith("/authorization-revoked")
    assert await state() == recorded
