"""The list of a client's batches, a page at a time (keyset paging, ``paging.py``), each
with its progress as ``getBatch`` gives it.

A client sees only the batches it created.  A batch's progress holds no personal data (counts,
rates, no household), and reading it is not audited (``getBatch`` is not either); the items
(``listBatchItems``) are, page by page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from verification.batches import repository
from verification.batches.progress import RATE_WINDOW_SECONDS, progress
from verification.batches.schemas import BatchPage
from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.paging import Keyset, PageRequest, SealedCursors, TimeRange
from verification.runtime import Runtime


@dataclass(frozen=True)
class BatchQuery:
    status: str | None = None
    created: TimeRange = field(default_factory=TimeRange)

    def filters(self) -> dict[str, Any]:
        """What the cursor is bound to."""
        return {"status": self.status, "created": self.created.bounds()}


async def list_batches(
    runtime: Runtime,
    client: ApiClient,
    query: BatchQuery,
    page: PageRequest,
    now: dt.datetime | None = None,
) -> BatchPage:
    """A page of the client's batches with their progress at ``now``."""
    now = now or utcnow()
    cursors = SealedCursors(runtime.keyring, "batches", query.filters())
    after = cursors.after(page.cursor)
    async with runtime.read_session_factory() as session:
        rows = await repository.list_page(
            session,
            client.id,
            status=query.status,
            created=query.created,
            after=after,
            limit=page.fetch,
        )
        listed = cursors.page(rows, page, Keyset.of)
        cutoff = now - dt.timedelta(seconds=RATE_WINDOW_SECONDS)
        tallies = await repository.item_tallies(session, [b.id for b in listed.rows], cutoff)
    return BatchPage(
        items=[progress(b, tallies[b.id], now) for b in listed.rows],
        next_cursor=listed.next_cursor,
        next=listed.next,
    )
