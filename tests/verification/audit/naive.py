"""An independent, deliberately naive RFC 6962 §2.1 implementation to check merkle.py against.

It follows the recursive definitions of MTH, PATH and PROOF/SUBPROOF literally, on slices
of leaf hashes, sharing no code with the module under test (only hashlib).  ``NaiveTree``
memoizes MTH per slice so property tests over a few hundred leaves stay fast.
"""

from __future__ import annotations

import hashlib


def h_leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def h_node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def largest_power_of_two_below(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


class NaiveTree:
    def __init__(self, leaf_hashes: list[bytes]) -> None:
        self.leaves = list(leaf_hashes)
        self._memo: dict[tuple[int, int], bytes] = {}

    def mth(self, start: int, end: int) -> bytes:
        """MTH(D[start:end])."""
        n = end - start
        if n == 0:
            return hashlib.sha256(b"").digest()
        if n == 1:
            return self.leaves[start]
        key = (start, end)
        if key not in self._memo:
            k = largest_power_of_two_below(n)
            self._memo[key] = h_node(self.mth(start, start + k), self.mth(start + k, end))
        return self._memo[key]

    def root(self, size: int) -> bytes:
        return self.mth(0, size)

    def path(self, m: int, start: int, end: int) -> list[bytes]:
        """PATH(m, D[start:end]) with m relative to start."""
        n = end - start
        if n == 1:
            return []
        k = largest_power_of_two_below(n)
        if m < k:
            return [*self.path(m, start, start + k), self.mth(start + k, end)]
        return [*self.path(m - k, start + k, end), self.mth(start, start + k)]

    def inclusion(self, index: int, size: int) -> list[bytes]:
        return self.path(index, 0, size)

    def subproof(self, m: int, start: int, end: int, b: bool) -> list[bytes]:
        """SUBPROOF(m, D[start:end], b)."""
        n = end - start
        if m == n:
            return [] if b else [self.mth(start, end)]
        k = largest_power_of_two_below(n)
        if m <= k:
            return [*self.subproof(m, start, start + k, b), self.mth(start + k, end)]
        return [*self.subproof(m - k, start + k, end, False), self.mth(start, start + k)]

    def consistency(self, old: int, new: int) -> list[bytes]:
        if old in (0, new):
            return []
        return self.subproof(old, 0, new, True)

    def perfect_nodes(self) -> dict[tuple[int, int], bytes]:
        """Every complete perfect subtree, built level by level from scratch."""
        nodes: dict[tuple[int, int], bytes] = {}
        level_hashes = list(self.leaves)
        level = 0
        while level_hashes:
            for index, value in enumerate(level_hashes):
                nodes[(level, index)] = value
            level_hashes = [
                h_node(level_hashes[i], level_hashes[i + 1])
                for i in range(0, len(level_hashes) - 1, 2)
            ]
            level += 1
        return nodes
