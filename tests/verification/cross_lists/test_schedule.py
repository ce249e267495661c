"""The monthly comparison: once a Beijing month per current list, whichever day of the
month the schedule first runs, and never twice; superseded lists and revoked clients'
lists are not compared."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

from sqlalchemy import select, update

from tests.verification.helpers import fresh_id_number
from tests.verification.periodic import every_second, periodic_task
from tests.verification.route_access import new_client
from verification.batches.jobs import CROSS_LIST_TASK
from verification.batches.runner import cron_loop
from verification.clients.models import ApiClient, Role
from verification.cross_lists.models import CrossListComparison
from verification.cross_lists.schedule import month_of, run_monthly
from verification.outbox.models import WebhookEvent


async def _upload(api, token: str, kind: str = "poverty_alleviated") -> str:
    response = await api.http.post(
        "/v1/cross-lists",
        json={"kind": kind, "region_prefix": "45", "id_numbers": [fresh_id_number()]},
        headers=api.auth(token),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _scheduled(api, list_id: str) -> list[tuple[str | None, dt.date]]:
    async with api.sessions() as session:
        rows = await session.execute(
            select(CrossListComparison.scheduled_month, CrossListComparison.as_of)
            .where(
                CrossListComparison.list_id == uuid.UUID(list_id),
                CrossListComparison.trigger == "scheduled",
            )
            .order_by(CrossListComparison.as_of)
        )
        return [(m, d) for m, d in rows.all()]


def test_a_month_is_named_by_its_beijing_date() -> None:
    assert month_of(dt.date(2027, 1, 1)) == "2027-01"
    assert month_of(dt.date(2026, 12, 31)) == "2026-12"


async def test_each_current_list_is_compared_once_a_month(api) -> None:
    _, token = await new_client(api.runtime, Role.CASE_SYSTEM, name="schedule")
    list_id = await _upload(api, token)

    made = await run_monthly(api.runtime, dt.date(2031, 1, 1))
    assert await _scheduled(api, list_id) == [("2031-01", dt.date(2031, 1, 1))]
    # every run after the first in the month makes nothing (here: none for any list)
    assert await run_monthly(api.runtime, dt.date(2031, 1, 1)) == []
    assert await run_monthly(api.runtime, dt.date(2031, 1, 31)) == []
    assert await _scheduled(api, list_id) == [("2031-01", dt.date(2031, 1, 1))]
    # a month the schedule first runs on the 3rd (the service was down on the 1st)
    again = await run_monthly(api.runtime, dt.date(2031, 2, 3))
    assert await _scheduled(api, list_id) == [
        ("2031-01", dt.date(2031, 1, 1)),
        ("2031-02", dt.date(2031, 2, 3)),
    ]
    assert len(again) == len(made)  # the same lists, a month later

    listed = await api.http.get(f"/v1/cross-lists/{list_id}/comparisons", headers=api.auth(token))
    assert [c["scheduled_month"] for c in listed.json()["items"]] == ["2031-02", "2031-01"]
    assert all(c["trigger"] == "scheduled" for c in listed.json()["items"])


async def _compared_events(api, client_id: uuid.UUID) -> list[dict[str, str]]:
    async with api.sessions() as session:
        rows = await session.execute(
            select(WebhookEvent.data)
            .where(WebhookEvent.client_id == client_id, WebhookEvent.type == "cross_list.compared")
            .order_by(WebhookEvent.created_at)
        )
        return list(rows.scalars())


async def test_a_scheduled_comparison_tells_the_client_once_and_one_on_demand_does_not(
    api,
) -> None:
    client, token = await new_client(api.runtime, Role.CASE_SYSTEM, name="schedule webhook")
    list_id = await _upload(api, token)
    on_demand = await api.http.post(
        f"/v1/cross-lists/{list_id}/comparisons", headers=api.auth(token)
    )
    assert on_demand.status_code == 201, on_demand.text
    assert await _compared_events(api, client.id) == []  # its answer is the result

    await run_monthly(api.runtime, dt.date(2032, 3, 1))
    await run_monthly(api.runtime, dt.date(2032, 3, 2))  # the month's: made already
    async with api.sessions() as session:
        comparison_id = (
            await session.execute(
                select(CrossListComparison.id).where(
                    CrossListComparison.list_id == uuid.UUID(list_id),
                    CrossListComparison.scheduled_month == "2032-03",
                )
            )
        ).scalar_one()
    assert await _compared_events(api, client.id) == [
        {"comparison_id": str(comparison_id), "list_id": list_id, "scheduled_month": "2032-03"}
    ]


async def test_superseded_lists_and_revoked_clients_are_not_compared(api) -> None:
    client, token = await new_client(api.runtime, Role.CASE_SYSTEM, name="schedule 2")
    first = await _upload(api, token, kind="other")
    second = await _upload(api, token, kind="other")  # supersedes the first
    _, gone_token = await new_client(api.runtime, Role.CASE_SYSTEM, name="schedule revoked")
    gone = await _upload(api, gone_token, kind="other")
    async with api.runtime.transaction() as session:
        await session.execute(
            update(ApiClient)
            .where(ApiClient.id != client.id, ApiClient.name == "schedule revoked")
            .values(revoked_at=dt.datetime.now(dt.UTC))
        )
    await run_monthly(api.runtime, dt.date(2032, 5, 1))
    assert await _scheduled(api, first) == []
    assert await _scheduled(api, gone) == []
    assert await _scheduled(api, second) == [("2032-05", dt.date(2032, 5, 1))]


async def test_the_workers_task_compares_in_the_beijing_month_of_its_run(api) -> None:
    """On PostgreSQL the procrastinate workers run ``verification.compare_cross_lists`` on
    ``cross_list_schedule``; 16:30 UTC on 30 June is already 1 July in Beijing."""
    _, token = await new_client(api.runtime, Role.CASE_SYSTEM, name="schedule task")
    list_id = await _upload(api, token)
    task = periodic_task(api, "cross_list_schedule", "5 * * * *", CROSS_LIST_TASK)
    at = dt.datetime(2033, 6, 30, 16, 30, tzinfo=dt.UTC)
    await task.func(timestamp=int(at.timestamp()))
    assert await _scheduled(api, list_id) == [("2033-07", dt.date(2033, 7, 1))]


async def test_a_list_outside_the_clients_regions_now_is_not_compared(api) -> None:
    """A client whose region prefixes no longer cover a list's (an administrator changed
    them) gets no comparison of it: neither monthly nor on demand (403)."""
    client, token = await new_client(api.runtime, Role.CASE_SYSTEM, name="schedule narrowed")
    list_id = await _upload(api, token)  # region prefix 45
    async with api.runtime.transaction() as session:
        await session.execute(
            update(ApiClient).where(ApiClient.id == client.id).values(region_prefixes=["46"])
        )
    api.runtime.token_cache.clear()  # as the credential cache's lifetime would
    await run_monthly(api.runtime, dt.date(2034, 9, 1))
    assert await _scheduled(api, list_id) == []
    refused = await api.http.post(f"/v1/cross-lists/{list_id}/comparisons", headers=api.auth(token))
    assert refused.status_code == 403 and refused.json()["code"] == "region-not-permitted"


async def test_the_in_process_loop_runs_the_schedule(api) -> None:
    """On SQLite ``verification serve`` runs ``cron_loop`` (here every second): it
    makes this Beijing month's comparison of a current list, once."""
    _, token = await new_client(api.runtime, Role.CASE_SYSTEM, name="schedule loop")
    list_id = await _upload(api, token)
    month = month_of(api.runtime.today())
    loop = asyncio.create_task(cron_loop(api.runtime, every_second(api, CROSS_LIST_TASK)))
    try:
        for _ in range(100):
            await asyncio.sleep(0.1)
            if await _scheduled(api, list_id):
                break
        await asyncio.sleep(1.2)  # another run or two: nothing more
    finally:
        loop.cancel()
        await asyncio.gather(loop, return_exceptions=True)
    assert [m for m, _ in await _scheduled(api, list_id)] == [month]
