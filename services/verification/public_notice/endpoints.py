from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter

from verification.clients.dependencies import CaseSystem
from verification.dependencies import RequestId, RuntimeDep
from verification.problems import PROBLEM_JSON
from verification.public_notice.schemas import PublicNotice
from verification.public_notice.service import PublicNoticeService

router = APIRouter(prefix="/v1/verifications", tags=["verifications"])

_PROBLEM: dict[str, Any] = {"content": {PROBLEM_JSON: {}}, "description": "problem details"}


@router.get(
    "/{verification_id}/public-notice",
    response_model=PublicNotice,
    responses={404: _PROBLEM, 409: _PROBLEM},
    summary="The 公示 of an eligible household: what may be published, and nothing else",
    description="`409 not-publishable` unless the outcome is `eligible`. Audited as a read.",
)
async def get_public_notice(
    verification_id: uuid.UUID, client: CaseSystem, runtime: RuntimeDep, request_id: RequestId
) -> PublicNotice:
    return await PublicNoticeService(runtime).read(client, verification_id, request_id)
