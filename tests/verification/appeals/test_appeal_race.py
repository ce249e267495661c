"""Filings of one verification's appeal at once (a double click, two case-system workers):
one appeal is filed, each other answers ``409 appeal-open`` — as a filing after it does —
and the database holds at most one open appeal (``uq_appeals_one_open``).  An outside run
filed three at once: three open appeals, and every later filing of that verification
answered 500."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import func, select

from tests.verification.helpers import bank_down_verification
from verification.appeals.models import Appeal

FILINGS = 3
BODY = {
    "disputed": {"scopes": ["bank"]},
    "requery_scopes": ["bank"],
    "evidence": [{"kind": "other", "description": "家庭情况说明"}],
}


async def test_filings_at_once_file_one_appeal(api) -> None:
    vid = (await bank_down_verification(api))["id"]
    answers = await asyncio.gather(
        *[
            api.http.post(
                f"/v1/verifications/{vid}/appeals",
                json=BODY,
                headers={**api.auth(), "Idempotency-Key": str(uuid.uuid4())},
            )
            for _ in range(FILINGS)
        ]
    )
    assert sorted(a.status_code for a in answers) == [201] + [409] * (FILINGS - 1), [
        a.text for a in answers
    ]
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {"appeal-open"}
    async with api.sessions() as session:
        open_appeals = await session.scalar(
            select(func.count()).where(
                Appeal.verification_id == uuid.UUID(vid), Appeal.status == "filed"
            )
        )
    assert open_appeals == 1
    # and the next filing is told the same, not a 500
    later = await api.http.post(
        f"/v1/verifications/{vid}/appeals",
        json=BODY,
        headers={**api.auth(), "Idempotency-Key": str(uuid.uuid4())},
    )
    assert later.status_code == 409 and later.json()["code"] == "appeal-open"
