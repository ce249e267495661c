"""The bank gateway's batch-file exchange: the result file's format (header count and checksum,
one record per line) and the connector collecting a ticket's line from the file — a truncated or
corrupted download is refused (``unavailable``: asked again), a line the file does not answer is
malformed, and the tickets of one file cost one download."""

from __future__ import annotations

import asyncio
import hashlib
import json
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from connectors.bank import wire
from connectors.bank.connector import BankConnector
from connectors.sdk.evidence import SourceStatus, Ticket
from mock_sources.batchfile import result_file

FILE = "BF00A1B2C3D4E5"
DEPOSITS = {
    "respCode": "000000",
    "respMsg": "success",
    "accounts": [
        {"acctNoMasked": "6222****1234", "acctType": "D", "balanceCents": 300000,
         "interest12mCents": 0}
    ],
    "investments": [],
}  # fmt: skip
NOT_FOUND = {"respCode": "404001", "respMsg": "customer not found"}
RESULT = f"gateway/batch-files/{FILE}/result"


def _file(*records: dict[str, Any]) -> bytes:
    return result_file(FILE, [{"line": n, **r} for n, r in enumerate(records, start=1)])


def test_a_result_file_reads_back_line_by_line() -> None:
    parsed = wire.parse_result_file(_file(DEPOSITS, NOT_FOUND))

    assert parsed.file_id == FILE
    assert sorted(parsed.records) == [1, 2]
    assert parsed.records[2]["respCode"] == "404001"
    assert wire.Deposits.model_validate(parsed.records[1]).accounts[0].balance_cents == 300000


def test_a_truncated_file_is_refused() -> None:
    content = _file(DEPOSITS, NOT_FOUND)
    last_line = content.rstrip(b"\n").rfind(b"\n") + 1

    with pytest.raises(wire.IncompleteResultFileError, match="checksum"):
        wire.parse_result_file(content[:last_line])  # the last record cut off whole
    with pytest.raises(wire.IncompleteResultFileError, match="checksum"):
        wire.parse_result_file(content[:-10])  # cut mid-record
    with pytest.raises(wire.IncompleteResultFileError, match="header"):
        wire.parse_result_file(content[: content.index(b"\n")])  # the header only, no newline


def test_a_checksum_or_count_that_disagrees_is_refused() -> None:
    header, _, body = _file(DEPOSITS).partition(b"\n")
    tampered = body.replace(b"300000", b"900000")
    with pytest.raises(wire.IncompleteResultFileError, match="checksum"):
        wire.parse_result_file(header + b"\n" + tampered)

    # a header that claims more records than the (checksummed) body holds
    claims = json.loads(header) | {"lines": 2}
    with pytest.raises(wire.IncompleteResultFileError, match="count"):
        wire.parse_result_file(json.dumps(claims).encode() + b"\n" + body)


def test_a_malformed_header_or_record_is_an_error() -> None:
    body = b'{"respCode":"000000"}\n'  # no line number
    header = {"fileId": FILE, "lines": 1, "sha256": hashlib.sha256(body).hexdigest()}
    with pytest.raises(ValidationError):
        wire.parse_result_file(json.dumps(header).encode() + b"\n" + body)
    with pytest.raises(ValidationError):
        wire.parse_result_file(b'{"fileId": "x"}\n')


def test_a_batch_ticket_names_a_file_and_a_line() -> None:
    assert wire.batch_ticket(f"{FILE}:2") == wire.BatchTicket(FILE, 2)
    assert wire.batch_ticket("BQ0001") is None
    assert wire.batch_ticket(f"{FILE}:0") is None


async def test_tickets_of_one_file_are_collected_with_one_download(agency, person, context):
    stub = agency("bank")
    route = stub.router.get(RESULT).respond(200, content=_file(DEPOSITS, NOT_FOUND))
    connector = stub.connector(BankConnector, exchange="batch_file")

    first, second = await asyncio.gather(
        connector.collect(Ticket(f"{FILE}:1"), person, context),
        connector.collect(Ticket(f"{FILE}:2"), person, context),
    )
    again = await connector.collect(Ticket(f"{FILE}:1"), person, context)

    assert route.call_count == 1
    assert first.status is SourceStatus.OK and again.status is SourceStatus.OK
    assert first.evidence.financial_assets[0].ref.reference == "6222****1234"
    assert second.status is SourceStatus.NOT_FOUND
    # the download is the attempt of whichever collect sent it, logged as any request
    assert sorted(r.requests_sent for r in (first, second)) == [0, 1]


async def test_a_file_not_ready_keeps_the_ticket_pending(agency, person, context):
    stub = agency("bank")
    stub.router.get(RESULT).respond(202, json={"respCode": "202000", "ticket": FILE})
    connector = stub.connector(BankConnector, exchange="batch_file")

    result = await connector.collect(Ticket(f"{FILE}:1"), person, context)

    assert result.status is SourceStatus.PENDING
    assert result.ticket == Ticket(f"{FILE}:1")


async def test_a_truncated_download_is_unavailable_and_fetched_again(agency, person, context):
    stub = agency("bank")
    complete = _file(DEPOSITS)
    route = stub.router.get(RESULT)
    route.side_effect = [
        httpx.Response(200, content=complete[:-5]),
        httpx.Response(200, content=complete),
    ]
    connector = stub.connector(BankConnector, exchange="batch_file")

    cut = await connector.collect(Ticket(f"{FILE}:1"), person, context)
    whole = await connector.collect(Ticket(f"{FILE}:1"), person, context)

    assert cut.status is SourceStatus.UNAVAILABLE
    assert [a.outcome for a in cut.attempt_log] == ["malformed"]
    assert whole.status is SourceStatus.OK
    assert route.call_count == 2


async def test_a_line_the_file_does_not_answer_is_malformed(agency, person, context):
    stub = agency("bank")
    stub.router.get(RESULT).respond(200, content=_file(DEPOSITS))
    connector = stub.connector(BankConnector, exchange="batch_file")

    result = await connector.collect(Ticket(f"{FILE}:7"), person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason_params == {"field": "line"}


async def test_a_batch_gateway_ticket_without_a_line_is_malformed(agency, person, context):
    stub = agency("bank")
    stub.router.post("gateway/deposit-query").respond(
        202, json={"respCode": "202000", "ticket": "BQ0001"}
    )
    connector = stub.connector(BankConnector, exchange="batch_file")

    result = await connector.query(person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason_params == {"field": "ticket"}
