"""Telling callers when to come back: a report's unavailable source says when its circuit
breaker lets a query through again, and a retry that would ask only sources whose breakers
are open is refused (503 sources-unavailable, Retry-After) without spending a revision.

The bank's breaker runs on the SDK test kit's ``ManualClock``; the bank fails for real, by the
mock agencies' fault injection (every request answered 503)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from connectors.bank.connector import BankConnector
from connectors.sdk.http import CircuitBreaker
from connectors.sdk.testing import ManualClock
from tests.verification.helpers import fresh_body
from verification.audit.models import AuditEvent
from verification.verifications.models import SourceQuery

COOLDOWN = 60.0


@dataclasses.dataclass
class Breakable:
    clock: ManualClock
    connector: BankConnector
    mock: httpx.AsyncClient


@pytest.fixture
async def bank(api: Any, mock_sources_url: str) -> AsyncIterator[Breakable]:
    """The runtime's bank connector replaced by one whose breaker opens at the first failure
    and runs on a manual clock; the mock bank answering 503 to everything."""
    real = api.runtime.connectors["bank"]
    clock = ManualClock()
    connector = BankConnector(
        dataclasses.replace(real.config, max_attempts=1),
        breaker=CircuitBreaker(failure_threshold=1, cooldown_seconds=COOLDOWN, clock=clock),
    )
    async with httpx.AsyncClient(base_url=mock_sources_url) as mock:
        response = await mock.put("/_faults/bank", json={"error_rate": 1.0})
        assert response.status_code == 200, response.text
        api.runtime.connectors["bank"] = connector
        try:
            yield Breakable(clock, connector, mock)
        finally:
            api.runtime.connectors["bank"] = real
            await connector.aclose()
            await mock.delete("/_faults")


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


async def _count(api: Any, model: Any, *conditions: Any) -> int:
    async with api.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*conditions)))


async def _events(api: Any, verification_id: str) -> list[dict[str, Any]]:
    await api.drain()
    async with api.sessions() as session:
        rows = (await session.execute(select(AuditEvent).order_by(AuditEvent.seq))).scalars()
        return [e for e in (json.loads(r.body) for r in rows) if verification_id in json.dumps(e)]


async def test_unavailable_source_says_when_it_is_back_and_retry_waits_for_it(
    api: Any, bank: Breakable
) -> None:
    created = await api.http.post(
        "/v1/verifications", json=fresh_body(api.issuer_key), headers=api.auth()
    )
    assert created.status_code == 201, created.text
    report = created.json()
    vid = report["id"]
    banks = [s for s in report["sources"] if s["scope"] == "bank"]
    assert {s["status"] for s in banks} == {"unavailable"}
    assert bank.connector.breaker_state == "open"
    # the breaker's half-open time, stated on each of the bank's answers (the breaker's clock
    # stands still: exactly the cool-down after the report was made, to the second)
    completed = _at(report["completed_at"])
    back = completed + dt.timedelta(seconds=COOLDOWN)
    if back.microsecond:
        back = back.replace(microsecond=0) + dt.timedelta(seconds=1)
    assert {_at(s["expected_back_at"]) for s in banks} == {back}
    assert all(s["expected_back_at"] is None for s in report["sources"] if s["scope"] != "bank")
    # the report as stored says the same
    stored = await api.http.get(f"/v1/verifications/{vid}", headers=api.auth())
    assert [s["expected_back_at"] for s in stored.json()["sources"] if s["scope"] == "bank"] == [
        s["expected_back_at"] for s in banks
    ]

    # and the printable report, in Beijing time
    printable = await api.http.get(f"/v1/verifications/{vid}/report.html", headers=api.auth())
    beijing = back.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")
    assert f"预计恢复查询：{beijing}" in printable.text

    # a retry now would ask only the bank, whose breaker is open: refused, nothing stored
    answers = await _count(api, SourceQuery, SourceQuery.verification_id == uuid.UUID(vid))
    key = {"Idempotency-Key": f"retry-{vid}"}
    refused = await api.http.post(f"/v1/verifications/{vid}/retry", headers={**api.auth(), **key})
    assert refused.status_code == 503, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.headers["Retry-After"] == str(int(COOLDOWN))
    problem = refused.json()
    assert problem["code"] == "sources-unavailable"
    assert problem["type"] == "/problems/sources-unavailable"
    assert problem["title"] == "数据源暂不可用"
    assert problem["retry_after"] == int(COOLDOWN)
    # (the breaker's clock stands still while the wall clock runs: the cool-down from now)
    assert [s["scope"] for s in problem["sources"]] == ["bank"]
    assert _at(problem["sources"][0]["expected_back_at"]) >= back
    english = await api.http.post(
        f"/v1/verifications/{vid}/retry?lang=en", headers={**api.auth(), **key}
    )
    assert english.status_code == 503 and english.json()["title"] == "Sources unavailable"
    assert await _count(api, SourceQuery, SourceQuery.verification_id == uuid.UUID(vid)) == answers
    again = await api.http.get(f"/v1/verifications/{vid}", headers=api.auth())
    assert again.json()["revision"] == 0
    events = await _events(api, vid)
    assert not [e for e in events if e["action"] == "verification_retried"]
    refusals = [e for e in events if e["action"] == "request_refused"]
    assert [(e["code"], e["status"], e["scopes"]) for e in refusals] == [
        ("sources-unavailable", 503, ["bank"])
    ] * 2

    # once the cool-down is over the breaker lets a probe through: the same request (and
    # key: a refusal frees it) makes revision 1, the bank answering again
    await bank.mock.delete("/_faults")
    bank.clock.advance(COOLDOWN)
    retried = await api.http.post(f"/v1/verifications/{vid}/retry", headers={**api.auth(), **key})
    assert retried.status_code == 200, retried.text
    assert retried.json()["revision"] == 1
    # a half-open breaker lets one probe through: one member's bank query answered and
    # closed the breaker, the others were held back meanwhile (no time: it is closed now)
    banks = [s for s in retried.json()["sources"] if s["scope"] == "bank"]
    assert any(s["status"] in {"ok", "not_found"} for s in banks)
    assert all(s["expected_back_at"] is None for s in retried.json()["sources"])
    assert bank.connector.breaker_state == "closed"
    # so a retry of those is not refused, and the bank answers every one
    last = await api.http.post(f"/v1/verifications/{vid}/retry", headers=api.auth())
    if any(s["status"] == "unavailable" for s in banks):
        assert last.status_code == 200, last.text
        assert last.json()["revision"] == 2
        assert {s["status"] for s in last.json()["sources"] if s["scope"] == "bank"} <= {
            "ok",
            "not_found",
        }
    else:
        assert last.status_code == 409 and last.json()["code"] == "nothing-to-retry"


async def test_a_retry_that_would_reach_a_source_is_not_refused(api: Any, bank: Breakable) -> None:
    """Only the bank failed, but its breaker is half-open (a probe is allowed): the retry
    runs, spends a revision, and its report says nothing of when the bank is back (its
    breaker opened again after the failed probe: 60 s from now)."""
    created = await api.http.post(
        "/v1/verifications", json=fresh_body(api.issuer_key), headers=api.auth()
    )
    vid = created.json()["id"]
    bank.clock.advance(COOLDOWN)
    assert bank.connector.breaker_state == "half_open"
    retried = await api.http.post(f"/v1/verifications/{vid}/retry", headers=api.auth())
    assert retried.status_code == 200, retried.text
    assert retried.json()["revision"] == 1
    banks = [s for s in retried.json()["sources"] if s["scope"] == "bank"]
    assert {s["status"] for s in banks} == {"unavailable"}
    assert all(s["expected_back_at"] is not None for s in banks)  # the probe failed: open again


def test_breaker_half_open_time() -> None:
    clock = ManualClock()
    breaker = CircuitBreaker(failure_threshold=2, cooldown_seconds=30, clock=clock)
    assert breaker.seconds_until_half_open() is None  # closed
    breaker.record_failure()
    assert breaker.seconds_until_half_open() is None  # one failure: still closed
    breaker.record_failure()
    assert breaker.seconds_until_half_open() == 30
    clock.advance(12.5)
    assert breaker.seconds_until_half_open() == 17.5
    clock.advance(17.5)
    assert breaker.seconds_until_half_open() is None
    assert breaker.state == "half_open"
