"""The audit log's integrator: one at a time moves recorded entries into the log.

Writers record entries in ``audit_pending`` (``audit.log.append_events``) and return; an
integrator moves them into the log in batches (``audit.log.integrate_pending``: sequence
numbers, events, Merkle nodes, head, in one transaction) and signs a checkpoint (C2SP
tlog-checkpoint) when the log grew, at most once per ``checkpoint_interval_seconds``.  It
wakes up when a writer of its process commits entries (``wake``, called by the sessions'
``RECORDED_SIGNAL``) and otherwise looks for entries every ``audit_integrate_poll_seconds``
(other processes' writers).

One integrator at a time:

- **PostgreSQL**: every API process and batch worker runs a candidate (``run``); the one
  that holds the session-level advisory lock ``INTEGRATOR_LOCK`` integrates, on the
  connection that holds it.  The lock goes with that connection: when its process dies
  (even by ``kill -9``) or loses it, PostgreSQL releases it and another candidate, trying
  every ``audit_integrator_retry_seconds``, takes over.  The integration also locks the
  head row ``FOR UPDATE``, and ``audit_events.pending_id`` is unique, so even two
  integrators at once (``drain``, ``verification audit integrate``) stay correct.
- **SQLite** (one process): the candidate integrates in-process, serialized with the
  process's writers; a CLI command integrating meanwhile waits for the database's write
  lock like any writer.

An integration that dies rolls back: its entries are still pending, none is lost or
integrated twice.  Nothing is integrated or signed once the process's ``LogIntegrity`` found
the log not to match its checkpoint (``ensure_writable``).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Final

import structlog
from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
)
from sqlalchemy.pool import NullPool

from verification.audit.log import (
    INTEGRATION_BATCH,
    WRITE_GUARD,
    Integrated,
    integrate_all,
    integrate_pending,
)
from verification.audit.models import AuditPending
from verification.audit.tree import issue_checkpoint, sign_checkpoint_of_log
from verification.db import Transaction, create_engine, database_unavailable, is_sqlite

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from verification.audit.integrity import LogIntegrity

log = structlog.get_logger(__name__)

# pg_try_advisory_lock's key: "one integrator" (any bigint no other part of the service uses)
INTEGRATOR_LOCK: Final = 0x0A0D17_5E0
LEADER: Final = Gauge(
    "audit_integrator_leader",
    "1: this process is the audit log's integrator (holds its lock); 0: a candidate",
)
INTEGRATED: Final = Counter(
    "audit_entries_integrated", "Audit entries this process moved from pending into the log"
)
CHECKPOINT_LAG: Final = Histogram(
    "audit_checkpoint_lag_seconds",
    "From an audit entry's recording to the signed checkpoint that first covers it "
    "(entries this process integrated)",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30, 60),
)


async def has_pending(session: AsyncSession) -> bool:
    """Whether any entry is pending (one index probe, no lock)."""
    return (await session.scalar(select(AuditPending.id).limit(1))) is not None


class Integrator:
    """This process's integrator candidate (``run``), and ``drain`` for tests and the CLI."""

    def __init__(
        self,
        *,
        database_url: str,
        transaction: Transaction,
        integrity: LogIntegrity,
        key: Ed25519PrivateKey,
        origin: str,
        poll_seconds: float,
        checkpoint_interval_seconds: float,
        retry_seconds: float,
        batch: int = INTEGRATION_BATCH,
        probe: async_sessionmaker[AsyncSession] | None = None,
        gather_seconds: float = 0.0,
    ) -> None:
        self._url = database_url
        self._transaction = transaction
        self._integrity = integrity
        self._key = key
        self._origin = origin
        self._poll = poll_seconds
        self._checkpoint_interval = checkpoint_interval_seconds
        self._retry = retry_seconds
        self._batch = batch
        # woken by a commit: wait this long, so that one integration takes the entries of
        # the requests that commit meanwhile (not one transaction per request's commit)
        self._gather = gather_seconds
        # SQLite: where to look for pending entries without taking the write lock
        self._probe = probe
        self._wakeup: asyncio.Event | None = None
        self.leader = False
        # Unix times the entries integrated since the last checkpoint were recorded at
        self._unsigned: list[float] = []
        self._last_signed = -float("inf")  # monotonic
        self._size: int | None = None  # the log's size after this process's last integration
        self._signed_size: int | None = None

    def wake(self) -> None:
        """Entries were committed in this process: integrate them now, not at the next poll."""
        if self._wakeup is not None:
            self._wakeup.set()

    async def drain(self, *, checkpoint: bool = False) -> int:
        """Integrate everything pending now (any process may, whoever leads), and with
        ``checkpoint`` sign a checkpoint of the result; how many entries were integrated."""
        count = await integrate_all(self._transaction, self._batch)
        if checkpoint:
            await issue_checkpoint(self._transaction, self._key, self._origin)
        return count

    async def run(self) -> None:
        """Be a candidate for ever: integrate whenever this process leads."""
        if is_sqlite(self._url):
            await self._run_sqlite()
        else:
            await self._run_postgresql()

    async def _run_sqlite(self) -> None:
        self._set_leader(True)
        try:
            while True:
                try:
                    await self._lead(self._transaction)
                except Exception as error:
                    self._report(error)
                    await asyncio.sleep(self._retry)
        finally:
            self._set_leader(False)

    async def _run_postgresql(self) -> None:
        engine = create_engine(self._url, poolclass=NullPool)  # connections of its own
        try:
            while True:
                try:
                    async with self._leadership(engine) as transaction:
                        if transaction is not None:
                            await self._lead(transaction)
                except Exception as error:
                    self._report(error)
                await asyncio.sleep(self._retry)
        finally:
            await engine.dispose()

    @asynccontextmanager
    async def _leadership(self, engine: AsyncEngine) -> AsyncIterator[Transaction | None]:
        """The lock, on a connection of its own: the transactions to integrate in (on that
        connection), or None when another process holds it.  Leaving releases it."""
        connection = await engine.connect()
        try:
            acquired = await connection.scalar(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": INTEGRATOR_LOCK}
            )
            await connection.commit()
            if not acquired:
                yield None
                return
            log.info("audit_integrator_leading")
            self._set_leader(True)
            try:
                yield self._on(connection)
            finally:
                self._set_leader(False)
        finally:
            # closing the connection ends its session, and the lock with it
            with contextlib.suppress(Exception):
                await connection.close()

    def _on(self, connection: AsyncConnection) -> Transaction:
        guard = {WRITE_GUARD: self._integrity}

        @asynccontextmanager
        async def transaction() -> AsyncIterator[AsyncSession]:
            async with (
                AsyncSession(bind=connection, expire_on_commit=False, info=guard) as session,
                session.begin(),
            ):
                yield session

        return transaction

    def _set_leader(self, leader: bool) -> None:
        self.leader = leader
        LEADER.set(1 if leader else 0)
        self._unsigned.clear()
        self._size = self._signed_size = None

    async def _lead(self, transaction: Transaction) -> None:
        """Integrate and sign, waking on ``wake`` or every poll, until something fails.
        A backlog is integrated batch after batch, with a checkpoint whenever one is due
        between them, so checkpoints keep up under load."""
        self._wakeup = wakeup = asyncio.Event()
        while True:
            wakeup.clear()
            if not self._integrity.broken:
                more = await self._integrate(transaction)
                await self._sign_when_due(transaction)
                if more:
                    continue
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._poll):
                    await wakeup.wait()
                if self._gather > 0:
                    await asyncio.sleep(self._gather)

    async def _integrate(self, transaction: Transaction) -> bool:
        """One batch; whether there may be more."""
        if self._probe is not None:
            async with self._probe() as session:
                if not await has_pending(session):
                    return False
        async with transaction() as session:
            if not await has_pending(session):
                return False
            done = await integrate_pending(session, self._batch)
        self._integrated(done)
        return done.count == self._batch

    def _integrated(self, done: Integrated) -> None:
        if done.count:
            INTEGRATED.inc(done.count)
            self._unsigned.extend(done.recorded_at)
            self._size = done.size

    async def _sign_when_due(self, transaction: Transaction) -> None:
        grown = self._size is None or self._size != self._signed_size
        if not grown or time.monotonic() - self._last_signed < self._checkpoint_interval:
            return
        try:
            async with transaction() as session:
                row = await sign_checkpoint_of_log(session, self._key, self._origin)
        except IntegrityError:  # another process signed that size meanwhile: it is signed
            return
        self._last_signed = time.monotonic()
        size = 0 if row is None else row.size
        self._signed_size = size
        self._size = max(self._size or 0, size)
        now = time.time()
        for recorded in self._unsigned:
            CHECKPOINT_LAG.observe(max(0.0, now - recorded))
        self._unsigned.clear()

    @staticmethod
    def _report(error: Exception) -> None:
        if database_unavailable(error):
            log.warning("audit_integrator_lost_database", error=type(error).__name__)
        else:
            log.exception("audit_integrator_failed")
