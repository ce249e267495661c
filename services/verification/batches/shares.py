"""Each worker's share of the agencies' global limits.

An agency's ``max_concurrency`` is a limit for the whole deployment, not per
process.  Every worker registers in ``batch_workers`` and heartbeats there; each
``worker_share_refresh_seconds`` it counts the live workers and resizes its own
per-source limits to ``max_concurrency // live`` (at least 1).  Shrinking is
immediate, growing waits until the smaller count has been seen on two refreshes
in a row.  A new worker registers, then waits two refresh periods before taking
jobs, so the others have shrunk to their new share first.  A worker counts as
dead once its heartbeat is ``worker_stalled_seconds`` old (procrastinate's own
threshold); one that finds itself forgotten (it was starved that long)
registers again at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid
from collections.abc import AsyncIterator

import structlog

from verification.batches import repository
from verification.db import database_unavailable, utcnow
from verification.runtime import Runtime

log = structlog.get_logger(__name__)


def share(limit: int, workers: int) -> int:
    """One worker's part of a global limit (pure)."""
    return max(1, limit // max(1, workers))


class SourceShares:
    def __init__(self, runtime: Runtime, worker_id: uuid.UUID | None = None) -> None:
        self._rt = runtime
        self.worker_id = worker_id or uuid.uuid4()
        self._period = runtime.settings.worker_share_refresh_seconds
        self._stale = dt.timedelta(
            seconds=max(runtime.settings.worker_stalled_seconds, 3 * self._period)
        )
        self.live = 1
        self._seen_fewer = False  # the previous refresh saw fewer workers than self.live

    async def refresh(self) -> int:
        """Heartbeat, forget dead workers, resize the limits; the live worker count."""
        now = utcnow()
        async with self._rt.transaction() as session:
            if not await repository.heartbeat_worker(session, self.worker_id, now):
                # forgotten while starved: back in, and counted at once by this refresh
                await repository.register_worker(session, self.worker_id, now)
                log.warning("worker_registered_again", worker=str(self.worker_id))
            await repository.forget_workers_silent_since(session, now - self._stale)
            live = max(1, await repository.count_workers(session))
        if live >= self.live or self._seen_fewer:
            self.live = live  # shrink at once; grow on the second sighting
            self._seen_fewer = False
        else:
            self._seen_fewer = True
        for scope, limit in self._rt.limits.items():
            limit.resize(share(self._rt.settings.source_settings(scope).max_concurrency, self.live))
        return self.live

    async def register(self) -> None:
        async with self._rt.transaction() as session:
            await repository.register_worker(session, self.worker_id, utcnow())
        self.live = 1_000_000  # the first refresh takes whatever it counts
        await self.refresh()
        log.info("worker_registered", worker=str(self.worker_id), live=self.live)

    async def deregister(self) -> None:
        async with self._rt.transaction() as session:
            await repository.deregister_worker(session, self.worker_id)

    @contextlib.asynccontextmanager
    async def held(self) -> AsyncIterator[SourceShares]:
        """Register, wait until the others have shrunk, keep the share current; deregister."""
        await self.register()
        await asyncio.sleep(2 * self._period)
        await self.refresh()  # the second sighting: now the share may grow to its size
        task = asyncio.create_task(self._keep())
        try:
            yield self
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await self.deregister()

    async def _keep(self) -> None:
        while True:
            await asyncio.sleep(self._period)
            try:
                await self.refresh()
            except Exception as error:  # tried again next period
                if database_unavailable(error):
                    log.warning("worker_share_refresh_postponed", error=type(error).__name__)
                else:
                    log.exception("worker_share_refresh_failed")
