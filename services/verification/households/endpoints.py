"""/v1/households: enrolled households under periodic review (case systems, own households)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from verification.clients.dependencies import CaseSystem
from verification.dependencies import CursorQuery, RequestId, RuntimeDep
from verification.households import due, end, enroll, read, update
from verification.households.due import MAX_PAGE, DueQuery
from verification.households.schemas import (
    DueHouseholds,
    EndHousehold,
    EnrollHousehold,
    Household,
    UpdateHousehold,
)
from verification.idempotency.dependency import Idempotency
from verification.idempotency.service import IdempotentResult
from verification.kit.rfc3339 import Rfc3339Date
from verification.problems import PROBLEM_JSON

router = APIRouter(prefix="/v1/households", tags=["households"])

_PROBLEM: dict[str, Any] = {"content": {PROBLEM_JSON: {}}, "description": "problem details"}


def _ids(household: Household) -> dict[str, str]:
    """What the audit event of a replay names."""
    return {"household_id": str(household.id), "verification_id": str(household.verification_id)}


@router.post(
    "",
    operation_id="enrollHousehold",
    status_code=status.HTTP_201_CREATED,
    response_model=Household,
    responses={404: _PROBLEM, 409: _PROBLEM},
    summary="Enroll a household from an eligible verification of the calling client",
    description="`409 not-enrollable` unless the verification completed with outcome "
    "`eligible`; `409 already-enrolled` (naming the enrolment's `household_id`) for a "
    "verification enrolled before; "
    "`409 person-already-enrolled` when one of its members is in an active household "
    "already, whichever client enrolled it (a person is in one active household only; "
    "`household_id` names that household only to the client that enrolled it). The next "
    "review is scheduled by the category's interval in the report's policy.",
)
async def enroll_household(
    body: EnrollHousehold,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        household = await enroll.enroll_household(runtime, client, body, request_id)
        return IdempotentResult.json(household, status.HTTP_201_CREATED, audit=_ids(household))

    return await idempotency.run(client, work)


@router.get(
    "/due",
    operation_id="listDueHouseholds",
    response_model=DueHouseholds,
    summary="The calling client's active households due for review",
    description="Active households with `next_review_on` on or before `as_of` (default: "
    "today), ordered by (`next_review_on`, `id`), one page at a time. Audited as a read.",
)
async def due_households(
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    as_of: Annotated[
        Rfc3339Date | None, Query(description="default: today in the deployment's time zone")
    ] = None,
    region: Annotated[
        str | None, Query(pattern=r"^[0-9]{2,6}$", description="region-code prefix")
    ] = None,
    cursor: CursorQuery = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
) -> DueHouseholds:
    query = DueQuery(
        as_of=as_of or runtime.today(), region_prefix=region, cursor=cursor, limit=limit
    )
    return await due.due_households(runtime, client, query, request_id)


@router.get(
    "/{household_id}",
    operation_id="getHousehold",
    description="One household (在册户) enrolled by the calling client: category, allowance, "
    "members (masked) and its review schedule. Role: case system.",
    response_model=Household,
    responses={404: _PROBLEM},
    summary="One household enrolled by the calling client",
)
async def get_household(
    household_id: uuid.UUID, client: CaseSystem, runtime: RuntimeDep
) -> Household:
    return await read.read_household(runtime, client, household_id)


@router.patch(
    "/{household_id}",
    operation_id="updateHousehold",
    response_model=Household,
    responses={404: _PROBLEM, 409: _PROBLEM},
    summary="Change a household's category or monthly allowance",
    description="A new category reschedules the next review from the last one; "
    "`409 household-ended` once its aid has ended.",
)
async def update_household(
    household_id: uuid.UUID,
    body: UpdateHousehold,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
) -> Household:
    return await update.update_household(runtime, client, household_id, body, request_id)


@router.post(
    "/{household_id}/end",
    operation_id="endHousehold",
    response_model=Household,
    responses={404: _PROBLEM},
    summary="End a household's aid (idempotent: ending it again changes nothing)",
    description="Its members may then be enrolled in another household.",
)
async def end_household(
    *,
    household_id: uuid.UUID,
    body: EndHousehold,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        household = await end.end_household(runtime, client, household_id, body, request_id)
        return IdempotentResult.json(household, audit=_ids(household))

    return await idempotency.run(client, work)
