"""The audit log as C2SP tlog-tiles over HTTP (/v1/audit/tlog): auditors only, the checkpoint,
hash tiles and entry bundles with their content types and caching, 404 beyond the latest
signed checkpoint and for malformed paths, and one audited read per request.

The app's integrator moves entries into the log and signs checkpoints meanwhile; the tests
drain the log (integrate what is pending) before they read it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import or_, select

from verification.audit import merkle, sequencer, tiles
from verification.audit.checkpoint import Checkpoint, parse_and_verify, parse_verifier_key
from verification.audit.models import AuditEvent
from verification.audit.tiles import Tile

PREFIX = "/v1/audit/tlog"
OCTETS = "application/octet-stream"


async def _signed(api) -> Checkpoint:
    """A fresh checkpoint over a log of at least 300 events; the one the tlog serves."""
    await api.drain()
    async with api.sessions() as session:
        size = int(await session.scalar(select(AuditEvent.seq).order_by(-AuditEvent.seq)) or 0)
    if size < 300:
        await api.runtime.audit.record([{"action": "tiles_padding"}] * (300 - size))
        await api.drain()
    auditor = api.auth(api.auditor_token)
    assert (await api.http.post("/v1/audit/checkpoints", headers=auditor)).status_code == 201
    vkey = (await api.http.get("/.well-known/audit-log-key")).text.strip()
    name, public_key = parse_verifier_key(vkey)
    response = await api.http.get(f"{PREFIX}/checkpoint", headers=auditor)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["cache-control"] == "private, no-cache"
    return parse_and_verify(response.text, name, public_key, origin=name)


async def _stored(api, size: int) -> tuple[list[bytes], list[bytes]]:
    async with api.sessions() as session:
        bodies = [
            body.encode()
            for body in (
                await session.execute(
                    select(AuditEvent.body).where(AuditEvent.seq <= size).order_by(AuditEvent.seq)
                )
            ).scalars()
        ]
    return bodies, [merkle.leaf_hash(b) for b in bodies]


def _mth(leaves: list[bytes]) -> bytes:
    builder = merkle.RootBuilder()
    builder.add_leaf_hashes(leaves)
    return builder.root()


async def test_only_auditors_read_the_tiles(api) -> None:
    for path in ("checkpoint", "tile/0/000.p/1", "tile/entries/000.p/1", "tile/0/0"):
        assert (await api.http.get(f"{PREFIX}/{path}")).status_code == 401
        forbidden = await api.http.get(f"{PREFIX}/{path}", headers=api.auth(api.token))
        assert forbidden.status_code == 403 and forbidden.json()["code"] == "wrong-role"


async def test_the_checkpoint_is_the_latest_signed_one(api) -> None:
    checkpoint = await _signed(api)
    _, leaves = await _stored(api, checkpoint.size)
    assert _mth(leaves) == checkpoint.root
    # the integrator signs a new one at most once a second (each read grows the log): the
    # tlog's checkpoint is the one the other endpoint serves whenever none was signed
    # between two reads of that endpoint around it
    auditor = api.auth(api.auditor_token)

    async def legacy() -> Checkpoint:
        response = await api.http.get("/v1/audit/checkpoint", headers=auditor)
        return Checkpoint.from_body(response.text.split("\n\n")[0] + "\n")

    for _ in range(20):
        before = await legacy()
        tlog = await api.http.get(f"{PREFIX}/checkpoint", headers=auditor)
        after = await legacy()
        if before == after:
            assert Checkpoint.from_body(tlog.text.split("\n\n")[0] + "\n") == before
            break
    else:
        pytest.fail("a checkpoint was signed between every two reads")


async def test_tiles_and_bundles_hold_the_signed_tree(api) -> None:
    checkpoint = await _signed(api)
    size = checkpoint.size
    bodies, leaves = await _stored(api, size)
    auditor = api.auth(api.auditor_token)

    full = await api.http.get(f"{PREFIX}/tile/0/000", headers=auditor)
    assert full.status_code == 200
    assert full.headers["content-type"] == OCTETS
    assert full.headers["cache-control"] == "private, max-age=31536000, immutable"
    assert full.content == b"".join(leaves[:256])

    last = Tile(0, size // 256, size % 256 or 256)
    if size % 256 == 0:
        last = Tile(0, size // 256 - 1)
    response = await api.http.get(f"{PREFIX}/{last.path()}", headers=auditor)
    assert response.status_code == 200, response.text
    assert response.content == b"".join(leaves[last.first : last.first + last.width])
    if last.partial:
        assert response.headers["cache-control"] == "private, max-age=60"

    # the level-1 tile: the hash of every full level-0 tile
    level1 = Tile(1, 0, size // 256)
    response = await api.http.get(f"{PREFIX}/{level1.path()}", headers=auditor)
    assert response.status_code == 200
    assert response.content == b"".join(
        _mth(leaves[256 * i : 256 * (i + 1)]) for i in range(level1.width)
    )

    bundle_tile = Tile(None, last.index, last.width)
    gzipped = await api.http.get(
        f"{PREFIX}/{bundle_tile.path()}", headers={**auditor, "Accept-Encoding": "gzip"}
    )
    assert gzipped.status_code == 200
    assert gzipped.headers["content-type"] == OCTETS
    assert gzipped.headers["content-encoding"] == "gzip"
    assert gzipped.headers["vary"] == "Accept-Encoding"
    entries = tiles.split_bundle(gzipped.content)  # httpx has undone the gzip
    assert entries == bodies[bundle_tile.first : bundle_tile.first + bundle_tile.width]
    plain = await api.http.get(
        f"{PREFIX}/{bundle_tile.path()}", headers={**auditor, "Accept-Encoding": "identity"}
    )
    assert "content-encoding" not in plain.headers
    assert tiles.split_bundle(plain.content) == entries

    first_bundle = await api.http.get(f"{PREFIX}/tile/entries/000", headers=auditor)
    assert tiles.split_bundle(first_bundle.content) == bodies[:256]
    assert first_bundle.headers["cache-control"] == "private, max-age=31536000, immutable"


@pytest.mark.parametrize(
    "path",
    ["tile/0/0", "tile/0/x000/000", "tile/00/000", "tile/64/000", "tile/0/000.p/256", "tile/x/000"],
)
async def test_malformed_paths_are_404_problems(api, path: str) -> None:
    response = await api.http.get(f"{PREFIX}/{path}", headers=api.auth(api.auditor_token))
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "no-such-tile"


async def test_tiles_beyond_the_latest_checkpoint_are_404(
    api, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the app's integrator signs nothing from now on (it would sign the growth within a
    # second), so the latest checkpoint stays the one _signed returns (asserted below)
    async def unsigned(session: object, key: object, origin: object) -> None:
        return None

    monkeypatch.setattr(sequencer, "sign_checkpoint_of_log", unsigned)
    checkpoint = await _signed(api)
    size = checkpoint.size
    # the log grows past the checkpoint: what it adds is not served until it is signed
    await api.runtime.audit.record([{"action": "tiles_padding"}] * 300)
    await api.drain()
    auditor = api.auth(api.auditor_token)
    latest = await api.http.get(f"{PREFIX}/checkpoint", headers=auditor)
    assert Checkpoint.from_body(latest.text.split("\n\n")[0] + "\n") == checkpoint
    beyond = [
        Tile(0, size // 256 + 1),
        Tile(0, size // 256, size % 256 + 1) if size % 256 < 255 else Tile(0, size // 256 + 1, 1),
        Tile(None, size // 256 + 1, 1),
        Tile(2, 0, 1),
    ]
    for tile in beyond:
        response = await api.http.get(f"{PREFIX}/{tile.path()}", headers=auditor)
        assert response.status_code == 404, tile.path()
        assert response.json()["code"] == "no-such-tile"
    assert (await api.http.get(f"{PREFIX}/tile/0/000", headers=auditor)).status_code == 200


async def test_every_tile_read_is_one_audit_read(api) -> None:
    await _signed(api)
    auditor = api.auth(api.auditor_token)
    paths = ["checkpoint", "tile/0/000", "tile/entries/000", "tile/1/000.p/1"]
    request_ids = {}
    for path in paths:
        response = await api.http.get(f"{PREFIX}/{path}", headers=auditor)
        assert response.status_code == 200, path
        request_ids[response.headers["x-request-id"]] = path
    refused = await api.http.get(f"{PREFIX}/tile/0/0", headers=auditor)
    ids = [*request_ids, refused.headers["x-request-id"]]
    await api.drain()  # the reads were recorded: integrated, they are in the log
    async with api.sessions() as session:
        bodies = (
            await session.execute(
                select(AuditEvent.body).where(or_(*(AuditEvent.body.contains(i) for i in ids)))
            )
        ).scalars()
        events = [json.loads(body) for body in bodies]
    for request_id, path in request_ids.items():
        mine = [e for e in events if e.get("request_id") == request_id]
        assert len(mine) == 1, path
        assert mine[0]["action"] == "audit_read" and mine[0]["tlog"] == path
        assert "checkpoint" in mine[0]
    refusal = [e for e in events if e.get("request_id") == refused.headers["x-request-id"]]
    assert len(refusal) == 1 and refusal[0]["action"] == "request_refused"
    assert refusal[0]["code"] == "no-such-tile"
