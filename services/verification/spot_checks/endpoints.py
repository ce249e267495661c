"""/v1/spot-checks: auditable spot-check samples (入户抽查) of a case system's verified
households, their visits, and the auditor's export (ADR 0016)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response, status

from verification.clients.dependencies import CaseSystem, require_role
from verification.clients.models import ApiClient, Role
from verification.dependencies import RequestId, RuntimeDep
from verification.idempotency.dependency import Idempotency
from verification.idempotency.service import IdempotentResult
from verification.problems import PROBLEM_JSON
from verification.spot_checks import create, export, read, visits
from verification.spot_checks.schemas import (
    CreateSpotCheck,
    RecordVisit,
    SpotCheckExport,
    SpotCheckList,
    SpotCheckView,
)

router = APIRouter(prefix="/v1/spot-checks", tags=["spot-checks"])
Auditor = Annotated[ApiClient, Depends(require_role(Role.AUDITOR))]

_PROBLEM: dict[str, Any] = {"content": {PROBLEM_JSON: {}}, "description": "problem details"}
_CSV = "text/csv; charset=utf-8"


@router.post(
    "",
    operation_id="createSpotCheck",
    status_code=status.HTTP_201_CREATED,
    response_model=SpotCheckView,
    responses={403: _PROBLEM, 422: _PROBLEM},
    summary="Fix the frame of a spot check (入户抽查) of the calling client's verified households",
    description="The frame is the calling client's completed verifications of the region "
    "(`region_prefix`, one the client may use) whose assessment date is in the period "
    "(inclusive), each with its stratum (county region code and outcome). It is fixed by "
    "the audit event `spot_check_frame_fixed` (its SHA-256 digest, size, strata, rate and "
    "policy); the sample is drawn from the first signed audit checkpoint after that event "
    "(`status` `awaiting_checkpoint` until then, usually a few seconds), ⌈rate × n⌉ per "
    "stratum. Rate: the policy's 入户抽查比例 for the region on the period's last day, or "
    "30 % where no layer states one (`rate_basis`); a higher `rate` may be asked. "
    "`403 region-not-permitted`, `422 rate-below-policy`, `422 empty-frame`, "
    "`422 invalid-spot-check-period`. With an `Idempotency-Key` a repeated request returns "
    "the spot check it created instead of fixing a second frame (every frame fixed stays in "
    "the audit log). Role: case system.",
)
async def create_spot_check(
    body: CreateSpotCheck,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        view = await create.create_spot_check(runtime, client, body, request_id)
        return IdempotentResult.json(
            view, status.HTTP_201_CREATED, audit={"spot_check_id": str(view.id)}
        )

    return await idempotency.run(client, work)


@router.get(
    "",
    operation_id="listSpotChecks",
    response_model=SpotCheckList,
    summary="The calling client's spot checks, oldest first",
    description="Each as `getSpotCheck` returns it. Audited (`spot_checks_listed`). "
    "Role: case system.",
)
async def list_spot_checks(
    client: CaseSystem, runtime: RuntimeDep, request_id: RequestId
) -> SpotCheckList:
    return await read.list_spot_checks(runtime, client, request_id)


@router.get(
    "/{spot_check_id}",
    operation_id="getSpotCheck",
    response_model=SpotCheckView,
    responses={404: _PROBLEM},
    summary="A spot check: its frame's strata, and the drawn households (ids only)",
    description="Draws the sample if the checkpoint it needs is signed and it was not drawn "
    "yet. The drawn households are verification ids with their stratum, rank and visit "
    "status, never a person. Audited (`spot_check_read`). Role: case system (its own).",
)
async def get_spot_check(
    spot_check_id: uuid.UUID, client: CaseSystem, runtime: RuntimeDep, request_id: RequestId
) -> SpotCheckView:
    return await read.read_spot_check(runtime, client, spot_check_id, request_id)


@router.get(
    "/{spot_check_id}/sample.csv",
    operation_id="getSpotCheckCsv",
    response_class=Response,
    responses={
        200: {"content": {_CSV: {"schema": {"type": "string"}}}, "description": "the sample"},
        404: _PROBLEM,
        409: _PROBLEM,
    },
    summary="The drawn households as CSV, in draw order",
    description="Columns `rank, verification_id, region_code, outcome, visited_on, "
    "visit_outcome`. `409 checkpoint-pending` (with `Retry-After`) before the draw. "
    "Audited (`spot_check_read`). Role: case system (its own).",
)
async def get_spot_check_csv(
    spot_check_id: uuid.UUID, client: CaseSystem, runtime: RuntimeDep, request_id: RequestId
) -> Response:
    text = await read.spot_check_csv(runtime, client, spot_check_id, request_id)
    return Response(
        text.encode("utf-8"),
        media_type=_CSV,
        headers={"Content-Disposition": f'attachment; filename="spot-check-{spot_check_id}.csv"'},
    )


@router.post(
    "/{spot_check_id}/visits",
    operation_id="recordSpotCheckVisit",
    response_model=SpotCheckView,
    responses={404: _PROBLEM, 409: _PROBLEM, 422: _PROBLEM},
    summary="Record a home visit's result for a drawn household",
    description="`outcome`: `consistent`, `inconsistent` or `not_reachable`; the note is "
    "stored encrypted and never audited. Recording again replaces the result. "
    "`422 not-in-sample` for a household the sample does not hold, `422 visit-date-invalid` "
    "for a date before the draw or after today, `409 checkpoint-pending` before the draw. "
    "Audited (`spot_check_visit_recorded`). Role: case system (its own).",
)
async def record_visit(
    spot_check_id: uuid.UUID,
    body: RecordVisit,
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        view = await visits.record_visit(runtime, client, spot_check_id, body, request_id)
        audit = {"spot_check_id": str(spot_check_id), "verification_id": str(body.verification_id)}
        return IdempotentResult.json(view, audit=audit)

    return await idempotency.run(client, work)


@router.get(
    "/{spot_check_id}/export",
    operation_id="exportSpotCheck",
    response_model=SpotCheckExport,
    responses={404: _PROBLEM, 409: _PROBLEM},
    summary="Everything an auditor recomputes the sample from, offline",
    description="The frame (ids and strata), the `spot_check_frame_fixed` event's body and "
    "leaf index, its receipt (tlog-proof) under the checkpoint the seed is taken from, the "
    "rate, the seed and the drawn list; check it with `verification spot-check verify "
    "EXPORT.json --key KEY`. `409 checkpoint-pending` before the draw. Audited "
    "(`spot_check_exported`). Role: auditor.",
)
async def export_spot_check(
    spot_check_id: uuid.UUID, auditor: Auditor, runtime: RuntimeDep, request_id: RequestId
) -> SpotCheckExport:
    return await export.export_spot_check(runtime, auditor, spot_check_id, request_id)
