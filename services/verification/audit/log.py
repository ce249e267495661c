"""Appending to and checking the hash-chained audit log.

Each event is stored as canonical JSON with its sequence number inside, its
RFC 6962 leaf hash ``SHA-256(0x00 ‖ body)`` and a chain hash
``SHA-256(previous chain ‖ leaf)``, so altering, dropping or reordering a row
breaks every later chain hash.  Appends run inside the caller's transaction so
an event and the change it records commit together; they are serialized per
database (PostgreSQL advisory transaction lock; SQLite ``BEGIN IMMEDIATE``), and
the sequence number is the primary key, so two writers can never fork the chain.
``AuditLog`` remembers, after each of its appends, the hashes of the new tree's compact
range keyed by the new head ``(seq, chain hash)``; the next append whose head matches takes
the nodes it merges with from there instead of reading them, and any other head (another
process appended, or the transaction rolled back) simply misses and reads them as before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, insert, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from verification.audit import merkle
from verification.audit.merkle import leaf_hash
from verification.audit.models import AuditEvent, AuditNode
from verification.db import Transaction, utcnow
from verification.kit.canonical_json import canonical_bytes

GENESIS = bytes(32)
_ADVISORY_LOCK_KEY = 0x6175646974  # "audit"


def chain_hash(previous: bytes, leaf: bytes) -> bytes:
    return hashlib.sha256(previous + leaf).digest()


@dataclass(frozen=True, slots=True)
class AuditRef:
    seq: int
    leaf_hash: str


_NodeHashes = Mapping[tuple[int, int], bytes]


class _CompactRangeCache:
    """The hashes of ``merkle.root_nodes(size)`` as an append left the tree, keyed by its head.

    The key is ``(size, chain hash of event size)``.  The chain hash commits to every leaf up
    to ``size``, so a head equal to the key has exactly these nodes, whoever wrote it; a key
    from a rolled-back transaction, or one another writer has moved past, never matches a
    head again.  Only appends read or replace it, after their head SELECT, while they hold the
    log's serialization (advisory lock or SQLite write lock); the entry is one tuple, swapped
    whole.
    """

    __slots__ = ("_entry",)

    def __init__(self) -> None:
        self._entry: tuple[int, bytes, _NodeHashes] | None = None

    def get(self, size: int, chain: bytes) -> _NodeHashes | None:
        entry = self._entry
        if entry is None or entry[0] != size or entry[1] != chain:
            return None
        return entry[2]

    def put(self, size: int, chain: bytes, nodes: _NodeHashes) -> None:
        self._entry = (size, chain, nodes)


async def append_events(
    session: AsyncSession, events: Sequence[Mapping[str, Any]]
) -> list[AuditRef]:
    """Append ``events`` in order within ``session``'s transaction.

    Writes each event row, and every Merkle-tree node the new leaves complete
    (reading only the O(log n) stored nodes they merge with).
    """
    return await _append(session, events, None)


async def _append(
    session: AsyncSession,
    events: Sequence[Mapping[str, Any]],
    cache: _CompactRangeCache | None,
) -> list[AuditRef]:
    """``append_events``, taking the nodes to merge with from ``cache`` when its key is the head.

    Without a cache it reads exactly ``merkle.append_reads``.  With one, a hit reads nothing;
    a miss that has to read at all reads the whole compact range of the old tree (still one
    SELECT, O(log n) rows), so that afterwards the cache holds the new tree's whole range.
    """
    if not events:
        return []
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY}
        )
    head = (
        await session.execute(
            select(AuditEvent.seq, AuditEvent.chain_hash).order_by(AuditEvent.seq.desc()).limit(1)
        )
    ).first()
    size_before, previous = (head[0], bytes.fromhex(head[1])) if head else (0, GENESIS)
    known = cache.get(size_before, previous) if cache is not None else None
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
    await session.execute(insert(AuditEvent), rows)
    needed = merkle.append_reads(size_before, len(leaves))
    stored: _NodeHashes
    if known is not None and all(ref in known for ref in needed):
        stored = known
    elif cache is not None and needed:
        stored = await read_nodes(session, merkle.root_nodes(size_before))
    else:
        stored = await read_nodes(session, needed)
    created = merkle.completed_nodes(size_before, leaves, stored)
    await session.execute(
        insert(AuditNode), [{"level": n.level, "idx": n.index, "hash": n.hash} for n in created]
    )
    if cache is not None:
        # the new compact range: nodes this append completed (leaves included), and the old
        # range's nodes that did not merge; one missing here is read by the next append
        available = {**stored, **{(n.level, n.index): n.hash for n in created}}
        cache.put(
            seq,
            previous,
            {
                (ref.level, ref.index): available[ref]
                for ref in merkle.root_nodes(seq)
                if ref in available
            },
        )
    return refs


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
    """The process's appender: ``append_events`` plus the compact-range cache its appends share."""

    def __init__(self, transaction: Transaction) -> None:
        self._transaction = transaction
        self._nodes = _CompactRangeCache()

    async def append(
        self, session: AsyncSession, events: Sequence[Mapping[str, Any]]
    ) -> list[AuditRef]:
        """Append within ``session``'s transaction (as ``append_events``)."""
        return await _append(session, events, self._nodes)

    async def record(self, events: Sequence[Mapping[str, Any]]) -> list[AuditRef]:
        """Append in a transaction of its own (refusals, reads)."""
        async with self._transaction() as session:
            return await _append(session, events, self._nodes)


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
            problem = _row_problem(row, expected_seq, previous)
            if problem:
                return ChainCheck(
                    size=expected_seq - 1, first_bad_seq=expected_seq, problem=problem
                )
            previous = bytes.fromhex(row.chain_hash)
            last_seq = row.seq


def _row_problem(row: AuditEvent, expected_seq: int, previous: bytes) -> str | None:
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
