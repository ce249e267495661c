"""The auditor's API: events with filters and cursor paging, NDJSON export,
checkpoints, proofs, and the log's public key.  Every read is itself audited."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from fastapi.responses import HTMLResponse, PlainTextResponse, StreamingResponse
from pydantic import BaseModel, Field
from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from verification.audit.checkpoint import verifier_key
from verification.audit.models import PRODUCTION, STREAMS, Stream
from verification.audit.receipts import MAX_INDEX
from verification.audit.tree import (
    b64,
    consistency_proof,
    inclusion_proof,
    issue_checkpoint,
    latest_checkpoint,
    tree_size,
)
from verification.clients.dependencies import require_role
from verification.clients.models import ApiClient, Role
from verification.dependencies import LocaleDep, RequestId, RuntimeDep
from verification.idempotency.dependency import Idempotency
from verification.idempotency.service import IdempotentResult
from verification.kit.id_number import normalize
from verification.kit.masking import mask_text
from verification.kit.rfc3339 import Rfc3339DateTime
from verification.messages.catalogue import LABELS
from verification.messages.locale import Locale
from verification.paging import PageRequest, PlainCursors, page_parameters
from verification.problems import InvalidRequest, NotFound
from verification.receipts_api.responses import RECEIPT_RESPONSES, receipt_response
from verification.receipts_api.service import issue_receipt
from verification.reports.verify_page import verify_page
from verification.runtime import Runtime
from verification.verifications.create import SANDBOX_PERSON
from verification.verifications.models import VerificationMember

router = APIRouter(prefix="/v1/audit", tags=["audit"])
well_known = APIRouter(tags=["audit"])
Auditor = Annotated[ApiClient, Depends(require_role(Role.AUDITOR))]
EXPORT_BATCH = 1000


class EventView(BaseModel):
    seq: int
    recorded_at: dt.datetime
    action: str
    leaf_hash: str
    event: dict[str, Any]


class EventPage(BaseModel):
    events: list[EventView]
    next_cursor: str | None


class InclusionView(BaseModel):
    index: int
    tree_size: int
    leaf_hash: str
    proof: list[str]
    root_hash: str


class ConsistencyView(BaseModel):
    old_size: int
    new_size: int
    proof: list[str]
    old_root_hash: str
    new_root_hash: str


class Filters(BaseModel):
    """The filters of the auditor's event search; each value is recorded in the
    ``audit_read`` event, so each has the shape of what it matches (an action name,
    ids) and the person is recorded only as its blind index."""

    since: Rfc3339DateTime | None = None
    until: Rfc3339DateTime | None = None
    action: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")] | None = None
    client_id: uuid.UUID | None = None
    verification_id: uuid.UUID | None = None
    authorization_id: (
        Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._:-]+$")] | None
    ) = None
    person: str | None = None  # an ID number; matched through the blind index


FilterDep = Annotated[Filters, Query()]


async def _log(
    log: Annotated[
        Literal["production", "sandbox"],
        Query(
            description="which audit log: `production` (the default), or `sandbox`, the log of "
            "sandbox clients' accesses with its own origin and checkpoints "
            "(docs/integrators/sandbox.md)"
        ),
    ] = "production",
) -> Stream:
    return STREAMS[log]


LogDep = Annotated[Stream, Depends(_log)]


async def _query(
    runtime: Runtime, session: AsyncSession, filters: Filters, stream: Stream = PRODUCTION
) -> tuple[Select[Any], dict[str, Any]]:
    """The filtered query of ``stream``'s log, and the filters as they may be audited
    (person blind-indexed: in the sandbox's log, with the sandbox's blind index)."""
    events = stream.events
    query = select(events)
    recorded: dict[str, Any] = {}
    for column, value in (
        (events.action, filters.action),
        (events.client_id, filters.client_id),
        (events.verification_id, filters.verification_id),
        (events.authorization_id, filters.authorization_id),
    ):
        if value is not None:
            query = query.where(column == str(value))
            recorded[column.key] = mask_text(str(value))
    if filters.since is not None:
        query = query.where(events.recorded_at >= filters.since)
        recorded["since"] = filters.since.isoformat()
    if filters.until is not None:
        query = query.where(events.recorded_at < filters.until)
        recorded["until"] = filters.until.isoformat()
    if filters.person is not None:
        prefix = SANDBOX_PERSON if stream is not PRODUCTION else ""
        person = runtime.keyring.blind_index(prefix + normalize(filters.person))
        involved = (
            await session.execute(
                select(VerificationMember.verification_id).where(
                    VerificationMember.person_index == person
                )
            )
        ).scalars()
        query = query.where(
            or_(
                events.person_index == person,
                events.verification_id.in_([str(v) for v in involved]),
            )
        )
        recorded["person"] = person
    return query, recorded


def _seq(value: Any) -> int:
    """The sequence number a page ended with."""
    after = int(value["after"])
    if not 0 <= after < 2**63:  # a sequence number fits a BIGINT
        raise ValueError("not a sequence number")
    return after


# unsealed (from before the sealed ones): the last event's sequence number; a cursor that
# is not one is `422 bad-cursor`, the code this list has always answered (problem_types.py)
_CURSORS = PlainCursors[int](lambda seq: {"after": seq}, _seq, code="bad-cursor")
# `limit` 1–500, default 100, published without a description
EventPageQuery = Annotated[PageRequest, page_parameters(described=False)]


def _of(stream: Stream) -> dict[str, str]:
    """What an ``audit_read`` event says of the log read: nothing for production's (as
    before the sandbox's existed), ``log`` for the sandbox's."""
    return {} if stream is PRODUCTION else {"log": stream.name}


async def _audit_read(
    runtime: Runtime, client: ApiClient, request_id: str, action: str, **fields: Any
) -> None:
    await runtime.audit.record(
        [{"action": action, "client_id": str(client.id), "request_id": request_id, **fields}]
    )


@router.get(
    "/events",
    operation_id="listAuditEvents",
    description="The audit events matching the filters, oldest first, one page at a time "
    "(`cursor` from the previous page). Reading the log is itself audited. Role: auditor.",
    response_model=EventPage,
    summary="Audit events, filtered, oldest first",
)
async def list_events(
    *,
    client: Auditor,
    runtime: RuntimeDep,
    request_id: RequestId,
    filters: FilterDep,
    page: EventPageQuery,
    stream: LogDep,
) -> EventPage:
    after = _CURSORS.after(page.cursor)
    seq = stream.events.seq
    async with runtime.read_session_factory() as session:
        query, recorded = await _query(runtime, session, filters, stream)
        rows = (
            await session.execute(query.where(seq > (after or 0)).order_by(seq).limit(page.fetch))
        ).scalars()
        listed = _CURSORS.page(list(rows), page, lambda row: row.seq)
    # a search by person is itself found by the next search for that person (its blind
    # index goes to the event's person column), so auditors see who else looked them up
    person = {"person": recorded["person"]} if "person" in recorded else {}
    await _audit_read(
        runtime,
        client,
        request_id,
        "audit_read",
        filters=recorded,
        returned=len(listed.rows),
        **person,
        **_of(stream),
    )
    return EventPage(
        events=[
            EventView(
                seq=r.seq,
                recorded_at=r.recorded_at,
                action=r.action,
                leaf_hash=r.leaf_hash,
                event=json.loads(r.body),
            )
            for r in listed.rows
        ],
        next_cursor=listed.next_cursor,
    )


@router.get(
    "/export",
    operation_id="exportAuditEvents",
    description="Every event from 1 to `size` as NDJSON, to be checked offline against a signed "
    "checkpoint of that size (`400 bad-tree-size` beyond the log). Role: auditor.",
    summary="Every event from 1 to `size` as NDJSON, verifiable offline against a checkpoint",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}}}},
)
async def export_events(
    *,
    client: Auditor,
    runtime: RuntimeDep,
    request_id: RequestId,
    stream: LogDep,
    size: Annotated[int | None, Query(ge=1)] = None,
) -> StreamingResponse:
    async with runtime.read_session_factory() as session:
        current = await tree_size(session, stream)
    size = size or current
    if size > current:
        raise InvalidRequest(f"the log holds {current} events", code="bad-tree-size")
    await _audit_read(runtime, client, request_id, "audit_export", size=size, **_of(stream))
    return StreamingResponse(
        export_lines(runtime, size, stream),
        media_type="application/x-ndjson",
        headers={"Cache-Control": "no-store"},
    )


async def export_lines(
    runtime: Runtime, size: int, stream: Stream = PRODUCTION
) -> AsyncIterator[bytes]:
    """One line per event: ``{"seq", "leaf_hash", "body"}``; constant memory (keyset batches)."""
    events = stream.events
    after = 0
    while after < size:
        async with runtime.read_session_factory() as session:
            rows = (
                await session.execute(
                    select(events.seq, events.leaf_hash, events.body)
                    .where(events.seq > after, events.seq <= size)
                    .order_by(events.seq)
                    .limit(EXPORT_BATCH)
                )
            ).all()
        if not rows:
            return
        yield b"".join(
            json.dumps(
                {"seq": seq, "leaf_hash": leaf, "body": body},
                ensure_ascii=False,
                separators=(",", ":"),
            ).encode()
            + b"\n"
            for seq, leaf, body in rows
        )
        after = rows[-1][0]


@router.get(
    "/checkpoint",
    operation_id="getAuditCheckpoint",
    description="The newest signed checkpoint of the audit log (审计日志) as a C2SP "
    "tlog-checkpoint note; `404 no-checkpoint` while the log is empty. Role: auditor.",
    response_class=PlainTextResponse,
    summary="The latest signed checkpoint (C2SP tlog-checkpoint note)",
    responses={404: {"description": "the log is empty"}},
)
async def get_checkpoint(
    client: Auditor, runtime: RuntimeDep, request_id: RequestId, stream: LogDep
) -> str:
    async with runtime.read_session_factory() as session:
        row = await latest_checkpoint(session, stream)
    if row is None:  # the log was empty at start and none was signed since: sign one now
        row = await issue_checkpoint(
            runtime.transaction, runtime.audit_key, runtime.audit_origin(stream), stream
        )
    if row is None:
        raise NotFound("the log is empty", code="no-checkpoint")
    await _audit_read(runtime, client, request_id, "audit_read", checkpoint=row.size, **_of(stream))
    return row.note


@router.post(
    "/checkpoints",
    operation_id="createAuditCheckpoint",
    description="Signs and stores a checkpoint covering every entry integrated so far, and "
    "returns it as a C2SP note (`?log=sandbox`: of the sandbox's log, under its origin). "
    "Role: auditor.",
    response_class=PlainTextResponse,
    status_code=201,
    summary="Sign a checkpoint of the log as it is now",
    responses={404: {"description": "the log is empty"}},
)
async def create_checkpoint(
    client: Auditor,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
    stream: LogDep,
) -> Response:
    async def work() -> IdempotentResult:
        row = await issue_checkpoint(
            runtime.transaction, runtime.audit_key, runtime.audit_origin(stream), stream
        )
        if row is None:
            raise NotFound("the log is empty", code="no-checkpoint")
        await _audit_read(
            runtime, client, request_id, "audit_checkpoint", checkpoint=row.size, **_of(stream)
        )
        return IdempotentResult(
            PlainTextResponse(row.note, status_code=201),
            audit={"checkpoint": str(row.size), **_of(stream)},
        )

    # the same key for the other log is another request
    variant = "" if stream is PRODUCTION else f"log={stream.name}"
    return await idempotency.run(client, work, variant=variant)


@router.get(
    "/proofs/inclusion",
    operation_id="getInclusionProof",
    description="An RFC 9162 inclusion proof of the entry at `index` in the tree of size `size`. "
    "Role: auditor.",
    response_model=InclusionView,
    summary="RFC 9162 inclusion proof",
)
async def get_inclusion_proof(
    *,
    client: Auditor,
    runtime: RuntimeDep,
    request_id: RequestId,
    index: Annotated[int, Query(ge=0, description="leaf index (seq − 1)")],
    size: Annotated[int, Query(ge=1)],
    stream: LogDep,
) -> InclusionView:
    async with runtime.read_session_factory() as session:
        proof = await inclusion_proof(session, index, size, stream)
    await _audit_read(
        runtime,
        client,
        request_id,
        "audit_read",
        proof="inclusion",
        index=index,
        size=size,
        **_of(stream),
    )
    return InclusionView(
        index=proof.index,
        tree_size=proof.size,
        leaf_hash=b64(proof.leaf_hash),
        proof=[b64(p) for p in proof.proof],
        root_hash=b64(proof.root),
    )


@router.get(
    "/proofs/consistency",
    operation_id="getConsistencyProof",
    description="An RFC 9162 consistency proof between two tree sizes of the audit log: the newer "
    "log extends the older one. Role: auditor.",
    response_model=ConsistencyView,
    summary="RFC 9162 consistency proof",
)
async def get_consistency_proof(
    *,
    client: Auditor,
    runtime: RuntimeDep,
    request_id: RequestId,
    old: Annotated[int, Query(ge=1)],
    new: Annotated[int, Query(ge=1)],
    stream: LogDep,
) -> ConsistencyView:
    async with runtime.read_session_factory() as session:
        proof = await consistency_proof(session, old, new, stream)
    await _audit_read(
        runtime,
        client,
        request_id,
        "audit_read",
        proof="consistency",
        old=old,
        new=new,
        **_of(stream),
    )
    return ConsistencyView(
        old_size=proof.old_size,
        new_size=proof.new_size,
        proof=[b64(p) for p in proof.proof],
        old_root_hash=b64(proof.old_root),
        new_root_hash=b64(proof.new_root),
    )


@router.get(
    "/receipts/{index}",
    operation_id="getAuditReceipt",
    description="The receipt (C2SP tlog-proof) of any entry of the log by leaf index: the entry's "
    "hash, its inclusion proof and a signed checkpoint; `409 receipt-pending` until a checkpoint "
    "covers it. Role: auditor.",
    response_class=PlainTextResponse,
    responses={**RECEIPT_RESPONSES, 404: {"description": "the log has no entry at `index`"}},
    summary="The receipt (C2SP tlog-proof) of any entry of the log, by leaf index",
)
async def get_receipt(
    *,
    client: Auditor,
    runtime: RuntimeDep,
    request_id: RequestId,
    locale: LocaleDep,
    index: Annotated[int, Path(ge=0, le=MAX_INDEX - 1, description="leaf index (seq − 1)")],
    stream: LogDep,
) -> PlainTextResponse:
    receipt = await issue_receipt(runtime, index + 1, locale, stream=stream)
    if receipt is None:
        raise NotFound("the log has no entry at this index", code="no-such-entry")
    await _audit_read(
        runtime,
        client,
        request_id,
        "audit_read",
        receipt=index,
        checkpoint=receipt.checkpoint_size,
        **_of(stream),
    )
    return receipt_response(receipt)


@well_known.get(
    "/.well-known/audit-log-key",
    operation_id="getAuditLogKey",
    description="The public key (Ed25519, as a note verifier key) that signs the audit log's "
    "checkpoints, so anyone can check a checkpoint or receipt offline. Unauthenticated.",
    response_class=PlainTextResponse,
    summary="The audit log's Ed25519 verifier key (signed-note vkey format)",
)
async def audit_log_key(runtime: RuntimeDep, stream: LogDep) -> str:
    origin = runtime.audit_origin(stream)
    return verifier_key(origin, runtime.audit_key.public_key()) + "\n"


@well_known.get(
    "/verify-report",
    include_in_schema=False,
    response_class=HTMLResponse,
)
async def verify_report_page(runtime: RuntimeDep, stream: LogDep) -> HTMLResponse:
    """The page that checks a downloaded signed report offline (no network request),
    with the log's verifier key filled in.  Unauthenticated, as the key is."""
    key = verifier_key(runtime.audit_origin(stream), runtime.audit_key.public_key())
    scopes = LABELS["scope"]
    names = {scope: (text.of(Locale.ZH_CN), text.of(Locale.EN)) for scope, text in scopes.items()}
    return HTMLResponse(verify_page(key, names), headers={"Cache-Control": "no-cache"})
