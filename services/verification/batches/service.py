"""Creating batches, reporting their progress, listing their items, cancelling them.

A batch belongs to the client that created it; anything else is ``404``.
Items are written with the batch in one transaction (``INSERT … SELECT`` for
"everything due", so a province-sized batch never passes through Python), then
handed to the engine.  A household already waiting in an open batch is not
queued twice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from verification.batches.models import Batch, BatchItem
from verification.batches.schemas import (
    BatchCounts,
    BatchItems,
    BatchItemView,
    BatchView,
    Change,
    CreateBatch,
    DueSelection,
)
from verification.clients.models import ApiClient
from verification.data_keys.columns import BATCH_ITEM_RESULT
from verification.db import utcnow
from verification.households.models import EnrolledHousehold
from verification.kit.cursor import decode_cursor, encode_cursor
from verification.messages.locale import DEFAULT_LOCALE, Locale
from verification.messages.render import Message
from verification.problems import Conflict, InvalidRequest, NotFound
from verification.reports.language import message_view
from verification.reports.model import VERBATIM, MessageView
from verification.runtime import Runtime

MAX_PAGE = 500
RATE_WINDOW_SECONDS = 60.0


@dataclass(frozen=True)
class ItemQuery:
    state: str | None
    recommendation: str | None
    cursor: str | None
    limit: int
    locale: Locale = DEFAULT_LOCALE  # of the reasons' texts


def _reason_view(stored: str | dict[str, Any], locale: Locale) -> MessageView:
    """A stored reason with its text in ``locale`` (results of older versions stored
    English text only, shown as it is)."""
    if isinstance(stored, str):
        return message_view(Message(VERBATIM, {"text": stored}), locale)
    return message_view(Message(stored["code"], stored.get("params", {})), locale)


def _item_after(cursor: str) -> int:
    """The item id a page ended with; ``422 invalid-cursor`` if the cursor is not ours."""
    try:
        after = decode_cursor(cursor)
    except ValueError:
        after = None
    if not isinstance(after, int):
        raise InvalidRequest("the cursor is not one this service issued", code="invalid-cursor")
    return after


def _queued() -> ColumnElement[bool]:
    """The household waits in an open batch already."""
    return exists(
        select(BatchItem.id)
        .join(Batch, Batch.id == BatchItem.batch_id)
        .where(
            BatchItem.household_id == EnrolledHousehold.id,
            BatchItem.state.in_(("pending", "running")),
            Batch.cancelled_at.is_(None),
        )
    )


async def _open_batches(
    session: AsyncSession, client_id: uuid.UUID, household_ids: Sequence[uuid.UUID]
) -> list[str]:
    """The client's open batches in which any of the households waits, oldest first."""
    found = await session.execute(
        select(Batch.id)
        .join(BatchItem, BatchItem.batch_id == Batch.id)
        .where(
            Batch.client_id == client_id,
            Batch.cancelled_at.is_(None),
            BatchItem.household_id.in_(household_ids),
            BatchItem.state.in_(("pending", "running")),
        )
        .group_by(Batch.id, Batch.created_at)
        .order_by(Batch.created_at, Batch.id)
    )
    return [str(batch_id) for batch_id in found.scalars()]


class BatchService:
    def __init__(self, runtime: Runtime) -> None:
        self._rt = runtime

    async def create(
        self,
        client: ApiClient,
        body: CreateBatch,
        request_id: str,
        *,
        today: dt.date | None = None,
        created_by: str | None = None,
    ) -> BatchView:
        batch_id = uuid.uuid4()
        now = utcnow()
        async with self._rt.transaction() as session:
            batch = Batch(
                id=batch_id,
                client_id=client.id,
                selection="households" if body.household_ids is not None else "due",
                total=0,
                created_at=now,
                created_by=created_by or request_id,
            )
            if body.due is not None:
                batch.as_of = body.due.as_of or today or self._rt.business_date(now)
                batch.region_prefix = body.due.region
            session.add(batch)
            await session.flush()  # the items refer to it
            if body.household_ids is not None:
                batch.total = await self._insert_explicit(
                    session, client, batch_id, body.household_ids
                )
            else:
                assert batch.as_of is not None
                batch.total = await self._insert_due(
                    session, client.id, batch_id, batch.as_of, batch.region_prefix
                )
            total = batch.total
            await self._rt.audit.append(
                session,
                [
                    {
                        "action": "batch_created",
                        "client_id": str(client.id),
                        "request_id": request_id,
                        "batch_id": str(batch_id),
                        "selection": batch.selection,
                        "as_of": batch.as_of.isoformat() if batch.as_of else None,
                        "region_prefix": batch.region_prefix,
                        "total": total,
                    }
                ],
            )
        await self._rt.dispatcher.dispatch(batch_id)
        return await self.view(client, batch_id)

    async def _insert_explicit(
        self,
        session: AsyncSession,
        client: ApiClient,
        batch_id: uuid.UUID,
        household_ids: Sequence[uuid.UUID],
    ) -> int:
        wanted = list(dict.fromkeys(household_ids))
        rows = (
            await session.execute(
                select(EnrolledHousehold.id, EnrolledHousehold.status, _queued()).where(
                    EnrolledHousehold.client_id == client.id, EnrolledHousehold.id.in_(wanted)
                )
            )
        ).all()
        found = {row[0]: row for row in rows}
        unknown = [str(h) for h in wanted if h not in found]
        if unknown:
            raise NotFound(
                f"{len(unknown)} of the households are not enrolled by this client: "
                f"{', '.join(unknown[:5])}{' …' if len(unknown) > 5 else ''}",
                code="unknown-households",
            )
        ended = [str(h) for h in wanted if found[h][1] != "active"]
        if ended:
            raise Conflict(
                f"{len(ended)} of the households no longer receive aid: {', '.join(ended[:5])}",
                code="households-ended",
                extra={"household_ids": ended},
            )
        queued = [h for h in wanted if found[h][2]]
        if queued:
            batch_ids = await _open_batches(session, client.id, queued)
            raise Conflict(
                f"{len(queued)} of the households wait in an open batch already: "
                f"{', '.join(map(str, queued[:5]))}",
                code="households-queued",
                audit={"batch_ids": batch_ids},
                extra={"household_ids": [str(h) for h in queued], "batch_ids": batch_ids},
            )
        await session.execute(
            insert(BatchItem), [{"batch_id": batch_id, "household_id": h} for h in wanted]
        )
        return len(wanted)

    @staticmethod
    async def _insert_due(
        session: AsyncSession,
        client_id: uuid.UUID,
        batch_id: uuid.UUID,
        as_of: dt.date,
        region: str | None,
    ) -> int:
        conditions = [
            EnrolledHousehold.client_id == client_id,
            EnrolledHousehold.status == "active",
            EnrolledHousehold.next_review_on <= as_of,
            ~_queued(),
        ]
        if region:
            conditions.append(EnrolledHousehold.region_code.startswith(region, autoescape=True))
        due = (
            select(literal(batch_id, BatchItem.batch_id.type), EnrolledHousehold.id)
            .where(*conditions)
            .order_by(EnrolledHousehold.next_review_on, EnrolledHousehold.id)
        )
        result = await session.execute(
            insert(BatchItem).from_select(["batch_id", "household_id"], due)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def view(
        self, client: ApiClient, batch_id: uuid.UUID, now: dt.datetime | None = None
    ) -> BatchView:
        now = now or utcnow()
        async with self._rt.read_session_factory() as session:
            batch = await self._owned(session, client, batch_id)
            counts = dict(
                (
                    await session.execute(
                        select(BatchItem.state, func.count())
                        .where(BatchItem.batch_id == batch_id)
                        .group_by(BatchItem.state)
                    )
                ).all()
            )
            recommendations = dict(
                (
                    await session.execute(
                        select(BatchItem.recommendation, func.count())
                        .where(BatchItem.batch_id == batch_id, BatchItem.state == "done")
                        .group_by(BatchItem.recommendation)
                    )
                ).all()
            )
            cutoff = now - dt.timedelta(seconds=RATE_WINDOW_SECONDS)
            recent, last_finished = (
                await session.execute(
                    select(
                        func.count().filter(BatchItem.finished_at >= cutoff),
                        func.max(BatchItem.finished_at),
                    ).where(BatchItem.batch_id == batch_id)
                )
            ).one()
        return _progress(batch, counts, recommendations, recent, last_finished, now)

    async def items(
        self, client: ApiClient, batch_id: uuid.UUID, query: ItemQuery, request_id: str
    ) -> BatchItems:
        limit = max(1, min(query.limit, MAX_PAGE))
        conditions: list[ColumnElement[bool]] = [BatchItem.batch_id == batch_id]
        if query.state:
            conditions.append(BatchItem.state == query.state)
        if query.recommendation:
            conditions.append(BatchItem.recommendation == query.recommendation)
        if query.cursor is not None:
            conditions.append(BatchItem.id > _item_after(query.cursor))
        async with self._rt.transaction() as session:
            await self._owned(session, client, batch_id)
            rows = list(
                (
                    await session.execute(
                        select(BatchItem)
                        .where(and_(*conditions))
                        .order_by(BatchItem.id)
                        .limit(limit + 1)
                    )
                ).scalars()
            )
            page, more = rows[:limit], len(rows) > limit
            await self._rt.audit.append(
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
            items=[self._item_view(r, query.locale) for r in page],
            next_cursor=encode_cursor(page[-1].id) if more else None,
        )

    async def cancel(self, client: ApiClient, batch_id: uuid.UUID, request_id: str) -> BatchView:
        """Cancel the items not started yet; those running finish.  ``409 batch-finished``
        for a batch cancelled already or whose items have all finished."""
        async with self._rt.transaction() as session:
            batch = await self._owned(session, client, batch_id)
            if batch.cancelled_at is not None:
                raise Conflict(
                    "the batch was cancelled already; there is nothing to cancel",
                    code="batch-finished",
                    audit={"batch_id": str(batch_id)},
                    extra={"batch_id": str(batch_id)},
                )
            open_items = (
                await session.execute(
                    select(func.count()).where(
                        BatchItem.batch_id == batch_id,
                        BatchItem.state.in_(("pending", "running")),
                    )
                )
            ).scalar_one()
            if not open_items:
                raise Conflict(
                    "every item of the batch has finished; there is nothing to cancel",
                    code="batch-finished",
                    audit={"batch_id": str(batch_id)},
                    extra={"batch_id": str(batch_id)},
                )
            now = utcnow()
            batch.cancelled_at = now
            result = await session.execute(
                update(BatchItem)
                .where(BatchItem.batch_id == batch_id, BatchItem.state == "pending")
                .values(state="cancelled", finished_at=now, lease_until=None)
            )
            await self._rt.audit.append(
                session,
                [
                    {
                        "action": "batch_cancelled",
                        "client_id": str(client.id),
                        "request_id": request_id,
                        "batch_id": str(batch_id),
                        "cancelled_items": int(result.rowcount or 0),  # type: ignore[attr-defined]
                    }
                ],
            )
        return await self.view(client, batch_id)

    def _item_view(self, row: BatchItem, locale: Locale) -> BatchItemView:
        result: dict[str, Any] = {}
        if row.result_enc:
            decrypted = BATCH_ITEM_RESULT.decrypt_json(self._rt.keyring, row)
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

    @staticmethod
    async def _owned(session: AsyncSession, client: ApiClient, batch_id: uuid.UUID) -> Batch:
        batch = (
            await session.execute(
                select(Batch).where(Batch.id == batch_id, Batch.client_id == client.id)
            )
        ).scalar_one_or_none()
        if batch is None:
            raise NotFound("no batch with this id for this client")
        return batch


def _progress(  # noqa: PLR0917
    batch: Batch,
    counts: dict[str, int],
    recommendations: dict[str | None, int],
    recent: int,
    last_finished: dt.datetime | None,
    now: dt.datetime,
) -> BatchView:
    """Counts, rate and ETA of a batch from its items' states (pure)."""
    tally = BatchCounts(**counts)
    remaining = tally.pending + tally.running
    finished = batch.total - remaining
    elapsed = (now - batch.created_at).total_seconds()
    rate: float | None = None
    if recent and elapsed > 0:
        rate = recent / min(RATE_WINDOW_SECONDS, elapsed)
    elif finished and last_finished is not None:
        span = (last_finished - batch.created_at).total_seconds()
        rate = finished / span if span > 0 else None
    if batch.cancelled_at is not None:
        status = "cancelled"
    elif remaining:
        status = "running"
    else:
        status = "completed"
    return BatchView(
        id=batch.id,
        status=status,
        selection=batch.selection,
        as_of=batch.as_of,
        region_prefix=batch.region_prefix,
        total=batch.total,
        counts=tally,
        recommendations={k: v for k, v in recommendations.items() if k is not None},
        rate_per_second=round(rate, 3) if rate else None,
        eta_seconds=round(remaining / rate, 1) if rate and remaining else None,
        created_at=batch.created_at,
        finished_at=last_finished if status == "completed" and finished else None,
        cancelled_at=batch.cancelled_at,
    )


async def schedule_due(runtime: Runtime, today: dt.date) -> list[uuid.UUID]:
    """The periodic task: for each client with households due by ``today`` and not queued
    yet, a batch of them.  Returns the new batches' ids."""
    async with runtime.read_session_factory() as session:
        client_ids = list(
            (
                await session.execute(
                    select(EnrolledHousehold.client_id)
                    .where(
                        EnrolledHousehold.status == "active",
                        EnrolledHousehold.next_review_on <= today,
                        ~_queued(),
                    )
                    .distinct()
                )
            ).scalars()
        )
        clients = [await session.get(ApiClient, cid) for cid in client_ids]
    service = BatchService(runtime)
    created = []
    for client in clients:
        if client is None or client.revoked_at is not None:
            continue
        view = await service.create(
            client,
            CreateBatch(due=DueSelection(as_of=today)),
            f"schedule:{today.isoformat()}",
            created_by="schedule",
        )
        created.append(view.id)
    return created
