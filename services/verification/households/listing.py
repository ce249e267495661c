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
from verification.households.read import household_view
from verification.households.schemas import HouseholdPage
from verification.paging import Keyset, PageRequest, SealedCursors, TimeRange
from verification.runtime import Runtime


@dataclass(frozen=True)
class HouseholdQuery:
    status: str | None = None
    category: str | None = None
    region_prefix: str | None = None
    created: TimeRange = field(default_factory=TimeRange)
    updated: TimeRange = field(default_factory=TimeRange)

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
    runtime: Runtime, client: ApiClient, query: HouseholdQuery, page: PageRequest, request_id: str
) -> HouseholdPage:
    """A page of the client's households."""
    cursors = SealedCursors(runtime.keyring, "households", query.filters())
    after = cursors.after(page.cursor)
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
            limit=page.fetch,
        )
        listed = cursors.page(rows, page, Keyset.of)
        await runtime.audit.append(
            session,
            [
                {
                    "action": "households_listed",
                    "client_id": str(client.id),
                    "request_id": request_id,
                    "filters": query.filters(),
                    "paged": page.paged,
                    "household_ids": [str(r.id) for r in listed.rows],
                    "verification_ids": [str(r.verification_id) for r in listed.rows],
                }
            ],
        )
    return HouseholdPage(
        items=[household_view(r) for r in listed.rows],
        next_cursor=listed.next_cursor,
        next=listed.next,
    )
