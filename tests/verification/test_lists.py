"""The list endpoints: GET /v1/verifications, /v1/households, /v1/households/{id}/verifications
and /v1/batches — keyset paging across inserts, ownership, filters, refused cursors and
filters, and the audit of each page."""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.verification.helpers import fresh_body
from verification.audit.models import AuditEvent
from verification.batches.models import Batch, BatchItem
from verification.clients.models import Role
from verification.clients.service import create_client
from verification.db import utcnow
from verification.verifications.models import Verification


class Caller:
    """A case system of its own: its lists hold only what the test made."""

    def __init__(self, api: Any, token: str, client_id: uuid.UUID) -> None:
        self.api, self.token, self.id = api, token, client_id

    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def get(self, path: str, **params: Any) -> Any:
        return await self.api.http.get(path, params=params, headers=self.auth())

    async def ok(self, path: str, **params: Any) -> dict[str, Any]:
        response = await self.get(path, **params)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def verify(self) -> dict[str, Any]:
        response = await self.api.http.post(
            "/v1/verifications", json=fresh_body(self.api.issuer_key), headers=self.auth()
        )
        assert response.status_code == 201, response.text
        report: dict[str, Any] = response.json()
        return report

    async def enrol(self) -> dict[str, Any]:
        report = await self.verify()
        response = await self.api.http.post(
            "/v1/households",
            json={"verification_id": report["id"], "category": "stable"},
            headers=self.auth(),
        )
        assert response.status_code == 201, response.text
        household: dict[str, Any] = response.json()
        return household

    async def all_pages(self, path: str, limit: int, **params: Any) -> list[str]:
        """Every item id, page by page, following ``next``."""
        seen: list[str] = []
        page = await self.ok(path, limit=limit, **params)
        while True:
            assert len(page["items"]) <= limit
            seen += [item["id"] for item in page["items"]]
            if page["next"] is None:
                assert page["next_cursor"] is None
                return seen
            response = await self.api.http.get(page["next"], headers=self.auth())
            assert response.status_code == 200, response.text
            page = response.json()


async def _caller(api: Any) -> Caller:
    async with api.sessions() as session, session.begin():
        client, token = await create_client(
            session,
            name=f"lists {uuid.uuid4().hex[:8]}",
            role=Role.CASE_SYSTEM,
            issuers=[api.issuer_key.issuer],
            region_prefixes=["45"],
            actor="test",
        )
    return Caller(api, token, client.id)


@pytest.fixture
async def caller(api: Any) -> Caller:
    return await _caller(api)


async def _events(api: Any, action: str) -> list[dict[str, Any]]:
    await api.drain()
    async with api.sessions() as session:
        rows = (
            await session.execute(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
            )
        ).scalars()
        return [json.loads(row.body) for row in rows]


def _tampered(cursor: str) -> str:
    """The cursor with one byte of its payload changed, re-encoded as the service would."""
    raw = bytearray(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    raw[-3] ^= 0x01
    return base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")


# ---- verifications ----------------------------------------------------------------------


async def test_verification_pages_neither_repeat_nor_skip_across_inserts(caller: Caller) -> None:
    made = [(await caller.verify())["id"] for _ in range(5)]
    first = await caller.ok("/v1/verifications", limit=2)
    assert [v["id"] for v in first["items"]] == made[:2]
    assert first["next"] == f"/v1/verifications?limit=2&cursor={first['next_cursor']}"
    # two more made between pages: they come last, after every earlier one, once each
    made += [(await caller.verify())["id"] for _ in range(2)]
    seen = [v["id"] for v in first["items"]]
    cursor = first["next_cursor"]
    while cursor is not None:
        page = await caller.ok("/v1/verifications", limit=2, cursor=cursor)
        seen += [v["id"] for v in page["items"]]
        cursor = page["next_cursor"]
    assert seen == made
    # a page holds the report's head only, and the report's link
    item = first["items"][0]
    assert item["href"] == f"/v1/verifications/{item['id']}"
    assert item["status"] == "completed" and item["outcome"] == "eligible"
    assert item["revision"] == 0 and item["region_code"] == "450102"
    assert not {"members", "sources", "income", "assets"} & set(item)
    # and the order is (created_at, id), by the rows themselves
    async with caller.api.sessions() as session:
        rows = (
            await session.execute(
                select(Verification.id)
                .where(Verification.client_id == caller.id)
                .order_by(Verification.created_at, Verification.id)
            )
        ).scalars()
        assert [str(r) for r in rows] == made


async def test_a_client_lists_only_its_own_verifications(api: Any, caller: Caller) -> None:
    mine = (await caller.verify())["id"]
    other = await _caller(api)
    assert (await other.ok("/v1/verifications"))["items"] == []
    theirs = (await other.verify())["id"]
    assert [v["id"] for v in (await caller.ok("/v1/verifications"))["items"]] == [mine]
    assert [v["id"] for v in (await other.ok("/v1/verifications"))["items"]] == [theirs]
    # another client's cursor continues that client's list only: sealed for its filters,
    # and the rows are the caller's whatever the position says
    await other.verify()
    page = await other.ok("/v1/verifications", limit=1)
    assert page["next_cursor"] is not None
    again = await caller.ok("/v1/verifications", limit=1, cursor=page["next_cursor"])
    assert {v["id"] for v in again["items"]} <= {mine}


async def test_verification_filters(caller: Caller) -> None:
    before = utcnow()
    first = await caller.verify()
    between = utcnow()
    second = await caller.verify()
    ids = [first["id"], second["id"]]

    async def listed(**params: Any) -> list[str]:
        return [v["id"] for v in (await caller.ok("/v1/verifications", **params))["items"]]

    assert await listed(status="completed", outcome="eligible", region="4501") == ids
    assert await listed(status="running") == []
    assert await listed(outcome="ineligible") == []
    assert await listed(region="4502") == []
    assert await listed(authorization_id=second["authorization_id"]) == [second["id"]]
    assert await listed(created_from=before.isoformat()) == ids
    assert await listed(created_from=between.isoformat()) == [second["id"]]
    assert await listed(created_before=between.isoformat()) == [first["id"]]
    assert await listed(updated_from=between.isoformat()) == [second["id"]]
    # Z and an offset both name the instant
    assert await listed(created_before=between.strftime("%Y-%m-%dT%H:%M:%S.%fZ")) == [first["id"]]
    beijing = between.astimezone(dt.timezone(dt.timedelta(hours=8))).isoformat()
    assert await listed(created_from=beijing) == [second["id"]]


async def test_bad_filters_are_problems_and_audited(api: Any, caller: Caller) -> None:
    moment = utcnow().isoformat()
    empty = await caller.get("/v1/verifications", created_from=moment, created_before=moment)
    assert empty.status_code == 422
    assert empty.headers["content-type"] == "application/problem+json"
    assert empty.json()["code"] == "invalid-time-range"
    assert empty.json()["type"] == "/problems/invalid-time-range"
    refused = [e for e in await _events(api, "request_refused") if e["client_id"] == str(caller.id)]
    assert refused[-1]["code"] == "invalid-time-range"
    # not RFC 3339 (no offset), not a status we know
    for params in ({"created_from": "2026-12-08T10:00:00"}, {"status": "lost"}):
        response = await caller.get("/v1/verifications", **params)
        assert response.status_code == 422 and response.json()["code"] == "invalid-request"
    # no filter takes an ID number: refused, and the number is in neither answer nor log
    id_number = "450102198003120111"
    response = await caller.get("/v1/verifications", authorization_id=f"case-{id_number}")
    assert response.status_code == 422 and response.json()["code"] == "invalid-request"
    assert id_number not in response.text
    assert not any(id_number in json.dumps(e) for e in await _events(api, "request_refused"))


async def test_cursors_not_issued_altered_or_of_another_query_are_refused(caller: Caller) -> None:
    for _ in range(2):
        await caller.verify()
    page = await caller.ok("/v1/verifications", limit=1, status="completed")
    cursor = page["next_cursor"]
    ok = await caller.get("/v1/verifications", limit=1, status="completed", cursor=cursor)
    assert ok.status_code == 200
    # the page size may change from page to page: the cursor is bound to the filters only
    wider = await caller.get("/v1/verifications", limit=5, status="completed", cursor=cursor)
    assert wider.status_code == 200 and wider.json()["items"] == ok.json()["items"]

    async def code(path: str, **params: Any) -> str:
        response = await caller.get(path, **params)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        found: str = response.json()["code"]
        return found

    # not ours: garbage, an unsigned cursor of the old kind, one byte altered
    old_kind = base64.urlsafe_b64encode(b'["2026-01-01",1]').decode().rstrip("=")
    for bad in ("AAAA", old_kind, _tampered(cursor)):
        assert await code("/v1/verifications", limit=1, status="completed", cursor=bad) == (
            "invalid-cursor"
        )
    # ours, but for other filters, or another list
    assert await code("/v1/verifications", limit=1, cursor=cursor) == "cursor-mismatch"
    assert await code("/v1/verifications", limit=1, outcome="eligible", cursor=cursor) == (
        "cursor-mismatch"
    )
    assert await code("/v1/households", limit=1, cursor=cursor) == "cursor-mismatch"
    assert await code("/v1/batches", limit=1, cursor=cursor) == "cursor-mismatch"


async def test_each_page_of_verifications_is_audited(api: Any, caller: Caller) -> None:
    made = [(await caller.verify())["id"] for _ in range(3)]
    await caller.all_pages("/v1/verifications", limit=2, outcome="eligible")
    events = [
        e for e in await _events(api, "verifications_listed") if e["client_id"] == str(caller.id)
    ]
    assert [e["verification_ids"] for e in events] == [made[:2], made[2:]]
    assert [e["paged"] for e in events] == [False, True]
    assert events[0]["filters"]["outcome"] == "eligible"


# ---- households ---------------------------------------------------------------------------


async def test_household_pages_across_inserts_and_filters(caller: Caller) -> None:
    made = [(await caller.enrol())["id"] for _ in range(3)]
    first = await caller.ok("/v1/households", limit=2)
    assert [h["id"] for h in first["items"]] == made[:2]
    # an item is what getHousehold returns
    single = await caller.ok(f"/v1/households/{made[0]}")
    assert first["items"][0] == single
    made.append((await caller.enrol())["id"])
    rest = await caller.ok("/v1/households", limit=2, cursor=first["next_cursor"])
    assert [h["id"] for h in rest["items"]] == made[2:]
    assert rest["next_cursor"] is None and rest["next"] is None

    ended = await caller.api.http.post(
        f"/v1/households/{made[1]}/end", json={"reason": "moved away"}, headers=caller.auth()
    )
    assert ended.status_code == 200
    assert await caller.all_pages("/v1/households", 1, status="ended") == [made[1]]
    assert await caller.all_pages("/v1/households", 1, status="active") == [
        made[0],
        *made[2:],
    ]
    assert await caller.all_pages("/v1/households", 2, updated_from=ended.json()["updated_at"]) == [
        made[1]
    ]
    assert await caller.all_pages("/v1/households", 2, category="three_no") == []
    assert await caller.all_pages("/v1/households", 2, region="450102") == made


async def test_households_are_the_callers_own_and_audited(api: Any, caller: Caller) -> None:
    household = await caller.enrol()
    other = await _caller(api)
    assert (await other.ok("/v1/households"))["items"] == []
    # a household's verifications: the one it was enrolled from; another client gets 404
    listed = await caller.ok(f"/v1/households/{household['id']}/verifications")
    assert [v["id"] for v in listed["items"]] == [household["verification_id"]]
    foreign = await other.get(f"/v1/households/{household['id']}/verifications")
    assert foreign.status_code == 404
    assert foreign.json()["code"] == "not-found"
    missing = await caller.get(f"/v1/households/{uuid.uuid4()}/verifications")
    assert missing.status_code == 404

    assert [h["id"] for h in (await caller.ok("/v1/households"))["items"]] == [household["id"]]
    events = [
        e for e in await _events(api, "households_listed") if e["client_id"] == str(caller.id)
    ]
    assert events[-1]["household_ids"] == [household["id"]]
    assert events[-1]["verification_ids"] == [household["verification_id"]]
    listed_events = [
        e for e in await _events(api, "verifications_listed") if e["client_id"] == str(caller.id)
    ]
    assert listed_events[-1]["household_id"] == household["id"]
    assert listed_events[-1]["verification_ids"] == [household["verification_id"]]


# ---- batches --------------------------------------------------------------------------------


async def test_batch_pages_status_and_ownership(api: Any, caller: Caller) -> None:
    """Batches written as the engine leaves them (so no engine runs them meanwhile): one
    finished, one cancelled, one whose item is still running under a long lease."""
    household = await caller.enrol()
    now = utcnow()
    batches = [uuid.uuid4() for _ in range(3)]
    async with api.sessions() as session, session.begin():
        for n, batch_id in enumerate(batches):
            session.add(
                Batch(
                    id=batch_id,
                    client_id=caller.id,
                    selection="households",
                    total=1,
                    created_at=now + dt.timedelta(microseconds=n),
                    created_by="test",
                    cancelled_at=now if n == 1 else None,
                    completed_at=now if n == 0 else None,  # its end recorded (ADR 0030)
                )
            )
        await session.flush()
        for n, (batch_id, state) in enumerate(
            zip(batches, ("done", "cancelled", "running"), strict=True)
        ):
            session.add(
                BatchItem(
                    batch_id=batch_id,
                    household_id=uuid.UUID(household["id"]),
                    state=state,
                    attempts=1,
                    lease_until=now + dt.timedelta(days=1) if n == 2 else None,
                    finished_at=now if state == "done" else None,
                )
            )
    ids = [str(b) for b in batches]
    assert await caller.all_pages("/v1/batches", 1) == ids
    page = await caller.ok("/v1/batches", limit=3)
    assert [b["status"] for b in page["items"]] == ["completed", "cancelled", "running"]
    assert page["items"][0]["counts"]["done"] == 1 and page["items"][2]["counts"]["running"] == 1
    # as getBatch gives it
    single = await caller.ok(f"/v1/batches/{ids[1]}")
    assert {**page["items"][1], "rate_per_second": None, "eta_seconds": None} == {
        **single,
        "rate_per_second": None,
        "eta_seconds": None,
    }
    for status, expected in (("completed", ids[:1]), ("cancelled", ids[1:2]), ("running", ids[2:])):
        assert await caller.all_pages("/v1/batches", 1, status=status) == expected
    later = (now + dt.timedelta(microseconds=1)).isoformat()
    assert await caller.all_pages("/v1/batches", 5, created_from=later) == ids[1:]
    assert await caller.all_pages("/v1/batches", 5, created_before=later) == ids[:1]
    other = await _caller(api)
    assert (await other.ok("/v1/batches"))["items"] == []
    # a running item under a long lease is left alone by the engine: clean up after us
    async with api.sessions() as session, session.begin():
        for item in (
            await session.execute(select(BatchItem).where(BatchItem.batch_id.in_(batches)))
        ).scalars():
            item.state = "cancelled"
            item.lease_until = None
    async with api.sessions() as session:
        assert (
            await session.scalar(
                select(func.count())
                .select_from(BatchItem)
                .where(BatchItem.state == "running")
                .where(BatchItem.batch_id.in_(batches))
            )
            == 0
        )
