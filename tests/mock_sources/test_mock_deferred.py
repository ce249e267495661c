"""The mock bank's delayed mode: 202 + ticket, the answer polled by ticket after a delay on
the state's clock (or released at once), callbacks signed for released tickets."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from connectors.bank.connector import BankConnector
from connectors.sdk.contract import ConnectorConfig, PersonQuery, QueryContext
from connectors.sdk.evidence import SourceStatus
from mock_sources.app import create_app
from mock_sources.deferred import DEFER_ENV_VAR, DeferredState

AUTH = {"X-Authorization-Id": "AUTH-2025-0001", "X-Purpose": "dibao-check"}
QUERY = "/bank/gateway/deposit-query"
ELIGIBLE = {"certType": "01", "certNo": "450102198003120111", "custName": "韦国强"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(clock: Clock) -> FastAPI:
    app = create_app()
    app.state.deferred = DeferredState(clock=clock)
    return app


@pytest.fixture
async def bank(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://mock", headers=AUTH) as c:
        yield c


async def test_immediate_until_the_mode_is_on(bank) -> None:
    assert (await bank.post(QUERY, json=ELIGIBLE)).status_code == 200
    assert (await bank.get("/_deferred/bank")).json() == {"mode": None, "tickets": 0, "waiting": 0}


async def test_delayed_answer_after_the_delay(bank, clock) -> None:
    assert (await bank.put("/_deferred/bank", json={"delay_seconds": 600})).status_code == 200
    accepted = await bank.post(QUERY, json=ELIGIBLE)
    assert accepted.status_code == 202
    body = accepted.json()
    assert body["respCode"] == "202000" and body["ticket"].startswith("BQ")
    assert body["expectedBy"].endswith("Z")
    ticket = body["ticket"]

    clock.now += 599
    waiting = await bank.get(f"{QUERY}/{ticket}")
    assert waiting.status_code == 202 and waiting.json()["ticket"] == ticket
    assert (await bank.get("/_deferred/bank")).json()["waiting"] == 1

    clock.now += 1
    answered = await bank.get(f"{QUERY}/{ticket}")
    assert answered.status_code == 200
    assert answered.json() == (await _immediate(bank)).json()
    # an answer stays available: asked again, it is the same
    assert (await bank.get(f"{QUERY}/{ticket}")).json() == answered.json()


async def test_unknown_person_is_answered_not_found_later(bank) -> None:
    await bank.put("/_deferred/bank", json={"delay_seconds": 0})
    ticket = (await bank.post(QUERY, json={**ELIGIBLE, "certNo": "450102199901010000"})).json()
    answer = await bank.get(f"{QUERY}/{ticket['ticket']}")
    assert (answer.status_code, answer.json()["respCode"]) == (404, "404001")


async def test_unknown_ticket_is_404002(bank) -> None:
    answer = await bank.get(f"{QUERY}/BQNOSUCH")
    assert (answer.status_code, answer.json()["respCode"]) == (404, "404002")


async def test_release_makes_every_answer_available_at_once(bank) -> None:
    await bank.put("/_deferred/bank", json={"delay_seconds": 86400})
    tickets = [(await bank.post(QUERY, json=ELIGIBLE)).json()["ticket"] for _ in range(2)]
    assert (await bank.post("/_deferred/bank/release")).json() == {"released": 2, "notified": 0}
    for ticket in tickets:
        assert (await bank.get(f"{QUERY}/{ticket}")).status_code == 200


async def test_release_notifies_the_callback_signed(app, bank, clock) -> None:
    received: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(200, json={})

    app.state.deferred = DeferredState(clock=clock, callback_transport=httpx.MockTransport(record))
    mode = {"delay_seconds": 86400, "callback_url": "http://svc/cb", "callback_secret": "s3"}
    assert "callback_secret" not in (await bank.put("/_deferred/bank", json=mode)).json()
    ticket = (await bank.post(QUERY, json=ELIGIBLE)).json()["ticket"]
    released = await bank.post("/_deferred/bank/release")
    assert released.json() == {"released": 1, "notified": 1}
    (request,) = received
    assert json.loads(request.content) == {"scope": "bank", "ticket": ticket}
    stamp = request.headers["X-Agency-Timestamp"]
    mac = hmac.new(b"s3", stamp.encode() + b"." + request.content, hashlib.sha256).hexdigest()
    assert request.headers["X-Agency-Signature"] == f"sha256={mac}"


async def test_mode_validated_and_switched_off(bank) -> None:
    assert (await bank.put("/_deferred/bank", json={"delay_seconds": -1})).status_code == 422
    await bank.put("/_deferred/bank", json={"delay_seconds": 5})
    assert (await bank.delete("/_deferred/bank")).status_code == 204
    assert (await bank.post(QUERY, json=ELIGIBLE)).status_code == 200


def test_mode_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv(DEFER_ENV_VAR, "120")
    assert DeferredState.from_environment().mode is not None
    monkeypatch.setenv(DEFER_ENV_VAR, "soon")
    with pytest.raises(ValueError, match=DEFER_ENV_VAR):
        DeferredState.from_environment()


async def _immediate(bank: httpx.AsyncClient) -> httpx.Response:
    await bank.delete("/_deferred/bank")
    try:
        return await bank.post(QUERY, json=ELIGIBLE)
    finally:
        await bank.put("/_deferred/bank", json={"delay_seconds": 600})


async def test_a_ticket_never_looks_like_an_id_number(clock) -> None:
    """The connectors refuse a ticket that looks like an ID number (it is stored and audited
    in clear): the bank's query would be ``rejected`` instead of ``pending`` (a flake of
    tests/verification/test_obligor_pending.py, about one ticket in 750).  Random bytes whose
    hex holds a run of 18 digits make a ticket with no run of more than five."""
    app = create_app()
    app.state.deferred = DeferredState(clock=clock, random_hex=lambda n: "123456789012345678AB")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://mock", headers=AUTH) as c:
        assert (await c.put("/_deferred/bank", json={"delay_seconds": 600})).status_code == 200
        accepted = await c.post(QUERY, json=ELIGIBLE)
        assert accepted.status_code == 202
        ticket = accepted.json()["ticket"]
        assert ticket.startswith("BQ") and len(ticket) == 2 + 20 + 3
        assert re.search(r"\d{6}", ticket) is None, ticket
        # and the bank connector takes it as a ticket (pending), not as a malformed answer
        result = await BankConnector(
            ConnectorConfig(base_url="http://mock/bank"), transport=transport
        ).query(PersonQuery(ELIGIBLE["certNo"], ELIGIBLE["custName"]), _context())
        assert result.status is SourceStatus.PENDING, result.reason
        assert result.ticket is not None and result.ticket.reference == ticket
        waiting = await c.get(f"{QUERY}/{ticket}")
        assert waiting.status_code == 202


def _context() -> QueryContext:
    today = dt.date.today()
    return QueryContext(
        authorization_id=AUTH["X-Authorization-Id"],
        purpose=AUTH["X-Purpose"],
        period_start=today - dt.timedelta(days=365),
        period_end=today,
        deadline=time.monotonic() + 30,
    )
