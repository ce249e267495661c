"""The RFC 6962 reference tree used by Certificate Transparency and transparency-dev/merkle.

Leaf inputs, node hashes, roots and proofs are those of transparency-dev/merkle
``testonly/constants.go``, ``testonly/reference_test.go`` and ``proof/verify_test.go``.
Every proof for every size up to 8 is also checked against ``naive.py``.
"""

from __future__ import annotations

import hashlib

import pytest

from tests.verification.audit.naive import NaiveTree, h_leaf
from verification.audit import merkle
from verification.audit.merkle import (
    EMPTY_ROOT,
    MissingNodeError,
    Node,
    NodeRef,
    RootBuilder,
    completed_nodes,
    consistency_proof,
    consistency_proof_nodes,
    inclusion_proof,
    inclusion_proof_nodes,
    leaf_hash,
    node_hash,
    root,
    root_nodes,
    subtree_hash,
    subtree_nodes,
    verify_consistency,
    verify_inclusion,
)

LEAF_INPUTS = [
    bytes.fromhex(x)
    for x in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]

# testonly/constants.go NodeHashes(): [level][index] for every perfect subtree of the 8 leaves.
NODE_HASHES = [
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ],
    [
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    ],
    [
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
]

# testonly/constants.go RootHashes(), indexed by tree size.
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]

# (index, size) -> proof, from testonly/reference_test.go TestRefInclusionProof and
# proof/verify_test.go inclusionProofs (which numbers leaves from 1).
INCLUSION_VECTORS: dict[tuple[int, int], list[str]] = {
    (0, 1): [],
    (0, 2): ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"],
    (1, 2): ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"],
    (2, 3): ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    (1, 5): [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
    (0, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (5, 8): [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
}

# (old, new) -> proof, from reference_test.go TestRefConsistencyProof and verify_test.go.
CONSISTENCY_VECTORS: dict[tuple[int, int], list[str]] = {
    (1, 1): [],
    (1, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (2, 5): [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
    (6, 8): [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (6, 7): [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
}

SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")
LEAF_HASHES = [leaf_hash(data) for data in LEAF_INPUTS]
NAIVE = NaiveTree([h_leaf(data) for data in LEAF_INPUTS])


def _hexes(values: list[bytes]) -> list[str]:
    return [v.hex() for v in values]


def _flip(value: bytes, bit: int = 3) -> bytes:
    return bytes([value[0] ^ (1 << bit)]) + value[1:]


@pytest.fixture(scope="module")
def stored() -> dict[tuple[int, int], bytes]:
    """The perfect nodes of the 8-leaf tree, appended one leaf at a time."""
    nodes: dict[tuple[int, int], bytes] = {}
    for size, value in enumerate(LEAF_HASHES):
        for node in completed_nodes(size, [value], nodes):
            assert (node.level, node.index) not in nodes
            nodes[(node.level, node.index)] = node.hash
    return nodes


def test_hash_functions() -> None:
    assert leaf_hash(b"") == hashlib.sha256(b"\x00").digest()
    assert node_hash(b"L", b"R") == hashlib.sha256(b"\x01LR").digest()
    assert EMPTY_ROOT.hex() == ROOTS[0]
    assert LEAF_HASHES[0].hex() == NODE_HASHES[0][0]


def test_stored_nodes_are_the_reference_node_hashes(stored: dict[tuple[int, int], bytes]) -> None:
    expected = {
        (level, index): value
        for level, row in enumerate(NODE_HASHES)
        for index, value in enumerate(row)
    }
    assert {ref: value.hex() for ref, value in stored.items()} == expected
    assert {ref: value.hex() for ref, value in NAIVE.perfect_nodes().items()} == expected


@pytest.mark.parametrize("size", range(9))
def test_roots(stored: dict[tuple[int, int], bytes], size: int) -> None:
    assert root(size, stored).hex() == ROOTS[size]
    assert NAIVE.root(size).hex() == ROOTS[size]
    builder = RootBuilder()
    builder.add_leaf_hashes(LEAF_HASHES[:size])
    assert builder.size == size
    assert builder.root().hex() == ROOTS[size]
    one_by_one = RootBuilder()
    for data in LEAF_INPUTS[:size]:
        one_by_one.add_leaf(data)
    assert one_by_one.root().hex() == ROOTS[size]
    assert [n.hash for n in builder.compact_range()] == [stored[r] for r in root_nodes(size)]


def test_compact_range_matches_reference() -> None:
    # testonly/constants.go CompactTrees() for size 7: nh[2][0], nh[1][2], nh[0][6].
    assert root_nodes(7) == [NodeRef(2, 0), NodeRef(1, 2), NodeRef(0, 6)]
    builder = RootBuilder()
    builder.add_leaf_hashes(LEAF_HASHES[:7])
    assert builder.compact_range() == [
        Node(2, 0, bytes.fromhex(NODE_HASHES[2][0])),
        Node(1, 2, bytes.fromhex(NODE_HASHES[1][2])),
        Node(0, 6, bytes.fromhex(NODE_HASHES[0][6])),
    ]


@pytest.mark.parametrize(("index", "size"), sorted(INCLUSION_VECTORS))
def test_published_inclusion_proofs(
    stored: dict[tuple[int, int], bytes], index: int, size: int
) -> None:
    expected = INCLUSION_VECTORS[(index, size)]
    assert _hexes(inclusion_proof(index, size, stored)) == expected
    assert _hexes(NAIVE.inclusion(index, size)) == expected
    proof = [bytes.fromhex(x) for x in expected]
    assert verify_inclusion(LEAF_HASHES[index], index, size, proof, bytes.fromhex(ROOTS[size]))


@pytest.mark.parametrize(("old", "new"), sorted(CONSISTENCY_VECTORS))
def test_published_consistency_proofs(
    stored: dict[tuple[int, int], bytes], old: int, new: int
) -> None:
    expected = CONSISTENCY_VECTORS[(old, new)]
    assert _hexes(consistency_proof(old, new, stored)) == expected
    assert _hexes(NAIVE.consistency(old, new)) == expected
    proof = [bytes.fromhex(x) for x in expected]
    assert verify_consistency(old, new, bytes.fromhex(ROOTS[old]), bytes.fromhex(ROOTS[new]), proof)


def _inclusion_probes(
    index: int, size: int, proof: list[bytes], root_: bytes, leaf: bytes
) -> list[tuple[int, int, list[bytes], bytes, bytes]]:
    """transparency-dev/merkle's corruptInclusionProof, minus probes that equal the original."""
    probes = [
        (index - 1, size, proof, root_, leaf),
        (index + 1, size, proof, root_, leaf),
        (index ^ 2, size, proof, root_, leaf),
        (index, size * 2, proof, root_, leaf),
        (index, size // 2, proof, root_, leaf),
        (index, size, proof, root_, _flip(leaf)),
        (index, size, proof, EMPTY_ROOT, leaf),
        (index, size, proof, SOME_HASH, leaf),
        (index, size, [*proof, b""], root_, leaf),
        (index, size, [*proof, root_], root_, leaf),
        (index, size, [b"", *proof], root_, leaf),
        (index, size, [root_, *proof], root_, leaf),
    ]
    for i in range(len(proof)):
        probes.append((index, size, [*proof[:i], _flip(proof[i]), *proof[i + 1 :]], root_, leaf))
    if proof:
        probes.append((index, size, proof[:-1], root_, leaf))
    if len(proof) > 1:
        probes.append((index, size, [proof[0], SOME_HASH, *proof[1:]], root_, leaf))
    return [p for p in probes if p != (index, size, proof, root_, leaf)]


@pytest.mark.parametrize("size", range(1, 9))
def test_every_inclusion_proof_up_to_8(stored: dict[tuple[int, int], bytes], size: int) -> None:
    tree_root = bytes.fromhex(ROOTS[size])
    for index in range(size):
        proof = inclusion_proof(index, size, stored)
        assert proof == NAIVE.inclusion(index, size)
        assert len(inclusion_proof_nodes(index, size)) >= len(proof)
        assert verify_inclusion(LEAF_HASHES[index], index, size, proof, tree_root)
        for probe in _inclusion_probes(index, size, proof, tree_root, LEAF_HASHES[index]):
            p_index, p_size, p_proof, p_root, p_leaf = probe
            assert not verify_inclusion(p_leaf, p_index, p_size, p_proof, p_root), probe


def _consistency_probes(
    old: int, new: int, root1: bytes, root2: bytes, proof: list[bytes]
) -> list[tuple[int, int, bytes, bytes, list[bytes]]]:
    """transparency-dev/merkle's corruptConsistencyProof."""
    probes = [
        (old - 1, new, root1, root2, proof),
        (old + 1, new, root1, root2, proof),
        (old ^ 2, new, root1, root2, proof),
        (old, new * 2, root1, root2, proof),
        (old, new // 2, root1, root2, proof),
        (old, new, _flip(root1), root2, proof),
        (old, new, root1, _flip(root2), proof),
        (old, new, root2, root1, proof),
        (old, new, root1, root2, []),
        (old, new, root1, root2, [*proof, b""]),
        (old, new, root1, root2, [*proof, root1]),
        (old, new, root1, root2, [*proof, root2]),
        (old, new, root1, root2, [b"", *proof]),
        (old, new, root1, root2, [root1, *proof]),
        (old, new, root1, root2, [root2, *proof]),
        (old, new, root1, root2, [proof[0], *proof]),
        (old, new, root1, root2, proof[:-1]),
    ]
    for i in range(len(proof)):
        probes.append((old, new, root1, root2, [*proof[:i], _flip(proof[i], 4), *proof[i + 1 :]]))
    return probes


@pytest.mark.parametrize("new", range(1, 9))
def test_every_consistency_proof_up_to_8(stored: dict[tuple[int, int], bytes], new: int) -> None:
    root2 = bytes.fromhex(ROOTS[new])
    for old in range(new + 1):
        root1 = bytes.fromhex(ROOTS[old])
        proof = consistency_proof(old, new, stored)
        assert proof == NAIVE.consistency(old, new)
        assert verify_consistency(old, new, root1, root2, proof)
        if not proof:
            assert old in (0, new)
            continue
        for probe in _consistency_probes(old, new, root1, root2, proof):
            assert not verify_consistency(*probe), probe


def test_consistency_edge_cases() -> None:
    r1, r2 = bytes.fromhex(ROOTS[1]), bytes.fromhex(ROOTS[2])
    assert verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    assert verify_consistency(0, 2, EMPTY_ROOT, r2, [])
    assert not verify_consistency(0, 2, r1, r2, [])  # an empty tree has the empty root
    assert not verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT])
    assert not verify_consistency(0, 1, EMPTY_ROOT, r1, [EMPTY_ROOT])
    assert verify_consistency(1, 1, r1, r1, [])
    assert not verify_consistency(1, 1, r1, r2, [])
    assert not verify_consistency(1, 1, r1, r1, [EMPTY_ROOT])
    assert not verify_consistency(2, 1, r2, r1, [])
    assert not verify_consistency(1, 2, r1, r2, [])
    assert not verify_consistency(-1, 2, r1, r2, [])


def test_inclusion_edge_cases() -> None:
    data_hash = leaf_hash(b"data")
    assert verify_inclusion(data_hash, 0, 1, [], data_hash)  # a 1-leaf tree's root is the leaf
    assert not verify_inclusion(data_hash, 0, 1, [], b"")
    assert not verify_inclusion(b"", 0, 1, [], data_hash)
    for index, size in ((0, 0), (1, 0), (2, 1), (-1, 1)):
        assert not verify_inclusion(SOME_HASH, index, size, [], EMPTY_ROOT)
    with pytest.raises(ValueError, match="outside"):
        merkle.inclusion_proof_plan(3, 3)
    with pytest.raises(ValueError, match="no consistency proof"):
        merkle.consistency_proof_plan(4, 3)


def test_subtree_decomposition() -> None:
    assert subtree_nodes(0, 8) == [NodeRef(3, 0)]
    assert subtree_nodes(4, 7) == [NodeRef(1, 2), NodeRef(0, 6)]
    assert subtree_nodes(8, 13) == [NodeRef(2, 2), NodeRef(0, 12)]
    for start, end in ((3, 5), (2, 5), (4, 4), (-1, 0)):
        with pytest.raises(ValueError):
            subtree_nodes(start, end)


def test_subtree_hash_and_missing_nodes(stored: dict[tuple[int, int], bytes]) -> None:
    assert subtree_hash(4, 7, stored) == NAIVE.mth(4, 7)
    partial = {ref: value for ref, value in stored.items() if ref != (1, 2)}
    with pytest.raises(MissingNodeError) as caught:
        subtree_hash(4, 7, partial)
    assert caught.value.ref == NodeRef(1, 2)
    with pytest.raises(MissingNodeError):
        completed_nodes(6, [LEAF_HASHES[6], LEAF_HASHES[7]], partial)


def test_planners_name_only_a_logarithmic_number_of_nodes() -> None:
    size = 1_000_003
    assert len(root_nodes(size)) == size.bit_count()
    for index in (0, 1, 524_287, 524_288, 999_999, size - 1):
        refs = inclusion_proof_nodes(index, size)
        assert len(refs) <= 2 * size.bit_length()
        assert all(ref.end <= size for ref in refs)
    for old in (1, 2, 524_288, 777_777, size - 1):
        refs = consistency_proof_nodes(old, size)
        assert len(refs) <= 2 * size.bit_length()
        assert all(ref.end <= size for ref in refs)


def test_append_reads_are_only_the_merging_compact_range_nodes() -> None:
    assert merkle.append_reads(0, 5) == []
    # Size 7 holds (2,0), (1,2), (0,6); one more leaf merges all three.
    assert merkle.append_reads(7, 1) == [NodeRef(2, 0), NodeRef(1, 2), NodeRef(0, 6)]
    # Size 6 holds (2,0), (1,2); one more leaf completes nothing, two complete (2,1) and (3,0).
    assert merkle.append_reads(6, 1) == []
    assert merkle.append_reads(6, 2) == [NodeRef(2, 0), NodeRef(1, 2)]
    seen: list[list[tuple[int, int]]] = []

    def reader(refs: object) -> dict[tuple[int, int], bytes]:
        assert isinstance(refs, list)
        seen.append(list(refs))
        return {ref: NAIVE.perfect_nodes()[ref] for ref in refs}

    created = completed_nodes(6, LEAF_HASHES[6:8], reader)
    assert seen == [[(2, 0), (1, 2)]]
    assert [(n.level, n.index) for n in created] == [(0, 6), (0, 7), (1, 3), (2, 1), (3, 0)]
    assert completed_nodes(6, LEAF_HASHES[6:7], reader) == [Node(0, 6, LEAF_HASHES[6])]
    assert len(seen) == 1  # nothing to read, so the reader is not called
