"""Agencies that answer in batch files, on the wire: the real mock bank in its batch-file mode
puts the bank queries of two verifications into one submission file; both stay open
(``awaiting_sources``); once the file's result is released, one poll completes both — with one
download of the result file — and every collect is audited as any other request."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from connectors.bank.connector import BankConnector
from connectors.sdk.contract import ConnectorConfig
from mock_sources.server import serve_in_thread
from tests.verification.helpers import scenario_body
from verification.audit.models import AuditEvent
from verification.db import utcnow
from verification.verifications.awaiting import poll_due
from verification.verifications.models import PendingSource

LATER = dt.timedelta(hours=1)  # a poll "now" past every ticket's next_poll_at


@pytest.fixture(scope="module")
def batch_bank() -> Iterator[str]:
    """A mock agencies server of this module's own (its batch-file mode is its state alone)."""
    with serve_in_thread() as url:
        yield url


@pytest.fixture
async def bank_files(api, batch_bank: str) -> AsyncIterator[httpx.AsyncClient]:
    """The service's bank connector in batch-file exchange, pointed at the module's mock bank
    in its batch-file mode; put back afterwards."""
    real_connector = api.runtime.connectors["bank"]
    config = ConnectorConfig(base_url=f"{batch_bank}/bank", exchange="batch_file")
    connector = BankConnector(config)
    api.runtime.connectors["bank"] = connector
    async with httpx.AsyncClient(base_url=batch_bank) as control:
        assert (await control.put("/_batchfile/bank", json={"delay_seconds": 86400})).is_success
        try:
            yield control
        finally:
            await control.delete("/_batchfile/bank")
            api.runtime.connectors["bank"] = real_connector
            await connector.aclose()


async def _create(api, scenario: str) -> dict[str, Any]:
    response = await api.http.post(
        "/v1/verifications", json=scenario_body(api.issuer_key, scenario), headers=api.auth()
    )
    assert response.status_code == 201, response.text
    report: dict[str, Any] = response.json()
    return report


async def _tickets(api, vid: str) -> list[PendingSource]:
    async with api.sessions() as session:
        rows = await session.execute(
            select(PendingSource).where(PendingSource.verification_id == uuid.UUID(vid))
        )
        return list(rows.scalars().all())


async def test_two_verifications_in_one_file_complete_with_one_download(api, bank_files) -> None:
    reports = [await _create(api, "eligible"), await _create(api, "low_income_edge")]
    assert [r["status"] for r in reports] == ["awaiting_sources"] * 2

    tickets = [t for r in reports for t in await _tickets(api, r["id"])]
    files = {t.ticket.partition(":")[0] for t in tickets}
    lines = sorted(int(t.ticket.partition(":")[2]) for t in tickets)
    assert len(files) == 1 and lines == list(range(1, len(tickets) + 1))
    (file_id,) = files

    # not released yet: polled, still pending, nothing completes (the file asked for, 202)
    assert await poll_due(api.runtime, utcnow() + LATER) == 0
    state = (await bank_files.get("/_batchfile/bank")).json()
    assert [(f["fileId"], f["lines"], f["downloads"]) for f in state["files"]] == [
        (file_id, len(tickets), 0)
    ]

    assert (await bank_files.post("/_batchfile/bank/release")).json() == {"released": 1}
    assert await poll_due(api.runtime, utcnow() + 2 * LATER) == 2
    done = [
        (await api.http.get(f"/v1/verifications/{r['id']}", headers=api.auth())).json()
        for r in reports
    ]
    assert [(d["status"], d["revision"]) for d in done] == [("completed", 1)] * 2
    assert [d["outcome"] for d in done] == ["eligible", "ineligible"]
    # each ticket's own line: the eligible household's self holds the bank deposit
    bank = [[s["status"] for s in d["sources"] if s["scope"] == "bank"] for d in done]
    assert bank == [["ok", "not_found", "not_found"], ["not_found", "not_found"]]
    assert reports[0]["outcome"] == "review_required"  # provisional: the bank's answers missing
    state = (await bank_files.get("/_batchfile/bank")).json()
    assert [f["downloads"] for f in state["files"]] == [1]  # one download for every ticket

    # every collect audited as a bank query of the completing revision
    await api.drain()
    async with api.sessions() as session:
        rows = await session.execute(
            select(AuditEvent.body).where(
                AuditEvent.verification_id.in_([r["id"] for r in reports])
            )
        )
        events = [json.loads(body) for body in rows.scalars().all()]
    answered = [
        e
        for e in events
        if e["action"] == "source_query" and e["scope"] == "bank" and e["revision"] == 1
    ]
    assert len(answered) == len(tickets)
