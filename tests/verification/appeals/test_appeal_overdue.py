"""An appeal still undecided past its decision's last day is announced to its case system
(``appeal.overdue``) by the engines' periodic poll, once per appeal and deadline; a decided
appeal is not."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select, update

from tests.verification.appeals.test_appeals_api import _file, _verified
from verification.appeals.models import Appeal
from verification.appeals.overdue import announce_overdue_appeals
from verification.batches.periodic import poll
from verification.outbox.models import WebhookEvent


async def _announced(api: Any, appeal_id: str) -> list[dict[str, str]]:
    async with api.sessions() as session:
        rows = await session.execute(
            select(WebhookEvent.data).where(
                WebhookEvent.type == "appeal.overdue",
                WebhookEvent.resource == f"appeal:{appeal_id}",
            )
        )
        return list(rows.scalars())


async def _filed(api: Any, vid: str) -> dict[str, Any]:
    filed = await _file(api, vid, {"disputed": {"scopes": ["bank"]}})
    assert filed.status_code == 201, filed.text
    return filed.json()


async def _reject(api: Any, appeal_id: str) -> None:
    decided = await api.http.post(
        f"/v1/appeals/{appeal_id}/decision",
        json={"decision": "rejected", "reason_codes": ["findings_confirmed"]},
        headers=api.auth(),
    )
    assert decided.status_code == 200, decided.text


async def test_an_overdue_appeal_is_announced_once_and_a_decided_one_never(api) -> None:
    report = await _verified(api)
    appeal = await _filed(api, report["id"])
    due_on = dt.date.fromisoformat(appeal["decision_deadline"]["due_on"])

    # on its last day it is not overdue; from the day after, announced once
    await announce_overdue_appeals(api.runtime, due_on)
    assert await _announced(api, appeal["id"]) == []
    assert await announce_overdue_appeals(api.runtime, due_on + dt.timedelta(days=1)) >= 1
    await announce_overdue_appeals(api.runtime, due_on + dt.timedelta(days=9))
    await poll(api.runtime)  # the engines' periodic poll (today: not overdue yet)
    assert await _announced(api, appeal["id"]) == [
        {
            "appeal_id": appeal["id"],
            "verification_id": report["id"],
            "status": "overdue",
            "deadline": due_on.isoformat(),
        }
    ]

    # decided in time: never announced, however late the poll looks
    await _reject(api, appeal["id"])
    second = await _filed(api, report["id"])
    await _reject(api, second["id"])
    await announce_overdue_appeals(api.runtime, due_on + dt.timedelta(days=60))
    assert await _announced(api, second["id"]) == []


async def test_the_engines_poll_announces_an_appeal_past_its_deadline(api) -> None:
    report = await _verified(api)
    appeal = await _filed(api, report["id"])
    async with api.runtime.transaction() as session:  # as if filed long ago
        await session.execute(
            update(Appeal)
            .where(Appeal.id == uuid.UUID(appeal["id"]))
            .values(decision_due_on=dt.date(2001, 1, 2))
        )
    await poll(api.runtime)
    assert [e["deadline"] for e in await _announced(api, appeal["id"])] == ["2001-01-02"]
