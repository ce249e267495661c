"""The due list: the client's active households due for review by a date, a page at a
time, by (next review date, id).  Every page read is audited."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from verification.clients.models import ApiClient
from verification.households import repository
from verification.households.read import household_view
from verification.households.schemas import DueHouseholds
from verification.paging import PageRequest, PlainCursors
from verification.runtime import Runtime


@dataclass(frozen=True)
class DueQuery:
    as_of: dt.date
    region_prefix: str | None


def _position(value: list[str]) -> tuple[dt.date, uuid.UUID]:
    """The (next_review_on, id) a page ended with."""
    day, household_id = value
    return dt.date.fromisoformat(day), uuid.UUID(household_id)


# unsealed: the due list's cursors from before the sealed ones (a position in its own
# order, (next review date, id), not bound to ``as_of`` and ``region``)
_CURSORS = PlainCursors[tuple[dt.date, uuid.UUID]](
    lambda last: [last[0].isoformat(), str(last[1])], _position
)


async def due_households(
    runtime: Runtime, client: ApiClient, query: DueQuery, page: PageRequest, request_id: str
) -> DueHouseholds:
    """Active households of the client due for review by ``as_of``, by (date, id)."""
    after = _CURSORS.after(page.cursor)
    async with runtime.transaction() as session:
        rows = await repository.due_page(
            session, client.id, query.as_of, query.region_prefix, after, page.fetch
        )
        listed = _CURSORS.page(rows, page, lambda row: (row.next_review_on, row.id))
        await runtime.audit.append(
            session,
            [
                {
                    "action": "households_due_read",
                    "client_id": str(client.id),
                    "request_id": request_id,
                    "as_of": query.as_of.isoformat(),
                    "region_prefix": query.region_prefix,
                    "paged": page.paged,
                    "verification_ids": [str(r.verification_id) for r in listed.rows],
                }
            ],
        )
    return DueHouseholds(
        items=[household_view(r) for r in listed.rows], next_cursor=listed.next_cursor
    )
