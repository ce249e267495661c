"""Where batches, their items and the batch workers are stored: every SQL statement of
the ``batches`` package.

The use cases (``create``, ``progress``, ``items``, ``cancel``, ``listing``), the item task
(``review.py``), the two engines (``runner.py``, ``jobs.py``) and the workers' shares
(``shares.py``) pass a session and domain values and get rows or numbers back; no SQL
is written outside this module.  Items of "everything due" are inserted with
``INSERT … SELECT``, so a province-sized batch never passes through Python.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Exists,
    Row,
    Select,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute, aliased

from verification.authorization.models import AuthorizationRecord, IssuerKey
from verification.batches.models import TERMINAL_STATES, Batch, BatchItem, BatchWorker
from verification.clients.models import ApiClient
from verification.data_keys.columns import BATCH_ITEM_RESULT
from verification.db import dialect_insert, table, violates_unique
from verification.households.models import EnrolledHousehold
from verification.kit.crypto import KeyRing
from verification.paging import ANY_TIME, Keyset, TimeRange, keyset_rows
from verification.verifications.models import Verification, VerificationMember

OPEN_STATES = ("pending", "running")


@dataclass(frozen=True)
class HouseholdState:
    """An enrolled household named in a batch request: its status and whether it waits
    in an open batch already."""

    household_id: uuid.UUID
    status: str
    queued: bool


@dataclass(frozen=True)
class ItemTally:
    """What a batch's progress is computed from."""

    counts: dict[str, int]  # items by state
    recommendations: dict[str | None, int]  # done items by recommendation
    recent: int  # items finished since the cutoff
    last_finished: dt.datetime | None


def _authorized(now: dt.datetime) -> ColumnElement[bool]:
    """The household's authorization stands at ``now``: not withdrawn, not expired (SQL's
    ``authorization.validity.expired``: valid up to and including its expiry)."""
    return and_(
        EnrolledHousehold.authorization_withdrawn_on.is_(None),
        or_(
            EnrolledHousehold.authorization_expires_at.is_(None),
            EnrolledHousehold.authorization_expires_at >= now,
        ),
    )


@dataclass(frozen=True)
class DueItems:
    """What "everything due" queued, and the due households it left out: waiting for a
    new authorization, withdrawn (``revoked``) or past its validity (``expired``)."""

    queued: int
    revoked: int = 0
    expired: int = 0


def _queued() -> ColumnElement[bool]:
    """The household waits in an open batch already."""
    return exists(
        select(BatchItem.id)
        .join(Batch, Batch.id == BatchItem.batch_id)
        .where(
            BatchItem.household_id == EnrolledHousehold.id,
            BatchItem.state.in_(OPEN_STATES),
            Batch.cancelled_at.is_(None),
        )
    )


async def households_of_client(
    session: AsyncSession, client_id: uuid.UUID, household_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, HouseholdState]:
    """The client's enrolled households among ``household_ids``, by id."""
    rows = await session.execute(
        select(EnrolledHousehold.id, EnrolledHousehold.status, _queued()).where(
            EnrolledHousehold.client_id == client_id,
            EnrolledHousehold.id.in_(household_ids),
        )
    )
    return {row[0]: HouseholdState(row[0], row[1], bool(row[2])) for row in rows}


async def open_batches_with(
    session: AsyncSession, client_id: uuid.UUID, household_ids: Sequence[uuid.UUID]
) -> list[uuid.UUID]:
    """The client's open batches in which any of the households waits, oldest first."""
    found = await session.execute(
        select(Batch.id)
        .join(BatchItem, BatchItem.batch_id == Batch.id)
        .where(
            Batch.client_id == client_id,
            Batch.cancelled_at.is_(None),
            BatchItem.household_id.in_(household_ids),
            BatchItem.state.in_(OPEN_STATES),
        )
        .group_by(Batch.id, Batch.created_at)
        .order_by(Batch.created_at, Batch.id)
    )
    return list(found.scalars())


async def add_batch(session: AsyncSession, batch: Batch) -> None:
    """Stage a new batch and flush it (its items refer to it)."""
    session.add(batch)
    await session.flush()


def is_queued_meanwhile(error: IntegrityError) -> bool:
    """Whether ``error`` is the database refusing a second pending item of a household."""
    return violates_unique(error, "uq_batch_items_one_pending", "batch_items.household_id")


async def add_items(
    session: AsyncSession, batch_id: uuid.UUID, household_ids: Sequence[uuid.UUID]
) -> int:
    """One pending item per household, in the order given; how many."""
    await session.execute(
        insert(BatchItem), [{"batch_id": batch_id, "household_id": h} for h in household_ids]
    )
    return len(household_ids)


async def add_due_items(  # noqa: PLR0917
    session: AsyncSession,
    client_id: uuid.UUID,
    batch_id: uuid.UUID,
    as_of: dt.date,
    region: str | None,
    now: dt.datetime,
) -> DueItems:
    """One pending item per active household of the client due by ``as_of`` (in the
    region, if one is given), not queued already and not waiting for a new authorization
    (withdrawn, or expired at ``now``), the longest due first; how many, and how many
    were left out waiting for one."""
    conditions = [
        EnrolledHousehold.client_id == client_id,
        EnrolledHousehold.status == "active",
        EnrolledHousehold.next_review_on <= as_of,
        ~_queued(),
    ]
    if region:
        conditions.append(EnrolledHousehold.region_code.startswith(region, autoescape=True))
    withdrawn = EnrolledHousehold.authorization_withdrawn_on.is_not(None)
    waiting = (
        await session.execute(
            select(
                func.count().filter(withdrawn),
                func.count().filter(~withdrawn),
            ).where(*conditions, ~_authorized(now))
        )
    ).one()
    # one whose authorization was withdrawn or expired waits for a new one (not refused
    # every run)
    due = (
        select(literal(batch_id, BatchItem.batch_id.type), EnrolledHousehold.id)
        .where(*conditions, _authorized(now))
        .order_by(EnrolledHousehold.next_review_on, EnrolledHousehold.id)
    )
    items = dialect_insert(session.get_bind().dialect.name, BatchItem)
    result = await session.execute(
        items.from_select(["batch_id", "household_id"], due).on_conflict_do_nothing(
            index_elements=[BatchItem.household_id], index_where=BatchItem.state == "pending"
        )  # one queued by a batch made at the same moment stays in that one
    )
    queued = int(result.rowcount or 0)  # type: ignore[attr-defined]
    return DueItems(queued, revoked=int(waiting[0]), expired=int(waiting[1]))


async def owned_batch(
    session: AsyncSession, client_id: uuid.UUID, batch_id: uuid.UUID
) -> Batch | None:
    """The batch, if the client created it."""
    found = await session.execute(
        select(Batch).where(Batch.id == batch_id, Batch.client_id == client_id)
    )
    return found.scalar_one_or_none()


async def item_tally(session: AsyncSession, batch_id: uuid.UUID, cutoff: dt.datetime) -> ItemTally:
    """The batch's items counted by state and recommendation, how many finished since
    ``cutoff``, and when the last one finished."""
    return (await item_tallies(session, [batch_id], cutoff))[batch_id]


async def item_tallies(
    session: AsyncSession, batch_ids: Sequence[uuid.UUID], cutoff: dt.datetime
) -> dict[uuid.UUID, ItemTally]:
    """``item_tally`` of each of ``batch_ids``, in three statements whatever their number."""
    ids = list(batch_ids)
    counts: dict[uuid.UUID, dict[str, int]] = {batch_id: {} for batch_id in ids}
    recommendations: dict[uuid.UUID, dict[str | None, int]] = {batch_id: {} for batch_id in ids}
    if not ids:
        return {}
    for batch_id, state, count in (
        await session.execute(
            select(BatchItem.batch_id, BatchItem.state, func.count())
            .where(BatchItem.batch_id.in_(ids))
            .group_by(BatchItem.batch_id, BatchItem.state)
        )
    ).all():
        counts[batch_id][state] = count
    for batch_id, recommendation, count in (
        await session.execute(
            select(BatchItem.batch_id, BatchItem.recommendation, func.count())
            .where(BatchItem.batch_id.in_(ids), BatchItem.state == "done")
            .group_by(BatchItem.batch_id, BatchItem.recommendation)
        )
    ).all():
        recommendations[batch_id][recommendation] = count
    finished = {
        batch_id: (recent, last)
        for batch_id, recent, last in (
            await session.execute(
                select(
                    BatchItem.batch_id,
                    func.count().filter(BatchItem.finished_at >= cutoff),
                    func.max(BatchItem.finished_at),
                )
                .where(BatchItem.batch_id.in_(ids))
                .group_by(BatchItem.batch_id)
            )
        ).all()
    }
    return {
        batch_id: ItemTally(
            counts[batch_id], recommendations[batch_id], *finished.get(batch_id, (0, None))
        )
        for batch_id in ids
    }


def _open_items(
    batch_id: ColumnElement[uuid.UUID] | QueryableAttribute[uuid.UUID] | uuid.UUID,
) -> Exists:
    """Whether an item of the batch is pending or running (one index probe)."""
    return exists().where(BatchItem.batch_id == batch_id, BatchItem.state.in_(OPEN_STATES))


async def list_page(
    session: AsyncSession,
    client_id: uuid.UUID,
    *,
    status: str | None = None,
    created: TimeRange = ANY_TIME,
    after: Keyset | None,
    limit: int,
) -> list[Batch]:
    """Up to ``limit`` of the client's batches after ``after`` in (created_at, id) order;
    ``status`` as ``progress.progress`` derives it: ``cancelled`` once cancelled,
    ``completed`` once its end was recorded (``complete_ended_batches``), else ``running``."""
    conditions: list[ColumnElement[bool]] = [Batch.client_id == client_id]
    if status == "cancelled":
        conditions.append(Batch.cancelled_at.is_not(None))
    elif status == "running":
        conditions += [Batch.cancelled_at.is_(None), Batch.completed_at.is_(None)]
    elif status == "completed":
        conditions += [Batch.cancelled_at.is_(None), Batch.completed_at.is_not(None)]
    conditions += created.conditions(Batch.created_at)
    return await keyset_rows(session, Batch, conditions, after=after, limit=limit)


async def items_page(  # noqa: PLR0917
    session: AsyncSession,
    batch_id: uuid.UUID,
    state: str | None,
    recommendation: str | None,
    after: int | None,
    limit: int,
) -> list[BatchItem]:
    """Up to ``limit`` items of the batch after item ``after``, in id order, filtered by
    state and recommendation when given."""
    conditions: list[ColumnElement[bool]] = [BatchItem.batch_id == batch_id]
    if state:
        conditions.append(BatchItem.state == state)
    if recommendation:
        conditions.append(BatchItem.recommendation == recommendation)
    if after is not None:
        conditions.append(BatchItem.id > after)
    rows = await session.execute(
        select(BatchItem).where(and_(*conditions)).order_by(BatchItem.id).limit(limit)
    )
    return list(rows.scalars())


def _ended_unrecorded(batch_id: uuid.UUID | None) -> tuple[ColumnElement[bool], ...]:
    """A batch (``batch_id``, or any) neither completed nor cancelled whose items have all
    ended."""
    ended = (Batch.completed_at.is_(None), Batch.cancelled_at.is_(None), ~_open_items(Batch.id))
    return ended if batch_id is None else (Batch.id == batch_id, *ended)


async def any_ended_batch(session: AsyncSession, batch_id: uuid.UUID | None = None) -> bool:
    """Whether ``complete_ended_batches`` has anything to do (a read: no write lock)."""
    found = await session.execute(select(exists().where(*_ended_unrecorded(batch_id))))
    return bool(found.scalar_one())


async def complete_ended_batches(
    session: AsyncSession, now: dt.datetime, batch_id: uuid.UUID | None = None
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """Mark completed at ``now`` the batch ``batch_id`` (or every batch) whose items have
    all ended and that was neither completed nor cancelled; their ids and clients.

    Run after an item's own transaction committed (its batch), so items' ends never wait
    for each other, and by the engines' sweep (every batch: the last item's process died
    between its commit and its check).  Of two last items ending at once, the later
    commit's check sees both ends (its statement starts after both); if both see them,
    PostgreSQL makes the second UPDATE wait for the first's row lock and re-read
    ``completed_at``: exactly one marks it."""
    found = await session.execute(
        update(Batch)
        .where(*_ended_unrecorded(batch_id))
        .values(completed_at=now)
        .returning(Batch.id, Batch.client_id)
    )
    return [(row.id, row.client_id) for row in found]


async def mark_cancelled(session: AsyncSession, batch_id: uuid.UUID, now: dt.datetime) -> bool:
    """Mark the batch cancelled if an item of it is still open and it was neither cancelled
    nor completed meanwhile (a conditional UPDATE: on PostgreSQL it waits for a completion
    being marked and re-reads the row); whether it did."""
    result = await session.execute(
        update(Batch)
        .where(
            Batch.id == batch_id,
            Batch.cancelled_at.is_(None),
            Batch.completed_at.is_(None),
            _open_items(batch_id),
        )
        .values(cancelled_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def cancel_pending_items(session: AsyncSession, batch_id: uuid.UUID, now: dt.datetime) -> int:
    """Cancel the batch's items not started yet; how many."""
    result = await session.execute(
        update(BatchItem)
        .where(BatchItem.batch_id == batch_id, BatchItem.state == "pending")
        .values(state="cancelled", finished_at=now, lease_until=None)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def clients_with_due_households(
    session: AsyncSession, today: dt.date, now: dt.datetime
) -> list[ApiClient]:
    """The clients (revoked ones included) with active households due by ``today``, not
    queued yet and not waiting for a new authorization (withdrawn, or expired at ``now``),
    by id (the schedule makes their batches in this order)."""
    client_ids = (
        await session.execute(
            select(EnrolledHousehold.client_id)
            .where(
                EnrolledHousehold.status == "active",
                EnrolledHousehold.next_review_on <= today,
                _authorized(now),
                ~_queued(),
            )
            .distinct()
            .order_by(EnrolledHousehold.client_id)
        )
    ).scalars()
    clients = [await session.get(ApiClient, client_id) for client_id in list(client_ids)]
    return [client for client in clients if client is not None]


# -- the item task (review.py) ------------------------------------------------------------


@dataclass(frozen=True)
class ItemToClaim:
    """A batch item, row-locked, with what its claim decides on and its review needs."""

    item: BatchItem
    batch: Batch
    household: EnrolledHousehold
    client: ApiClient
    previous: Verification  # the household's last verification
    authorization: AuthorizationRecord  # the one it was made under
    key: IssuerKey | None  # the authorization's signing key
    shared: bool  # one of its people is in another household, reviewed instead


def _person_reviewed_elsewhere() -> ColumnElement[bool]:
    """In the claim's query: one of the claimed household's people is also in another
    household that is reviewed instead — an active one enrolled earlier (by
    ``enrolled_on``, ``created_at``, ``id``; only data from before migration 0007 can hold
    two), or one whose item of the same batch (``:batch_id``) is running or done.  So a
    batch never reviews a person twice, and which household is reviewed does not depend on
    the order the items run in.

    Written as the question is asked, member by member: for each of this household's
    members (a lookup by its verification), is their person in another household (a lookup
    by the person's blind index, then by that verification)?  Each inner ``EXISTS`` carries
    ``OFFSET 0``, which keeps PostgreSQL from turning it into a join whose order it would
    choose from the tables' statistics: without statistics (after a bulk enrolment, before
    autovacuum's ANALYZE, or where autovacuum is off) it joined every household's members
    to every household, 250 ms a claim at 10^5 households; as written here it is a few
    index lookups, ~0.2 ms, with or without statistics (docs/benchmarks.md, History,
    2026-12-07 04:40).  SQLite runs correlated subqueries this way anyway."""
    mine, theirs = aliased(VerificationMember), aliased(VerificationMember)
    other, other_item = aliased(EnrolledHousehold), aliased(BatchItem)
    this = EnrolledHousehold
    earlier = tuple_(other.enrolled_on, other.created_at, other.id) < tuple_(
        this.enrolled_on, this.created_at, this.id
    )
    reviewed_in_batch = exists(
        select(other_item.id)
        .where(
            other_item.batch_id == bindparam("batch_id"),
            other_item.household_id == other.id,
            other_item.state.in_(("running", "done")),
        )
        .offset(0)
        .correlate_except(other_item)
    )
    in_another = exists(
        select(theirs.id)
        .join(other, other.verification_id == theirs.verification_id)
        .where(
            theirs.person_index == mine.person_index,
            other.id != this.id,
            or_(and_(other.status == "active", earlier), reviewed_in_batch),
        )
        .offset(0)
        .correlate_except(theirs, other)
    )
    return exists(select(mine.id).where(mine.verification_id == this.verification_id, in_another))


@cache
def _claim_statement() -> Select[*tuple[Any, ...]]:  # ItemToClaim's columns
    """The claim's one statement, built once (its aliases and joins cost a batch worker
    about a tenth of its CPU when built for every item); ``:batch_id``, ``:household_id``."""
    return (
        select(
            BatchItem,
            Batch,
            EnrolledHousehold,
            ApiClient,
            Verification,
            AuthorizationRecord,
            IssuerKey,
            _person_reviewed_elsewhere(),
        )
        .join(Batch, Batch.id == BatchItem.batch_id)
        .join(EnrolledHousehold, EnrolledHousehold.id == BatchItem.household_id)
        .join(ApiClient, ApiClient.id == Batch.client_id)
        .join(Verification, Verification.id == EnrolledHousehold.last_verification_id)
        .join(
            AuthorizationRecord,
            AuthorizationRecord.authorization_id == Verification.authorization_id,
        )
        .outerjoin(IssuerKey, IssuerKey.kid == AuthorizationRecord.kid)
        .where(
            BatchItem.batch_id == bindparam("batch_id"),
            BatchItem.household_id == bindparam("household_id"),
        )
        .with_for_update(of=BatchItem)
    )


async def item_to_claim(
    session: AsyncSession, batch_id: uuid.UUID, household_id: uuid.UUID
) -> ItemToClaim | None:
    """The item (row-locked), its batch, household, client, the household's last
    verification, its authorization and the authorization's key, in one statement; the
    last three, kept referenced, let the review's lookups of them by primary key find
    them in the session instead of asking the database again."""
    row = (
        await session.execute(
            _claim_statement(), {"batch_id": batch_id, "household_id": household_id}
        )
    ).one_or_none()
    if row is None:
        return None
    item, batch, household, client, previous, authorization, key, shared = row
    return ItemToClaim(item, batch, household, client, previous, authorization, key, bool(shared))


async def item_for_update(
    session: AsyncSession, batch_id: uuid.UUID, household_id: uuid.UUID
) -> BatchItem | None:
    """The batch's item of the household, row-locked."""
    return (
        await session.execute(
            select(BatchItem)
            .where(BatchItem.batch_id == batch_id, BatchItem.household_id == household_id)
            .with_for_update()
        )
    ).scalar_one_or_none()


async def count_attempt(
    session: AsyncSession, batch_id: uuid.UUID, household_id: uuid.UUID
) -> None:
    """One more attempt of the item, unless it has ended."""
    await session.execute(
        update(BatchItem)
        .where(
            BatchItem.batch_id == batch_id,
            BatchItem.household_id == household_id,
            BatchItem.state.not_in(TERMINAL_STATES),
        )
        .values(attempts=BatchItem.attempts + 1)
        .execution_options(synchronize_session=False)
    )


async def household(session: AsyncSession, household_id: uuid.UUID) -> EnrolledHousehold:
    """The enrolled household (it exists: a batch item refers to it)."""
    found = await session.get(EnrolledHousehold, household_id)
    assert found is not None
    return found


async def finish_item(
    session: AsyncSession,
    keyring: KeyRing,
    batch_id: uuid.UUID,
    household_id: uuid.UUID,
    *,
    recommendation: str,
    new_allowance: Decimal,
    result: dict[str, Any],
    finished_at: dt.datetime,
) -> bool:
    """Record the running item's result, sealed (one conditional UPDATE, which also takes
    the item's row lock); False if it was not running (another run finished it first)."""
    items = table(BatchItem)
    finished = await session.execute(
        update(items)
        .where(
            items.c.batch_id == batch_id,
            items.c.household_id == household_id,
            items.c.state == "running",  # no other run has finished it
        )
        .values(
            state="done",
            recommendation=recommendation,
            new_allowance=new_allowance,
            result_enc=BATCH_ITEM_RESULT.encrypt_json(
                keyring,
                result,
                batch_id=batch_id,
                household_id=household_id,
            ),
            finished_at=finished_at,
            lease_until=None,
        )
    )
    return bool(finished.rowcount == 1)  # type: ignore[attr-defined]


# -- the in-process engine (runner.py) ----------------------------------------------------


@dataclass(frozen=True)
class LeasedItem:
    """An item the in-process runner holds the lease of."""

    id: int
    batch_id: uuid.UUID
    household_id: uuid.UUID


async def work_waiting(session: AsyncSession, now: dt.datetime) -> bool:
    """Whether any item waits for a runner: its lease ran out, or it was never leased."""
    for waiting in (
        BatchItem.state.in_(OPEN_STATES) & (BatchItem.lease_until < now),
        (BatchItem.state == "pending") & BatchItem.lease_until.is_(None),
    ):
        if (await session.execute(select(BatchItem.id).where(waiting).limit(1))).first():
            return True
    return False


async def lease_items(
    session: AsyncSession,
    limit: int,
    now: dt.datetime,
    until: dt.datetime,
    held: Sequence[int],
) -> list[LeasedItem]:
    """Lease up to ``limit`` items until ``until``, none of ``held``: first those whose
    lease ran out (their runner died), then fresh ones in order.  Both are index range
    scans (``ix_batch_items_claim``), so a claim costs the same at the start and at the
    end of a large batch; rows locked by another claim are skipped."""
    columns = (BatchItem.id, BatchItem.batch_id, BatchItem.household_id)
    rows = list(
        (
            await session.execute(
                select(*columns)
                .where(
                    BatchItem.state.in_(OPEN_STATES),
                    BatchItem.lease_until < now,
                    BatchItem.id.not_in(list(held)),
                )
                .order_by(BatchItem.lease_until)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
    )
    if len(rows) < limit:
        rows += (
            await session.execute(
                select(*columns)
                .where(BatchItem.state == "pending", BatchItem.lease_until.is_(None))
                .order_by(BatchItem.id)
                .limit(limit - len(rows))
                .with_for_update(skip_locked=True)
            )
        ).all()
    if rows:
        await session.execute(
            update(BatchItem)
            .where(BatchItem.id.in_([r.id for r in rows]))
            .values(lease_until=until)
        )
    return [LeasedItem(r.id, r.batch_id, r.household_id) for r in rows]


async def renew_leases(session: AsyncSession, item_ids: Sequence[int], until: dt.datetime) -> None:
    """Extend to ``until`` the leases of those of the items that are still open."""
    await session.execute(
        update(BatchItem)
        .where(
            BatchItem.id.in_(list(item_ids)),
            BatchItem.state.in_(OPEN_STATES),
        )
        .values(lease_until=until)
    )


# -- the distributed engine (jobs.py) -----------------------------------------------------


async def undispatched_batches(
    session: AsyncSession, created_before: dt.datetime
) -> list[uuid.UUID]:
    """Batches created before ``created_before``, not cancelled, whose jobs were never all
    deferred (the creating process died in between): the oldest first."""
    return list(
        (
            await session.execute(
                select(Batch.id)
                .where(
                    Batch.dispatched_at.is_(None),
                    Batch.cancelled_at.is_(None),
                    Batch.created_at < created_before,
                )
                .order_by(Batch.created_at, Batch.id)
            )
        ).scalars()
    )


async def pending_items_after(
    session: AsyncSession, batch_id: uuid.UUID, after: int, limit: int
) -> Sequence[Row[int, uuid.UUID]]:
    """Up to ``limit`` pending items of the batch after item ``after``, in id order: their
    ids and households."""
    return (
        await session.execute(
            select(BatchItem.id, BatchItem.household_id)
            .where(
                BatchItem.batch_id == batch_id,
                BatchItem.state == "pending",
                BatchItem.id > after,
            )
            .order_by(BatchItem.id)
            .limit(limit)
        )
    ).all()


async def mark_dispatched(session: AsyncSession, batch_id: uuid.UUID, at: dt.datetime) -> None:
    """Every job of the batch has been deferred."""
    await session.execute(update(Batch).where(Batch.id == batch_id).values(dispatched_at=at))


# -- the workers' shares of the agencies' limits (shares.py) ------------------------------


async def heartbeat_worker(session: AsyncSession, worker_id: uuid.UUID, now: dt.datetime) -> bool:
    """The worker's heartbeat; False if it is not registered (it was forgotten)."""
    beat = await session.execute(
        update(BatchWorker).where(BatchWorker.id == worker_id).values(heartbeat_at=now)
    )
    return bool(beat.rowcount)  # type: ignore[attr-defined]


async def register_worker(session: AsyncSession, worker_id: uuid.UUID, now: dt.datetime) -> None:
    await session.execute(
        insert(BatchWorker).values(id=worker_id, started_at=now, heartbeat_at=now)
    )


async def forget_workers_silent_since(session: AsyncSession, cutoff: dt.datetime) -> None:
    """Forget the workers whose last heartbeat is older than ``cutoff``."""
    await session.execute(delete(BatchWorker).where(BatchWorker.heartbeat_at < cutoff))


async def count_workers(session: AsyncSession) -> int:
    return int((await session.execute(select(func.count()).select_from(BatchWorker))).scalar_one())


async def deregister_worker(session: AsyncSession, worker_id: uuid.UUID) -> None:
    await session.execute(delete(BatchWorker).where(BatchWorker.id == worker_id))
