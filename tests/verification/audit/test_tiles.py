"""C2SP tlog-tiles: path encoding (the spec's examples, canonical form only), which tiles a
tree has, and the tiles and entry bundles read from a real database checked against
merkle.py's hashes for trees of 1, 255, 256, 257 and 65,539 leaves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.conftest import create_scratch_log
from verification.audit import merkle, tiles
from verification.audit.log import HEAD_ID, append_events, integrate_all, pack_range
from verification.audit.models import AuditEvent, AuditHead, AuditNode
from verification.audit.tiles import Tile, TilePathError
from verification.db import create_engine, create_session_factory, table, utcnow
from verification.kit.canonical_json import canonical_bytes

# --- paths -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "text"),
    [
        (0, "000"),
        (7, "007"),
        (999, "999"),
        (1000, "x001/000"),
        (1234067, "x001/x234/067"),  # the spec's example
        (123456789, "x123/x456/789"),  # x/mod's
        (2**63 - 1, "x009/x223/x372/x036/x854/x775/807"),
    ],
)
def test_index_encoding_follows_the_spec(index: int, text: str) -> None:
    assert tiles.encode_index(index) == text
    assert tiles.decode_index(text) == index


@pytest.mark.parametrize(
    ("path", "tile"),
    [
        ("tile/0/000", Tile(0, 0)),
        ("tile/0/x001/x234/067", Tile(0, 1234067)),
        ("tile/3/x001/x234/067.p/8", Tile(3, 1234067, 8)),  # x/mod's example, without H
        ("tile/63/001.p/255", Tile(63, 1, 255)),
        ("tile/entries/000.p/1", Tile(None, 0, 1)),
        ("tile/entries/x001/000", Tile(None, 1000)),
    ],
)
def test_tile_paths_parse_and_print_back(path: str, tile: Tile) -> None:
    assert tiles.parse_tile_path(path) == tile
    assert tile.path() == path


@pytest.mark.parametrize(
    "path",
    [
        "tile/0/0",  # groups are 3 digits
        "tile/0/0000",
        "tile/0/x000/001",  # a leading zero group: not canonical
        "tile/0/001/002",  # all but the last group begin with x
        "tile/0/x001",  # the last does not
        "tile/0/x001/x234/x067",
        "tile/0/X001/000",
        "tile/0/x1/000",
        "tile/0/0a0",
        "tile/0/-01",
        "tile/0/ 01",
        "tile/0/x001//000",
        "tile/0/x001/x002/x003/x004/x005/x006/x007/000",  # beyond any tree (> 2^63)
        "tile/00/000",  # levels have no leading zeros
        "tile/64/000",  # and are 0–63
        "tile/-1/000",
        "tile/+1/000",
        "tile/data/000",  # x/mod's data tiles are not C2SP's
        "tile/8/0/000",  # x/mod's paths name the height
        "tile/0/000.p/0",  # widths are 1–255
        "tile/0/000.p/256",
        "tile/0/000.p/007",
        "tile/0/000.p/",
        "tile/0/000.p",
        "tile/0/000.p/5/6",
        "tile/0/000/.p/5",
        "tile/0/",
        "tile/0",
        "tile/entries/",
        "tile/entries/000.p/256",
        "tile//000",
        "tiles/0/000",
        "",
    ],
)
def test_malformed_tile_paths_are_refused(path: str) -> None:
    with pytest.raises(TilePathError):
        tiles.parse_tile_path(path)


@given(
    st.one_of(st.none(), st.integers(0, 63)),
    st.integers(0, 2**63 - 1),
    st.integers(1, 256),
)
def test_any_tile_path_round_trips(level: int | None, index: int, width: int) -> None:
    tile = Tile(level, index, width)
    assert tiles.parse_tile_path(tile.path()) == tile


def test_the_tiles_of_the_specs_example_trees() -> None:
    # "a tree of size 70,000 will be represented by 273 full level 0 tiles, one partial
    # level 0 tile of width 112, one full level 1 tile, one partial level 1 tile of width
    # 17, and one partial level 2 tile of width 1"
    assert tiles.tiles_of(70_000) == [
        *(Tile(0, n) for n in range(273)),
        Tile(0, 273, 112),
        Tile(1, 0),
        Tile(1, 1, 17),
        Tile(2, 0, 1),
    ]
    # "a tree of size 256 will be represented by a full level 0 tile and a partial level 1
    # tile of width 1"
    assert tiles.tiles_of(256) == [Tile(0, 0), Tile(1, 0, 1)]
    assert tiles.tiles_of(0) == []
    assert tiles.tiles_of(1) == [Tile(0, 0, 1)]


def test_a_tile_is_available_only_within_the_tree() -> None:
    assert Tile(0, 0, 5).available(5) and not Tile(0, 0, 6).available(5)
    assert Tile(0, 0, 4).available(5)  # an older checkpoint's partial tile
    assert not Tile(0, 0).available(255) and Tile(0, 0).available(256)
    assert Tile(1, 0, 1).available(256) and not Tile(1, 0, 2).available(511)
    assert Tile(None, 1, 1).available(257) and not Tile(None, 1, 2).available(257)


def test_bundles_are_uint16_length_prefixed() -> None:
    assert tiles.entry_bundle([b"ab", b""]) == b"\x00\x02ab\x00\x00"
    assert tiles.split_bundle(b"\x00\x02ab\x00\x00") == [b"ab", b""]
    big = b"x" * 0xFFFF
    assert tiles.split_bundle(tiles.entry_bundle([big])) == [big]
    with pytest.raises(ValueError, match="uint16"):
        tiles.entry_bundle([big + b"x"])
    with pytest.raises(ValueError):
        tiles.split_bundle(b"\x00\x03ab")


# --- tiles from a real database ----------------------------------------------------------------


@pytest.fixture
async def scratch(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """An empty audit log in a SQLite file of its own."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'tiles.db'}")
    async with engine.begin() as connection:
        await create_scratch_log(connection)
    try:
        yield create_session_factory(engine)
    finally:
        await engine.dispose()


async def _append(sessions: async_sessionmaker[AsyncSession], count: int) -> None:
    """``count`` events through the log's own recording and integration (what the
    integrator does: sequence numbers, events, nodes and head)."""
    async with sessions() as session, session.begin():
        await append_events(session, [{"action": "tile_test", "n": i} for i in range(count)])

    @asynccontextmanager
    async def transaction() -> AsyncIterator[AsyncSession]:
        async with sessions() as session, session.begin():
            yield session

    # batches of 100: tiles are read across the nodes of several integrations
    assert await integrate_all(transaction, 100) == count


async def _bulk_log(sessions: async_sessionmaker[AsyncSession], count: int) -> None:
    """``count`` events written fast: the rows and the nodes ``merkle.completed_nodes``
    makes, in large batches (no chain hashes: tiles do not read them)."""
    now = utcnow()
    size = 0
    stored: dict[tuple[int, int], bytes] = {}
    while size < count:
        batch = min(8192, count - size)
        bodies = [
            canonical_bytes({"action": "tile_test", "seq": size + i + 1, "at": "-"})
            for i in range(batch)
        ]
        leaves = [merkle.leaf_hash(body) for body in bodies]
        created = merkle.completed_nodes(size, leaves, stored)
        async with sessions() as session, session.begin():
            await session.execute(
                insert(table(AuditEvent)),
                [
                    {
                        "seq": size + i + 1,
                        "recorded_at": now,
                        "action": "tile_test",
                        "body": body.decode(),
                        "leaf_hash": leaf.hex(),
                        "chain_hash": "",
                    }
                    for i, (body, leaf) in enumerate(zip(bodies, leaves, strict=True))
                ],
            )
            await session.execute(
                insert(table(AuditNode)),
                [{"level": n.level, "idx": n.index, "hash": n.hash} for n in created],
            )
            stored |= {(n.level, n.index): n.hash for n in created}
            size += batch
            await session.execute(
                update(table(AuditHead))
                .where(table(AuditHead).c.id == HEAD_ID)
                .values(size=size, compact_range=pack_range(size, stored))
            )


async def _leaves(sessions: async_sessionmaker[AsyncSession]) -> tuple[list[bytes], list[bytes]]:
    """The stored bodies and the leaf hashes merkle.py gives them."""
    async with sessions() as session:
        bodies = [
            body.encode()
            for body in (
                await session.execute(select(AuditEvent.body).order_by(AuditEvent.seq))
            ).scalars()
        ]
    return bodies, [merkle.leaf_hash(body) for body in bodies]


def _mth(leaves: list[bytes], start: int, end: int) -> bytes:
    builder = merkle.RootBuilder()
    builder.add_leaf_hashes(leaves[start:end])
    return builder.root()


def _expected(tile: Tile, leaves: list[bytes]) -> bytes:
    """The tile's bytes per the spec's formula, hash i = MTH(D[(n·256+i)·256^l : …])."""
    span = 1 << tile.node_level
    return b"".join(
        _mth(leaves, (tile.first + i) * span, (tile.first + i + 1) * span)
        for i in range(tile.width)
    )


async def _check_every_tile(sessions: async_sessionmaker[AsyncSession], size: int) -> None:
    bodies, leaves = await _leaves(sessions)
    assert len(leaves) == size
    expected_tiles = tiles.tiles_of(size)
    async with sessions() as session:
        for tile in expected_tiles:
            data = await tiles.read_tile(session, tile, size)
            assert data == _expected(tile, leaves), tile.path()
            if tile.level == 0:
                bundle = await tiles.read_tile(session, Tile(None, tile.index, tile.width), size)
                assert bundle is not None
                entries = tiles.split_bundle(bundle)
                assert entries == bodies[tile.first : tile.first + tile.width]
                assert b"".join(map(merkle.leaf_hash, entries)) == data
        # the tiles' hashes fold to the tree's root, as a client computes it
        nodes = {
            (tile.node_level, tile.first + i): data[32 * i : 32 * (i + 1)]
            for tile in expected_tiles
            if (data := await tiles.read_tile(session, tile, size)) is not None
            for i in range(tile.width)
        }
        top = [merkle.NodeRef(*ref) for ref in merkle.root_nodes(size)]
        # each root node lies inside one tile's 8 levels: recompute it from that tile's hashes
        for ref in top:
            base = (ref.level // 8) * 8
            span = 1 << (ref.level - base)
            below = [nodes[(base, ref.index * span + j)] for j in range(span)]
            builder = merkle.RootBuilder()
            builder.add_leaf_hashes(below)
            nodes[(ref.level, ref.index)] = builder.root()
        assert merkle.root(size, nodes) == _mth(leaves, 0, size)
        # nothing beyond the tree: the next width of every last tile, the next full tile
        last = {tile.level: tile for tile in expected_tiles}
        for tile in last.values():
            if tile.partial:
                wider = Tile(tile.level, tile.index, tile.width + 1)
                assert await tiles.read_tile(session, wider, size) is None
            for width in (1, 256):
                after = Tile(tile.level, tile.index + 1, width)
                assert await tiles.read_tile(session, after, size) is None
        top_level = max(last, key=lambda level: level or 0)
        assert await tiles.read_tile(session, Tile((top_level or 0) + 1, 0, 1), size) is None
        for tile in expected_tiles:
            # an older, narrower partial tile stays available
            if tile.width > 1:
                narrower = Tile(tile.level, tile.index, tile.width - 1)
                assert await tiles.read_tile(session, narrower, size) == (
                    _expected(narrower, leaves)
                )
        assert await tiles.read_tile(session, Tile(None, size // 256 + 1), size) is None


@pytest.mark.parametrize("size", [1, 255, 256, 257])
async def test_tiles_and_bundles_of_small_logs(
    scratch: async_sessionmaker[AsyncSession], size: int
) -> None:
    await _append(scratch, size)
    await _check_every_tile(scratch, size)


async def test_tiles_and_bundles_of_a_log_of_65539_events(
    scratch: async_sessionmaker[AsyncSession],
) -> None:
    await _bulk_log(scratch, 65536 + 3)
    await _check_every_tile(scratch, 65536 + 3)


async def test_a_tile_beyond_the_checkpoint_is_not_read(
    scratch: async_sessionmaker[AsyncSession],
) -> None:
    await _append(scratch, 300)
    async with scratch() as session:
        # the tree holds 300 events, the checkpoint says 200: what lies beyond 200 is not read
        assert await tiles.read_tile(session, Tile(0, 0), 200) is None
        assert await tiles.read_tile(session, Tile(0, 0, 200), 200) is not None
        assert await tiles.read_tile(session, Tile(0, 0, 201), 200) is None
        assert await tiles.read_tile(session, Tile(None, 0, 200), 200) is not None
        assert await tiles.read_tile(session, Tile(None, 0, 201), 200) is None
        assert await tiles.read_tile(session, Tile(0, 1, 1), 200) is None
        assert await tiles.read_tile(session, Tile(0, 0, 1), 0) is None
        # with 300 signed, the full tile is there
        assert await tiles.read_tile(session, Tile(0, 0), 300) is not None
