from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query

from verification.clients.dependencies import CaseSystem
from verification.dependencies import RequestId, RuntimeDep
from verification.kit.rfc3339 import Rfc3339Date
from verification.problems import PROBLEM_JSON
from verification.public_notice.schemas import PublicNotice
from verification.public_notice.service import PublicNoticeService

router = APIRouter(prefix="/v1/verifications", tags=["verifications"])

_PROBLEM: dict[str, Any] = {"content": {PROBLEM_JSON: {}}, "description": "problem details"}


@router.get(
    "/{verification_id}/public-notice",
    operation_id="getPublicNotice",
    response_model=PublicNotice,
    response_model_exclude_none=True,
    responses={404: _PROBLEM, 409: _PROBLEM, 422: _PROBLEM},
    summary="The 公示 of an eligible household: what may be published, and nothing else",
    description="Exactly the fields `publication.fields` lists on `starts_on` (办法 第二十四条: "
    "the masked applicant name, household size and allowance) and the notice period "
    "(`publicity.notice_days`, 办法 第十九条: 7 days, both ends included). `409 "
    "not-publishable` unless the outcome is `eligible`; `422 notice-before-verification` "
    "for a start before the assessment date. Audited as a read.",
)
async def get_public_notice(
    verification_id: uuid.UUID,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    starts_on: Annotated[
        Rfc3339Date | None,
        Query(description="the day the notice is posted (Beijing date); default: today"),
    ] = None,
) -> PublicNotice:
    return await PublicNoticeService(runtime).read(client, verification_id, request_id, starts_on)
