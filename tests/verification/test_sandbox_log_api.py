"""The sandbox's audit log served like production's (ADR 0013): its tlog-tiles under
/v1/audit/sandbox/tlog (checkpoint, hash tiles and entry bundles of its own tables, under its
own origin), a checkpoint signed on request with `POST /v1/audit/checkpoints?log=sandbox`
(an Idempotency-Key of a production checkpoint is not replayed for it), each read an
auditor's access recorded in the production log, naming the sandbox's."""

from __future__ import annotations

import json
import uuid

from prometheus_client import REGISTRY
from sqlalchemy import func, select

from verification import monitoring
from verification.audit import merkle, tiles
from verification.audit.checkpoint import Checkpoint, parse_and_verify, parse_verifier_key
from verification.audit.log import recording_to
from verification.audit.models import PRODUCTION, SANDBOX, AuditEvent
from verification.audit.tiles import Tile

PREFIX = "/v1/audit/sandbox/tlog"
OCTETS = "application/octet-stream"


async def _sandbox_signed(api) -> Checkpoint:
    """A checkpoint of the sandbox's log of at least 300 events, signed on request."""
    await api.drain()
    async with api.sessions() as session:
        size = int(
            await session.scalar(select(SANDBOX.events.seq).order_by(-SANDBOX.events.seq)) or 0
        )
    if size < 300:
        with recording_to(SANDBOX):
            await api.runtime.audit.record([{"action": "sandbox_tiles_padding"}] * (300 - size))
        await api.drain()
    auditor = api.auth(api.auditor_token)
    signed = await api.http.post("/v1/audit/checkpoints?log=sandbox", headers=auditor)
    assert signed.status_code == 201
    vkey = (await api.http.get("/.well-known/audit-log-key?log=sandbox")).text.strip()
    name, public_key = parse_verifier_key(vkey)
    assert name == api.runtime.audit_origin(SANDBOX)
    checkpoint = parse_and_verify(signed.text, name, public_key, origin=name)
    response = await api.http.get(f"{PREFIX}/checkpoint", headers=auditor)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-cache"
    served = parse_and_verify(response.text, name, public_key, origin=name)
    assert served.size >= checkpoint.size >= 300
    return served


async def _sandbox_bodies(api, size: int) -> list[bytes]:
    events = SANDBOX.events
    async with api.sessions() as session:
        rows = await session.execute(
            select(events.body).where(events.seq <= size).order_by(events.seq)
        )
        return [body.encode() for body in rows.scalars()]


async def test_the_sandbox_logs_tiles_are_its_own_tree(api) -> None:
    checkpoint = await _sandbox_signed(api)
    auditor = api.auth(api.auditor_token)
    bodies = await _sandbox_bodies(api, checkpoint.size)
    leaves = [merkle.leaf_hash(body) for body in bodies]
    # the first full hash tile: the sandbox log's first 256 leaf hashes
    full = await api.http.get(f"{PREFIX}/tile/0/000", headers=auditor)
    assert full.status_code == 200 and full.headers["content-type"] == OCTETS
    assert full.content == b"".join(leaves[:256])
    # its first entry bundle: the sandbox log's first 256 events, byte for byte
    bundle = await api.http.get(f"{PREFIX}/tile/entries/000", headers=auditor)
    assert bundle.status_code == 200
    assert tiles.split_bundle(bundle.content) == bodies[:256]
    # the tiles of its size give the checkpoint's root
    hashes: list[bytes] = []
    for tile in tiles.tiles_of(checkpoint.size):
        if tile.level == 0 and not tile.entries:
            data = (await api.http.get(f"{PREFIX}/{tile.path()}", headers=auditor)).content
            hashes += [data[i : i + 32] for i in range(0, len(data), 32)]
    builder = merkle.RootBuilder()
    builder.add_leaf_hashes(hashes)
    assert builder.root() == checkpoint.root
    # beyond its checkpoint: 404, like production's
    beyond = Tile(level=0, index=checkpoint.size // 256 + 1, width=256)
    missing = await api.http.get(f"{PREFIX}/{beyond.path()}", headers=auditor)
    assert missing.status_code == 404 and missing.json()["code"] == "no-such-tile"
    # production's tlog is another log: another origin
    production = await api.http.get("/v1/audit/tlog/checkpoint", headers=auditor)
    assert production.text.splitlines()[0] == api.runtime.audit_origin(PRODUCTION)


async def test_reads_of_the_sandbox_tlog_are_auditors_accesses_naming_it(api) -> None:
    await _sandbox_signed(api)
    auditor = api.auth(api.auditor_token)
    request_id = uuid.uuid4().hex
    read = await api.http.get(
        f"{PREFIX}/tile/0/000", headers={**auditor, "X-Request-ID": request_id}
    )
    assert read.status_code == 200
    await api.drain()
    async with api.sessions() as session:
        bodies = (
            await session.execute(select(AuditEvent.body).where(AuditEvent.action == "audit_read"))
        ).scalars()
        reads = [json.loads(body) for body in bodies]
    mine = [event for event in reads if event.get("request_id") == request_id]
    assert len(mine) == 1
    assert mine[0]["tlog"] == "tile/0/000" and mine[0]["log"] == "sandbox"
    # a case system is not an auditor, for the sandbox's tiles either
    refused = await api.http.get(f"{PREFIX}/checkpoint", headers=api.auth(api.token))
    assert refused.status_code == 403


async def test_a_checkpoint_key_is_not_replayed_for_the_other_log(api) -> None:
    await _sandbox_signed(api)
    auditor = api.auth(api.auditor_token)
    key = {"Idempotency-Key": f"checkpoint-{uuid.uuid4()}"}
    production = await api.http.post("/v1/audit/checkpoints", headers={**auditor, **key})
    assert production.status_code == 201
    again = await api.http.post("/v1/audit/checkpoints", headers={**auditor, **key})
    assert again.text == production.text  # replayed
    sandbox = await api.http.post("/v1/audit/checkpoints?log=sandbox", headers={**auditor, **key})
    assert sandbox.status_code == 422
    assert sandbox.json()["code"] == "idempotency-key-reused"


async def test_the_monitoring_gauges_show_the_sandbox_log_by_label(api) -> None:
    checkpoint = await _sandbox_signed(api)
    with recording_to(SANDBOX):
        await api.runtime.audit.record([{"action": "sandbox_gauge_pending"}])
    assert await monitoring.probe(api.runtime)
    sandbox = {"log": "sandbox"}
    async with api.sessions() as session:
        stored = await session.scalar(select(func.max(SANDBOX.events.seq)))
    # the integrator may have grown the log between the probe and this read
    assert stored >= REGISTRY.get_sample_value("audit_log_size", sandbox) >= checkpoint.size
    assert REGISTRY.get_sample_value("audit_checkpoint_size", sandbox) >= checkpoint.size
    assert REGISTRY.get_sample_value("audit_checkpoint_timestamp_seconds", sandbox) > 0
    # production's series stay unlabelled, and are production's log's
    async with api.sessions() as session:
        production = await session.scalar(select(func.max(AuditEvent.seq)))
    assert REGISTRY.get_sample_value("audit_log_size", {}) <= production
    assert REGISTRY.get_sample_value("audit_log_size", {"log": "production"}) is None
