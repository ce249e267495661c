from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, CheckConstraint, LargeBinary, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from verification.db import Base, UTCDateTime


class AuditEvent(Base):
    """One audit leaf. Rows are never updated or deleted (database triggers refuse it).

    ``body`` is the canonical JSON that is hashed; the other columns repeat what
    auditors filter on, so filters use indexes instead of reading every body.
    """

    __tablename__ = "audit_events"

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


class AuditNode(Base):
    """A perfect subtree of the Merkle tree: level 0 are leaves, (level, idx) covers
    leaves [idx·2^level, (idx+1)·2^level). Written once when complete, never changed."""

    __tablename__ = "audit_nodes"

    level: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    idx: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class AuditCheckpoint(Base):
    """A signed checkpoint (C2SP tlog-checkpoint note) of the tree at ``size``."""

    __tablename__ = "audit_checkpoints"

    size: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    root_hash: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class AuditHead(Base):
    """The log's head, one row (``id`` 1): the tree size, the last chain hash, and the
    hashes of the tree's compact range (``merkle.root_nodes(size)``, 32 bytes each, in
    order).  Appends lock it (``SELECT … FOR UPDATE``) to serialize, and everything an
    append merges with is here, so an append reads one row.  Only appends change it, and
    the database refuses a change that does not grow ``size`` (and any DELETE)."""

    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    size: Mapped[int] = mapped_column(BigInteger)
    chain_hash: Mapped[str] = mapped_column(String(64))
    compact_range: Mapped[bytes] = mapped_column(LargeBinary)
