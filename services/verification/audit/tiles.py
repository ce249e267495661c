"""The audit log as C2SP tlog-tiles (https://c2sp.org/tlog-tiles): paths, tiles, entry bundles.

A *hash tile* ``tile/<L>/<N>[.p/<W>]`` is the concatenation of ``W`` (256 when full)
consecutive Merkle Tree Hashes of tree level ``8·L``: hash ``i`` is
``MTH(D[(N·256 + i)·256^L : (N·256 + i + 1)·256^L])``, which is exactly the stored perfect
node ``(8·L, N·256 + i)`` of ``audit_nodes`` (level 0: the leaf hashes).  An *entry bundle*
``tile/entries/<N>[.p/<W>]`` holds the entries of the level-0 tile ``N``: each as a
big-endian uint16 length and the bytes, here an event's ``body`` (the canonical JSON whose
RFC 6962 leaf hash is the tile's hash).  ``<N>`` is written in 3-digit groups, every group
but the last prefixed with ``x`` (1234067 → ``x001/x234/067``); ``<L>`` is 0–63 and ``<W>``
1–255, decimal without leading zeros.  A tree of size ``s`` has, at each level ``L``,
``⌊s / 256^(L+1)⌋`` full tiles and, when ``w = ⌊s / 256^L⌋ mod 256`` is not 0, a partial tile
of width ``w``.

This module is the pure part — parsing and writing paths, which tiles a tree of a given size
can serve, the bytes of a tile and of a bundle — and the two reads that fetch a tile's
nodes or a bundle's bodies (no HTTP: ``tile_endpoints.py`` serves them).  A tile is served
only when every hash in it lies within the size of the latest signed checkpoint: a partial
tile of any width up to that size (the spec requires the widths of every checkpoint's size
to stay available; they are all derivable from the stored nodes, which never change).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from verification.audit.merkle import HASH_SIZE
from verification.audit.models import PRODUCTION, Stream

TILE_HEIGHT: Final = 8
TILE_WIDTH: Final = 1 << TILE_HEIGHT  # hashes in a full tile
MAX_LEVEL: Final = 63
MAX_ENTRY_SIZE: Final = 0xFFFF  # an entry's length is a uint16
# 7 groups reach 10^21 > 2^63: no tree has a tile index beyond that
_MAX_GROUPS: Final = 7

_LEVEL = re.compile(r"0|[1-9][0-9]?")
_WIDTH = re.compile(r"[1-9][0-9]{0,2}")
_GROUP = re.compile(r"[0-9]{3}")


class TilePathError(ValueError):
    """The path is not a tile or entry-bundle path as C2SP tlog-tiles writes them."""


class MissingTileDataError(LookupError):
    """A node or entry the tree size guarantees was not found in the database."""


@dataclass(frozen=True, slots=True)
class Tile:
    """Hash tile ``level`` (tree level ``8·level``), or the entry bundle when ``level`` is
    ``None``; number ``index`` within its level; ``width`` hashes or entries (256: full)."""

    level: int | None
    index: int
    width: int = TILE_WIDTH

    def __post_init__(self) -> None:
        if self.level is not None and not 0 <= self.level <= MAX_LEVEL:
            raise ValueError(f"tile level {self.level} is outside 0–{MAX_LEVEL}")
        if self.index < 0:
            raise ValueError("tile index must not be negative")
        if not 1 <= self.width <= TILE_WIDTH:
            raise ValueError(f"tile width {self.width} is outside 1–{TILE_WIDTH}")

    @property
    def entries(self) -> bool:
        return self.level is None

    @property
    def partial(self) -> bool:
        return self.width < TILE_WIDTH

    @property
    def node_level(self) -> int:
        """The tree level of the tile's hashes (0 for a bundle: its entries are leaves)."""
        return TILE_HEIGHT * (self.level or 0)

    @property
    def first(self) -> int:
        """The index, at ``node_level``, of the tile's first hash (or entry)."""
        return self.index * TILE_WIDTH

    @property
    def leaves_end(self) -> int:
        """One past the last leaf the tile covers: the tree size it needs."""
        return (self.first + self.width) << self.node_level

    def path(self) -> str:
        """``tile/<L>/<N>[.p/<W>]`` or ``tile/entries/<N>[.p/<W>]``."""
        level = "entries" if self.level is None else str(self.level)
        suffix = f".p/{self.width}" if self.partial else ""
        return f"tile/{level}/{encode_index(self.index)}{suffix}"

    def available(self, size: int) -> bool:
        """Does a tree of ``size`` leaves hold every hash (entry) of this tile?"""
        return self.leaves_end <= size


def encode_index(index: int) -> str:
    """``<N>`` of a tile path: 3-digit groups, all but the last prefixed with ``x``."""
    if index < 0:
        raise ValueError("tile index must not be negative")
    groups = [f"{index % 1000:03d}"]
    index //= 1000
    while index:
        groups.append(f"x{index % 1000:03d}")
        index //= 1000
    return "/".join(reversed(groups))


def decode_index(text: str) -> int:
    """The inverse of ``encode_index``; anything it would not write is refused."""
    groups = text.split("/")
    if len(groups) > _MAX_GROUPS:
        raise TilePathError("tile index has too many groups")
    value = 0
    for position, group in enumerate(groups):
        last = position == len(groups) - 1
        digits = group if last else group.removeprefix("x")
        if (not last and not group.startswith("x")) or not _GROUP.fullmatch(digits):
            raise TilePathError("tile index groups are xNNN/…/NNN")
        value = value * 1000 + int(digits)
    if encode_index(value) != text:  # a leading x000 group
        raise TilePathError("tile index is not written canonically")
    return value


def parse_tile_path(path: str) -> Tile:
    """``tile/<L>/<N>[.p/<W>]`` or ``tile/entries/<N>[.p/<W>]`` → the ``Tile``."""
    head, _, rest = path.partition("/")
    level_text, _, index_text = rest.partition("/")
    if head != "tile" or not index_text:
        raise TilePathError("not a tile path")
    level: int | None = None
    if level_text != "entries":
        if not _LEVEL.fullmatch(level_text) or int(level_text) > MAX_LEVEL:
            raise TilePathError(f"tile level is a decimal 0–{MAX_LEVEL}")
        level = int(level_text)
    width = TILE_WIDTH
    stem, slash, width_text = index_text.rpartition("/")
    if slash and stem.endswith(".p"):
        if not _WIDTH.fullmatch(width_text) or int(width_text) >= TILE_WIDTH:
            raise TilePathError(f"partial tile width is a decimal 1–{TILE_WIDTH - 1}")
        width = int(width_text)
        index_text = stem.removesuffix(".p")
    return Tile(level, decode_index(index_text), width)


def tiles_of(size: int) -> list[Tile]:
    """Every hash tile a tree of ``size`` leaves has, level by level: its full tiles, then
    its partial tile when there is one (bundles: those of level 0, with ``level=None``)."""
    tiles: list[Tile] = []
    level = 0
    while size >> (TILE_HEIGHT * level):
        hashes = size >> (TILE_HEIGHT * level)
        tiles += [Tile(level, n) for n in range(hashes // TILE_WIDTH)]
        if hashes % TILE_WIDTH:
            tiles.append(Tile(level, hashes // TILE_WIDTH, hashes % TILE_WIDTH))
        level += 1
    return tiles


def hash_tile(hashes: Sequence[bytes]) -> bytes:
    """A hash tile's bytes: its hashes, 32 bytes each, concatenated."""
    if not 1 <= len(hashes) <= TILE_WIDTH or any(len(h) != HASH_SIZE for h in hashes):
        raise ValueError("a tile is 1–256 hashes of 32 bytes")
    return b"".join(hashes)


def entry_bundle(entries: Sequence[bytes]) -> bytes:
    """An entry bundle's bytes: each entry as a big-endian uint16 length and its bytes."""
    if not 1 <= len(entries) <= TILE_WIDTH:
        raise ValueError("a bundle is 1–256 entries")
    parts: list[bytes] = []
    for entry in entries:
        if len(entry) > MAX_ENTRY_SIZE:
            raise ValueError(f"an entry of {len(entry)} bytes does not fit a uint16 length")
        parts += (len(entry).to_bytes(2, "big"), entry)
    return b"".join(parts)


def split_bundle(data: bytes) -> list[bytes]:
    """The entries of a bundle (the inverse of ``entry_bundle``)."""
    entries: list[bytes] = []
    at = 0
    while at < len(data):
        if at + 2 > len(data):
            raise ValueError("bundle ends inside a length")
        length = int.from_bytes(data[at : at + 2], "big")
        at += 2
        if at + length > len(data):
            raise ValueError("bundle ends inside an entry")
        entries.append(data[at : at + length])
        at += length
    return entries


# --- from the database -------------------------------------------------------------------------


async def read_tile(
    session: AsyncSession, tile: Tile, size: int, stream: Stream = PRODUCTION
) -> bytes | None:
    """The bytes of ``tile`` in the tree of ``size`` leaves of ``stream``'s log, ``None`` if
    the tree does not hold all of it.  One range read of ``audit_nodes`` (level ``8·L``) or
    of ``audit_events`` (``seq`` is the leaf index + 1)."""
    if not tile.available(size):
        return None
    first, stop = tile.first, tile.first + tile.width
    events, nodes = stream.events, stream.nodes
    if tile.entries:
        rows = (
            await session.execute(
                select(events.body)
                .where(events.seq > first, events.seq <= stop)
                .order_by(events.seq)
            )
        ).scalars()
        bodies = [body.encode() for body in rows]
        if len(bodies) != tile.width:
            raise MissingTileDataError(f"{tile.path()}: {len(bodies)} of {tile.width} events")
        return entry_bundle(bodies)
    stored = (
        await session.execute(
            select(nodes.hash)
            .where(nodes.level == tile.node_level, nodes.idx >= first, nodes.idx < stop)
            .order_by(nodes.idx)
        )
    ).scalars()
    hashes = [bytes(h) for h in stored]
    if len(hashes) != tile.width:
        raise MissingTileDataError(f"{tile.path()}: {len(hashes)} of {tile.width} nodes")
    return hash_tile(hashes)
