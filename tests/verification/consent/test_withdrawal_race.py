"""A household's withdrawal and a use of its authorization at the same moment are ordered
by the database: the use checks the authorization again, share-locked, in the transaction
(or the one statement) that records it, and a withdrawal locks it to write it.  Here the
withdrawal holds its lock while the use runs: the use waits, sees the withdrawal once it
commits, and asks no agency (``422 authorization-revoked``).  Before, a retry's check was a
read made before that transaction, and a new verification presenting the same signed
authorization read it unlocked (in the statement's snapshot): each saw the authorization
valid and asked the agencies after the household had withdrawn."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx

from tests.verification.batches.test_batch_edges import _held_item, _households
from tests.verification.helpers import (
    Counting,
    bank_down_verification,
    business_today,
    fresh_body,
    stored_item,
)
from verification.batches.review import review_item
from verification.consent.revoke import record_revocation
from verification.db import utcnow
from verification.households.models import EnrolledHousehold

HELD_SECONDS = 0.5


@asynccontextmanager
async def withdrawal_held(api: Any, authorization_id: str) -> AsyncIterator[None]:
    """The household's withdrawal of ``authorization_id``, its transaction (and its row
    lock) held open for the block, committed when the block ends."""
    locked, release = asyncio.Event(), asyncio.Event()

    async def withdrawal() -> None:
        async with api.runtime.transaction() as session:
            _answer, event = await record_revocation(
                session,
                authorization_id,
                reason="household_withdrew",
                withdrawn_on=business_today(),
                now=utcnow(),
            )
            await api.runtime.audit.append(session, [event])
            locked.set()
            await release.wait()

    holder = asyncio.create_task(withdrawal())
    try:
        await locked.wait()
        yield
    finally:
        release.set()
        await holder


async def use_during_withdrawal(
    api: Any, authorization_id: str, use: Callable[[], Awaitable[httpx.Response]]
) -> tuple[httpx.Response, Counting]:
    """``use`` sent while the withdrawal holds its lock: it must wait; its answer once the
    withdrawal committed, and the bank's counter."""
    real = dict(api.runtime.connectors)
    bank = Counting(real["bank"])
    api.runtime.connectors["bank"] = bank
    try:
        async with withdrawal_held(api, authorization_id):
            sent = asyncio.ensure_future(use())
            await asyncio.sleep(HELD_SECONDS)
            assert not sent.done()  # waiting for the withdrawal's transaction
        answer = await sent
    finally:
        api.runtime.connectors.update(real)
    return answer, bank


async def test_a_retry_meeting_a_withdrawal_waits_and_is_refused(api) -> None:
    first = await bank_down_verification(api)
    answer, bank = await use_during_withdrawal(
        api,
        first["authorization_id"],
        lambda: api.http.post(f"/v1/verifications/{first['id']}/retry", headers=api.auth()),
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "authorization-revoked"
    assert bank.calls == 0


async def test_a_new_verification_meeting_a_withdrawal_waits_and_is_refused(api) -> None:
    """The same signed authorization presented again in a new request (a case system's
    resend) while the household withdraws it."""
    body = fresh_body(api.issuer_key)
    first = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert first.status_code == 201, first.text
    answer, bank = await use_during_withdrawal(
        api,
        first.json()["authorization_id"],
        lambda: api.http.post("/v1/verifications", json=body, headers=api.auth()),
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "authorization-revoked"
    assert bank.calls == 0


async def test_a_batch_review_meeting_a_withdrawal_waits_and_skips_the_household(api) -> None:
    """A batch review starting while the household withdraws its authorization: the claim's
    transaction reads the authorization share-locked where it records the review's start —
    on PostgreSQL inside the one statement that writes the new verification — so it waits,
    then skips the household (``authorization-revoked``) without asking any agency."""
    (household_id,) = await _households(api, 1)
    batch_id = await _held_item(api, household_id)
    async with api.sessions() as session:
        household = await session.get(EnrolledHousehold, household_id)
        assert household is not None
        authorization_id = household.authorization_id
    real = dict(api.runtime.connectors)
    bank = Counting(real["bank"])
    api.runtime.connectors["bank"] = bank
    try:
        async with withdrawal_held(api, authorization_id):
            run = asyncio.ensure_future(review_item(api.runtime, batch_id, household_id))
            await asyncio.sleep(HELD_SECONDS)
            assert not run.done()  # waiting for the withdrawal's transaction
        outcome = await run
    finally:
        api.runtime.connectors.update(real)
    assert outcome == "skipped"
    item = await stored_item(api, batch_id, household_id)
    assert (item.state, item.error) == ("skipped", "authorization-revoked")
    assert bank.calls == 0
