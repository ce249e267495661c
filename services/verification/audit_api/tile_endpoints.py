"""The audit logs served as C2SP tlog-tiles: production's under ``/v1/audit/tlog``, the
sandbox's under ``/v1/audit/sandbox/tlog`` (a tlog-tiles log is a URL prefix its clients
append paths to, so the sandbox's is a prefix of its own, not ``?log=sandbox``): the latest
signed checkpoint, hash tiles and entry bundles (``tiles.py`` builds them), for auditors only.

Each request is audited like the auditor's other reads: one ``audit_read`` event naming
what was read (``tlog``: the path under the prefix; the checkpoint's size), appended before
the answer is sent, so a read the log cannot record is not served (a read of the sandbox's
log names it, ``log``, and is production's access, like the other auditor reads of it).  A
path that is not a tile path, or a tile the latest signed checkpoint does not cover, is
``404`` (audited as a refusal, like every refusal of an authenticated client).
"""

from __future__ import annotations

import gzip
from typing import Annotated, Any, Final

from fastapi import APIRouter, Header, Path, Response
from fastapi.responses import PlainTextResponse

from verification.audit import tiles
from verification.audit.models import PRODUCTION, SANDBOX, Stream
from verification.audit.tree import issue_checkpoint, latest_checkpoint
from verification.audit_api.endpoints import Auditor
from verification.clients.models import ApiClient
from verification.dependencies import RequestId, RuntimeDep
from verification.problems import NotFound
from verification.runtime import Runtime

PREFIX: Final = "/v1/audit/tlog"
SANDBOX_PREFIX: Final = "/v1/audit/sandbox/tlog"

OCTETS: Final = "application/octet-stream"
# the checkpoint changes: no cache keeps it beyond a revalidation (the spec: a few seconds)
CHECKPOINT_CACHE: Final = "private, no-cache"
# a full tile or bundle never changes; "private": it is served to auditors only, so no
# shared cache may keep it
FULL_CACHE: Final = "private, max-age=31536000, immutable"
# a partial tile's bytes never change for its width either, but the log may stop serving it
# once the full tile exists (tlog-tiles allows it), so caches are told to keep it briefly
PARTIAL_CACHE: Final = "private, max-age=60"

_INDEX_DESCRIPTION = (
    "`<N>[.p/<W>]`: the tile's number in 3-digit groups, all but the last prefixed with `x` "
    "(1234067 → `x001/x234/067`), then `.p/<W>` (W 1–255) for a partial tile"
)
_TILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {OCTETS: {"schema": {"type": "string", "format": "binary"}}}},
    404: {"description": "not a tile path, or not covered by the latest signed checkpoint"},
}


async def _audit_read(
    runtime: Runtime, client: ApiClient, request_id: str, stream: Stream, **fields: Any
) -> None:
    of = {} if stream is PRODUCTION else {"log": stream.name}
    await runtime.audit.record(
        [
            {
                "action": "audit_read",
                "client_id": str(client.id),
                "request_id": request_id,
                **fields,
                **of,
            }
        ]
    )


async def _checkpoint(
    runtime: Runtime, client: ApiClient, request_id: str, stream: Stream
) -> Response:
    async with runtime.read_session_factory() as session:
        row = await latest_checkpoint(session, stream)
    if row is None:  # as GET /v1/audit/checkpoint: the first one is signed when first asked
        row = await issue_checkpoint(
            runtime.transaction, runtime.audit_key, runtime.audit_origin(stream), stream
        )
    if row is None:
        raise NotFound("the log is empty", code="no-checkpoint")
    await _audit_read(runtime, client, request_id, stream, tlog="checkpoint", checkpoint=row.size)
    return PlainTextResponse(
        row.note,
        media_type="text/plain; charset=utf-8",
        headers={"Cache-Control": CHECKPOINT_CACHE},
    )


async def _serve(
    runtime: Runtime,
    client: ApiClient,
    request_id: str,
    stream: Stream,
    *,
    path: str,
    accept_encoding: str | None,
) -> Response:
    try:
        tile = tiles.parse_tile_path(path)
    except tiles.TilePathError:
        raise NotFound("not a tile path of this log", code="no-such-tile") from None
    async with runtime.read_session_factory() as session:
        checkpoint = await latest_checkpoint(session, stream)
        size = checkpoint.size if checkpoint is not None else 0
        data = await tiles.read_tile(session, tile, size, stream)
    if data is None:
        raise NotFound("the latest signed checkpoint does not cover this tile", code="no-such-tile")
    await _audit_read(runtime, client, request_id, stream, tlog=tile.path(), checkpoint=size)
    headers = {"Cache-Control": PARTIAL_CACHE if tile.partial else FULL_CACHE}
    if tile.entries:
        # entry bundles SHOULD be compressed at the HTTP layer
        headers["Vary"] = "Accept-Encoding"
        if _accepts_gzip(accept_encoding):
            data = gzip.compress(data, compresslevel=6, mtime=0)
            headers["Content-Encoding"] = "gzip"
    return Response(data, media_type=OCTETS, headers=headers)


def _accepts_gzip(header: str | None) -> bool:
    """Does ``Accept-Encoding`` admit gzip (by name, else by ``*``) with a q above 0?"""
    weights: dict[str, float] = {}
    for item in (header or "").split(","):
        coding, _, params = item.strip().partition(";")
        q = params.strip()
        try:
            weights[coding.strip().lower()] = float(q[2:]) if q.startswith("q=") else 1.0
        except ValueError:
            weights[coding.strip().lower()] = 0.0
    for coding in ("gzip", "*"):
        if coding in weights:
            return weights[coding] > 0
    return False


AcceptEncoding = Annotated[str | None, Header(include_in_schema=False)]


def _tlog_router(prefix: str, stream: Stream, ids: str, of: str) -> APIRouter:
    """``stream``'s log served under ``prefix``; its operations are named ``get<ids>…``,
    their texts naming the log with ``of`` (nothing for production's: its texts as ever)."""
    router = APIRouter(prefix=prefix, tags=["audit"])

    @router.get(
        "/checkpoint",
        operation_id=f"get{ids}Checkpoint",
        description=f"The latest signed checkpoint{of}, as served by a C2SP tlog-tiles log. "
        "Role: auditor.",
        response_class=PlainTextResponse,
        summary=f"tlog-tiles: the latest signed checkpoint{of} (C2SP tlog-checkpoint note)",
        responses={404: {"description": "the log is empty"}},
    )
    async def tlog_checkpoint(
        client: Auditor, runtime: RuntimeDep, request_id: RequestId
    ) -> Response:
        return await _checkpoint(runtime, client, request_id, stream)

    @router.get(
        "/tile/entries/{index:path}",
        operation_id=f"get{ids}EntryBundle",
        description=f"An entry bundle{of} of the tlog-tiles layout: the events' canonical "
        "JSON, each prefixed by its length (uint16). Role: auditor.",
        response_class=Response,
        summary=f"tlog-tiles: an entry bundle{of} (the events' canonical JSON, "
        "uint16-length-prefixed)",
        responses=_TILE_RESPONSES,
    )
    async def tlog_entry_bundle(
        *,
        client: Auditor,
        runtime: RuntimeDep,
        request_id: RequestId,
        index: Annotated[str, Path(description=_INDEX_DESCRIPTION)],
        accept_encoding: AcceptEncoding = None,
    ) -> Response:
        path = f"tile/entries/{index}"
        return await _serve(
            runtime, client, request_id, stream, path=path, accept_encoding=accept_encoding
        )

    @router.get(
        "/tile/{level}/{index:path}",
        operation_id=f"get{ids}HashTile",
        description=f"A hash tile{of} of the tlog-tiles layout: 256 hashes of tree level 8·L "
        "(or W of a partial tile). Role: auditor.",
        response_class=Response,
        summary=f"tlog-tiles: a hash tile{of} (256 hashes of tree level 8·L, or W of a "
        "partial tile)",
        responses=_TILE_RESPONSES,
    )
    async def tlog_hash_tile(
        *,
        client: Auditor,
        runtime: RuntimeDep,
        request_id: RequestId,
        level: Annotated[str, Path(description="`<L>`: the tile level, 0–63")],
        index: Annotated[str, Path(description=_INDEX_DESCRIPTION)],
    ) -> Response:
        path = f"tile/{level}/{index}"
        return await _serve(runtime, client, request_id, stream, path=path, accept_encoding=None)

    return router


router: Final = _tlog_router(PREFIX, PRODUCTION, "Tlog", "")
sandbox_router: Final = _tlog_router(
    SANDBOX_PREFIX, SANDBOX, "SandboxTlog", " (the sandbox's audit log)"
)
