"""/v1/batches: re-verification of enrolled households, one batch at a time (case systems)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, status

from verification.batches import cancel, create, items, listing, progress
from verification.batches.items import ItemQuery
from verification.batches.listing import BatchQuery
from verification.batches.schemas import (
    MAX_BODY_BYTES,
    MAX_EXPLICIT,
    BatchItems,
    BatchPage,
    BatchView,
    CreateBatch,
    ItemState,
    Recommendation,
)
from verification.clients.dependencies import CaseSystem
from verification.dependencies import LocaleDep, RequestId, RuntimeDep
from verification.idempotency.dependency import Idempotency
from verification.idempotency.service import IdempotentResult
from verification.paging import (
    BeforeQuery,
    FromQuery,
    PageQuery,
    PageRequest,
    TimeRange,
    page_parameters,
)
from verification.problems import PROBLEM_JSON

router = APIRouter(prefix="/v1/batches", tags=["batches"])

_PROBLEM: dict[str, Any] = {"content": {PROBLEM_JSON: {}}, "description": "problem details"}
# a batch's items' `limit`: 1–500, default 100, published without a description
ItemPageQuery = Annotated[PageRequest, page_parameters(described=False)]


def _ids(batch: BatchView) -> dict[str, str]:
    """What the audit event of a replay names."""
    return {"batch_id": str(batch.id)}


@router.post(
    "",
    operation_id="createBatch",
    status_code=status.HTTP_201_CREATED,
    response_model=BatchView,
    responses={404: _PROBLEM, 409: _PROBLEM},
    summary="Re-verify enrolled households: explicit ones, or everything due",
    description="`household_ids`: active households of the calling client (`404 "
    "unknown-households`, `409 households-ended`, `409 households-queued` when one waits "
    "in an open batch already, naming those `household_ids` and the `batch_ids` they wait "
    "in). `due`: every active household with `next_review_on` on or "
    "before `as_of` (default today) in the region prefix, except those already queued. "
    "Each item re-verifies the household under its stored authorization, compares the new "
    "report with the previous one and moves its review dates; it has the effect of one run "
    "whatever crashes and retries happen. Exactly one of `household_ids` and `due`; the body "
    f"may be up to {MAX_BODY_BYTES // 1024} KiB (room for {MAX_EXPLICIT:,} ids), or "
    "`VERIFICATION_MAX_BODY_BYTES` if larger (`413 payload-too-large` beyond).",
)
async def create_batch(
    body: CreateBatch,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        batch = await create.create_batch(runtime, client, body, request_id)
        return IdempotentResult.json(batch, status.HTTP_201_CREATED, audit=_ids(batch))

    return await idempotency.run(client, work)


@router.get(
    "",
    operation_id="listBatches",
    response_model=BatchPage,
    responses={422: _PROBLEM},
    summary="The calling client's batches with their progress, one page at a time",
    description="The batches the calling client created, oldest first in the stable order "
    "(`created_at`, `id`), each with its progress as `getBatch` gives it, with keyset "
    "paging: pass `next_cursor` back as `cursor` with the same filters (or follow `next`); "
    "batches created meanwhile are neither repeated nor skipped. `status` as `getBatch` "
    "derives it (`cancelled`; else `running` while an item is pending or running; else "
    "`completed`): a batch may change status between pages. `422 invalid-cursor` for a "
    "cursor the service did not issue or one altered, `422 cursor-mismatch` for one issued "
    "with other filters, `422 invalid-time-range` for an empty range. Role: case system.",
)
async def list_batches(
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    page: PageQuery,
    status: Annotated[Literal["running", "completed", "cancelled"] | None, Query()] = None,
    created_from: FromQuery = None,
    created_before: BeforeQuery = None,
) -> BatchPage:
    query = BatchQuery(status=status, created=TimeRange.of("created", created_from, created_before))
    return await listing.list_batches(runtime, client, query, page)


@router.get(
    "/{batch_id}",
    operation_id="getBatch",
    description="Progress of one 批量复核 batch of the calling client: items by state and by "
    "recommendation, throughput and an estimated time to finish. Role: case system.",
    response_model=BatchView,
    responses={404: _PROBLEM},
    summary="A batch's progress: counts by state and recommendation, rate and ETA",
)
async def get_batch(batch_id: uuid.UUID, client: CaseSystem, runtime: RuntimeDep) -> BatchView:
    return await progress.batch_progress(runtime, client, batch_id)


@router.get(
    "/{batch_id}/items",
    operation_id="listBatchItems",
    description="The batch's items with the result of each (a verification id and its "
    "recommendation, or why it failed), in order, one page at a time. Audited as a read of "
    "personal data. Role: case system.",
    response_model=BatchItems,
    responses={404: _PROBLEM, 422: _PROBLEM},
    summary="A batch's items with their results, one page at a time (audited)",
)
async def batch_items(
    batch_id: uuid.UUID,
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    page: ItemPageQuery,
    locale: LocaleDep,
    state: Annotated[ItemState | None, Query()] = None,
    recommendation: Annotated[Recommendation | None, Query()] = None,
) -> BatchItems:
    query = ItemQuery(state=state, recommendation=recommendation, locale=locale)
    return await items.batch_items(runtime, client, batch_id, query, page, request_id)


@router.post(
    "/{batch_id}/cancel",
    operation_id="cancelBatch",
    response_model=BatchView,
    responses={404: _PROBLEM, 409: _PROBLEM},
    summary="Cancel the items not started yet (running ones finish)",
    description="`409 batch-finished` when the batch was cancelled already or every item "
    "has finished.",
)
async def cancel_batch(
    batch_id: uuid.UUID,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        batch = await cancel.cancel_batch(runtime, client, batch_id, request_id)
        return IdempotentResult.json(batch, audit=_ids(batch))

    return await idempotency.run(client, work)
