"""The audit log's integrator: one at a time moves recorded entries into the log.

Writers record entries in ``audit_pending`` (``audit.log.append_events``) and return; an
integrator moves them into the log in batches (``audit.log.integrate_pending``: sequence
numbers, events, Merkle nodes, head, in one transaction) and signs a checkpoint (C2SP
tlog-checkpoint) when the log grew, at most once per ``checkpoint_interval_seconds``.  It
wakes up when a writer of its process commits entries (``wake``, called by the sessions'
``RECORDED_SIGNAL``) and otherwise looks for entries every ``audit_integrate_poll_seconds``
(other processes' writers), less often while it finds none: the wait doubles after each
empty look, up to ``audit_integrate_idle_poll_seconds``.

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

One candidate integrates every log (production's and the sandbox's, ADR 0013): the leader
integrates them in turn, each in a transaction of its own, with its own head and
checkpoints, under the one lock and on the one connection that holds it.

An integration that dies rolls back: its entries are still pending, none is lost or
integrated twice.  Nothing is integrated or signed once the process's ``LogIntegrity`` found
the log not to match its checkpoint (``ensure_writable``).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Coroutine, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, TypeVar

import structlog
from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
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
from verification.audit.models import PRODUCTION, SANDBOX, Stream
from verification.audit.tree import issue_checkpoint, sign_checkpoint_of_log
from verification.db import Transaction, create_engine, database_unavailable, is_sqlite

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from verification.audit.integrity import LogIntegrity

log = structlog.get_logger(__name__)

# pg_try_advisory_lock's key: "one integrator" (any bigint no other part of the service
# uses); its holder integrates every log
INTEGRATOR_LOCK: Final = 0x0A0D17_5E0
# the application_name of the candidates' connections, for operators reading pg_stat_activity
INTEGRATOR_APPLICATION: Final = "verification audit integrator"
LEADER: Final = Gauge(
    "audit_integrator_leader",
    "1: this process is the audit logs' integrator (holds its lock); 0: a candidate",
)
INTEGRATED: Final = Counter(
    "audit_entries_integrated",
    "Audit entries this process moved from pending into the log, by log",
    ["log"],
)
CHECKPOINT_LAG: Final = Histogram(
    "audit_checkpoint_lag_seconds",
    "From an audit entry's recording to the signed checkpoint that first covers it "
    "(entries this process integrated), by log",
    ["log"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30, 60),
)


async def has_pending(session: AsyncSession, stream: Stream = PRODUCTION) -> bool:
    """Whether any entry is pending (one index probe, no lock).  In id order, so that it is
    the primary key's index that answers: a plain ``LIMIT 1`` is a sequential scan, which
    on PostgreSQL reads every entry integrated (deleted) since the table's last vacuum
    before it finds a live one."""
    pending = stream.pending
    return (await session.scalar(select(pending.id).order_by(pending.id).limit(1))) is not None


@dataclass(eq=False)
class _Log:
    """One log the integrator integrates, and its signing state in this process."""

    stream: Stream
    origin: str  # the log's name in its checkpoints
    # the log argument of the functions it calls: none for production's, every function's
    # default, so the production log's calls are those it always made
    args: tuple[Stream, ...]
    # the log's own integrity verdict (None: production's, the integrator's own)
    integrity: LogIntegrity | None = None
    # Unix times the entries integrated since the last checkpoint were recorded at
    unsigned: list[float] = field(default_factory=list)
    last_signed: float = -float("inf")  # monotonic
    size: int | None = None  # the log's size after this process's last integration
    signed_size: int | None = None

    def reset(self) -> None:
        self.unsigned.clear()
        self.size = self.signed_size = None


class Integrator:
    """This process's integrator candidate (``run``) for every log, and ``drain`` for tests
    and the CLI."""

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
        sandbox_origin: str | None = None,
        sandbox_integrity: LogIntegrity | None = None,
        idle_poll_seconds: float | None = None,
    ) -> None:
        """``origin``: the production log's name in its checkpoints; ``sandbox_origin``: the
        sandbox log's (None: the production log only), ``sandbox_integrity`` its verdict.
        Nothing is integrated or signed while ``integrity`` (production's) finds its log
        broken; the sandbox's log alone stops when its own verdict does."""
        logs = [_Log(PRODUCTION, origin, ())]
        if sandbox_origin is not None:
            logs.append(_Log(SANDBOX, sandbox_origin, (SANDBOX,), sandbox_integrity))
        # the logs it integrates, in turn, production's first
        self._logs: Sequence[_Log] = tuple(logs)
        self._url = database_url
        self._transaction = transaction
        self._integrity = integrity
        self._key = key
        self._poll = poll_seconds
        # idle, it looks half as often each time, up to this (None: always every poll)
        self._idle_poll = max(poll_seconds, idle_poll_seconds or poll_seconds)
        self._checkpoint_interval = checkpoint_interval_seconds
        self._retry = retry_seconds
        self._batch = batch
        # woken by a commit: wait this long, so that one integration takes the entries of
        # the requests that commit meanwhile (not one transaction per request's commit)
        self._gather = gather_seconds
        # where to look for pending entries before a transaction: SQLite, without taking
        # the write lock; PostgreSQL, in autocommit (one round trip, no commit: an idle look
        # is no transaction)
        self._probe = probe
        self._wakeup: asyncio.Event | None = None
        self.leader = False

    def origin(self, stream: Stream = PRODUCTION) -> str:
        """The origin ``stream``'s checkpoints name."""
        return self._of(stream).origin

    def _of(self, stream: Stream) -> _Log:
        for one in self._logs:
            if one.stream is stream:
                return one
        raise LookupError(f"this integrator does not integrate the {stream.name} log")

    def wake(self) -> None:
        """Entries were committed in this process: integrate them now, not at the next poll."""
        if self._wakeup is not None:
            self._wakeup.set()

    async def drain(self, *, checkpoint: bool = False) -> int:
        """Integrate everything pending now (any process may, whoever leads), and with
        ``checkpoint`` sign a checkpoint of the result, in every log; how many entries were
        integrated."""
        count = 0
        for one in self._logs:
            if one.integrity is not None and one.integrity.broken:
                continue
            count += await integrate_all(self._transaction, self._batch, *one.args)
            if checkpoint:
                await issue_checkpoint(self._transaction, self._key, one.origin, *one.args)
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
        # connections of its own, named in pg_stat_activity (``INTEGRATOR_APPLICATION``)
        engine = create_engine(
            self._url,
            poolclass=NullPool,
            connect_args={"server_settings": {"application_name": INTEGRATOR_APPLICATION}},
        )
        try:
            while True:
                try:
                    # one connection for as long as it works: a candidate asks for the lock
                    # on it every retry (a new connection each time was a new server process
                    # and TLS handshake twice a second per candidate)
                    async with engine.connect() as connection:
                        while True:
                            async with self._leadership(connection) as transaction:
                                if transaction is not None:
                                    await self._lead(transaction)
                            await asyncio.sleep(self._retry)
                except Exception as error:
                    # leading ends only by an error: leaving ``engine.connect`` closed the
                    # connection, which ends its session and the lock with it
                    self._report(error)
                await asyncio.sleep(self._retry)
        finally:
            await engine.dispose()

    @asynccontextmanager
    async def _leadership(self, connection: AsyncConnection) -> AsyncIterator[Transaction | None]:
        """The lock, on the candidate's own connection: the transactions to integrate in
        (on that connection), or None when another process holds it."""
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
        for one in self._logs:
            one.reset()

    async def _lead(self, transaction: Transaction) -> None:
        """Integrate and sign every log in turn, waking on ``wake`` or every poll, until
        something fails.  A backlog is integrated batch after batch (one of each log per
        round), with a checkpoint whenever one is due between them, so checkpoints keep up
        under load."""
        self._wakeup = wakeup = asyncio.Event()
        wait = self._poll
        while True:
            wakeup.clear()
            found = False
            if not self._integrity.broken:
                more = False
                for one in self._logs:
                    if one.integrity is not None and one.integrity.broken:
                        continue
                    count = await to_the_end(self._integrate(transaction, one))
                    found = found or count > 0
                    more = more or count == self._batch
                    await to_the_end(self._sign_when_due(transaction, one))
                if more:
                    continue
            # idle: the next look later each time, up to the idle poll; entries found: soon
            wait = self._poll if found else min(2 * wait, self._idle_poll)
            woken = False
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await wakeup.wait()
                woken = True
                if self._gather > 0:
                    await asyncio.sleep(self._gather)
            if woken:
                wait = self._poll

    async def _integrate(self, transaction: Transaction, one: _Log) -> int:
        """One batch of ``one``'s log, in a transaction of its own; how many entries it
        integrated (a full batch: there may be more)."""
        if self._probe is not None:
            async with self._probe() as session:
                if not await has_pending(session, *one.args):
                    return 0
        async with transaction() as session:
            if not await has_pending(session, *one.args):
                return 0
            done = await integrate_pending(session, self._batch, *one.args)
        self._integrated(one, done)
        return done.count

    @staticmethod
    def _integrated(one: _Log, done: Integrated) -> None:
        if done.count:
            INTEGRATED.labels(log=one.stream.name).inc(done.count)
            one.unsigned.extend(done.recorded_at)
            one.size = done.size

    async def _sign_when_due(self, transaction: Transaction, one: _Log) -> None:
        grown = one.size is None or one.size != one.signed_size
        if not grown or time.monotonic() - one.last_signed < self._checkpoint_interval:
            return
        try:
            async with transaction() as session:
                row = await sign_checkpoint_of_log(session, self._key, one.origin, *one.args)
        except IntegrityError:  # another process signed that size meanwhile: it is signed
            return
        one.last_signed = time.monotonic()
        size = 0 if row is None else row.size
        one.signed_size = size
        one.size = max(one.size or 0, size)
        now = time.time()
        lag = CHECKPOINT_LAG.labels(log=one.stream.name)
        for recorded in one.unsigned:
            lag.observe(max(0.0, now - recorded))
        one.unsigned.clear()

    @staticmethod
    def _report(error: Exception) -> None:
        if database_unavailable(error):
            log.warning("audit_integrator_lost_database", error=type(error).__name__)
        else:
            log.exception("audit_integrator_failed")


T = TypeVar("T")


async def to_the_end(work: Coroutine[Any, Any, T]) -> T:
    """``work`` (one transaction) run to its end even when the calling task is cancelled
    meanwhile; the cancellation is then raised after it.  An integrator is stopped by
    cancelling its task (shutdown, a CLI command's end): cancelled inside a transaction,
    SQLAlchemy gives up the connection without ending it, and on SQLite that connection kept
    the database's write lock, so the process's next writer waited its busy timeout out and
    failed (seen in CI: the drain after a cancelled integrator)."""
    task = asyncio.ensure_future(work)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await task
        raise
