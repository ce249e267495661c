"""The public-security connector: one identity check per person."""

from __future__ import annotations

from connectors.hukou import wire
from connectors.sdk.base import HttpConnector
from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.errors import (
    MalformedResponseError,
    ReasonCode,
    SourceNotFoundError,
    SourceRejectedError,
)
from connectors.sdk.evidence import Evidence, EvidenceKind
from connectors.sdk.http import AgencySession
from connectors.sdk.source import DisplayName


class HukouConnector(HttpConnector):
    scope = wire.SCOPE
    display_name = DisplayName("公安户籍", "household registration")
    evidence_kinds = frozenset({EvidenceKind.IDENTITY})
    registers = ("hukou", "death")

    async def fetch(
        self, client: AgencySession, person: PersonQuery, context: QueryContext
    ) -> Evidence:
        body = wire.VerifyRequest(sfzhm=person.id_number, xm=person.name)
        response = await client.post(wire.VERIFY_PATH, json=body.model_dump())
        reply = wire.VerifyReply.model_validate_json(response.content)
        if reply.code == wire.CODE_NO_SUCH_PERSON:
            raise SourceNotFoundError("public security has no such person (code 1004)")
        if reply.code != wire.CODE_OK:
            raise SourceRejectedError(
                f"public security refused the query (code {reply.code})",
                ReasonCode.REFUSED_WITH_CODE,
                {"agency_code": str(reply.code)},
            )
        if reply.data is None:
            raise MalformedResponseError("data", "missing from a successful answer")
        return wire.to_evidence(reply.data)
