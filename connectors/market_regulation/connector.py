"""The market-regulation connector: one XML lookup; ``CODE`` 0001 (查无记录) is not found."""

from __future__ import annotations

from connectors.market_regulation import wire
from connectors.sdk.base import HttpConnector
from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.errors import ReasonCode, SourceNotFoundError, SourceRejectedError
from connectors.sdk.evidence import Evidence, EvidenceKind
from connectors.sdk.http import AgencySession
from connectors.sdk.source import DisplayName


class MarketRegulationConnector(HttpConnector):
    scope = wire.SCOPE
    display_name = DisplayName("市场监管", "market regulation")
    evidence_kinds = frozenset({EvidenceKind.BUSINESSES})
    registers = ("business_registration",)

    async def fetch(
        self, client: AgencySession, person: PersonQuery, context: QueryContext
    ) -> Evidence:
        response = await client.get(wire.ENTITIES_PATH, params={"zjhm": person.id_number})
        reply = wire.parse(response.content)
        if reply.CODE == wire.CODE_NO_RECORD:
            raise SourceNotFoundError("the market-regulation register has no record (0001)")
        if reply.CODE != wire.CODE_OK:
            raise SourceRejectedError(
                f"the market-regulation register refused the query ({reply.CODE})",
                ReasonCode.REFUSED_WITH_CODE,
                {"agency_code": reply.CODE},
            )
        return wire.to_evidence(reply)
