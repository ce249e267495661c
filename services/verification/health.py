"""Liveness, readiness (database, audit log integrity, connectors) and Prometheus metrics."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from verification.calendar_coverage import coverage
from verification.dependencies import RuntimeDep
from verification.problems import PROBLEM_JSON, problem_body

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    operation_id="getLiveness",
    description="Answers 200 while the process runs; it checks nothing else (for a liveness "
    "probe). Unauthenticated.",
    summary="The process is alive",
)
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    operation_id="getReadiness",
    description="200 when the database answers, the audit log matches its latest checkpoint and "
    "every connector is loaded; otherwise `503 not-ready` with the failing checks (for a "
    "readiness probe). `checks.working_day_calendar` tells how far the working-day calendar "
    "reaches (informational). Unauthenticated.",
    summary="The database answers, the audit log matches its checkpoint, every connector is loaded",
    responses={503: {"content": {PROBLEM_JSON: {}}, "description": "not ready"}},
)
async def readyz(runtime: RuntimeDep) -> Any:
    checks: dict[str, Any] = {}
    try:
        async with runtime.read_engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            if runtime.settings.uses_procrastinate():
                # informational: batches wait (they are not lost) while no worker runs
                workers = await connection.execute(text("SELECT count(*) FROM batch_workers"))
                checks["batch_workers"] = int(workers.scalar_one())
            else:
                checks["batch_workers"] = "in-process"
        checks["database"] = "ok"
    except Exception as exc:  # any failure means not ready; the kind is reported
        checks["database"] = f"unavailable: {type(exc).__name__}"
    checks["audit_log"] = runtime.integrity.report()
    checks["connectors"] = {
        scope: getattr(connector, "breaker_state", "loaded")
        for scope, connector in sorted(runtime.connectors.items())
    }
    # informational: deadlines beyond its last day are not computed, the service still runs
    checks["working_day_calendar"] = coverage(runtime.calendar, runtime.today())
    failing = [
        *(["the database does not answer"] if checks["database"] != "ok" else []),
        *(
            [f"the audit log does not match its signed checkpoint: {runtime.integrity.reason}"]
            if runtime.integrity.broken
            else []
        ),
    ]
    if failing:
        body = problem_body(
            status=503,
            code="not-ready",
            title="Service unavailable",
            detail="; ".join(failing),
            instance="/readyz",
            request_id=None,
            extra={"checks": checks},
            type_base=runtime.settings.public_base_url or "",
        )
        retry = str(runtime.settings.database_retry_after_seconds)
        return JSONResponse(
            body, status_code=503, media_type=PROBLEM_JSON, headers={"Retry-After": retry}
        )
    return {"status": "ready", "checks": checks}


@router.get(
    "/metrics",
    operation_id="getMetrics",
    description="Prometheus text exposition of the process's metrics (requests, refusals, "
    "sources, audit log). Meant for the operators' scraper on the private network.",
    summary="Prometheus metrics",
    response_class=Response,
)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
