"""Retries at once (a caseworker's double click, two case-system workers): one makes the
next revision; each other answers ``409 report-revised`` — not a 500 — and its requests to
the agencies, which were sent, are recorded as discarded; the revision replaced is kept once.
An outside run found three retries at once gave two 500s (the second writer's answers
collided with the first's)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from sqlalchemy import select

from tests.verification.helpers import bank_down_verification
from verification.audit.models import AuditEvent

RETRIES = 3


class _Gate:
    """The real bank, answering nobody until ``expected`` queries have come."""

    scope = "bank"

    def __init__(self, bank: Any, expected: int) -> None:
        self.bank, self.expected, self.arrived = bank, expected, 0
        self.all_in = asyncio.Event()

    async def query(self, person: Any, context: Any) -> Any:
        self.arrived += 1
        if self.arrived >= self.expected:
            self.all_in.set()
        await asyncio.wait_for(self.all_in.wait(), timeout=10)
        return await self.bank.query(person, context)

    async def aclose(self) -> None:
        return None


async def _events(api: Any, verification_id: str) -> list[dict[str, Any]]:
    await api.drain()
    async with api.sessions() as session:
        rows = await session.execute(
            select(AuditEvent.body)
            .where(AuditEvent.verification_id == verification_id)
            .order_by(AuditEvent.seq)
        )
        return [json.loads(body) for body in rows.scalars()]


async def test_retries_at_once_make_one_revision_and_the_others_are_told(api) -> None:
    first = await bank_down_verification(api)
    vid = first["id"]
    members = len(first["members"])
    real = dict(api.runtime.connectors)

    # the bank answers each retry only once every retry has asked it: all are in flight
    api.runtime.connectors["bank"] = _Gate(real["bank"], members * RETRIES)
    try:
        answers = await asyncio.gather(
            *[
                api.http.post(f"/v1/verifications/{vid}/retry", headers=api.auth())
                for _ in range(RETRIES)
            ]
        )
    finally:
        api.runtime.connectors.update(real)
    assert sorted(a.status_code for a in answers) == [200] + [409] * (RETRIES - 1), [
        a.text for a in answers
    ]
    [won] = [a.json() for a in answers if a.status_code == 200]
    lost = [a.json() for a in answers if a.status_code == 409]
    assert {p["code"] for p in lost} == {"report-revised"}, lost
    assert won["revision"] == 1

    listed = (await api.http.get(f"/v1/verifications/{vid}/revisions", headers=api.auth())).json()
    assert [(r["revision"], r["kept"]) for r in listed["revisions"]] == [(0, True), (1, True)]

    events = await _events(api, vid)
    bank = [e for e in events if e["action"] == "source_query" and e["scope"] == "bank"]
    # every request sent is recorded: the first round's, the winner's and the losers'
    assert len(bank) == members * (1 + RETRIES)
    assert len([e for e in bank if e.get("discarded")]) == members * len(lost)
    assert len([e for e in events if e.get("code") == "report-revised"]) == len(lost)
    assert [e["revision"] for e in events if e["action"] == "report_created"] == [0, 1]
