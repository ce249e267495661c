"""The list of a client's enrolled households, a page at a time (keyset paging,
``paging.py``).

A client sees only the households it enrolled, as ``getHousehold`` does; an item is what
``getHousehold`` returns.  Each page is audited (``households_listed``, naming the
households and the verifications they were enrolled from), as a page of the due list is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from verification.clients.models import ApiClient
from verification.households import repository
from verification.households.models import EnrolledHousehold
from verification.households.read import household_view
from verification.households.schemas import HouseholdPage
from verification.paging import Keyset, Pager, TimeRange
from verification.runtime import Runtime


@dataclass(frozen=True)
class HouseholdQuery:
    status: str | None = None
    category: str | None = None
    region_prefix: str | None = None
    created: TimeRange = field(default_factory=TimeRange)
    updated: TimeRange = field(default_factory=TimeRange)
    cursor: str | None = None
    limit: int = 100

    def filters(self) -> dict[str, Any]:
        """What the cursor is bound to and the audit event states (no personal data)."""
        return {
            "status": self.status,
            "category": self.category,
            "region_prefix": self.region_prefix,
            "created": self.created.bounds(),
            "updated": self.updated.bounds(),
        }


async def list_households(
    runtime: Runtime, client: ApiClient, query: HouseholdQuery, request_id: str
) -> HouseholdPage:
    """A page of the client's households."""
    pager = Pager(runtime.keyring, "households", query.filters())
    after = pager.after(query.cursor)
    async with runtime.transaction() as session:
        rows = await repository.list_page(
            session,
            client.id,
            status=query.status,
            category=query.category,
            region_prefix=query.region_prefix,
            created=query.created,
            updated=query.updated,
            after=after,
            limit=query.limit + 1,
        )
        page, next_cursor = pager.page(rows, query.limit, _keyset)
        await runtime.audit.append(
            session,
            [
                {
                    "action": "households_listed",
                    "client_id": str(client.id),
                    "request_id": request_id,
                    "filters": query.filters(),
                    "paged": query.cursor is not None,
                    "household_ids": [str(r.id) for r in page],
                    "verification_ids": [str(r.verification_id) for r in page],
                }
            ],
        )
    return HouseholdPage(
        items=[household_view(r) for r in page], next_cursor=next_cursor, next=None
    )


def _keyset(row: EnrolledHousehold) -> Keyset:
    return Keyset(row.created_at, row.id)
