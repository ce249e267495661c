"""/v1/batches: re-verification of enrolled households, one batch at a time (case systems)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from verification.batches.schemas import (
    BatchItems,
    BatchView,
    CreateBatch,
    ItemState,
    Recommendation,
)
from verification.batches.service import MAX_PAGE, BatchService, ItemQuery
from verification.clients.dependencies import CaseSystem
from verification.dependencies import LocaleDep, RequestId, RuntimeDep
from verification.problems import PROBLEM_JSON

router = APIRouter(prefix="/v1/batches", tags=["batches"])

_PROBLEM: dict[str, Any] = {"content": {PROBLEM_JSON: {}}, "description": "problem details"}


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=BatchView,
    responses={404: _PROBLEM, 409: _PROBLEM},
    summary="Re-verify enrolled households: explicit ones, or everything due",
    description="`household_ids`: active households of the calling client (`404 "
    "unknown-households`, `409 households-ended`, `409 households-queued` when one waits "
    "in an open batch already). `due`: every active household with `next_review_on` on or "
    "before `as_of` (default today) in the region prefix, except those already queued. "
    "Each item re-verifies the household under its stored authorization, compares the new "
    "report with the previous one and moves its review dates; it has the effect of one run "
    "whatever crashes and retries happen.",
)
async def create_batch(
    body: CreateBatch, client: CaseSystem, runtime: RuntimeDep, request_id: RequestId
) -> BatchView:
    return await BatchService(runtime).create(client, body, request_id)


@router.get(
    "/{batch_id}",
    response_model=BatchView,
    responses={404: _PROBLEM},
    summary="A batch's progress: counts by state and recommendation, rate and ETA",
)
async def get_batch(batch_id: uuid.UUID, client: CaseSystem, runtime: RuntimeDep) -> BatchView:
    return await BatchService(runtime).view(client, batch_id)


@router.get(
    "/{batch_id}/items",
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
    locale: LocaleDep,
    state: Annotated[ItemState | None, Query()] = None,
    recommendation: Annotated[Recommendation | None, Query()] = None,
    cursor: Annotated[
        str | None, Query(min_length=1, max_length=200, description="`next_cursor` of a page")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
) -> BatchItems:
    query = ItemQuery(
        state=state, recommendation=recommendation, cursor=cursor, limit=limit, locale=locale
    )
    return await BatchService(runtime).items(client, batch_id, query, request_id)


@router.post(
    "/{batch_id}/cancel",
    response_model=BatchView,
    responses={404: _PROBLEM, 409: _PROBLEM},
    summary="Cancel the items not started yet (running ones finish); idempotent",
    description="`409 batch-finished` when every item has finished already.",
)
async def cancel_batch(
    batch_id: uuid.UUID, client: CaseSystem, runtime: RuntimeDep, request_id: RequestId
) -> BatchView:
    return await BatchService(runtime).cancel(client, batch_id, request_id)
