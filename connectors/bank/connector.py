"""The bank-gateway connector: one deposit query; HTTP 404 with ``404001`` is not found.

A gateway that answers later accepts the query with HTTP 202 and a ticket (``pending``);
``fetch_pending`` asks for the answer under that ticket, and reads it as ``fetch`` reads an
immediate one.

A gateway that exchanges batch files (``ConnectorConfig.exchange == "batch_file"``) accepts
every query into a submission file (the ticket names the file and the line); ``fetch_pending``
fetches the file's result and reads the ticket's line.  Result files are kept once complete
(the header's count and checksum vouch for them, and a published result does not change), the
latest ``RESULT_FILES_KEPT`` of them, and fetched one at a time: the tickets of one file
collected in one poll round (one verification's members, or many verifications') cost one
download.  An incomplete download is ``unavailable``: the ticket is asked again next round.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import OrderedDict
from http import HTTPStatus
from typing import Any, Final

import httpx

from connectors.bank import wire
from connectors.sdk.base import HttpConnector
from connectors.sdk.contract import ConnectorConfig, PersonQuery, QueryContext
from connectors.sdk.errors import (
    AnswerPendingError,
    MalformedResponseError,
    ReasonCode,
    SourceNotFoundError,
    SourceRejectedError,
    SourceUnavailableError,
)
from connectors.sdk.evidence import Evidence, EvidenceKind, Ticket
from connectors.sdk.http import AgencySession, Outcome
from connectors.sdk.source import DisplayName


class BankConnector(HttpConnector):
    scope = wire.SCOPE
    display_name = DisplayName("银行金融", "banks")
    evidence_kinds = frozenset({EvidenceKind.FINANCIAL_ASSETS, EvidenceKind.OTHER_INCOME})
    registers = ("bank_deposits",)

    def __init__(
        self, config: ConnectorConfig, transport: httpx.AsyncBaseTransport | None = None, **kw: Any
    ) -> None:
        super().__init__(config, transport, **kw)
        self._result_files = _ResultFiles()

    @property
    def _batch_files(self) -> bool:
        return self.config.exchange == "batch_file"

    async def fetch(
        self, client: AgencySession, person: PersonQuery, context: QueryContext
    ) -> Evidence:
        body = wire.DepositQuery(
            cert_type=wire.CERT_TYPE_ID_CARD, cert_no=person.id_number, cust_name=person.name
        )
        response = await client.post(
            wire.QUERY_PATH, json=body.model_dump(by_alias=True), accept=(HTTPStatus.NOT_FOUND,)
        )
        if self._batch_files and response.status_code == HTTPStatus.ACCEPTED:
            accepted = wire.Accepted.model_validate_json(response.content)
            _line_of(accepted.ticket)  # a batch-file gateway's ticket names its file and line
        return _answer(response, context.period_end)

    async def fetch_pending(
        self, client: AgencySession, ticket: Ticket, person: PersonQuery, context: QueryContext
    ) -> Evidence:
        if self._batch_files:
            where = _line_of(ticket.reference)
            result = await self._result_files.get(client, ticket, where.file_id)
            record = result.records.get(where.line)
            if record is None:
                raise MalformedResponseError("line", "the result file does not answer it")
            code = str(record.get("respCode"))
            if code == wire.RESP_CUSTOMER_NOT_FOUND:  # in a file, a record's own verdict
                raise SourceNotFoundError("no bank knows the customer (respCode 404001)")
            _judge(code, HTTPStatus.OK)
            return wire.to_evidence(wire.Deposits.model_validate(record), context.period_end)
        response = await client.get(
            wire.answer_path(ticket.reference), accept=(HTTPStatus.NOT_FOUND,)
        )
        return _answer(response, context.period_end)


RESULT_FILES_KEPT: Final = 16


class _ResultFiles:
    """The complete result files fetched (the latest ``RESULT_FILES_KEPT``), by file id; one
    download at a time, so tickets of one file collected at once wait for the first one's."""

    def __init__(self) -> None:
        self._files: OrderedDict[str, wire.ResultFile] = OrderedDict()
        self._lock = asyncio.Lock()

    async def get(self, client: AgencySession, ticket: Ticket, file_id: str) -> wire.ResultFile:
        """The result file ``file_id``, fetched through ``client`` unless kept; raises
        ``AnswerPendingError(ticket)`` while the gateway has not made it available."""
        async with self._lock:
            kept = self._files.get(file_id)
            if kept is not None:
                self._files.move_to_end(file_id)
                return kept
            response = await client.get(wire.result_path(file_id), accept=(HTTPStatus.NOT_FOUND,))
            if response.status_code == HTTPStatus.ACCEPTED:
                raise AnswerPendingError(ticket)
            if response.status_code == HTTPStatus.NOT_FOUND:
                _judge(wire.Envelope.model_validate_json(response.content).resp_code, 404)
            try:
                result = wire.parse_result_file(response.content)
            except wire.IncompleteResultFileError as exc:
                client.mark_last(Outcome.MALFORMED)
                raise SourceUnavailableError(
                    f"bank gateway: {exc}", ReasonCode.UNAVAILABLE
                ) from None
            if result.file_id != file_id:
                raise MalformedResponseError("fileId", "not the file asked for")
            self._files[file_id] = result
            while len(self._files) > RESULT_FILES_KEPT:
                self._files.popitem(last=False)
            return result


def _line_of(reference: str) -> wire.BatchTicket:
    where = wire.batch_ticket(reference)
    if where is None:
        raise MalformedResponseError("ticket", "names no batch file and line")
    return where


def _answer(response: httpx.Response, period_end: dt.date) -> Evidence:
    """The gateway's answer, to a query or to the ask for a promised one."""
    envelope = wire.Envelope.model_validate_json(response.content)
    if response.status_code == HTTPStatus.ACCEPTED:
        accepted = wire.Accepted.model_validate_json(response.content)
        raise AnswerPendingError(Ticket(accepted.ticket, accepted.expected_by))
    _judge(envelope.resp_code, response.status_code)
    deposits = wire.Deposits.model_validate_json(response.content)
    return wire.to_evidence(deposits, period_end)


def _judge(resp_code: str, status: int) -> None:
    """Raise the gateway's verdict when its answer (``respCode``, under HTTP ``status``) is
    not the customer's deposits."""
    if status == HTTPStatus.NOT_FOUND:
        if resp_code == wire.RESP_CUSTOMER_NOT_FOUND:
            raise SourceNotFoundError("no bank knows the customer (respCode 404001)")
        raise SourceRejectedError(
            f"bank gateway answered HTTP 404 (respCode {resp_code})",
            ReasonCode.REFUSED_WITH_CODE,
            {"agency_code": resp_code},
        )
    if resp_code != wire.RESP_OK:
        raise SourceRejectedError(
            f"bank gateway refused the query (respCode {resp_code})",
            ReasonCode.REFUSED_WITH_CODE,
            {"agency_code": resp_code},
        )
