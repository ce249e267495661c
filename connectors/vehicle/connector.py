"""The vehicle-administration connector: follows page numbers until ``page * size >= total``.

The agency cannot tell an unknown person from one without vehicles, so an
empty first page is an ``ok`` answer with no vehicles, not ``not_found``.
"""

from __future__ import annotations

from connectors.sdk.base import HttpConnector
from connectors.sdk.contract import PersonQuery, QueryContext
from connectors.sdk.errors import MalformedResponseError
from connectors.sdk.evidence import Evidence, EvidenceKind
from connectors.sdk.http import AgencySession
from connectors.sdk.source import DisplayName
from connectors.vehicle import wire


class VehicleConnector(HttpConnector):
    scope = wire.SCOPE
    display_name = DisplayName("车辆", "vehicles")
    evidence_kinds = frozenset({EvidenceKind.VEHICLES})
    registers = ("vehicles_vessels",)

    async def fetch(
        self, client: AgencySession, person: PersonQuery, context: QueryContext
    ) -> Evidence:
        records: list[wire.VehicleRecord] = []
        for number in range(1, wire.MAX_PAGES + 1):
            response = await client.get(
                wire.VEHICLES_PATH,
                params={"idNo": person.id_number, "page": number, "size": wire.PAGE_SIZE},
            )
            page = wire.VehiclePage.model_validate_json(response.content)
            if page.page != number:
                raise MalformedResponseError("page", f"asked for page {number}, got {page.page}")
            records.extend(page.items)
            if page.is_last:
                return Evidence(vehicles=wire.to_vehicles(records))
            if not page.items:
                raise MalformedResponseError("items", f"page {number} is empty before the total")
        raise MalformedResponseError("total", f"more than {wire.MAX_PAGES} pages")
