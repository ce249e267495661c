"""The securities-register connector: the investor's accounts, then each account's holdings.

The register (中国结算 style) is the authority on securities: the bank connector no longer
reports them (docs/decisions/0014).  One query is 1 + n logical requests, n the investor's
accounts that are not closed; a refusal of any of them (``rtncode`` other than ``0000``)
rejects the whole answer, since a part of the holdings is no answer about them.
"""

from __future__ import annotations

from connectors.sdk.base import HttpConnector
from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.errors import ReasonCode, SourceNotFoundError, SourceRejectedError
from connectors.sdk.evidence import Evidence, EvidenceKind, FinancialAsset
from connectors.sdk.http import AgencySession
from connectors.sdk.source import DisplayName
from connectors.securities import wire


class SecuritiesConnector(HttpConnector):
    scope = wire.SCOPE
    display_name = DisplayName("证券登记结算", "securities register")
    evidence_kinds = frozenset({EvidenceKind.FINANCIAL_ASSETS})
    registers = ("securities",)

    async def fetch(
        self, client: AgencySession, person: PersonQuery, context: QueryContext
    ) -> Evidence:
        response = await client.get(
            wire.ACCOUNTS_PATH, params={"zjlb": wire.ID_CARD, "zjhm": person.id_number}
        )
        reply = wire.AccountsReply.model_validate_json(response.content)
        if reply.rtncode == wire.RTN_NO_INVESTOR:
            raise SourceNotFoundError("the register has no such investor (rtncode 1001)")
        _judge(reply.rtncode)
        asked = context.period_end
        assets: list[FinancialAsset] = []
        for account in wire.accounts_to_ask(reply):
            response = await client.get(
                wire.holdings_path(account),
                params={"zjhm": person.id_number, "cxrq": wire.compact_date(asked)},
            )
            holdings = wire.HoldingsReply.model_validate_json(response.content)
            _judge(holdings.rtncode)
            assets.extend(wire.to_assets(account, wire.checked_holdings(holdings, account, asked)))
        return Evidence(financial_assets=tuple(assets))


def _judge(rtncode: str) -> None:
    if rtncode != wire.RTN_OK:
        raise SourceRejectedError(
            f"the securities register refused the query (rtncode {rtncode})",
            ReasonCode.REFUSED_WITH_CODE,
            {"agency_code": rtncode},
        )
