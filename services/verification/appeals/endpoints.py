"""Appeals (复议): filed against a verification's report, decided by a caseworker (case
systems, own verifications)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Response, status

from verification.appeals import decide, file, read
from verification.appeals.schemas import AppealList, AppealView, DecideAppeal, FileAppeal
from verification.clients.dependencies import CaseSystem
from verification.dependencies import LocaleDep, RequestId, RuntimeDep
from verification.idempotency.dependency import Idempotency
from verification.idempotency.service import IdempotentResult
from verification.problems import PROBLEM_JSON

router = APIRouter(tags=["appeals"])

_PROBLEM: dict[str, Any] = {"content": {PROBLEM_JSON: {}}, "description": "problem details"}
_NO_STORE = "no-store"  # an appeal holds the household's evidence: never cached


def _stored(appeal: AppealView, status_code: int) -> IdempotentResult:
    return IdempotentResult.json(
        appeal,
        status_code,
        audit={"appeal_id": str(appeal.id), "verification_id": str(appeal.verification_id)},
        headers={"Cache-Control": _NO_STORE},
    )


@router.post(
    "/v1/verifications/{verification_id}/appeals",
    operation_id="fileAppeal",
    status_code=status.HTTP_201_CREATED,
    response_model=AppealView,
    responses={403: _PROBLEM, 404: _PROBLEM, 409: _PROBLEM, 422: _PROBLEM},
    summary="File a household's appeal (复议) against the verification's current report",
    description="Names the disputed items of the current report — sources (`scopes`), "
    "findings (`findings`, their codes) and figures (`figures`, names of `rules[].figures`) — "
    "with optional new evidence (structured descriptions, kept encrypted) and sources to query "
    "again (`requery_scopes`, of the report's). `422 appeal-item-unknown` (listing `unknown`) "
    "for an item the report does not have; `422 appeal-filing-late` after the policy's "
    "`appeal.filing_days` from the report (`filing_due_on`); `409 appeal-open` while another "
    "appeal of the verification is undecided; `409 verification-incomplete` before the "
    "report. The decision is due within `appeal.decision_working_days` working days. Needs an "
    "`Idempotency-Key`. Audited (`appeal_filed`). Role: case system.",
)
async def file_appeal(
    verification_id: uuid.UUID,
    body: FileAppeal,
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
    locale: LocaleDep,
) -> Response:
    async def work() -> IdempotentResult:
        appeal = await file.file_appeal(
            runtime, client, verification_id, body, request_id, locale=locale
        )
        return _stored(appeal, status.HTTP_201_CREATED)

    return await idempotency.run(client, work)


@router.get(
    "/v1/verifications/{verification_id}/appeals",
    operation_id="listVerificationAppeals",
    response_model=AppealList,
    responses={403: _PROBLEM, 404: _PROBLEM},
    summary="The appeals of one of the calling client's verifications",
    description="Oldest first, each as `getAppeal` returns it. Audited (`appeals_listed`). "
    "Role: case system.",
)
async def list_verification_appeals(
    verification_id: uuid.UUID,
    response: Response,
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    locale: LocaleDep,
) -> AppealList:
    response.headers["Cache-Control"] = _NO_STORE
    return await read.verification_appeals(
        runtime, client, verification_id, request_id, locale=locale
    )


@router.get(
    "/v1/appeals/{appeal_id}",
    operation_id="getAppeal",
    response_model=AppealView,
    responses={403: _PROBLEM, 404: _PROBLEM},
    summary="One appeal: what it disputes, its deadlines, whether it is overdue, its decision",
    description="`overdue` is true while it is undecided after the decision's last day "
    "(`decision_deadline.due_on`, today's Beijing date). Audited (`appeal_read`). Role: case "
    "system.",
)
async def get_appeal(
    appeal_id: uuid.UUID,
    response: Response,
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    locale: LocaleDep,
) -> AppealView:
    response.headers["Cache-Control"] = _NO_STORE
    return await read.read_appeal(runtime, client, appeal_id, request_id, locale=locale)


@router.post(
    "/v1/appeals/{appeal_id}/decision",
    operation_id="decideAppeal",
    response_model=AppealView,
    responses={403: _PROBLEM, 404: _PROBLEM, 409: _PROBLEM, 422: _PROBLEM},
    summary="A caseworker's decision on an appeal: upheld, partly upheld or rejected",
    description="With reasons as codes (`reason_codes`) and an optional note (kept "
    "encrypted). Upheld or partly upheld, the appeal's outcome is the report's next revision, "
    "citing it (the report's `appeal`): the appeal's `requery_scopes` are queried again for "
    "every member and the household is assessed again (`result_revision`); the household's "
    "new evidence is kept with the appeal but changes no figure (`appeal.evidence_assessed` is "
    "false). Rejected, the report stands and no revision is made. `409 appeal-decided` for "
    "an appeal decided already. Needs an `Idempotency-Key`. Audited (`appeal_decided`, and "
    "`appeal_requery` before any source is asked). Role: case system.",
)
async def decide_appeal(
    appeal_id: uuid.UUID,
    body: DecideAppeal,
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
    locale: LocaleDep,
) -> Response:
    async def work() -> IdempotentResult:
        appeal = await decide.decide_appeal(
            runtime, client, appeal_id, body, request_id, locale=locale
        )
        return _stored(appeal, status.HTTP_200_OK)

    return await idempotency.run(client, work)
