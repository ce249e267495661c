"""Is the stored audit log still the one its latest signed checkpoint covers?

The triggers refuse UPDATE and DELETE on the log's tables, but whoever holds the
database's owner rights can drop them, delete the last events and leave a log
whose hash chain still verifies.  A signed checkpoint cannot be forged without the
service's key, so the log is compared with the latest one:

- the note verifies under the service's key and names this log (origin), and the
  row's size is the note's;
- the newest checkpoint never covers fewer events than one this process saw before
  (checkpoints deleted);
- the log's head counts as many events as are stored, and at least the checkpoint's
  size are stored (tail truncation);
- the stored Merkle nodes give the checkpoint's root for its size (what proofs are
  served from);
- and, in a full round, every event up to the checkpoint's size is read again, its
  leaf and chain hashes re-derived from its body, and the root of those leaves must be
  the checkpoint's.  Events are re-derived once per process: each round reads only
  those up to the newest checkpoint that earlier rounds had not.

A *quick* round (every check but the last) costs O(log n) and runs before the service
starts serving; the full rounds run at start and then every
``audit_integrity_check_seconds``.  Once a round finds a mismatch the log is
**broken** for this process until it restarts: every audit append is refused
(``ensure_writable``, which the runtime's sessions ask: a ``503 audit-log-integrity``),
no checkpoint is signed over it, ``/readyz`` answers 503 naming the mismatch and the
``audit_log_integrity`` gauge is 0.  A round the database could not answer changes
nothing; the next one tries again.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Final, Literal

import structlog
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from verification.audit import merkle
from verification.audit.checkpoint import Checkpoint, CheckpointError, parse_and_verify
from verification.audit.log import GENESIS, HEAD_ID, check_chain, read_nodes, row_problem
from verification.audit.models import PRODUCTION, Stream
from verification.audit.tree import latest_checkpoint
from verification.db import create_engine, create_session_factory, database_unavailable
from verification.kit.variant_gauge import VariantGauge
from verification.problems import ServiceUnavailable

log = structlog.get_logger(__name__)

# by log: production's series unlabelled (as before the sandbox's log existed), the sandbox's
# with log="sandbox"
INTEGRITY: Final = VariantGauge(
    "audit_log_integrity",
    "1: the audit log matches its latest signed checkpoint; 0: it does not, and every "
    "write is refused; -1: not checked yet",
    label="log",
    default=PRODUCTION.name,
)
VERIFIED_SIZE: Final = VariantGauge(
    "audit_log_verified_size",
    "Events re-derived from their stored bodies and matched against a signed checkpoint",
    label="log",
    default=PRODUCTION.name,
)
INTEGRITY.set(-1)

# events read and re-derived a query in a full round: the round runs on the requests' event
# loop and yields only between queries; 5,000 events held it for about 55 ms at a time, 500
# for about 8 ms (the round as a whole takes as long)
SCAN_BATCH: Final = 500
Status = Literal["unchecked", "intact", "broken"]


class AuditLogIntegrityError(ServiceUnavailable):
    code = "audit-log-integrity"


@dataclass(frozen=True, slots=True)
class _Latest:
    checkpoint: Checkpoint | None
    head_size: int | None
    stored: int  # the highest sequence number stored


class LogIntegrity:
    """This process's verdict on an audit log (``stream``'s, production's by default), and
    the write guard that enforces it."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        public_key: Ed25519PublicKey | None,
        origin: str,
        retry_after: int = 5,
        stream: Stream = PRODUCTION,
    ) -> None:
        self._sessions = sessions
        self.stream = stream
        self._log = stream.name  # its gauges' variant
        if stream is not PRODUCTION:  # production's is -1 from the start
            INTEGRITY.set(-1, self._log)
        self._public_key = public_key  # None: the notes are read without their signature
        self._origin = origin
        self._retry_after = retry_after
        self.status: Status = "unchecked"
        self.reason: str | None = None
        self._checkpoint: Checkpoint | None = None  # the newest one seen, verified
        self._leaves = merkle.RootBuilder()  # leaves re-derived from the stored bodies
        self._chain = GENESIS  # the chain hash after them
        self._lock = asyncio.Lock()

    @property
    def broken(self) -> bool:
        return self.status == "broken"

    @property
    def checkpoint_size(self) -> int:
        """The size of the newest checkpoint seen; it never goes down."""
        return 0 if self._checkpoint is None else self._checkpoint.size

    @property
    def verified_size(self) -> int:
        return self._leaves.size

    def ensure_writable(self) -> None:
        """The write guard (``audit.log.WriteGuard``): refuse once the log is broken."""
        if self.broken:
            raise AuditLogIntegrityError(
                "the audit log does not match its signed checkpoint; nothing is written "
                "until the operators have restored it",
                retry_after=self._retry_after,
            )

    async def wait_writable(self) -> None:
        """Return at once, unless the log is broken: then wait until cancelled (a broken
        log stays broken until the process restarts), so batch work pauses instead of
        failing attempt after attempt."""
        if self.broken:
            log.warning("batch_work_paused", reason=self.reason)
            await asyncio.get_running_loop().create_future()

    def report(self) -> dict[str, Any]:
        """What ``/readyz`` shows."""
        report: dict[str, Any] = {
            "status": self.status,
            "checkpoint_size": self.checkpoint_size,
            "verified_size": self.verified_size,
        }
        if self.reason:
            report["reason"] = self.reason
        return report

    async def check(self, *, full: bool = True) -> Status:
        """One round (quick, or ``full``); the verdict.  A broken log stays broken."""
        async with self._lock:
            if self.broken:
                return self.status
            problem = await self._quick()
            if problem is None and full:
                problem = await self._rederive()
            if problem is not None:
                self._fail(problem)
            else:
                self.status = "intact"
                INTEGRITY.set(1, self._log)
            VERIFIED_SIZE.set(self.verified_size, self._log)
            return self.status

    async def watch(self, interval: float) -> None:
        """A full round now and every ``interval`` seconds, for ever; a round the database
        could not answer is tried again sooner (after ``retry_after``)."""
        while True:
            pause = interval
            try:
                await self.check()
            except Exception as error:
                if database_unavailable(error):
                    pause = min(interval, self._retry_after)
                    log.warning("audit_integrity_check_postponed", error=type(error).__name__)
                else:
                    log.exception("audit_integrity_check_failed")
            await asyncio.sleep(pause)

    def _fail(self, problem: str) -> None:
        self.status = "broken"
        self.reason = problem
        INTEGRITY.set(0, self._log)
        log.error("audit_log_integrity_failed", reason=problem, log=self._log)

    async def _quick(self) -> str | None:
        async with self._sessions() as session:
            try:
                latest = await self._latest(session)
            except CheckpointError as error:
                return f"the latest checkpoint does not verify: {error}"
            problem = self._compare(latest)
            checkpoint = latest.checkpoint
            if problem is not None or checkpoint is None:
                return problem
            nodes = await read_nodes(session, merkle.root_nodes(checkpoint.size), self.stream)
        try:
            root = merkle.root(checkpoint.size, nodes)
        except merkle.MissingNodeError:
            root = None
        if root != checkpoint.root:
            return (
                f"the stored Merkle nodes do not give the root of the checkpoint of "
                f"{checkpoint.size} events"
            )
        self._checkpoint = checkpoint
        return None

    def _compare(self, latest: _Latest) -> str | None:
        """The sizes: the head's, the stored events', the checkpoints' (this one's and the
        newest seen before)."""
        checkpoint = latest.checkpoint
        problem: str | None
        if latest.head_size is None:
            problem = "the audit log has no head row"
        elif checkpoint is None:
            problem = (
                f"the signed checkpoints are gone (one covered {self.checkpoint_size} events)"
                if self.checkpoint_size
                else None
            )
        elif checkpoint.size < self.checkpoint_size:
            problem = (
                f"the newest checkpoint covers {checkpoint.size} events, but one of "
                f"{self.checkpoint_size} was seen before"
            )
        elif latest.stored < checkpoint.size:
            problem = (
                f"the log holds {latest.stored} events, but its signed checkpoint covers "
                f"{checkpoint.size}"
            )
        else:
            problem = None
        if problem is None and latest.head_size != latest.stored:
            problem = (
                f"the log's head counts {latest.head_size} events "
                f"but the last stored event is {latest.stored}"
            )
        return problem

    async def _latest(self, session: AsyncSession) -> _Latest:
        # the checkpoint first: the log only grows, so the sizes read after it are at least
        # what it covers (on PostgreSQL each statement has a snapshot of its own)
        AuditEvent, AuditHead = self.stream.events, self.stream.head  # noqa: N806 (mapped classes)
        row = await latest_checkpoint(session, self.stream)
        checkpoint = None if row is None else self._open(row)
        head = select(AuditHead.size).where(AuditHead.id == HEAD_ID).scalar_subquery()
        stored = select(func.coalesce(func.max(AuditEvent.seq), 0)).scalar_subquery()
        # one statement: one snapshot, so a concurrent append is seen in both or neither
        head_size, last = (await session.execute(select(head, stored))).one()
        return _Latest(checkpoint, None if head_size is None else int(head_size), int(last))

    def _open(self, row: Any) -> Checkpoint:
        if self._public_key is None:
            text = row.note[: row.note.find("\n\n") + 1]
            checkpoint = Checkpoint.from_body(text)
        else:
            checkpoint = parse_and_verify(
                row.note, self._origin, self._public_key, origin=self._origin
            )
        if checkpoint.size != row.size or checkpoint.root.hex() != row.root_hash:
            raise CheckpointError(f"the row of checkpoint {row.size} differs from its note")
        return checkpoint

    async def _rederive(self) -> str | None:
        """Re-derive the events this process has not yet, up to the newest checkpoint."""
        checkpoint = self._checkpoint
        if checkpoint is None or self._leaves.size >= checkpoint.size:
            return None
        size = checkpoint.size
        AuditEvent = self.stream.events  # noqa: N806 (the log's mapped class)
        while self._leaves.size < size:
            async with self._sessions() as session:
                rows = (
                    (
                        await session.execute(
                            select(AuditEvent)
                            .where(AuditEvent.seq > self._leaves.size, AuditEvent.seq <= size)
                            .order_by(AuditEvent.seq)
                            .limit(SCAN_BATCH)
                        )
                    )
                    .scalars()
                    .all()
                )
            if not rows:
                return f"events {self._leaves.size + 1} to {size} are missing"
            for row in rows:
                expected = self._leaves.size + 1
                problem = row_problem(row, expected, self._chain)
                if problem:
                    return f"event {expected}: {problem}"
                self._leaves.add_leaf_hash(bytes.fromhex(row.leaf_hash))
                self._chain = bytes.fromhex(row.chain_hash)
        if self._leaves.root() != checkpoint.root:
            return f"the stored events do not give the root of the checkpoint of {size} events"
        return None


@dataclass(frozen=True, slots=True)
class StoredLogCheck:
    size: int  # events in the hash chain
    checkpoint_size: int  # events the latest checkpoint covers (0: none signed)
    problem: str | None  # the first problem found; None: intact


async def verify_stored_log(
    database_url: str,
    public_key: Ed25519PublicKey | None,
    origin: str,
    stream: Stream = PRODUCTION,
) -> StoredLogCheck:
    """Every hash of ``stream``'s stored chain re-derived, then a full ``LogIntegrity`` round
    against its latest checkpoint (what ``verification audit check`` and a restore run)."""
    engine = create_engine(database_url, writer=False)
    try:
        sessions = create_session_factory(engine)
        async with sessions() as session:
            chain = await check_chain(session, stream=stream)
        if chain.first_bad_seq is not None:
            problem = f"audit chain broken at seq {chain.first_bad_seq}: {chain.problem}"
            return StoredLogCheck(chain.size, 0, problem)
        integrity = LogIntegrity(sessions, public_key=public_key, origin=origin, stream=stream)
        await integrity.check()
        return StoredLogCheck(chain.size, integrity.checkpoint_size, integrity.reason)
    finally:
        await engine.dispose()
