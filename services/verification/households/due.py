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
from verification.kit.cursor import decode_cursor, encode_cursor
from verification.problems import InvalidRequest
from verification.runtime import Runtime

MAX_PAGE = 500


@dataclass(frozen=True)
class DueQuery:
    as_of: dt.date
    region_prefix: str | None
    cursor: str | None
    limit: int


async def due_households(
    runtime: Runtime, client: ApiClient, query: DueQuery, request_id: str
) -> DueHouseholds:
    """Active households of the client due for review by ``as_of``, by (date, id)."""
    limit = max(1, min(query.limit, MAX_PAGE))
    after = _due_after(query.cursor) if query.cursor is not None else None
    async with runtime.transaction() as session:
        rows = await repository.due_page(
            session, client.id, query.as_of, query.region_prefix, after, limit + 1
        )
        page, more = rows[:limit], len(rows) > limit
        await runtime.audit.append(
            session,
            [
                {
                    "action": "households_due_read",
                    "client_id": str(client.id),
                    "request_id": request_id,
                    "as_of": query.as_of.isoformat(),
                    "region_prefix": query.region_prefix,
                    "paged": query.cursor is not None,
                    "verification_ids": [str(r.verification_id) for r in page],
                }
            ],
        )
    last = page[-1] if more else None
    return DueHouseholds(
        items=[household_view(r) for r in page],
        next_cursor=_due_cursor(last.next_review_on, last.id) if last else None,
    )


def _due_cursor(next_review: dt.date, household_id: uuid.UUID) -> str:
    return encode_cursor([next_review.isoformat(), str(household_id)])


def _due_after(cursor: str) -> tuple[dt.date, uuid.UUID]:
    """The (next_review_on, id) a page ended with; ``422 invalid-cursor`` if it is not ours."""
    try:
        day, household_id = decode_cursor(cursor)
        return dt.date.fromisoformat(day), uuid.UUID(household_id)
    except (ValueError, TypeError):
        raise InvalidRequest(
            "the cursor is not one this service issued", code="invalid-cursor"
        ) from None
