"""/v1/cross-lists and /v1/cross-list-comparisons: a case system's uploaded lists and their
comparisons with its enrolled households (每月一比对, ADR 0020).  Role: case system; a list
and its comparisons are its uploader's only."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, status

from verification.clients.dependencies import CaseSystem
from verification.cross_lists import compare, read, upload
from verification.cross_lists.schemas import (
    CrossListComparison,
    CrossListComparisonList,
    CrossListPage,
    CrossListView,
    UploadCrossList,
)
from verification.dependencies import RequestId, RuntimeDep
from verification.idempotency.dependency import Idempotency
from verification.idempotency.service import IdempotentResult
from verification.problems import PROBLEM_JSON

router = APIRouter(tags=["cross-lists"])

_PROBLEM: dict[str, Any] = {"content": {PROBLEM_JSON: {}}, "description": "problem details"}


@router.post(
    "/v1/cross-lists",
    operation_id="uploadCrossList",
    status_code=status.HTTP_201_CREATED,
    response_model=CrossListView,
    responses={403: _PROBLEM, 409: _PROBLEM, 422: _PROBLEM},
    summary="Upload a list (脱贫, 低保边缘, …) of a region to compare with the enrolled households",
    description="The ID numbers are turned into blind indexes at once and never stored, "
    "logged or echoed; the list is the next version of the client's list of this `kind` and "
    "`region_prefix`, and the version before is superseded (its entries deleted; its "
    "comparisons kept). `422 invalid-cross-list` names invalid entries by position and "
    "reason, never by value, and stores nothing; `403 region-not-permitted` for a prefix "
    "outside the client's regions. Every current list is compared monthly (on the first "
    "run of the schedule in each Beijing month). Audited (`cross_list_uploaded`, counts "
    "only). Role: case system.",
)
async def upload_cross_list(
    body: UploadCrossList,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        view = await upload.upload_list(runtime, client, body, request_id)
        return IdempotentResult.json(view, status.HTTP_201_CREATED, audit={"list_id": str(view.id)})

    return await idempotency.run(client, work)


@router.get(
    "/v1/cross-lists",
    operation_id="listCrossLists",
    response_model=CrossListPage,
    summary="The calling client's current lists (one per kind and region prefix)",
    description="Each list's current version (`id`, `version`, counts of entries), never "
    "its people. Audited as a read (`cross_lists_listed`). Role: case system.",
)
async def list_cross_lists(
    client: CaseSystem, runtime: RuntimeDep, request_id: RequestId
) -> CrossListPage:
    return await read.current_lists(runtime, client, request_id)


@router.post(
    "/v1/cross-lists/{list_id}/comparisons",
    operation_id="compareCrossList",
    status_code=status.HTTP_201_CREATED,
    response_model=CrossListComparison,
    responses={403: _PROBLEM, 404: _PROBLEM, 409: _PROBLEM},
    summary="Compare a list with the calling client's enrolled households of its region, now",
    description="Households enrolled with no member on the list, listed people in no "
    "enrolled household, and crossings: an enrolled household whose latest assessed "
    "per-capita income is at or above the 低保 standard in force today, a listed person "
    "not enrolled whose household's latest verified per-capita income is below it; each "
    "with its band against the standard and the edge line (`edge.income_multiple` × the "
    "standard). `409 cross-list-superseded` for a version a later upload replaced; `403 "
    "region-not-permitted` once the list's prefix is no longer among the client's. Audited "
    "(`cross_list_compared`, counts only). Role: case system.",
)
async def compare_cross_list(
    list_id: uuid.UUID,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        view = await compare.compare_on_demand(runtime, client, list_id, request_id)
        return IdempotentResult.json(
            view, status.HTTP_201_CREATED, audit={"comparison_id": str(view.id)}
        )

    return await idempotency.run(client, work)


@router.get(
    "/v1/cross-lists/{list_id}/comparisons",
    operation_id="listCrossListComparisons",
    response_model=CrossListComparisonList,
    responses={404: _PROBLEM},
    summary="A list's comparisons (scheduled and on demand), newest first, with their counts",
    description="Audited as a read (`cross_list_comparisons_listed`). Role: case system.",
)
async def list_cross_list_comparisons(
    list_id: uuid.UUID, client: CaseSystem, runtime: RuntimeDep, request_id: RequestId
) -> CrossListComparisonList:
    return await read.list_comparisons(runtime, client, list_id, request_id)


@router.get(
    "/v1/cross-list-comparisons/{comparison_id}",
    operation_id="getCrossListComparison",
    response_model=CrossListComparison,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
        404: _PROBLEM,
    },
    summary="One comparison: counts and entries (masked ID numbers, never a number)",
    description="JSON, or with `format=csv` one row an entry (`category` "
    "`enrolled_not_listed`, `listed_not_enrolled`, `enrolled_at_or_above_standard`, "
    "`listed_below_standard`). Audited as a read (`cross_list_comparison_read`). Role: case "
    "system.",
)
async def get_cross_list_comparison(
    comparison_id: uuid.UUID,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Any:
    view = await read.read_comparison(runtime, client, comparison_id, request_id, format)
    if format == "csv":
        return Response(
            read.comparison_csv(view),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="cross-list-comparison-{view.id}.csv"'
            },
        )
    return view
