"""Reading a comparison (JSON, or CSV: one row an entry) and a list's comparisons; each
read is audited (ids and the format, nothing of the entries)."""

from __future__ import annotations

import csv
import io
import uuid

from verification.clients.models import ApiClient
from verification.cross_lists import repository
from verification.cross_lists.compare import comparison_view, summary_view
from verification.cross_lists.events import list_event
from verification.cross_lists.schemas import (
    CrossListComparison,
    CrossListComparisonList,
    CrossListPage,
    CrossListView,
)
from verification.problems import NotFound
from verification.runtime import Runtime

CSV_COLUMNS = (
    "category",
    "household_id",
    "entry",
    "person_masked",
    "region_code",
    "area",
    "band",
    "per_capita_monthly",
    "standard_monthly",
    "edge_line_monthly",
    "verification_id",
    "assessed_on",
)


async def read_comparison(
    runtime: Runtime, client: ApiClient, comparison_id: uuid.UUID, request_id: str, fmt: str
) -> CrossListComparison:
    async with runtime.read_session_factory() as session:
        found = await repository.owned_comparison(session, client.id, comparison_id)
    if found is None:
        raise NotFound("no cross-list comparison with this id for this client")
    comparison, row = found
    view = comparison_view(runtime, comparison, row)
    await runtime.audit.record(
        [
            list_event(
                client.id,
                row,
                request_id,
                "cross_list_comparison_read",
                comparison_id=str(comparison_id),
                format=fmt,
            )
        ]
    )
    return view


async def list_comparisons(
    runtime: Runtime, client: ApiClient, list_id: uuid.UUID, request_id: str
) -> CrossListComparisonList:
    async with runtime.read_session_factory() as session:
        row = await repository.owned_list(session, client.id, list_id)
        if row is None:
            raise NotFound("no cross list with this id for this client")
        found = await repository.comparisons_of(session, list_id)
    await runtime.audit.record(
        [list_event(client.id, row, request_id, "cross_list_comparisons_listed", count=len(found))]
    )
    return CrossListComparisonList(items=[summary_view(c) for c in found])


async def current_lists(runtime: Runtime, client: ApiClient, request_id: str) -> CrossListPage:
    """The client's current lists (one per kind and region prefix it uploaded)."""
    async with runtime.read_session_factory() as session:
        rows = await repository.current_lists_of(session, client.id)
    await runtime.audit.record(
        [
            {
                "action": "cross_lists_listed",
                "client_id": str(client.id),
                "request_id": request_id,
                "count": len(rows),
            }
        ]
    )
    return CrossListPage(items=[CrossListView.model_validate(row) for row in rows])


def comparison_csv(view: CrossListComparison) -> str:
    """The entries, one row each: households enrolled and not listed, people listed and not
    enrolled, then the crossings (their ``crossing`` as the category)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for household in view.enrolled_not_listed:
        writer.writerow(
            {
                "category": "enrolled_not_listed",
                "household_id": household.household_id,
                "region_code": household.region_code,
            }
        )
    for person in view.listed_not_enrolled:
        writer.writerow(
            {
                "category": "listed_not_enrolled",
                "entry": person.entry,
                "person_masked": person.person_masked,
            }
        )
    for crossing in view.crossing:
        writer.writerow(
            {
                "category": crossing.crossing.value,
                "household_id": crossing.household_id or "",
                "entry": crossing.entry or "",
                "person_masked": crossing.person_masked or "",
                "region_code": crossing.region_code,
                "area": crossing.area,
                "band": crossing.band.value,
                "per_capita_monthly": f"{crossing.per_capita_monthly:.2f}",
                "standard_monthly": f"{crossing.standard_monthly:.2f}",
                "edge_line_monthly": f"{crossing.edge_line_monthly:.2f}",
                "verification_id": crossing.verification_id,
                "assessed_on": crossing.assessed_on.isoformat(),
            }
        )
    return out.getvalue()
