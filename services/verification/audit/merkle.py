"""RFC 6962 / RFC 9162 Merkle tree over the audit log's leaf hashes, as pure functions.

The tree is stored as the hashes of its *perfect* subtrees only: node ``(level, index)``
covers leaves ``[index·2^level, (index+1)·2^level)``, level 0 being the leaf hashes
``SHA-256(0x00 ‖ body)`` the hash-chained log already records.  A perfect node never changes
once its last leaf exists, so appending ``k`` leaves writes exactly the ``k`` leaves plus the
parents they complete (``O(k + log n)`` rows) and reads only the left siblings those parents
need, which are among the ``O(log n)`` roots of the old tree's compact range.  Every other
subtree an RFC 6962 proof or root mentions lies on the tree's right edge, and its hash is the
right-to-left fold of its binary decomposition into perfect subtrees (largest first, at most
one per bit of its size).  An inclusion or consistency proof has ``O(log n)`` elements of which
at most one is such a right-edge subtree, so it needs ``O(log n)`` perfect-node reads in total.
Nothing here does I/O: the ``*_nodes`` planners name the perfect nodes a computation needs,
the caller (the database layer, or the in-memory tests) fetches them in one batch, and
``inclusion_proof``, ``consistency_proof``, ``root`` and ``subtree_hash`` combine them.
``verify_inclusion`` and ``verify_consistency`` follow RFC 9162 §2.1.3.2 and §2.1.4.2;
``RootBuilder`` streams a root over any number of leaf hashes in ``O(log n)`` memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

_sha256 = hashlib.sha256
_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"


class NodeRef(NamedTuple):
    """A perfect subtree: leaves ``[index << level, (index + 1) << level)``."""

    level: int
    index: int  # type: ignore[assignment]  # shadows tuple.index, which nothing here needs

    @property
    def start(self) -> int:
        return self.index << self.level

    @property
    def end(self) -> int:
        return (self.index + 1) << self.level


class Node(NamedTuple):
    """A perfect subtree and its hash, as stored."""

    level: int
    index: int  # type: ignore[assignment]  # shadows tuple.index, which nothing here needs
    hash: bytes


# A proof element (or a root) is the fold of these perfect subtrees, largest first.
Fold = tuple[NodeRef, ...]
NodeReader = Callable[[Iterable[tuple[int, int]]], Mapping[tuple[int, int], bytes]]
"""Batch read of stored perfect nodes, keyed by ``(level, index)``."""


class MissingNodeError(LookupError):
    """A perfect node that a computation needs was not supplied."""

    def __init__(self, ref: tuple[int, int]) -> None:
        self.ref = NodeRef(*ref)
        super().__init__(f"perfect node (level={ref[0]}, index={ref[1]}) was not supplied")


def leaf_hash(data: bytes) -> bytes:
    """RFC 6962 leaf hash ``SHA-256(0x00 ‖ data)``."""
    return _sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 6962 interior node hash ``SHA-256(0x01 ‖ left ‖ right)``."""
    return _sha256(_NODE_PREFIX + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly smaller than ``n`` (``n >= 2``)."""
    return 1 << ((n - 1).bit_length() - 1)


# --- planning: which perfect nodes a computation needs ----------------------------------------


def subtree_nodes(start: int, end: int) -> list[NodeRef]:
    """The perfect subtrees, largest first, whose fold is the RFC 6962 subtree ``[start, end)``.

    ``[start, end)`` must be a subtree of some RFC 6962 tree: non-empty, with ``start`` a
    multiple of the smallest power of two ``>= end - start``.
    """
    size = end - start
    if start < 0 or size <= 0:
        raise ValueError(f"empty or negative range [{start}, {end})")
    if start & ((1 << (size - 1).bit_length()) - 1):
        raise ValueError(f"[{start}, {end}) is not a subtree of an RFC 6962 tree")
    refs: list[NodeRef] = []
    position = start
    for level in range(size.bit_length() - 1, -1, -1):
        if size >> level & 1:
            refs.append(NodeRef(level, position >> level))
            position += 1 << level
    return refs


def root_nodes(size: int) -> list[NodeRef]:
    """The perfect nodes whose fold is the root of the tree of ``size`` leaves (none if empty)."""
    if size < 0:
        raise ValueError("tree size must not be negative")
    return subtree_nodes(0, size) if size else []


def _inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """RFC 6962 §2.1.1 PATH(index, D[0:size]) as leaf ranges, leaf to root."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    ranges: list[tuple[int, int]] = []
    start, end = 0, size
    while end - start > 1:
        middle = start + _split(end - start)
        if index < middle:
            ranges.append((middle, end))
            end = middle
        else:
            ranges.append((start, middle))
            start = middle
    ranges.reverse()
    return ranges


def _consistency_ranges(old: int, new: int) -> list[tuple[int, int]]:
    """RFC 6962 §2.1.2 PROOF(old, D[0:new]) as leaf ranges, in proof order."""
    if not 0 <= old <= new:
        raise ValueError(f"no consistency proof from size {old} to size {new}")
    ranges: list[tuple[int, int]] = []
    if old in (0, new):
        return ranges
    start, end, whole_old_tree = 0, new, True
    while old != end:
        middle = start + _split(end - start)
        if old <= middle:
            ranges.append((middle, end))
            end = middle
        else:
            ranges.append((start, middle))
            start = middle
            whole_old_tree = False
    if not whole_old_tree:
        ranges.append((start, end))
    ranges.reverse()
    return ranges


def inclusion_proof_plan(index: int, size: int) -> list[Fold]:
    """For each element of the inclusion proof, the perfect nodes it folds."""
    return [tuple(subtree_nodes(s, e)) for s, e in _inclusion_ranges(index, size)]


def consistency_proof_plan(old: int, new: int) -> list[Fold]:
    """For each element of the consistency proof, the perfect nodes it folds."""
    return [tuple(subtree_nodes(s, e)) for s, e in _consistency_ranges(old, new)]


def _flatten(plan: Iterable[Fold]) -> list[NodeRef]:
    return list(dict.fromkeys(ref for fold in plan for ref in fold))


def inclusion_proof_nodes(index: int, size: int) -> list[NodeRef]:
    """Every perfect node ``inclusion_proof(index, size, ...)`` reads (``O(log size)``)."""
    return _flatten(inclusion_proof_plan(index, size))


def consistency_proof_nodes(old: int, new: int) -> list[NodeRef]:
    """Every perfect node ``consistency_proof(old, new, ...)`` reads (``O(log new)``)."""
    return _flatten(consistency_proof_plan(old, new))


def append_reads(size_before: int, count: int) -> list[NodeRef]:
    """The stored nodes ``completed_nodes`` needs to append ``count`` leaves to ``size_before``.

    They are the roots of the old tree's compact range whose parent the append completes.
    """
    if size_before < 0 or count < 0:
        raise ValueError("sizes must not be negative")
    size_after = size_before + count
    return [ref for ref in root_nodes(size_before) if (ref.index + 2) << ref.level <= size_after]


# --- computing from supplied perfect-node hashes ----------------------------------------------


def _get(nodes: Mapping[tuple[int, int], bytes], ref: tuple[int, int]) -> bytes:
    try:
        return nodes[ref]
    except KeyError:
        raise MissingNodeError(ref) from None


def _fold(fold: Sequence[tuple[int, int]], nodes: Mapping[tuple[int, int], bytes]) -> bytes:
    value = _get(nodes, fold[-1])
    for ref in reversed(fold[:-1]):
        value = node_hash(_get(nodes, ref), value)
    return value


def subtree_hash(start: int, end: int, nodes: Mapping[tuple[int, int], bytes]) -> bytes:
    """MTH of the leaves ``[start, end)`` (an RFC 6962 subtree) from its perfect nodes."""
    return _fold(subtree_nodes(start, end), nodes)


def root(size: int, nodes: Mapping[tuple[int, int], bytes]) -> bytes:
    """The root hash of the tree of ``size`` leaves; ``SHA-256("")`` when empty."""
    refs = root_nodes(size)
    return _fold(refs, nodes) if refs else EMPTY_ROOT


def inclusion_proof(index: int, size: int, nodes: Mapping[tuple[int, int], bytes]) -> list[bytes]:
    """RFC 6962 audit path of leaf ``index`` in the tree of ``size`` leaves."""
    return [_fold(fold, nodes) for fold in inclusion_proof_plan(index, size)]


def consistency_proof(old: int, new: int, nodes: Mapping[tuple[int, int], bytes]) -> list[bytes]:
    """RFC 6962 consistency proof from tree size ``old`` to ``new`` (empty if 0 or equal)."""
    return [_fold(fold, nodes) for fold in consistency_proof_plan(old, new)]


def completed_nodes(
    size_before: int,
    new_leaves: Sequence[bytes],
    fetch: NodeReader | Mapping[tuple[int, int], bytes],
) -> list[Node]:
    """Every perfect node that appending ``new_leaves`` (leaf hashes, in order) completes.

    Returns the new leaves at level 0 and each parent they complete, in creation order:
    ``2k - popcount(size_after) + popcount(size_before)`` nodes for ``k`` new leaves, so at
    most ``2k + log2(size_before)``.  ``fetch`` (a batch reader, or a
    mapping of stored nodes) is consulted once, for exactly ``append_reads(size_before,
    len(new_leaves))``.
    """
    if size_before < 0:
        raise ValueError("tree size must not be negative")
    if not new_leaves:
        return []
    needed = append_reads(size_before, len(new_leaves))
    stored = fetch if not callable(fetch) else fetch(needed) if needed else {}
    # The compact range of [0, size_before), restricted to the nodes that will merge.  Nodes
    # that will not merge sit below them on the stack and are never popped.
    stack: list[bytes] = [_get(stored, ref) for ref in needed]
    created: list[Node] = []
    position = size_before
    for leaf in new_leaves:
        if len(leaf) != HASH_SIZE:
            raise ValueError("new leaves must be 32-byte leaf hashes")
        created.append(Node(0, position, leaf))
        value = leaf
        level, index = 0, position
        while index & 1:
            value = node_hash(stack.pop(), value)
            level += 1
            index >>= 1
            created.append(Node(level, index, value))
        stack.append(value)
        position += 1
    return created


# --- verification (RFC 9162) -------------------------------------------------------------------


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: does ``proof`` show leaf hash ``leaf`` at ``index`` under ``root``?

    ``leaf`` is the leaf *hash* ``SHA-256(0x00 ‖ data)``, not the entry itself.
    """
    if not 0 <= index < size:
        return False
    if len(leaf) != HASH_SIZE or len(root) != HASH_SIZE:
        return False
    fn, sn = index, size - 1
    r = leaf
    for p in proof:
        if sn == 0 or len(p) != HASH_SIZE:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: does ``proof`` show the ``old_size`` tree is a prefix of the new one?

    Equal sizes need an empty proof and equal roots; an empty old tree needs an empty proof
    and the empty root ``SHA-256("")``.
    """
    if not 0 <= old_size <= new_size:
        return False
    if len(old_root) != HASH_SIZE or len(new_root) != HASH_SIZE:
        return False
    if old_size == 0:
        return not proof and old_root == EMPTY_ROOT
    if old_size == new_size:
        return not proof and old_root == new_root
    return _verify_growth(old_size, new_size, old_root, new_root, proof)


def _verify_growth(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """The RFC 9162 §2.1.4.2 loop proper, for ``0 < old_size < new_size``."""
    if not proof or any(len(c) != HASH_SIZE for c in proof):
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


# --- streaming ---------------------------------------------------------------------------------


class RootBuilder:
    """Streams leaf hashes into a compact range (one perfect subtree per bit of the size)."""

    __slots__ = ("_size", "_stack")

    def __init__(self) -> None:
        self._stack: list[bytes] = []
        self._size = 0

    @property
    def size(self) -> int:
        return self._size

    def add_leaf(self, data: bytes) -> None:
        """Append an entry, hashing it as a leaf."""
        self.add_leaf_hash(_sha256(_LEAF_PREFIX + data).digest())

    def add_leaf_hash(self, h: bytes) -> None:
        """Append a 32-byte leaf hash."""
        if len(h) != HASH_SIZE:
            raise ValueError("leaf hashes are 32 bytes")
        stack = self._stack
        n = self._size
        while n & 1:
            h = _sha256(_NODE_PREFIX + stack.pop() + h).digest()
            n >>= 1
        stack.append(h)
        self._size += 1

    def add_leaf_hashes(self, hashes: Iterable[bytes]) -> None:
        """Append many leaf hashes (same as ``add_leaf_hash`` in a loop, with less overhead)."""
        stack = self._stack
        size = self._size
        sha256, prefix = _sha256, _NODE_PREFIX
        pop, push = stack.pop, stack.append
        for leaf in hashes:
            if len(leaf) != HASH_SIZE:
                self._size = size
                raise ValueError("leaf hashes are 32 bytes")
            h = leaf
            n = size
            while n & 1:
                h = sha256(prefix + pop() + h).digest()
                n >>= 1
            push(h)
            size += 1
        self._size = size

    def compact_range(self) -> list[Node]:
        """The perfect subtrees currently held, largest first."""
        return [
            Node(ref.level, ref.index, h)
            for ref, h in zip(root_nodes(self._size), self._stack, strict=True)
        ]

    def root(self) -> bytes:
        """MTH of every leaf added so far; ``SHA-256("")`` when none."""
        stack = self._stack
        if not stack:
            return EMPTY_ROOT
        value = stack[-1]
        for left in reversed(stack[:-1]):
            value = node_hash(left, value)
        return value
