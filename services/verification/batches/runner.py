"""The embedded engine: batch items run in this process, a bounded number at a time.

The runner claims items by lease (``lease_until``) in short transactions and
renews the leases of the items it is running; an item whose lease ran out (its
process died or was stopped) is claimed again, so a batch resumes when the
service restarts.  The task code is ``review_item``, the same the
procrastinate workers run.

The runner outlives the database: a claim that fails (the database unreachable or
locked) is tried again after a pause that doubles from the poll interval up to
``database_reconnect_max_seconds``, for ever; items whose runs failed meanwhile are
claimed again once their lease has run out.  While the audit log fails its integrity
check nothing is claimed (nothing could be written).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid

import structlog
from croniter import croniter

from verification.batches import repository
from verification.batches.periodic import PeriodicRun, poll
from verification.batches.repository import LeasedItem
from verification.batches.review import complete_ended_batches, review_item
from verification.db import database_unavailable, utcnow
from verification.runtime import Runtime

log = structlog.get_logger(__name__)


class InProcessRunner:
    """Runs pending batch items until cancelled; ``dispatch`` wakes it for a new batch."""

    def __init__(self, runtime: Runtime) -> None:
        settings = runtime.settings
        self._rt = runtime
        self._concurrency = settings.batch_concurrency
        self._lease = dt.timedelta(seconds=settings.batch_lease_seconds)
        self._poll = settings.batch_poll_seconds
        self._wake = asyncio.Event()
        self._running: dict[int, asyncio.Task[None]] = {}

    async def dispatch(self, batch_id: uuid.UUID) -> None:
        self._wake.set()

    async def run(self) -> None:
        renew = asyncio.create_task(self._renew_leases())
        sweep = asyncio.create_task(self._sweep_ended())
        pause = self._poll
        try:
            while True:
                try:
                    await self._claim_and_start()
                    pause = self._poll
                except Exception as error:  # never give up: the database comes back
                    pause = min(pause * 2, self._rt.settings.database_reconnect_max_seconds)
                    if database_unavailable(error):
                        log.warning(
                            "batch_claim_postponed",
                            error=type(error).__name__,
                            retry_in=round(pause, 2),
                        )
                    else:
                        log.exception("batch_claim_failed", retry_in=round(pause, 2))
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(pause):
                        await self._wake.wait()
        finally:
            renew.cancel()
            sweep.cancel()
            for task in self._running.values():
                task.cancel()
            await asyncio.gather(renew, sweep, *self._running.values(), return_exceptions=True)

    async def _claim_and_start(self) -> None:
        if self._rt.integrity.broken:
            return  # nothing may be written to the audit log: claim nothing
        free = self._concurrency - len(self._running)
        # claim in bunches: a claim is a write transaction
        if free >= max(1, self._concurrency // 4) or not self._running:
            for item in await self._claim(free):
                task = asyncio.create_task(self._run_one(item))
                self._running[item.id] = task
                task.add_done_callback(lambda _t: self._wake.set())

    async def _claim(self, limit: int) -> list[LeasedItem]:
        """Lease up to ``limit`` items (``repository.lease_items``: first those whose lease
        ran out, then fresh ones in order)."""
        if limit <= 0:
            return []
        now = utcnow()
        async with self._rt.read_session_factory() as session:
            if not await repository.work_waiting(session, now):
                return []  # an idle runner never takes the write lock
        async with self._rt.transaction() as session:
            return await repository.lease_items(
                session, limit, now, now + self._lease, list(self._running)
            )

    async def _run_one(self, item: LeasedItem) -> None:
        try:
            await review_item(self._rt, item.batch_id, item.household_id)
        except Exception as error:
            # the lease runs out and the item is tried again, up to batch_max_attempts
            if database_unavailable(error):
                log.warning(
                    "batch_item_postponed",
                    batch_id=str(item.batch_id),
                    item=item.id,
                    error=type(error).__name__,
                )
            else:
                log.exception("batch_item_error", batch_id=str(item.batch_id), item=item.id)
        finally:
            self._running.pop(item.id, None)

    async def _sweep_ended(self) -> None:
        """At start and every ``worker_recovery_seconds``: record the end of batches whose
        last item's process died before it could (``review.complete_ended_batches``)."""
        while True:
            try:
                await complete_ended_batches(self._rt)
            except Exception as error:  # tried again next time
                if database_unavailable(error):
                    log.warning("batch_sweep_postponed", error=type(error).__name__)
                else:
                    log.exception("batch_sweep_failed")
            await asyncio.sleep(self._rt.settings.worker_recovery_seconds)

    async def _renew_leases(self) -> None:
        while True:
            await asyncio.sleep(self._lease.total_seconds() / 3)
            if not self._running:
                continue
            try:
                async with self._rt.transaction() as session:
                    await repository.renew_leases(
                        session, list(self._running), utcnow() + self._lease
                    )
            except Exception as error:  # tried again a third of a lease later
                if database_unavailable(error):
                    log.warning("batch_lease_renewal_postponed", error=type(error).__name__)
                else:
                    log.exception("batch_lease_renewal_failed")


async def cron_loop(runtime: Runtime, periodic: PeriodicRun) -> None:
    """A periodic run in-process (the review schedule, the cross-list comparison, the
    retention purge): at each ``cron`` time, unless the audit log fails its integrity check
    (nothing may be written to it); a failure is logged and the next time runs again."""
    times = croniter(periodic.cron, utcnow())
    while True:
        at: dt.datetime = times.get_next(dt.datetime)
        await asyncio.sleep(max(0.0, (at - utcnow()).total_seconds()))
        if runtime.integrity.broken:
            continue
        try:
            await periodic.run(runtime, runtime.business_date(at))
        except Exception as error:
            if database_unavailable(error):
                log.warning(f"{periodic.label}_postponed", error=type(error).__name__)
            else:
                log.exception(f"{periodic.label}_failed")


async def awaiting_loop(runtime: Runtime) -> None:
    """Agencies that answer later, in-process: every ``pending_poll_seconds`` (and once at
    start, so a restarted service picks up where it left off), collect the answers of the
    verifications awaiting sources (``verifications.awaiting.poll_due``), and announce the
    appeals past their decision deadline (``periodic.poll``)."""
    while True:
        if not runtime.integrity.broken:  # nothing may be written to the audit log
            try:
                await poll(runtime)
            except Exception as error:  # the database comes back; polled again next time
                if database_unavailable(error):
                    log.warning("awaiting_poll_postponed", error=type(error).__name__)
                else:
                    log.exception("awaiting_poll_failed")
        await asyncio.sleep(runtime.settings.pending_poll_seconds)
