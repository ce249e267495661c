"""Ending a household twice at once (a double click, two case-system workers): it is ended
once — one ``household_ended`` entry in the audit log, the first reason kept — and both
answers say it is ended, as a second end after the first does.  An outside run ended one
household three times at once: three ``household_ended`` entries for one end."""

from __future__ import annotations

import asyncio
import json

from sqlalchemy import select

from tests.verification.helpers import fresh_body
from verification.audit.models import AuditEvent

ENDS = 3


async def test_ends_at_once_end_it_once(api) -> None:
    created = await api.http.post(
        "/v1/verifications", json=fresh_body(api.issuer_key), headers=api.auth()
    )
    assert created.status_code == 201, created.text
    enrolled = await api.http.post(
        "/v1/households",
        json={"verification_id": created.json()["id"], "category": "stable"},
        headers=api.auth(),
    )
    assert enrolled.status_code == 201, enrolled.text
    household = enrolled.json()["id"]
    answers = await asyncio.gather(
        *[
            api.http.post(
                f"/v1/households/{household}/end",
                json={"reason": f"迁出 {n}"},
                headers=api.auth(),
            )
            for n in range(ENDS)
        ]
    )
    assert [a.status_code for a in answers] == [200] * ENDS, [a.text for a in answers]
    assert {a.json()["status"] for a in answers} == {"ended"}
    assert len({a.json()["ended_on"] for a in answers}) == 1
    await api.drain()
    async with api.sessions() as session:
        bodies = (
            await session.execute(
                select(AuditEvent.body).where(AuditEvent.action == "household_ended")
            )
        ).scalars()
        ended = [b for b in bodies if json.loads(b).get("household_id") == household]
    assert len(ended) == 1
