"""Recording audit entries, integrating them into the hash-chained log, checking it.

Each event is stored as canonical JSON with its sequence number inside, its
RFC 6962 leaf hash ``SHA-256(0x00 ‖ body)`` and a chain hash
``SHA-256(previous chain ‖ leaf)``, so altering, dropping or reordering a row
breaks every later chain hash.

Two steps (the sequencer of issue #17, the shape Tessera and Trillian use):

1. ``append_events`` *records* entries in ``audit_pending`` inside the caller's
   transaction, so an entry and the change it records commit together (an access is
   durably recorded before any agency is asked).  It takes no lock and hashes nothing:
   each entry is its canonical JSON with its ``at`` (the time of recording) and a
   placeholder for its ``seq``, plus the columns auditors filter on.
2. ``integrate_pending`` (run by one integrator at a time, ``audit.sequencer``) takes up
   to a batch of pending entries in id order, gives them the next sequence numbers,
   writes their events, the Merkle-tree nodes they complete and the new head, and deletes
   them from ``audit_pending`` — all in one transaction, so an integration that dies
   leaves every entry pending, and ``audit_events.pending_id`` is unique, so no entry can
   be integrated twice.  The order of the log is the order of integration, not of the
   pending ids (ids commit out of order).

Integrations are serialized on the one-row ``audit_head`` (tree size, last chain hash and
the hashes of the tree's compact range), read ``FOR UPDATE``: under READ COMMITTED the
locked read returns the head the previous integration committed, and SQLite's writers are
serialized already (``BEGIN IMMEDIATE``).  The sequence number is the primary key, so two
integrators can never fork the chain.

A session may carry a write guard in ``session.info[WRITE_GUARD]`` (the runtime's sessions
carry the process's ``audit.integrity.LogIntegrity``): recording and integrating first ask
it, and it refuses both once the log was found not to match its signed checkpoint.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Final, Literal, Protocol

from sqlalchemy import Insert, and_, delete, event, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from verification.audit import merkle
from verification.audit.merkle import leaf_hash
from verification.audit.models import PRODUCTION, SANDBOX, Stream
from verification.audit.models import AuditEvent as AuditEventRow
from verification.db import Transaction, table, utcnow
from verification.kit.canonical_json import canonical_bytes

GENESIS = bytes(32)
HEAD_ID = 1
_HASH = 32
INTEGRATION_BATCH: Final = 1000  # pending entries moved into the log per transaction


WRITE_GUARD = "audit_write_guard"  # the session.info key of the process's write guard
# the session.info key of a callable told when a transaction that recorded entries commits
# (the runtime's sessions carry its integrator's ``wake``)
RECORDED_SIGNAL = "audit_recorded_signal"
_RECORDED = "audit_recorded"  # set in session.info by a transaction that recorded entries


# the log this task's entries are recorded in: production's, unless the request is a
# sandbox client's or the batch item a sandbox batch's (``record_to``, ``recording_to``)
_STREAM: ContextVar[Stream] = ContextVar("audit_stream", default=PRODUCTION)


def stream_for(*, sandbox: bool) -> Stream:
    return SANDBOX if sandbox else PRODUCTION


def current_stream() -> Stream:
    """The log ``append_events`` records in, in this task."""
    return _STREAM.get()


def record_to(stream: Stream) -> None:
    """Record this task's entries from now on in ``stream`` (a request: its client's)."""
    _STREAM.set(stream)


@contextmanager
def recording_to(stream: Stream) -> Iterator[None]:
    """Record the entries of the block in ``stream`` (a batch item: its batch's)."""
    token = _STREAM.set(stream)
    try:
        yield
    finally:
        _STREAM.reset(token)


class WriteGuard(Protocol):
    def ensure_writable(self) -> None:
        """Raise if nothing may be appended to the log now."""
        ...


def ensure_writable(session: AsyncSession) -> None:
    """Ask the session's write guard, if it has one, whether the log may grow now."""
    guard: WriteGuard | None = session.info.get(WRITE_GUARD)
    if guard is not None:
        guard.ensure_writable()


class MissingHeadError(RuntimeError):
    """The database has no ``audit_head`` row: it was not migrated (``verification migrate``)."""


def chain_hash(previous: bytes, leaf: bytes) -> bytes:
    return hashlib.sha256(previous + leaf).digest()


@dataclass(frozen=True, slots=True)
class AuditRef:
    """Where an entry is: recorded (``entry``, its pending id), and once integrated its
    place in the log.  ``entry`` is None for events appended before the sequencer."""

    entry: int | None
    seq: int | None = None
    leaf_hash: str | None = None

    @property
    def status(self) -> Literal["pending", "integrated"]:
        return "pending" if self.seq is None else "integrated"


def pack_range(size: int, nodes: Mapping[tuple[int, int], bytes]) -> bytes:
    """The head's ``compact_range``: the hashes of ``merkle.root_nodes(size)``, in order."""
    return b"".join(nodes[ref] for ref in merkle.root_nodes(size))


def unpack_range(size: int, packed: bytes) -> dict[tuple[int, int], bytes]:
    refs = merkle.root_nodes(size)
    if len(packed) != _HASH * len(refs):
        raise ValueError(f"audit head of size {size} holds {len(packed)} bytes of compact range")
    return {ref: packed[i * _HASH : (i + 1) * _HASH] for i, ref in enumerate(refs)}


# an entry's body while pending: this sequence number becomes the one it is integrated at
# (the same canonical JSON, with the same bytes elsewhere)
_SEQ_MARK = -6962696269626962
_SEQ_TEXT = f'"seq":{_SEQ_MARK}'


def pending_template(event: Mapping[str, Any], stamp: str) -> str:
    """``event``'s canonical JSON with ``at`` = ``stamp`` and the ``seq`` placeholder."""
    template = canonical_bytes({**event, "seq": _SEQ_MARK, "at": stamp}).decode()
    if template.count(_SEQ_TEXT) != 1:
        raise ValueError("an audit event may not hold the sequence number's placeholder")
    return template


def complete_body(template: str, seq: int) -> bytes:
    """The body a pending entry's template becomes at ``seq``."""
    return template.replace(_SEQ_TEXT, f'"seq":{seq}', 1).encode()


async def append_events(
    session: AsyncSession, events: Sequence[Mapping[str, Any]], stream: Stream | None = None
) -> list[int]:
    """Record ``events`` in order within ``session``'s transaction; their entry ids.

    In ``stream``'s log, by default the task's (``current_stream``: a sandbox client's
    request records in the sandbox's log).

    They are pending until the integrator moves them into the log (``integrate_pending``);
    they commit, or not, with the caller's transaction.  No lock is taken, so it may be
    called anywhere in the transaction.  When the transaction commits, the session's
    ``RECORDED_SIGNAL`` (if any) is called: the process's integrator wakes up.
    """
    if not events:
        return []
    ensure_writable(session)
    rows = pending_entries(events)
    # PostgreSQL: ids in the rows' order, in one statement (SQLAlchemy's sorted
    # insertmanyvalues).  SQLite would send a statement a row for that; its writers hold the
    # database's write lock, so one statement's rows take ascending ids: sorted, they are in
    # the rows' order
    ordered = session.get_bind().dialect.name != "sqlite"
    statement = _record_statement(stream or current_stream(), ordered=ordered)
    result = await session.execute(statement, rows)
    mark_recorded(session)
    ids = [int(row[0]) for row in result]
    return ids if ordered else sorted(ids)


def pending_entries(events: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The ``audit_pending`` rows recording ``events`` now, in order (``append_events``'
    rows; a caller recording them with a statement of its own asks ``ensure_writable``
    first and calls ``mark_recorded`` after)."""
    now = utcnow()
    stamp = now.isoformat(timespec="microseconds")
    return [
        {
            "recorded_at": now,
            "action": str(event["action"]),
            **{column: _text(event.get(key)) for column, key in _FILTER_COLUMNS.items()},
            "template": pending_template(event, stamp),
        }
        for event in events
    ]


def mark_recorded(session: AsyncSession) -> None:
    """``session``'s transaction recorded entries: its commit wakes the integrator."""
    session.info[_RECORDED] = True


@functools.cache
def _record_statement(stream: Stream, *, ordered: bool) -> Insert:
    """``append_events``' INSERT into ``stream``'s pending table, built once a log (every
    request records entries; see ``db.insert_into``): the new ids, in the rows' order when
    ``ordered``."""
    pending = table(stream.pending)
    return insert(pending).returning(pending.c.id, sort_by_parameter_order=ordered)


@event.listens_for(Session, "after_commit")
def _signal_recorded(session: Session) -> None:
    if session.info.pop(_RECORDED, False):
        signal: Callable[[], None] | None = session.info.get(RECORDED_SIGNAL)
        if signal is not None:
            signal()


@event.listens_for(Session, "after_rollback")
def _forget_recorded(session: Session) -> None:
    session.info.pop(_RECORDED, None)


@dataclass(frozen=True, slots=True)
class Integrated:
    """What one integration did: the entries it moved (their ids, sequence numbers and the
    times they were recorded, in log order) and the head after it."""

    entries: list[int]
    first_seq: int
    recorded_at: list[float]  # Unix times
    size: int

    @property
    def count(self) -> int:
        return len(self.entries)


async def integrate_pending(
    session: AsyncSession, limit: int = INTEGRATION_BATCH, stream: Stream = PRODUCTION
) -> Integrated:
    """Move up to ``limit`` pending entries, oldest id first, into the log within
    ``session``'s transaction (the caller commits; the head stays locked until then).

    Locks and reads the head, gives the entries the next sequence numbers, writes their
    events (with ``pending_id``), every Merkle-tree node the new leaves complete and the new
    head, and deletes the entries from ``audit_pending``.
    """
    ensure_writable(session)
    heads = table(stream.head)
    head = (
        await session.execute(
            select(heads.c.size, heads.c.chain_hash, heads.c.compact_range)
            .where(heads.c.id == HEAD_ID)
            .with_for_update()
        )
    ).first()
    if head is None:
        raise MissingHeadError("the audit log has no head row: run `verification migrate`")
    size_before = int(head[0])
    pending = table(stream.pending)
    entries = (await session.execute(select(pending).order_by(pending.c.id).limit(limit))).all()
    if not entries:
        return Integrated([], size_before + 1, [], size_before)
    previous = bytes.fromhex(head[1])
    stored = unpack_range(size_before, bytes(head[2]))
    seq = size_before
    rows: list[dict[str, Any]] = []
    leaves: list[bytes] = []
    for entry in entries:
        seq += 1
        body = complete_body(entry.template, seq)
        leaf = leaf_hash(body)
        previous = chain_hash(previous, leaf)
        rows.append(
            {
                "seq": seq,
                "recorded_at": entry.recorded_at,
                "action": entry.action,
                **{column: getattr(entry, column) for column in _FILTER_COLUMNS},
                "body": body.decode(),
                "leaf_hash": leaf.hex(),
                "chain_hash": previous.hex(),
                "pending_id": entry.id,
            }
        )
        leaves.append(leaf)
    created = merkle.completed_nodes(size_before, leaves, stored)
    # Core tables: one executemany for all the rows (the ORM's bulk insert splits rows by
    # which of their values are None)
    await session.execute(insert(table(stream.events)), rows)
    await session.execute(
        insert(table(stream.nodes)),
        [{"level": n.level, "idx": n.index, "hash": n.hash} for n in created],
    )
    await session.execute(
        update(heads)
        .where(heads.c.id == HEAD_ID)
        .values(
            size=seq,
            chain_hash=previous.hex(),
            compact_range=pack_range(
                seq, {**stored, **{(n.level, n.index): n.hash for n in created}}
            ),
        )
    )
    ids = [int(entry.id) for entry in entries]
    # the database refuses to delete an entry that is not in audit_events (migration 0012)
    await session.execute(delete(pending).where(pending.c.id.in_(ids)))
    return Integrated(
        entries=ids,
        first_seq=size_before + 1,
        recorded_at=[entry.recorded_at.timestamp() for entry in entries],
        size=seq,
    )


async def integrate_all(
    transaction: Transaction, limit: int = INTEGRATION_BATCH, stream: Stream = PRODUCTION
) -> int:
    """Integrate batch after batch, each in a transaction of ``transaction``, until nothing
    is pending; how many entries were integrated (``drain``)."""
    total = 0
    while True:
        async with transaction() as session:
            done = await integrate_pending(session, limit, stream)
        total += done.count
        if done.count < limit:
            return total


# event key → indexed column auditors filter on
_FILTER_COLUMNS = {
    "client_id": "client_id",
    "verification_id": "verification_id",
    "authorization_id": "authorization_id",
    "person_index": "person",
}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


async def read_nodes(
    session: AsyncSession, refs: Iterable[tuple[int, int]], stream: Stream = PRODUCTION
) -> dict[tuple[int, int], bytes]:
    """The stored perfect-subtree hashes named by ``refs``, in one query."""
    wanted = list(dict.fromkeys((level, index) for level, index in refs))
    if not wanted:
        return {}
    nodes = table(stream.nodes)
    condition = or_(*(and_(nodes.c.level == lv, nodes.c.idx == ix) for lv, ix in wanted))
    rows = (
        await session.execute(select(nodes.c.level, nodes.c.idx, nodes.c.hash).where(condition))
    ).all()
    return {(row[0], row[1]): bytes(row[2]) for row in rows}


class AuditLog:
    """The process's recorder: ``append_events`` in the caller's transaction or in its own."""

    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction

    async def append(self, session: AsyncSession, events: Sequence[Mapping[str, Any]]) -> list[int]:
        """Record within ``session``'s transaction (as ``append_events``); the entry ids."""
        return await append_events(session, events)

    async def record(self, events: Sequence[Mapping[str, Any]]) -> list[int]:
        """Record in a transaction of its own (refusals, reads); the entry ids."""
        async with self._transaction() as session:
            return await append_events(session, events)


@dataclass(frozen=True, slots=True)
class ChainCheck:
    size: int
    first_bad_seq: int | None
    problem: str | None


async def check_chain(
    session: AsyncSession, batch: int = 5000, stream: Stream = PRODUCTION
) -> ChainCheck:
    """Re-derive every leaf and chain hash; name the first row that does not fit."""
    events = stream.events
    previous = GENESIS
    expected_seq = 0
    last_seq = 0
    while True:
        rows = (
            (
                await session.execute(
                    select(events).where(events.seq > last_seq).order_by(events.seq).limit(batch)
                )
            )
            .scalars()
            .all()
        )
        if not rows:
            return ChainCheck(size=expected_seq, first_bad_seq=None, problem=None)
        for row in rows:
            expected_seq += 1
            problem = row_problem(row, expected_seq, previous)
            if problem:
                return ChainCheck(
                    size=expected_seq - 1, first_bad_seq=expected_seq, problem=problem
                )
            previous = bytes.fromhex(row.chain_hash)
            last_seq = row.seq


def row_problem(row: AuditEventRow, expected_seq: int, previous: bytes) -> str | None:
    """What is wrong with the stored ``row`` at ``expected_seq`` after the chain hash
    ``previous`` (None: nothing)."""
    if row.seq != expected_seq:
        return f"sequence gap: found {row.seq}"
    body = row.body.encode()
    try:
        parsed = json.loads(body)
    except ValueError:
        return "body is not JSON"
    if not isinstance(parsed, dict) or parsed.get("seq") != row.seq:
        return "body sequence number differs from row"
    leaf = leaf_hash(body)
    if leaf.hex() != row.leaf_hash:
        return "leaf hash does not match body"
    if chain_hash(previous, leaf).hex() != row.chain_hash:
        return "chain hash does not follow from the previous row"
    return None
