"""The real-estate-register connector: one request per person, ``NO_RECORD`` is not found."""

from __future__ import annotations

from urllib.parse import quote

from connectors.housing import wire
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


class HousingConnector(HttpConnector):
    scope = wire.SCOPE
    display_name = DisplayName("不动产", "real estate")
    evidence_kinds = frozenset({EvidenceKind.PROPERTIES})
    registers = ("real_estate",)

    async def fetch(
        self, client: AgencySession, person: PersonQuery, context: QueryContext
    ) -> Evidence:
        response = await client.get(wire.properties_path(quote(person.id_number, safe="")))
        reply = wire.PropertiesReply.model_validate_json(response.content)
        if reply.status == wire.STATUS_NO_RECORD:
            raise SourceNotFoundError("the real-estate register has no record (NO_RECORD)")
        if reply.status != wire.STATUS_OK:
            raise SourceRejectedError(
                f"the real-estate register refused the query ({reply.status})",
                ReasonCode.REFUSED_WITH_CODE,
                {"agency_code": str(reply.status)},
            )
        if reply.result is None:
            raise MalformedResponseError("result", "missing from an OK answer")
        return Evidence(properties=wire.to_properties(reply.result))
