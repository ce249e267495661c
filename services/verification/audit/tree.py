"""The Merkle tree as stored: roots, proofs and signed checkpoints from the database.

Every proof or root is computed from the perfect-subtree nodes it needs
(``merkle.*_nodes`` plans them), read in one query: O(log n) rows whatever
the log's size.  Checkpoints are signed notes (C2SP tlog-checkpoint) stored
once per tree size, never changed; the integrator (``audit.sequencer``) signs one
when the log grew, at most every ``checkpoint_interval_seconds``.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from verification.audit import merkle
from verification.audit.checkpoint import (
    Checkpoint,
    CheckpointError,
    parse_and_verify,
    sign_checkpoint,
)
from verification.audit.log import ensure_writable, read_nodes
from verification.audit.models import PRODUCTION, AuditCheckpoint, Stream
from verification.db import Transaction, utcnow
from verification.problems import InvalidRequest


async def tree_size(session: AsyncSession, stream: Stream = PRODUCTION) -> int:
    seq = stream.events.seq
    return int(await session.scalar(select(func.coalesce(func.max(seq), 0))) or 0)


async def tree_root(session: AsyncSession, size: int, stream: Stream = PRODUCTION) -> bytes:
    return merkle.root(size, await read_nodes(session, merkle.root_nodes(size), stream))


def _check_sizes(
    *, index: int | None = None, size: int, current: int, old: int | None = None
) -> None:
    if size < 1 or size > current:
        raise InvalidRequest(f"tree size must be between 1 and {current}", code="bad-tree-size")
    if index is not None and not 0 <= index < size:
        raise InvalidRequest(
            f"leaf index must be below the tree size {size}", code="bad-leaf-index"
        )
    if old is not None and not 1 <= old <= size:
        raise InvalidRequest(
            "the old size must be between 1 and the new size", code="bad-tree-size"
        )


@dataclass(frozen=True)
class InclusionProof:
    index: int
    size: int
    leaf_hash: bytes
    proof: list[bytes]
    root: bytes


@dataclass(frozen=True)
class ConsistencyProof:
    old_size: int
    new_size: int
    proof: list[bytes]
    old_root: bytes
    new_root: bytes


async def inclusion_proof(
    session: AsyncSession, index: int, size: int, stream: Stream = PRODUCTION
) -> InclusionProof:
    _check_sizes(index=index, size=size, current=await tree_size(session, stream))
    refs = [*merkle.inclusion_proof_nodes(index, size), *merkle.root_nodes(size), (0, index)]
    nodes = await read_nodes(session, refs, stream)
    return InclusionProof(
        index=index,
        size=size,
        leaf_hash=nodes[(0, index)],
        proof=merkle.inclusion_proof(index, size, nodes),
        root=merkle.root(size, nodes),
    )


async def consistency_proof(
    session: AsyncSession, old: int, new: int, stream: Stream = PRODUCTION
) -> ConsistencyProof:
    _check_sizes(size=new, current=await tree_size(session, stream), old=old)
    refs = [
        *merkle.consistency_proof_nodes(old, new),
        *merkle.root_nodes(old),
        *merkle.root_nodes(new),
    ]
    nodes = await read_nodes(session, refs, stream)
    return ConsistencyProof(
        old_size=old,
        new_size=new,
        proof=merkle.consistency_proof(old, new, nodes),
        old_root=merkle.root(old, nodes),
        new_root=merkle.root(new, nodes),
    )


def b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


async def sign_checkpoint_of_log(
    session: AsyncSession, key: Ed25519PrivateKey, origin: str, stream: Stream = PRODUCTION
) -> AuditCheckpoint | None:
    """Within ``session``'s transaction: sign and store a checkpoint of the tree as it is
    (None for an empty log); the existing one if that size is signed already.  Refused
    (``ensure_writable``) once the log was found not to match its last checkpoint."""
    ensure_writable(session)
    size = await tree_size(session, stream)
    if size == 0:
        return None
    existing: AuditCheckpoint | None = await session.get(stream.checkpoints, size)
    if existing is not None:
        return existing
    await _ensure_own_log(session, key, origin, stream)
    root = await tree_root(session, size, stream)
    note = sign_checkpoint(Checkpoint(origin=origin, size=size, root=root), origin, key)
    row: AuditCheckpoint = stream.checkpoints(
        size=size, root_hash=root.hex(), note=note, created_at=utcnow()
    )
    session.add(row)
    return row


class ForeignLogKeyError(RuntimeError):
    """This process's audit log key did not sign the log's latest checkpoint: it is another
    log's key (a command run with another data directory or key file), and a checkpoint it
    signed would break the log's verification for every process holding the right key."""


async def _ensure_own_log(
    session: AsyncSession, key: Ed25519PrivateKey, origin: str, stream: Stream
) -> None:
    latest = await latest_checkpoint(session, stream)
    if latest is None:
        return
    try:
        parse_and_verify(latest.note, origin, key.public_key(), origin=origin)
    except CheckpointError as error:
        raise ForeignLogKeyError(
            f"the audit log's latest checkpoint (size {latest.size}) is not signed by this "
            f"process's audit log key ({error}): nothing signed; check "
            "VERIFICATION_AUDIT_KEY_FILE / VERIFICATION_DATA_DIR"
        ) from None


async def issue_checkpoint(
    transaction: Transaction, key: Ed25519PrivateKey, origin: str, stream: Stream = PRODUCTION
) -> AuditCheckpoint | None:
    """Sign and store a checkpoint of the current tree in a transaction of its own (None
    for an empty log); idempotent (``sign_checkpoint_of_log``).

    Another process may sign the same size at the same moment (the integrator does, once
    a second while the log grows): the first one stored stands, and a second try returns
    it (or signs the log as it has grown since) instead of failing on the size's key."""
    try:
        async with transaction() as session:
            return await sign_checkpoint_of_log(session, key, origin, stream)
    except IntegrityError:
        async with transaction() as session:
            return await sign_checkpoint_of_log(session, key, origin, stream)


async def latest_checkpoint(
    session: AsyncSession, stream: Stream = PRODUCTION
) -> AuditCheckpoint | None:
    checkpoints = stream.checkpoints
    latest: AuditCheckpoint | None = (
        await session.execute(select(checkpoints).order_by(checkpoints.size.desc()).limit(1))
    ).scalar_one_or_none()
    return latest
