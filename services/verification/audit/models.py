from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from verification.db import Base, UTCDateTime

# the pending entries' id: 64 bits on PostgreSQL, SQLite's rowid (AUTOINCREMENT: an id is
# never given twice, even after the entry holding the highest one was integrated)
_PendingId = BigInteger().with_variant(Integer(), "sqlite")


class _Pending:
    """An audit entry recorded and not yet in the log (``audit.sequencer``).

    Writers only INSERT, in the transaction of the change the entry records; the
    integrator moves entries into ``audit_events`` and deletes them in the same
    transaction.  The database refuses UPDATE (and TRUNCATE), and the DELETE of an entry
    that is not in ``audit_events`` (by ``pending_id``): an entry leaves only into the log.

    ``template`` is the entry's canonical JSON with its ``at`` (``recorded_at``, the time
    of the access it records) and a placeholder for the ``seq`` it gets when integrated;
    the other columns are ``audit_events``'s filter columns.
    """

    id: Mapped[int] = mapped_column(_PendingId, primary_key=True, autoincrement=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    action: Mapped[str] = mapped_column(String(64))
    client_id: Mapped[str | None] = mapped_column(String(36), default=None)
    verification_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    authorization_id: Mapped[str | None] = mapped_column(String(128), default=None)
    person_index: Mapped[str | None] = mapped_column(String(64), default=None)
    template: Mapped[str] = mapped_column(Text)


class _Event:
    """One audit leaf. Rows are never updated or deleted (database triggers refuse it).

    ``body`` is the canonical JSON that is hashed; the other columns repeat what
    auditors filter on, so filters use indexes instead of reading every body.
    ``pending_id`` is the id the entry had in ``audit_pending`` (unique: an entry is
    integrated once; None for events appended before the sequencer, migration 0012).
    """

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    client_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    verification_id: Mapped[str | None] = mapped_column(String(36), index=True, default=None)
    authorization_id: Mapped[str | None] = mapped_column(String(128), index=True, default=None)
    person_index: Mapped[str | None] = mapped_column(String(64), index=True, default=None)
    body: Mapped[str] = mapped_column(Text)  # canonical JSON, hashed as the leaf
    leaf_hash: Mapped[str] = mapped_column(String(64))
    chain_hash: Mapped[str] = mapped_column(String(64))
    pending_id: Mapped[int | None] = mapped_column(
        BigInteger, unique=True, index=True, default=None
    )


class _Node:
    """A perfect subtree of the Merkle tree: level 0 are leaves, (level, idx) covers
    leaves [idx·2^level, (idx+1)·2^level). Written once when complete, never changed."""

    level: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    idx: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class _Checkpoint:
    """A signed checkpoint (C2SP tlog-checkpoint note) of the tree at ``size``."""

    size: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    root_hash: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class _Head:
    """The log's head, one row (``id`` 1): the tree size, the last chain hash, and the
    hashes of the tree's compact range (``merkle.root_nodes(size)``, 32 bytes each, in
    order).  The integrator locks it (``SELECT … FOR UPDATE``) to serialize, and everything
    an integration merges with is here, so it reads one row.  Only integrations change it,
    and the database refuses a change that does not grow ``size`` (and any DELETE)."""

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    size: Mapped[int] = mapped_column(BigInteger)
    chain_hash: Mapped[str] = mapped_column(String(64))
    compact_range: Mapped[bytes] = mapped_column(LargeBinary)


# -- the production log: the deployment's one audit log -------------------------------------


class AuditPending(_Pending, Base):
    __tablename__ = "audit_pending"
    __table_args__ = ({"sqlite_autoincrement": True},)


class AuditEvent(_Event, Base):
    __tablename__ = "audit_events"


class AuditNode(_Node, Base):
    __tablename__ = "audit_nodes"


class AuditCheckpoint(_Checkpoint, Base):
    __tablename__ = "audit_checkpoints"


class AuditHead(_Head, Base):
    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)


# -- the sandbox's log: sandbox clients' accesses (docs/decisions/0013-sandbox.md) ----------
# the same tables, prefixed, with the same guards; the production log never holds an entry of
# a sandbox client's, nor this one of a production client's


class SandboxAuditPending(_Pending, Base):
    __tablename__ = "sandbox_audit_pending"
    __table_args__ = ({"sqlite_autoincrement": True},)


class SandboxAuditEvent(_Event, Base):
    __tablename__ = "sandbox_audit_events"


class SandboxAuditNode(_Node, Base):
    __tablename__ = "sandbox_audit_nodes"


class SandboxAuditCheckpoint(_Checkpoint, Base):
    __tablename__ = "sandbox_audit_checkpoints"


class SandboxAuditHead(_Head, Base):
    __tablename__ = "sandbox_audit_head"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)


@dataclass(frozen=True, slots=True)
class Stream:
    """One audit log's tables: production's, or the sandbox's.  Every function of
    ``audit`` that reads or writes a log takes one (production's by default)."""

    name: str
    # the mapped classes (typed loosely: the two logs' classes share their mixins, not a base)
    pending: type[Any]
    events: type[Any]
    nodes: type[Any]
    checkpoints: type[Any]
    head: type[Any]


PRODUCTION: Final = Stream(
    "production", AuditPending, AuditEvent, AuditNode, AuditCheckpoint, AuditHead
)
SANDBOX: Final = Stream(
    "sandbox",
    SandboxAuditPending,
    SandboxAuditEvent,
    SandboxAuditNode,
    SandboxAuditCheckpoint,
    SandboxAuditHead,
)
STREAMS: Final = {stream.name: stream for stream in (PRODUCTION, SANDBOX)}
