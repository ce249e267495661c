"""The list of the integrity entries a client reaches (its environment, its regions), a
page at a time (keyset paging, ``paging.py``); each page audited
(``integrity_entries_listed``, naming the entries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from verification.clients.models import ApiClient
from verification.integrity_record import repository
from verification.integrity_record.lifecycle import EntryStatus
from verification.integrity_record.read import entry_view
from verification.integrity_record.schemas import IntegrityEntryPage
from verification.paging import Keyset, PageRequest, SealedCursors, TimeRange
from verification.runtime import Runtime


@dataclass(frozen=True)
class EntryQuery:
    status: EntryStatus | None = None
    region_prefix: str | None = None
    created: TimeRange = field(default_factory=TimeRange)

    def filters(self) -> dict[str, Any]:
        """What the cursor is bound to and the audit event states (no personal data)."""
        return {
            "status": None if self.status is None else self.status.value,
            "region_prefix": self.region_prefix,
            "created": self.created.bounds(),
        }


async def list_entries(
    runtime: Runtime, client: ApiClient, query: EntryQuery, page: PageRequest, request_id: str
) -> IntegrityEntryPage:
    today = runtime.today()
    cursors = SealedCursors(runtime.keyring, "integrity-entries", query.filters())
    after = cursors.after(page.cursor)
    # ``expired`` is not stored: a confirmed entry whose last day passed
    status = query.status
    stored = (
        None
        if status is None
        else [EntryStatus.CONFIRMED if status is EntryStatus.EXPIRED else status]
    )
    async with runtime.transaction() as session:
        rows = await repository.list_page(
            session,
            client,
            statuses=stored,
            expired_before=today if status is EntryStatus.EXPIRED else None,
            current_on=today if status is EntryStatus.CONFIRMED else None,
            region_prefix=query.region_prefix,
            created=query.created,
            after=after,
            limit=page.fetch,
        )
        listed = cursors.page(rows, page, Keyset.of)
        await runtime.audit.append(
            session,
            [
                {
                    "action": "integrity_entries_listed",
                    "client_id": str(client.id),
                    "request_id": request_id,
                    "filters": query.filters(),
                    "paged": page.paged,
                    "entry_ids": [str(r.id) for r in listed.rows],
                }
            ],
        )
    return IntegrityEntryPage(
        items=[entry_view(runtime.keyring, r, today) for r in listed.rows],
        next_cursor=listed.next_cursor,
        next=listed.next,
    )
