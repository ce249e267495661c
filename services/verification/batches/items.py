"""Listing a batch's items, a page at a time, with their results in the reader's language.

Reading the items is an access to the households' results: each page is audited
(``batch_items_read``, naming the households on it).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from verification.batches import repository
from verification.batches.models import BatchItem
from verification.batches.progress import owned_batch
from verification.batches.schemas import BatchItems, BatchItemView, Change
from verification.clients.models import ApiClient
from verification.data_keys.columns import BATCH_ITEM_RESULT
from verification.kit.crypto import KeyRing
from verification.messages.locale import DEFAULT_LOCALE, Locale
from verification.messages.render import Message
from verification.paging import PageRequest, PlainCursors, whole_number
from verification.reports.language import message_view
from verification.reports.model import VERBATIM, MessageView
from verification.runtime import Runtime

# unsealed (from before the sealed ones): the last item's id, in the items' id order
_CURSORS = PlainCursors[int](int, whole_number)


@dataclass(frozen=True)
class ItemQuery:
    state: str | None
    recommendation: str | None
    locale: Locale = DEFAULT_LOCALE  # of the reasons' texts


async def batch_items(  # noqa: PLR0917
    runtime: Runtime,
    client: ApiClient,
    batch_id: uuid.UUID,
    query: ItemQuery,
    page: PageRequest,
    request_id: str,
) -> BatchItems:
    """One page of the client's batch's items."""
    after = _CURSORS.after(page.cursor)
    async with runtime.transaction() as session:
        await owned_batch(session, client, batch_id)
        rows = await repository.items_page(
            session, batch_id, query.state, query.recommendation, after, page.fetch
        )
        listed = _CURSORS.page(rows, page, lambda row: row.id)
        await runtime.audit.append(
            session,
            [
                {
                    "action": "batch_items_read",
                    "client_id": str(client.id),
                    "request_id": request_id,
                    "batch_id": str(batch_id),
                    "state": query.state,
                    "recommendation": query.recommendation,
                    "household_ids": [str(r.household_id) for r in listed.rows],
                }
            ],
        )
    return BatchItems(
        items=[_item_view(runtime.keyring, r, query.locale) for r in listed.rows],
        next_cursor=listed.next_cursor,
    )


def _reason_view(stored: str | dict[str, Any], locale: Locale) -> MessageView:
    """A stored reason with its text in ``locale`` (results of older versions stored
    English text only, shown as it is)."""
    if isinstance(stored, str):
        return message_view(Message(VERBATIM, {"text": stored}), locale)
    return message_view(Message(stored["code"], stored.get("params", {})), locale)


def _item_view(keyring: KeyRing, row: BatchItem, locale: Locale) -> BatchItemView:
    result: dict[str, Any] = {}
    if row.result_enc:
        decrypted = BATCH_ITEM_RESULT.decrypt_json(keyring, row)
        assert isinstance(decrypted, dict)
        result = decrypted
    return BatchItemView(
        household_id=row.household_id,
        state=row.state,
        attempts=row.attempts,
        verification_id=row.verification_id if row.state == "done" else None,
        recommendation=row.recommendation,
        reasons=[_reason_view(reason, locale) for reason in result.get("reasons", [])],
        changes=[Change.model_validate(c) for c in result.get("changes", [])],
        new_allowance=row.new_allowance,
        graduation=bool(result.get("graduation", False)),
        error=row.error,
        started_at=row.started_at,
        finished_at=row.finished_at,
    )
