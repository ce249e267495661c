"""The bank-gateway connector: one deposit query; HTTP 404 with ``404001`` is not found."""

from __future__ import annotations

from http import HTTPStatus

from connectors.bank import wire
from connectors.sdk.base import HttpConnector
from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.errors import ReasonCode, SourceNotFoundError, SourceRejectedError
from connectors.sdk.evidence import Evidence, EvidenceKind
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
        envelope = wire.Envelope.model_validate_json(response.content)
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
        return wire.to_evidence(deposits, context.period_end)
