"""Properties of merkle.py on random trees, checked against the naive RFC 6962 definitions."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.verification.audit.naive import NaiveTree, h_leaf
from verification.audit.merkle import (
    Node,
    RootBuilder,
    append_reads,
    completed_nodes,
    consistency_proof,
    consistency_proof_nodes,
    inclusion_proof,
    inclusion_proof_nodes,
    root,
    verify_consistency,
    verify_inclusion,
)

MAX_SIZE = 300
FAST = settings(max_examples=100, deadline=None)


@st.composite
def trees(draw: st.DrawFn, min_size: int = 1) -> NaiveTree:
    """A tree of random size whose leaves are hashes of distinct random-salted entries."""
    size = draw(st.integers(min_value=min_size, max_value=MAX_SIZE))
    salt = draw(st.binary(max_size=16))
    return NaiveTree([h_leaf(salt + i.to_bytes(4, "big")) for i in range(size)])


@st.composite
def small_trees_of_arbitrary_entries(draw: st.DrawFn) -> NaiveTree:
    entries = draw(st.lists(st.binary(max_size=40), min_size=1, max_size=40))
    return NaiveTree([h_leaf(entry) for entry in entries])


def _flip_bit(value: bytes, bit: int) -> bytes:
    bit %= len(value) * 8
    flipped = bytearray(value)
    flipped[bit // 8] ^= 1 << (bit % 8)
    return bytes(flipped)


class _Reader:
    """A node store that records what is read and refuses to hand out missing nodes."""

    def __init__(self) -> None:
        self.nodes: dict[tuple[int, int], bytes] = {}
        self.reads: list[list[tuple[int, int]]] = []

    def __call__(self, refs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
        wanted = list(refs)
        self.reads.append(wanted)
        return {ref: self.nodes[ref] for ref in wanted}


def _store(tree: NaiveTree) -> dict[tuple[int, int], bytes]:
    return tree.perfect_nodes()


@FAST
@given(tree=st.one_of(trees(), small_trees_of_arbitrary_entries()))
def test_every_inclusion_proof_verifies_and_equals_the_definition(tree: NaiveTree) -> None:
    nodes = _store(tree)
    size = len(tree.leaves)
    tree_root = tree.root(size)
    assert root(size, nodes) == tree_root
    for index in range(size):
        proof = inclusion_proof(index, size, nodes)
        assert proof == tree.inclusion(index, size)
        assert set(inclusion_proof_nodes(index, size)) <= nodes.keys()
        assert verify_inclusion(tree.leaves[index], index, size, proof, tree_root)


@FAST
@given(tree=trees(), data=st.data())
def test_every_consistency_proof_verifies_and_equals_the_definition(
    tree: NaiveTree, data: st.DataObject
) -> None:
    nodes = _store(tree)
    new = data.draw(st.integers(min_value=0, max_value=len(tree.leaves)), label="new")
    new_root = tree.root(new)
    for old in range(new + 1):
        proof = consistency_proof(old, new, nodes)
        assert proof == tree.consistency(old, new)
        assert set(consistency_proof_nodes(old, new)) <= nodes.keys()
        assert verify_consistency(old, new, tree.root(old), new_root, proof)


@FAST
@given(tree=trees(), data=st.data())
def test_any_single_bit_flip_breaks_an_inclusion_proof(
    tree: NaiveTree, data: st.DataObject
) -> None:
    size = len(tree.leaves)
    index = data.draw(st.integers(min_value=0, max_value=size - 1), label="index")
    leaf, tree_root = tree.leaves[index], tree.root(size)
    proof = inclusion_proof(index, size, _store(tree))
    bits = st.integers(min_value=0, max_value=255)
    assert verify_inclusion(leaf, index, size, proof, tree_root)
    assert not verify_inclusion(_flip_bit(leaf, data.draw(bits)), index, size, proof, tree_root)
    assert not verify_inclusion(leaf, index, size, proof, _flip_bit(tree_root, data.draw(bits)))
    for i in range(len(proof)):
        bad = [*proof[:i], _flip_bit(proof[i], data.draw(bits)), *proof[i + 1 :]]
        assert not verify_inclusion(leaf, index, size, bad, tree_root)


@FAST
@given(tree=trees(min_size=2), data=st.data())
def test_any_single_bit_flip_breaks_a_consistency_proof(
    tree: NaiveTree, data: st.DataObject
) -> None:
    new = data.draw(st.integers(min_value=2, max_value=len(tree.leaves)), label="new")
    old = data.draw(st.integers(min_value=1, max_value=new - 1), label="old")
    old_root, new_root = tree.root(old), tree.root(new)
    proof = consistency_proof(old, new, _store(tree))
    bits = st.integers(min_value=0, max_value=255)
    assert verify_consistency(old, new, old_root, new_root, proof)
    flipped_old = _flip_bit(old_root, data.draw(bits))
    assert not verify_consistency(old, new, flipped_old, new_root, proof)
    flipped_new = _flip_bit(new_root, data.draw(bits))
    assert not verify_consistency(old, new, old_root, flipped_new, proof)
    for i in range(len(proof)):
        bad = [*proof[:i], _flip_bit(proof[i], data.draw(bits)), *proof[i + 1 :]]
        assert not verify_consistency(old, new, old_root, new_root, bad)


@FAST
@given(
    tree=trees(),
    cuts=st.lists(st.integers(min_value=0, max_value=MAX_SIZE), max_size=12),
)
def test_incremental_storage_equals_the_naive_construction(
    tree: NaiveTree, cuts: list[int]
) -> None:
    size = len(tree.leaves)
    bounds = sorted({0, size, *(c for c in cuts if c < size)})
    store = _Reader()
    for before, after in itertools.pairwise(bounds):
        batch = tree.leaves[before:after]
        reads_before = len(store.reads)
        created = completed_nodes(before, batch, store)
        needed = append_reads(before, len(batch))
        if needed:
            assert store.reads[reads_before:] == [needed]
        else:
            assert len(store.reads) == reads_before
        assert len(needed) <= before.bit_length()
        # A tree of s leaves has 2s - popcount(s) perfect nodes: exactly the new ones are made,
        # at most 2k + log2(after) for k leaves.
        perfect = [2 * s - s.bit_count() for s in (before, after)]
        assert len(created) == perfect[1] - perfect[0] <= 2 * len(batch) + after.bit_length()
        for node in created:
            key = (node.level, node.index)
            assert key not in store.nodes  # perfect nodes are written once, never rewritten
            store.nodes[key] = node.hash
        # Everything created is complete within the new size, leaves first then parents.
        assert all(isinstance(n, Node) and (n.index + 1) << n.level <= after for n in created)
    assert store.nodes == tree.perfect_nodes()
    for index in range(0, size, max(1, size // 17)):
        assert inclusion_proof(index, size, store.nodes) == tree.inclusion(index, size)
    for old in range(0, size + 1, max(1, size // 13)):
        assert consistency_proof(old, size, store.nodes) == tree.consistency(old, size)


@FAST
@given(tree=st.one_of(trees(), small_trees_of_arbitrary_entries()))
def test_root_builder_equals_mth_at_every_size(tree: NaiveTree) -> None:
    builder = RootBuilder()
    assert builder.root() == hashlib.sha256(b"").digest()
    for size, leaf in enumerate(tree.leaves, start=1):
        builder.add_leaf_hash(leaf)
        assert builder.size == size
        assert builder.root() == tree.root(size)
    bulk = RootBuilder()
    bulk.add_leaf_hashes(tree.leaves)
    assert bulk.root() == builder.root()


def test_root_builder_handles_a_hundred_thousand_leaves() -> None:
    """A sanity run (not timed): 10^5 leaves stream through in bounded memory."""
    builder = RootBuilder()
    leaves = (hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(100_000))
    builder.add_leaf_hashes(leaves)
    assert builder.size == 100_000
    assert len(builder.compact_range()) == (100_000).bit_count()
    assert len(builder.root()) == 32
