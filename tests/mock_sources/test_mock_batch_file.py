"""The mock bank's batch-file exchange mode: queries are lines of the open submission file
(202 + a ticket naming the file and the line), the result file — header with count and
checksum, one record per line — is served once the file is due (or released)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from connectors.bank import wire
from mock_sources.app import create_app
from mock_sources.batchfile import BATCH_FILE_ENV_VAR, BatchFileState

AUTH = {"X-Authorization-Id": "AUTH-2025-0001", "X-Purpose": "dibao-check"}
QUERY = "/bank/gateway/deposit-query"
ELIGIBLE = {"certType": "01", "certNo": "450102198003120111", "custName": "韦国强"}
STRANGER = {**ELIGIBLE, "certNo": "450102199901010000"}


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
    app.state.batch_files = BatchFileState(clock=clock)
    return app


@pytest.fixture
async def bank(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://mock", headers=AUTH) as c:
        yield c


def _result(file_id: str) -> str:
    return f"/bank/gateway/batch-files/{file_id}/result"


async def test_queries_become_lines_of_one_file_answered_when_due(bank, clock) -> None:
    immediate = (await bank.post(QUERY, json=ELIGIBLE)).json()
    assert (await bank.put("/_batchfile/bank", json={"delay_seconds": 600})).status_code == 200

    first = await bank.post(QUERY, json=ELIGIBLE)
    second = await bank.post(QUERY, json=STRANGER)
    assert first.status_code == second.status_code == 202
    one, two = first.json(), second.json()
    assert one["batchFile"] == two["batchFile"] and (one["line"], two["line"]) == (1, 2)
    assert one["ticket"] == f"{one['batchFile']}:1" and one["expectedBy"].endswith("Z")
    file_id = one["batchFile"]

    clock.now += 599
    waiting = await bank.get(_result(file_id))
    assert waiting.status_code == 202 and waiting.json()["respCode"] == "202000"

    clock.now += 1
    ready = await bank.get(_result(file_id))
    assert ready.status_code == 200 and ready.headers["content-type"] == "application/x-ndjson"
    parsed = wire.parse_result_file(ready.content)
    assert parsed.file_id == file_id
    assert parsed.records[1] == {"line": 1, **immediate}
    assert parsed.records[2]["respCode"] == "404001"

    # the file is closed: a later query opens the next one
    third = (await bank.post(QUERY, json=ELIGIBLE)).json()
    assert third["batchFile"] != file_id and third["line"] == 1
    files = (await bank.get("/_batchfile/bank")).json()["files"]
    assert [(f["lines"], f["ready"], f["downloads"]) for f in files] == [
        (2, True, 1),
        (1, False, 0),
    ]


async def test_release_and_unknown_file(bank) -> None:
    await bank.put("/_batchfile/bank", json={"delay_seconds": 86400})
    file_id = (await bank.post(QUERY, json=ELIGIBLE)).json()["batchFile"]
    assert (await bank.post("/_batchfile/bank/release")).json() == {"released": 1}
    assert (await bank.get(_result(file_id))).status_code == 200

    unknown = await bank.get(_result("BFNOSUCH"))
    assert (unknown.status_code, unknown.json()["respCode"]) == (404, "404003")


async def test_batch_file_mode_takes_precedence_and_switches_off(bank) -> None:
    await bank.put("/_deferred/bank", json={"delay_seconds": 600})
    await bank.put("/_batchfile/bank", json={"delay_seconds": 600})
    assert "batchFile" in (await bank.post(QUERY, json=ELIGIBLE)).json()
    assert (await bank.delete("/_batchfile/bank")).status_code == 204
    assert "batchFile" not in (await bank.post(QUERY, json=ELIGIBLE)).json()
    assert (await bank.put("/_batchfile/bank", json={"delay_seconds": -1})).status_code == 422


def test_mode_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv(BATCH_FILE_ENV_VAR, "30")
    state = BatchFileState.from_environment()
    assert state.mode is not None and state.mode.delay_seconds == 30
    monkeypatch.setenv(BATCH_FILE_ENV_VAR, "soon")
    with pytest.raises(ValueError, match=BATCH_FILE_ENV_VAR):
        BatchFileState.from_environment()
