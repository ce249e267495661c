"""Agencies that answer later: the SDK's pending answer (``AnswerPendingError`` → ``pending``
with its ticket) and ``collect``, the same template around ``fetch_pending``; the bank
connector's 202 + ticket wire."""

from __future__ import annotations

import datetime as dt
import json
from typing import ClassVar

import httpx

from connectors.bank.connector import BankConnector
from connectors.sdk.base import HttpConnector
from connectors.sdk.contract import AnswersLater, PersonQuery, QueryContext
from connectors.sdk.errors import AnswerPendingError, ReasonCode
from connectors.sdk.evidence import Evidence, EvidenceKind, SourceStatus, Ticket
from connectors.sdk.http import AgencySession
from connectors.sdk.source import DisplayName

QUERY = "gateway/deposit-query"
ANSWER = {
    "respCode": "000000",
    "respMsg": "success",
    "accounts": [
        {"acctNoMasked": "6222****1234", "acctType": "D", "balanceCents": 300000,
         "interest12mCents": 0}
    ],
    "investments": [],
}  # fmt: skip
ACCEPTED = {
    "respCode": "202000",
    "respMsg": "accepted",
    "ticket": "BQ0001",
    "expectedBy": "2026-12-07T02:00:00Z",
}


class Promising(HttpConnector):
    """A connector that always promises (the mechanism, without any agency's wire)."""

    scope: ClassVar[str] = "bank"
    display_name = DisplayName("测试", "test")
    evidence_kinds = frozenset({EvidenceKind.FINANCIAL_ASSETS})

    async def fetch(
        self, client: AgencySession, person: PersonQuery, context: QueryContext
    ) -> Evidence:
        await client.get("promise")
        raise AnswerPendingError(Ticket(self.reference.format(id_number=person.id_number)))

    reference: ClassVar[str] = "T-0001"


async def test_a_pending_answer_carries_its_ticket_and_its_attempts(agency, person, context):
    stub = agency("bank")
    stub.router.get("promise").respond(202, json={})

    result = await stub.connector(Promising).query(person, context)

    assert result.status is SourceStatus.PENDING
    assert result.ticket == Ticket("T-0001")
    assert result.reason_code == ReasonCode.PENDING
    assert dict(result.reason_params) == {"reference": "T-0001"}
    assert result.evidence == Evidence()
    assert result.attempts == 1 and [a.outcome for a in result.attempt_log] == ["ok"]


class Naming(Promising):
    reference: ClassVar[str] = "T-{id_number}"


async def test_a_ticket_naming_the_person_is_refused(agency, person, context):
    """A ticket is stored and audited in clear, so one holding an ID number is a malformed
    answer, never a pending one."""
    stub = agency("bank")
    stub.router.get("promise").respond(202, json={})

    result = await stub.connector(Naming).query(person, context)

    assert result.status is SourceStatus.REJECTED and result.ticket is None
    assert result.reason_code == ReasonCode.MALFORMED
    assert [a.outcome for a in result.attempt_log] == ["malformed"]
    assert person.id_number not in json.dumps([result.reason, dict(result.reason_params)])


async def test_a_connector_that_never_promises_cannot_collect(agency, person, context):
    stub = agency("bank")
    connector = stub.connector(Promising)
    assert isinstance(connector, AnswersLater)

    result = await connector.collect(Ticket("X"), person, context)

    assert result.status is SourceStatus.REJECTED
    assert result.reason_code == ReasonCode.CONNECTOR_FAILED
    assert result.attempts == 0


async def test_bank_202_is_pending_with_ticket_and_expected_time(agency, person, context):
    stub = agency("bank")
    stub.router.post(QUERY).respond(202, json=ACCEPTED)

    result = await stub.connector(BankConnector).query(person, context)

    assert result.status is SourceStatus.PENDING
    assert result.ticket == Ticket("BQ0001", dt.datetime(2026, 12, 7, 2, tzinfo=dt.UTC))
    assert dict(result.reason_params) == {"reference": "BQ0001"}


async def test_bank_collects_the_answer_under_its_ticket(agency, person, context):
    stub = agency("bank")
    route = stub.router.get(f"{QUERY}/BQ0001").mock(
        side_effect=[
            httpx.Response(202, json={"respCode": "202000", "ticket": "BQ0001"}),
            httpx.Response(200, json=ANSWER),
        ]
    )
    connector = stub.connector(BankConnector)

    waiting = await connector.collect(Ticket("BQ0001"), person, context)
    answered = await connector.collect(Ticket("BQ0001"), person, context)

    assert waiting.status is SourceStatus.PENDING and waiting.ticket == Ticket("BQ0001")
    assert answered.status is SourceStatus.OK and answered.ticket is None
    assert [str(a.value) for a in answered.evidence.financial_assets] == ["3000.00"]
    assert route.call_count == 2


async def test_bank_collect_not_found_and_unknown_ticket(agency, person, context):
    stub = agency("bank")
    stub.router.get(f"{QUERY}/GONE").respond(404, json={"respCode": "404002"})
    stub.router.get(f"{QUERY}/NOBODY").respond(404, json={"respCode": "404001"})
    connector = stub.connector(BankConnector)

    gone = await connector.collect(Ticket("GONE"), person, context)
    nobody = await connector.collect(Ticket("NOBODY"), person, context)

    assert gone.status is SourceStatus.REJECTED
    assert dict(gone.reason_params) == {"agency_code": "404002"}
    assert nobody.status is SourceStatus.NOT_FOUND


async def test_a_malformed_acceptance_is_rejected(agency, person, context):
    stub = agency("bank")
    stub.router.post(QUERY).respond(202, json={"respCode": "202000"})  # no ticket

    result = await stub.connector(BankConnector).query(person, context)

    assert result.status is SourceStatus.REJECTED and result.ticket is None
