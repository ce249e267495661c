"""The tax connector: asks for the window's months and follows ``next_cursor`` to the end.

An unknown taxpayer looks like one without income (no rows), so that is an
``ok`` answer with no income items.  A cursor seen twice, or more pages than
any window can fill, is a broken agency and ``rejected``.
"""

from __future__ import annotations

from connectors.sdk.base import HttpConnector
from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.errors import MalformedResponseError
from connectors.sdk.evidence import Evidence, EvidenceKind
from connectors.sdk.http import AgencySession
from connectors.sdk.source import DisplayName
from connectors.sdk.wire import compact_month
from connectors.tax import wire


class TaxConnector(HttpConnector):
    scope = wire.SCOPE
    display_name = DisplayName("税务", "tax")
    evidence_kinds = frozenset({EvidenceKind.EMPLOYMENT_INCOME, EvidenceKind.OTHER_INCOME})
    registers = ("tax",)

    async def fetch(
        self, client: AgencySession, person: PersonQuery, context: QueryContext
    ) -> Evidence:
        params: dict[str, str | int] = {
            "nsrsbh": person.id_number,
            "from": compact_month(context.period_start),
            "to": compact_month(context.period_end),
        }
        rows: list[wire.IncomeRow] = []
        seen: set[str] = set()
        for _ in range(wire.MAX_PAGES):
            response = await client.get(wire.RECORDS_PATH, params=params)
            page = wire.RecordsPage.model_validate_json(response.content)
            rows.extend(page.rows)
            if page.next_cursor is None:
                return Evidence(incomes=wire.to_incomes(rows))
            if page.next_cursor in seen:
                raise MalformedResponseError("next_cursor", "repeats an earlier cursor")
            seen.add(page.next_cursor)
            params["cursor"] = page.next_cursor
        raise MalformedResponseError("next_cursor", f"still set after {wire.MAX_PAGES} pages")
