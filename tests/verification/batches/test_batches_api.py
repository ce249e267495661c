"""/v1/batches: re-verifying enrolled households in-process, with the result of each."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

from sqlalchemy import func, select

from tests.verification.helpers import business_today, fresh_body
from verification.audit.models import AuditEvent
from verification.batches.models import BatchItem
from verification.kit.months import add_months
from verification.verifications.models import Verification


async def enrolled(api: Any, verify: dict | None = None, **enrol: Any) -> dict:
    """A household of people of its own (a person is in one active household only), verified
    and enrolled."""
    response = await api.http.post(
        "/v1/verifications",
        json=fresh_body(api.issuer_key, **(verify or {})),
        headers=api.auth(),
    )
    assert response.status_code == 201, response.text
    report = response.json()
    response = await api.http.post(
        "/v1/households",
        json={"verification_id": report["id"], "category": "stable", **enrol},
        headers=api.auth(),
    )
    assert response.status_code == 201, response.text
    return response.json()


async def finished(api: Any, batch_id: str, within: float = 60) -> dict:
    async with asyncio.timeout(within):
        while True:
            response = await api.http.get(f"/v1/batches/{batch_id}", headers=api.auth())
            assert response.status_code == 200, response.text
            view = response.json()
            if view["status"] != "running":
                return view
            await asyncio.sleep(0.1)


async def items(api: Any, batch_id: str, **params: Any) -> list[dict]:
    response = await api.http.get(
        f"/v1/batches/{batch_id}/items", params=params, headers=api.auth()
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_a_batch_reviews_each_household_and_recommends(api) -> None:
    today = business_today()  # at the test's time, not the import's
    same = await enrolled(api)
    raise_ = await enrolled(api, monthly_allowance="1.00")
    cut = await enrolled(api, monthly_allowance="9999.00")
    ids = [same["id"], raise_["id"], cut["id"]]
    response = await api.http.post("/v1/batches", json={"household_ids": ids}, headers=api.auth())
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["total"] == 3
    assert created["selection"] == "households"

    view = await finished(api, created["id"])
    assert view["status"] == "completed"
    assert view["counts"]["done"] == 3
    assert view["recommendations"] == {"continue": 1, "increase": 1, "decrease": 1}
    assert view["finished_at"] is not None

    by_household = {item["household_id"]: item for item in await items(api, created["id"])}
    assert by_household[same["id"]]["recommendation"] == "continue"
    assert by_household[raise_["id"]]["recommendation"] == "increase"
    assert by_household[cut["id"]]["recommendation"] == "decrease"
    # reasons: a stable code and its text, in Chinese unless English is asked for
    assert by_household[raise_["id"]]["reasons"] == [
        {"code": "review.allowance_above", "params": {}, "text": "建议保障金额高于现发金额"}
    ]
    english = {i["household_id"]: i for i in await items(api, created["id"], lang="en")}
    assert english[raise_["id"]]["reasons"][0]["text"] == (
        "suggested allowance above the current allowance"
    )
    suggested = by_household[same["id"]]["new_allowance"]
    assert by_household[raise_["id"]]["new_allowance"] == suggested
    assert isinstance(suggested, str)
    for household_id, item in by_household.items():
        assert item["state"] == "done"
        assert item["attempts"] == 1
        household = (
            await api.http.get(f"/v1/households/{household_id}", headers=api.auth())
        ).json()
        # the review moved the dates and points at the new verification
        assert household["last_verification_id"] == item["verification_id"]
        assert household["last_verification_id"] != household["verification_id"]
        assert household["last_reviewed_on"] == today.isoformat()
        # a stable household: yearly (办法 第三十一条第二款)
        assert household["next_review_on"] == add_months(today, 12).isoformat()
        report = await api.http.get(
            f"/v1/verifications/{item['verification_id']}", headers=api.auth()
        )
        assert report.status_code == 200
        assert report.json()["outcome"] == "eligible"
        # the household reviewed holds its own people: nothing found elsewhere
        assert report.json()["findings"] == []

    await api.drain()
    async with api.sessions() as session:
        actions = [
            json.loads(row)
            for row in (
                await session.execute(
                    select(AuditEvent.body).where(AuditEvent.action.like("batch%"))
                )
            ).scalars()
        ]
    metrics = (await api.http.get("/metrics")).text
    assert 'batch_item_runs_total{outcome="done"}' in metrics
    mine = [e for e in actions if e.get("batch_id") == created["id"]]
    assert [e["action"] for e in mine].count("batch_created") == 1
    assert [e["action"] for e in mine].count("batch_item_done") == 3


async def test_a_batch_of_everything_due_takes_only_what_is_due(api) -> None:
    today = business_today()  # at the test's time, not the import's
    household = await enrolled(api, verify={"region_code": "450103"})
    as_of = add_months(today, 12).isoformat()  # a stable household: yearly
    response = await api.http.post(
        "/v1/batches", json={"due": {"as_of": as_of, "region": "450103"}}, headers=api.auth()
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["selection"] == "due"
    assert created["total"] >= 1
    view = await finished(api, created["id"])
    done = {i["household_id"] for i in await items(api, created["id"], state="done")}
    assert household["id"] in done
    assert view["counts"]["done"] == created["total"]
    # reviewed today: due again a year from today, not a day earlier
    earlier = (add_months(today, 12) - dt.timedelta(days=1)).isoformat()
    again = await api.http.post(
        "/v1/batches", json={"due": {"as_of": earlier, "region": "450103"}}, headers=api.auth()
    )
    assert again.json()["total"] == 0
    assert again.json()["status"] == "completed"


async def test_an_item_runs_once_even_when_run_again(api) -> None:
    from verification.batches.review import review_item

    household = await enrolled(api)
    response = await api.http.post(
        "/v1/batches", json={"household_ids": [household["id"]]}, headers=api.auth()
    )
    batch_id = response.json()["id"]
    await finished(api, batch_id)
    import uuid

    again = await review_item(api.runtime, uuid.UUID(batch_id), uuid.UUID(household["id"]))
    assert again == "already"
    async with api.sessions() as session:
        item = (
            await session.execute(
                select(BatchItem).where(BatchItem.household_id == uuid.UUID(household["id"]))
            )
        ).scalar_one()
        count = (
            await session.execute(
                select(func.count()).where(Verification.id == item.verification_id)
            )
        ).scalar_one()
    assert count == 1
