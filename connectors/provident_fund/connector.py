"""The provident-fund connector: one account lookup; ``ret`` 1 is not found."""

from __future__ import annotations

from urllib.parse import quote

from connectors.provident_fund import wire
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


class ProvidentFundConnector(HttpConnector):
    scope = wire.SCOPE
    display_name = DisplayName("住房公积金", "housing provident fund")
    evidence_kinds = frozenset({EvidenceKind.PROVIDENT_FUND, EvidenceKind.WAGE_INDICATORS})
    registers = ("provident_fund",)

    async def fetch(
        self, client: AgencySession, person: PersonQuery, context: QueryContext
    ) -> Evidence:
        response = await client.get(wire.account_path(quote(person.id_number, safe="")))
        reply = wire.AccountReply.model_validate_json(response.content)
        if reply.ret == wire.RET_NO_ACCOUNT:
            raise SourceNotFoundError("the provident fund has no account (ret 1)")
        if reply.ret != wire.RET_OK:
            raise SourceRejectedError(
                f"the provident fund refused the query (ret {reply.ret})",
                ReasonCode.REFUSED_WITH_CODE,
                {"agency_code": str(reply.ret)},
            )
        if reply.acct is None:
            raise MalformedResponseError("acct", "missing from a successful answer")
        return wire.to_evidence(reply.acct)
