"""The bank-gateway connector: one deposit query; HTTP 404 with ``404001`` is not found.

A gateway that answers later accepts the query with HTTP 202 and a ticket (``pending``);
``fetch_pending`` asks for the answer under that ticket, and reads it as ``fetch`` reads an
immediate one.
"""

from __future__ import annotations

import datetime as dt
from http import HTTPStatus

import httpx

from connectors.bank import wire
from connectors.sdk.base import HttpConnector
from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.errors import (
    AnswerPendingError,
    ReasonCode,
    SourceNotFoundError,
    SourceRejectedError,
)
from connectors.sdk.evidence import Evidence, EvidenceKind, Ticket
from connectors.sdk.http import AgencySession
from connectors.sdk.source import DisplayName


class BankConnector(HttpConnector):
    scope = wire.SCOPE
    display_name = DisplayName("银行金融", "banks")
    evidence_kinds = frozenset({EvidenceKind.FINANCIAL_ASSETS, EvidenceKind.OTHER_INCOME})
    registers = ("bank_deposits", "securities")

    async def fetch(
        self, client: AgencySession, person: PersonQuery, context: QueryContext
    ) -> Evidence:
        body = wire.DepositQuery(
            cert_type=wire.CERT_TYPE_ID_CARD, cert_no=person.id_number, cust_name=person.name
        )
        response = await client.post(
            wire.QUERY_PATH, json=body.model_dump(by_alias=True), accept=(HTTPStatus.NOT_FOUND,)
        )
        return _answer(response, context.period_end)

    async def fetch_pending(
        self, client: AgencySession, ticket: Ticket, person: PersonQuery, context: QueryContext
    ) -> Evidence:
        response = await client.get(
            wire.answer_path(ticket.reference), accept=(HTTPStatus.NOT_FOUND,)
        )
        return _answer(response, context.period_end)


def _answer(response: httpx.Response, period_end: dt.date) -> Evidence:
    """The gateway's answer, to a query or to the ask for a promised one."""
    envelope = wire.Envelope.model_validate_json(response.content)
    if response.status_code == HTTPStatus.ACCEPTED:
        accepted = wire.Accepted.model_validate_json(response.content)
        raise AnswerPendingError(Ticket(accepted.ticket, accepted.expected_by))
    if response.status_code == HTTPStatus.NOT_FOUND:
        if envelope.resp_code == wire.RESP_CUSTOMER_NOT_FOUND:
            raise SourceNotFoundError("no bank knows the customer (respCode 404001)")
        raise SourceRejectedError(
            f"bank gateway answered HTTP 404 (respCode {envelope.resp_code})",
            ReasonCode.REFUSED_WITH_CODE,
            {"agency_code": str(envelope.resp_code)},
        )
    if envelope.resp_code != wire.RESP_OK:
        raise SourceRejectedError(
            f"bank gateway refused the query (respCode {envelope.resp_code})",
            ReasonCode.REFUSED_WITH_CODE,
            {"agency_code": str(envelope.resp_code)},
        )
    deposits = wire.Deposits.model_validate_json(response.content)
    return wire.to_evidence(deposits, period_end)
