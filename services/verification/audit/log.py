"""Appending to and checking the hash-chained audit log.

Each event is stored as canonical JSON with its sequence number inside, its
RFC 6962 leaf hash ``SHA-256(0x00 ‖ body)`` and a chain hash
``SHA-256(previous chain ‖ leaf)``, so altering, dropping or reordering a row
breaks every later chain hash.  Appends run inside the caller's transaction so
an event and the change it records commit together.

Appends are serialized on the one-row ``audit_head`` (tree size, last chain hash and the
hashes of the tree's compact range), read ``FOR UPDATE``: under READ COMMITTED the locked
read returns the head the previous append committed, and SQLite's writers are serialized
already (``BEGIN IMMEDIATE``).  The sequence number is the primary key, so two writers can
never fork the chain.  The lock is held from that read to the commit, so callers append
last in their transaction, with their other changes flushed before, and on PostgreSQL the
whole append (lock, head, hashes, rows, new head) is one statement, the ``audit_append``
function of migration 0006, so the lock is held for it and the commit only: no round trip
to a busy event loop in between.  Python builds each event's canonical JSON with two
placeholders the function replaces (the sequence number and the time), so the bytes hashed
are the ones ``append_events`` would hash on SQLite.

A session may carry a write guard in ``session.info[WRITE_GUARD]`` (the runtime's sessions
carry the process's ``audit.integrity.LogIntegrity``): an append first asks it, and it
refuses every append once the log was found not to match its signed checkpoint.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import and_, insert, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from verification.audit import merkle
from verification.audit.merkle import leaf_hash
from verification.audit.models import AuditEvent, AuditHead, AuditNode
from verification.db import Transaction, table, utcnow
from verification.kit.canonical_json import canonical_bytes

GENESIS = bytes(32)
HEAD_ID = 1
_HASH = 32


WRITE_GUARD = "audit_write_guard"  # the session.info key of the process's write guard


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
    seq: int
    leaf_hash: str


def pack_range(size: int, nodes: Mapping[tuple[int, int], bytes]) -> bytes:
    """The head's ``compact_range``: the hashes of ``merkle.root_nodes(size)``, in order."""
    return b"".join(nodes[ref] for ref in merkle.root_nodes(size))


def unpack_range(size: int, packed: bytes) -> dict[tuple[int, int], bytes]:
    refs = merkle.root_nodes(size)
    if len(packed) != _HASH * len(refs):
        raise ValueError(f"audit head of size {size} holds {len(packed)} bytes of compact range")
    return {ref: packed[i * _HASH : (i + 1) * _HASH] for i, ref in enumerate(refs)}


async def append_events(
    session: AsyncSession, events: Sequence[Mapping[str, Any]]
) -> list[AuditRef]:
    """Append ``events`` in order within ``session``'s transaction; call it last there.

    Flushes the session's pending changes, then locks and reads the head, and writes the
    event rows, every Merkle-tree node the new leaves complete and the new head.  The head's
    lock is held until the transaction ends.  On PostgreSQL all of that is one statement,
    the ``audit_append`` function (migration 0006), so the lock is held for that statement
    and the commit only; SQLite runs the same computation here.
    """
    if not events:
        return []
    ensure_writable(session)
    await session.flush()  # the caller's own writes go before the lock, not while holding it
    if session.get_bind().dialect.name == "postgresql":
        return await _append_postgresql(session, events)
    head = (
        await session.execute(
            select(AuditHead.size, AuditHead.chain_hash, AuditHead.compact_range)
            .where(AuditHead.id == HEAD_ID)
            .with_for_update()
        )
    ).first()
    if head is None:
        raise MissingHeadError("the audit log has no head row: run `verification migrate`")
    size_before, previous = int(head[0]), bytes.fromhex(head[1])
    stored = unpack_range(size_before, bytes(head[2]))
    seq = size_before
    refs: list[AuditRef] = []
    rows: list[dict[str, Any]] = []
    leaves: list[bytes] = []
    now = utcnow()
    stamp = now.isoformat(timespec="microseconds")
    for event in events:
        seq += 1
        body = canonical_bytes({**event, "seq": seq, "at": stamp})
        leaf = leaf_hash(body)
        previous = chain_hash(previous, leaf)
        rows.append(
            {
                "seq": seq,
                "recorded_at": now,
                "action": str(event["action"]),
                **{column: _text(event.get(key)) for column, key in _FILTER_COLUMNS.items()},
                "body": body.decode(),
                "leaf_hash": leaf.hex(),
                "chain_hash": previous.hex(),
            }
        )
        leaves.append(leaf)
        refs.append(AuditRef(seq=seq, leaf_hash=leaf.hex()))
    created = merkle.completed_nodes(size_before, leaves, stored)
    # Core tables: one executemany for all the rows (the ORM's bulk insert splits rows by
    # which of their values are None)
    await session.execute(insert(table(AuditEvent)), rows)
    await session.execute(
        insert(table(AuditNode)),
        [{"level": n.level, "idx": n.index, "hash": n.hash} for n in created],
    )
    heads = table(AuditHead)
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
    return refs


# the body as ``audit_append`` completes it: these two values become the event's sequence
# number and the time of the append (the same canonical JSON, with the same bytes elsewhere)
_SEQ_MARK = -6962696269626962
_AT_MARK = "@AT@"
_MARKS = (f'"seq":{_SEQ_MARK}', f'"at":"{_AT_MARK}"')
_APPEND_POSTGRESQL = text(
    "SELECT out_seq, out_leaf_hash FROM audit_append("
    "CAST(:templates AS TEXT[]), CAST(:actions AS TEXT[]), CAST(:client_id AS TEXT[]), "
    "CAST(:verification_id AS TEXT[]), CAST(:authorization_id AS TEXT[]), "
    "CAST(:person_index AS TEXT[]))"
)


async def _append_postgresql(
    session: AsyncSession, events: Sequence[Mapping[str, Any]]
) -> list[AuditRef]:
    templates = []
    for event in events:
        template = canonical_bytes({**event, "seq": _SEQ_MARK, "at": _AT_MARK}).decode()
        if any(template.count(mark) != 1 for mark in _MARKS):
            raise ValueError("an audit event may not hold the append's placeholders")
        templates.append(template)
    rows = await session.execute(
        _APPEND_POSTGRESQL,
        {
            "templates": templates,
            "actions": [str(event["action"]) for event in events],
            **{
                column: [_text(event.get(key)) for event in events]
                for column, key in _FILTER_COLUMNS.items()
            },
        },
    )
    return [AuditRef(seq=int(row[0]), leaf_hash=str(row[1])) for row in rows]


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
    session: AsyncSession, refs: Iterable[tuple[int, int]]
) -> dict[tuple[int, int], bytes]:
    """The stored perfect-subtree hashes named by ``refs``, in one query."""
    wanted = list(dict.fromkeys((level, index) for level, index in refs))
    if not wanted:
        return {}
    condition = or_(*(and_(AuditNode.level == lv, AuditNode.idx == ix) for lv, ix in wanted))
    rows = (
        await session.execute(
            select(AuditNode.level, AuditNode.idx, AuditNode.hash).where(condition)
        )
    ).all()
    return {(row[0], row[1]): bytes(row[2]) for row in rows}


class AuditLog:
    """The process's appender: ``append_events`` in the caller's transaction or in its own."""

    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction

    async def append(
        self, session: AsyncSession, events: Sequence[Mapping[str, Any]]
    ) -> list[AuditRef]:
        """Append within ``session``'s transaction (as ``append_events``; call it last)."""
        return await append_events(session, events)

    async def record(self, events: Sequence[Mapping[str, Any]]) -> list[AuditRef]:
        """Append in a transaction of its own (refusals, reads)."""
        async with self._transaction() as session:
            return await append_events(session, events)


@dataclass(frozen=True, slots=True)
class ChainCheck:
    size: int
    first_bad_seq: int | None
    problem: str | None


async def check_chain(session: AsyncSession, batch: int = 5000) -> ChainCheck:
    """Re-derive every leaf and chain hash; name the first row that does not fit."""
    previous = GENESIS
    expected_seq = 0
    last_seq = 0
    while True:
        rows = (
            (
                await session.execute(
                    select(AuditEvent)
                    .where(AuditEvent.seq > last_seq)
                    .order_by(AuditEvent.seq)
                    .limit(batch)
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


def row_problem(row: AuditEvent, expected_seq: int, previous: bytes) -> str | None:
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
