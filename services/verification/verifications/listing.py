"""The list of a client's verifications, a page at a time (keyset paging, ``paging.py``).

A client sees only the verifications it made, as ``getVerification`` does; an item is the
report's head (ids, status, outcome, region, dates), nothing personal.  Each page is an
access to the households' verifications, so it is audited (``verifications_listed``,
naming the verifications on it), as the reads of a report and of the due list are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from verification.clients.models import ApiClient
from verification.paging import Keyset, PageRequest, SealedCursors, TimeRange
from verification.runtime import Runtime
from verification.verifications import repository
from verification.verifications.models import Verification
from verification.verifications.schemas import VerificationPage, VerificationSummary


@dataclass(frozen=True)
class VerificationQuery:
    status: str | None = None
    outcome: str | None = None
    region_prefix: str | None = None
    authorization_id: str | None = None
    authorization_ids: tuple[str, ...] = ()  # any of these (a household's history)
    created: TimeRange = field(default_factory=TimeRange)
    updated: TimeRange = field(default_factory=TimeRange)

    def filters(self) -> dict[str, Any]:
        """What the cursor is bound to and the audit event states (no personal data)."""
        filters: dict[str, Any] = {
            "status": self.status,
            "outcome": self.outcome,
            "region_prefix": self.region_prefix,
            "authorization_id": self.authorization_id,
            "created": self.created.bounds(),
            "updated": self.updated.bounds(),
        }
        if self.authorization_ids:
            filters["authorization_ids"] = list(self.authorization_ids)
        return filters


async def list_verifications(
    rt: Runtime,
    client: ApiClient,
    query: VerificationQuery,
    page: PageRequest,
    request_id: str,
    *,
    listing: str = "verifications",
    audit: Mapping[str, Any] | None = None,
) -> VerificationPage:
    """A page of the client's verifications.  ``listing`` names the list the cursor is bound
    to (another route listing verifications names its own); ``audit``: more fields of the
    page's audit event."""
    cursors = SealedCursors(rt.keyring, listing, query.filters())
    after = cursors.after(page.cursor)
    async with rt.transaction() as session:
        rows = await repository.list_page(
            session,
            client.id,
            status=query.status,
            outcome=query.outcome,
            region_prefix=query.region_prefix,
            authorization_id=query.authorization_id,
            authorization_ids=query.authorization_ids,
            created=query.created,
            updated=query.updated,
            after=after,
            limit=page.fetch,
        )
        listed = cursors.page(rows, page, Keyset.of)
        await rt.audit.append(
            session,
            [
                {
                    "action": "verifications_listed",
                    "client_id": str(client.id),
                    "request_id": request_id,
                    "filters": query.filters(),
                    "paged": page.paged,
                    "verification_ids": [str(r.id) for r in listed.rows],
                    **(audit or {}),
                }
            ],
        )
    return VerificationPage(
        items=[summary(r) for r in listed.rows], next_cursor=listed.next_cursor, next=listed.next
    )


_STATUSES: dict[str, Literal["running", "awaiting_sources", "completed"]] = {
    "completed": "completed",
    "awaiting_sources": "awaiting_sources",
}


def summary(row: Verification) -> VerificationSummary:
    return VerificationSummary(
        id=row.id,
        href=f"/v1/verifications/{row.id}",
        status=_STATUSES.get(row.status, "running"),
        outcome=row.outcome,
        revision=row.revision,
        authorization_id=row.authorization_id,
        purpose=row.purpose,
        region_code=row.region_code,
        area=row.area,
        policy_id=row.policy_id,
        policy_version=row.policy_version,
        as_of=row.as_of,
        accepted_on=row.accepted_on,
        created_at=row.created_at,
        completed_at=row.completed_at,
    )
