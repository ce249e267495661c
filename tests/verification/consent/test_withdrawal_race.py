"""A household's withdrawal and a retry at the same moment are ordered by the database:
the retry checks the authorization again, share-locked, in the transaction that records
its use, and a withdrawal locks it to write it.  Here the withdrawal holds its lock while
the retry runs: the retry waits, sees the withdrawal once it commits, and asks no agency
(``422 authorization-revoked``).  Before, the retry's check was a read made before that
transaction: it saw the authorization valid and asked the agencies after the household
had withdrawn."""

from __future__ import annotations

import asyncio

from tests.verification.helpers import Counting, bank_down_verification, business_today
from verification.consent.revoke import record_revocation
from verification.db import utcnow

HELD_SECONDS = 0.5


async def test_a_retry_meeting_a_withdrawal_waits_and_is_refused(api) -> None:
    first = await bank_down_verification(api)
    vid, authorization_id = first["id"], first["authorization_id"]
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

    real = dict(api.runtime.connectors)
    bank = Counting(real["bank"])
    api.runtime.connectors["bank"] = bank
    holder = asyncio.create_task(withdrawal())
    try:
        await locked.wait()
        retry = asyncio.create_task(
            api.http.post(f"/v1/verifications/{vid}/retry", headers=api.auth())
        )
        await asyncio.sleep(HELD_SECONDS)
        assert not retry.done()  # waiting for the withdrawal's transaction
        release.set()
        await holder
        answer = await retry
    finally:
        release.set()
        api.runtime.connectors.update(real)
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "authorization-revoked"
    assert bank.calls == 0
