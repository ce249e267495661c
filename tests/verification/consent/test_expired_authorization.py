"""An enrolled household whose authorization is past its validity: its view says
``authorization_status: expired`` (with the expiry) from the moment the review would refuse
the authorization, whatever the Beijing date; scheduled and "everything due" batches leave it
out as they leave out a withdrawn one, and say so (``left_out``); a verification under a new
authorization re-authorizes it (one under an expired authorization is refused)."""

from __future__ import annotations

import datetime as dt
import json
import types
import uuid
from typing import Any

import pytest
from sqlalchemy import select, update

from tests.verification.batches.test_batches_api import finished, items
from tests.verification.consent.test_consent_households import _household, _idempotent, _verify
from tests.verification.helpers import BEIJING, business_today, fresh_members
from verification.audit.models import AuditEvent
from verification.authorization.models import AuthorizationRecord
from verification.authorization.records import check_still_valid
from verification.authorization.validity import expired
from verification.batches.repository import clients_with_due_households
from verification.db import utcnow
from verification.households.models import EnrolledHousehold
from verification.problems import AuthorizationRefused

EARLIER = dt.date(1990, 1, 1)  # due by then: this test's households alone


@pytest.fixture
async def due_earlier(api: Any) -> Any:
    """Afterwards, this test's households are due no more (other tests' due lists by an
    early date are theirs alone)."""
    yield
    async with api.runtime.transaction() as session:
        await session.execute(
            update(EnrolledHousehold)
            .where(EnrolledHousehold.next_review_on <= EARLIER)
            .values(next_review_on=business_today() + dt.timedelta(days=366))
        )


async def _enrolled(api: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    members = fresh_members()
    report = await _verify(api, members)
    enrolled = await api.http.post(
        "/v1/households",
        json={"verification_id": report["id"], "category": "stable"},
        headers=api.auth(),
    )
    assert enrolled.status_code == 201, enrolled.text
    household: dict[str, Any] = enrolled.json()
    assert household["authorization_status"] == "active"
    async with api.runtime.transaction() as session:
        expires_at = (
            await session.get(AuthorizationRecord, household["authorization_id"])
        ).expires_at
        await session.execute(
            update(EnrolledHousehold)
            .where(EnrolledHousehold.id == uuid.UUID(household["id"]))
            .values(next_review_on=EARLIER)
        )
    # the enrolment copied the authorization's expiry (its exp)
    assert dt.datetime.fromisoformat(household["authorization_expires_at"]) == expires_at
    return members, household


async def _expire(api: Any, authorization_id: str, at: dt.datetime) -> None:
    """As if the authorization's ``exp`` were ``at`` (the review checks the stored record)."""
    async with api.runtime.transaction() as session:
        await session.execute(
            update(AuthorizationRecord)
            .where(AuthorizationRecord.authorization_id == authorization_id)
            .values(expires_at=at)
        )
        await session.execute(
            update(EnrolledHousehold)
            .where(EnrolledHousehold.authorization_id == authorization_id)
            .values(authorization_expires_at=at)
        )


async def _due_batch(api: Any) -> dict[str, Any]:
    response = await api.http.post(
        "/v1/batches", json={"due": {"as_of": EARLIER.isoformat()}}, headers=_idempotent(api)
    )
    assert response.status_code in {201, 202}, response.text
    return await finished(api, response.json()["id"])


async def test_an_expired_household_waits_for_a_new_authorization(api, due_earlier) -> None:
    members, household = await _enrolled(api)
    household_id, authorization_id = household["id"], household["authorization_id"]
    _, withdrawn = await _enrolled(api)
    revoked = await api.http.post(
        f"/v1/authorizations/{withdrawn['authorization_id']}/revocation",
        json={"reason": "household_withdrew", "withdrawn_on": business_today().isoformat()},
        headers=_idempotent(api),
    )
    assert revoked.status_code == 200, revoked.text
    expired_at = utcnow() - dt.timedelta(minutes=1)
    await _expire(api, authorization_id, expired_at)

    view = await _household(api, household_id)
    assert view["authorization_status"] == "expired"
    assert dt.datetime.fromisoformat(view["authorization_expires_at"]) == expired_at
    assert view["authorization_withdrawn_on"] is None and view["status"] == "active"
    due = await api.http.get(
        "/v1/households/due", params={"as_of": EARLIER.isoformat()}, headers=api.auth()
    )
    assert {(h["id"], h["authorization_status"]) for h in due.json()["items"]} == {
        (household_id, "expired"),
        (withdrawn["id"], "revoked"),
    }

    # the schedule makes no batch for them; "everything due" leaves both out and says why
    async with api.sessions() as session:
        assert await clients_with_due_households(session, EARLIER, utcnow()) == []
    batch = await _due_batch(api)
    assert batch["total"] == 0
    assert batch["left_out"] == {"authorization_revoked": 1, "authorization_expired": 1}
    await api.drain()
    async with api.sessions() as session:
        created = [
            json.loads(b)
            for b in (
                await session.execute(
                    select(AuditEvent.body).where(AuditEvent.action == "batch_created")
                )
            ).scalars()
        ]
    (event,) = [e for e in created if e["batch_id"] == batch["id"]]
    assert event["left_out"] == {"authorization_revoked": 1, "authorization_expired": 1}

    # re-authorizing with a verification whose authorization expired too: refused
    stale = await _verify(api, members)
    await _expire(api, stale["authorization_id"], expired_at)
    refused = await api.http.patch(
        f"/v1/households/{household_id}",
        json={"reauthorized_by": stale["id"]},
        headers=api.auth(),
    )
    assert (refused.status_code, refused.json()["code"]) == (422, "expired"), refused.text
    assert await _household(api, household_id) == view

    # a verification under a new authorization re-authorizes it
    renewed = await _verify(api, members)
    patched = await api.http.patch(
        f"/v1/households/{household_id}",
        json={"reauthorized_by": renewed["id"]},
        headers=api.auth(),
    )
    assert patched.status_code == 200, patched.text
    after = patched.json()
    assert (after["authorization_status"], after["authorization_id"]) == (
        "active",
        renewed["authorization_id"],
    )
    async with api.sessions() as session:
        record = await session.get(AuthorizationRecord, renewed["authorization_id"])
    assert dt.datetime.fromisoformat(after["authorization_expires_at"]) == record.expires_at
    assert (await _household(api, household_id))["authorization_status"] == "active"

    batch = await _due_batch(api)  # reviewed now, under the new authorization
    assert (batch["total"], batch["counts"]["done"]) == (1, 1), batch
    assert batch["left_out"] == {"authorization_revoked": 1, "authorization_expired": 0}
    (item,) = await items(api, batch["id"])
    assert item["household_id"] == household_id and item["state"] == "done"


# the last instant of 7 December in Beijing, and the first of the 8th
BEIJING_MIDNIGHT = dt.datetime(2026, 12, 8, tzinfo=BEIJING).astimezone(dt.UTC)


@pytest.mark.parametrize(
    "expires_at",
    [
        BEIJING_MIDNIGHT - dt.timedelta(seconds=1),  # 23:59:59 on the 7th
        BEIJING_MIDNIGHT,
        BEIJING_MIDNIGHT + dt.timedelta(hours=9),  # 09:00 on the 8th, 01:00 UTC
    ],
    ids=["before-midnight", "at-midnight", "morning-after"],
)
def test_expired_is_the_moment_the_review_refuses_across_beijing_midnight(
    expires_at: dt.datetime,
) -> None:
    """The status is the review's own check at the moment read, not a business date: on the
    day the authorization expires it is ``active`` until the instant, ``expired`` after."""
    household = EnrolledHousehold(authorization_expires_at=expires_at)
    authorization = AuthorizationRecord(
        authorization_id="A",
        kid="k",
        revoked_at=None,
        not_before=expires_at - dt.timedelta(days=365),
        expires_at=expires_at,
    )
    key = types.SimpleNamespace(revoked=False, demo=False, kid="k")
    second = dt.timedelta(seconds=1)
    for now in (expires_at - second, expires_at, expires_at + dt.timedelta(microseconds=1)):
        try:
            check_still_valid(authorization, key, now, accept_demo=False)
            refused = False
        except AuthorizationRefused as refusal:
            assert refusal.instance_code == "expired"
            refused = True
        assert household.authorization_expired(now) is refused, now
        assert expired(expires_at, now) is refused, now  # the one test all three share
    assert not household.authorization_expired(expires_at)
    assert household.authorization_expired(expires_at + second)
    assert EnrolledHousehold(authorization_expires_at=None).authorization_expired(utcnow()) is False
    withdrawn = EnrolledHousehold(
        authorization_expires_at=expires_at, authorization_withdrawn_on=dt.date(2026, 12, 1)
    )
    assert withdrawn.authorization_status == "revoked"  # withdrawn says so, expired or not
