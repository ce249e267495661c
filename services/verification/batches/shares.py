"""Each worker's share of the agencies' global limits.

An agency's ``max_concurrency`` is a limit for the whole deployment, not per
process.  Every worker registers in ``batch_workers`` and heartbeats there; each
``worker_share_refresh_seconds`` it counts the live workers and resizes its own
per-source limits to ``max_concurrency // live`` (at least 1).  A new worker
registers, then waits two refresh periods before taking jobs, so the others
have shrunk to their new share first; a dead worker's share returns to the
others once its heartbeat is three periods old.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid
from collections.abc import AsyncIterator

import structlog
from sqlalchemy import delete, func, insert, select, update

from verification.batches.models import BatchWorker
from verification.db import utcnow
from verification.runtime import Runtime

log = structlog.get_logger(__name__)
STALE_PERIODS = 3


def share(limit: int, workers: int) -> int:
    """One worker's part of a global limit (pure)."""
    return max(1, limit // max(1, workers))


class SourceShares:
    def __init__(self, runtime: Runtime, worker_id: uuid.UUID | None = None) -> None:
        self._rt = runtime
        self.worker_id = worker_id or uuid.uuid4()
        self._period = runtime.settings.worker_share_refresh_seconds
        self.live = 1

    async def refresh(self) -> int:
        """Heartbeat, forget dead workers, resize the limits; the live worker count."""
        now = utcnow()
        stale = now - dt.timedelta(seconds=self._period * STALE_PERIODS)
        async with self._rt.transaction() as session:
            await session.execute(
                update(BatchWorker).where(BatchWorker.id == self.worker_id).values(heartbeat_at=now)
            )
            await session.execute(delete(BatchWorker).where(BatchWorker.heartbeat_at < stale))
            live = (
                await session.execute(select(func.count()).select_from(BatchWorker))
            ).scalar_one()
        self.live = max(1, live)
        for scope, limit in self._rt.limits.items():
            limit.resize(share(self._rt.settings.source_settings(scope).max_concurrency, self.live))
        return self.live

    @contextlib.asynccontextmanager
    async def held(self) -> AsyncIterator[SourceShares]:
        """Register, wait until the others have shrunk, keep the share current; deregister."""
        async with self._rt.transaction() as session:
            await session.execute(
                insert(BatchWorker).values(
                    id=self.worker_id, started_at=utcnow(), heartbeat_at=utcnow()
                )
            )
        await self.refresh()
        log.info("worker_registered", worker=str(self.worker_id), live=self.live)
        await asyncio.sleep(2 * self._period)
        task = asyncio.create_task(self._keep())
        try:
            yield self
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            async with self._rt.transaction() as session:
                await session.execute(delete(BatchWorker).where(BatchWorker.id == self.worker_id))

    async def _keep(self) -> None:
        while True:
            await asyncio.sleep(self._period)
            try:
                await self.refresh()
            except Exception:
                log.exception("worker_share_refresh_failed")
