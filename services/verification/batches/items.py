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
from verification.kit.cursor import decode_cursor, encode_cursor
from verification.messages.locale import DEFAULT_LOCALE, Locale
from verification.messages.render import Message
from verification.problems import InvalidRequest
from verification.reports.language import message_view
from verification.reports.model import VERBATIM, MessageView
from verification.runtime import Runtime

MAX_PAGE = 500


@dataclass(frozen=True)
class ItemQuery:
    state: str | None
    recommendation: str | None
    cursor: str | None
    limit: int
    locale: Locale = DEFAULT_LOCALE  # of the reasons' texts


async def batch_items(
    runtime: Runtime, client: ApiClient, batch_id: uuid.UUID, query: ItemQuery, request_id: str
) -> BatchItems:
    """One page of the client's batch's items."""
    limit = max(1, min(query.limit, MAX_PAGE))
    after = _item_after(query.cursor) if query.cursor is not None else None
    async with runtime.transaction() as session:
        await owned_batch(session, client, batch_id)
        rows = await repository.items_page(
            session, batch_id, query.state, query.recommendation, after, limit + 1
        )
        page, more = rows[:limit], len(rows) > limit
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
                    "household_ids": [str(r.household_id) for r in page],
                }
            ],
        )
    return BatchItems(
        items=[_item_view(runtime.keyring, r, query.locale) for r in page],
        next_cursor=encode_cursor(page[-1].id) if more else None,
    )


def _item_after(cursor: str) -> int:
    """The item id a page ended with; ``422 invalid-cursor`` if the cursor is not ours."""
    try:
        after = decode_cursor(cursor)
    except ValueError:
        after = None
    if not isinstance(after, int):
        raise InvalidRequest("the cursor is not one this service issued", code="invalid-cursor")
    return after


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
