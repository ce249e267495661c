"""/v1/households: enrolled households under periodic review (case systems, own households)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, status

from verification.clients.dependencies import CaseSystem
from verification.dependencies import RequestId, RuntimeDep
from verification.households import due, end, enroll, history, listing, read, update
from verification.households.due import DueQuery
from verification.households.listing import HouseholdQuery
from verification.households.scheduling import Category
from verification.households.schemas import (
    DueHouseholds,
    EndHousehold,
    EnrollHousehold,
    Household,
    HouseholdPage,
    UpdateHousehold,
)
from verification.idempotency.dependency import Idempotency
from verification.idempotency.service import IdempotentResult
from verification.kit.rfc3339 import Rfc3339Date
from verification.paging import (
    BeforeQuery,
    FromQuery,
    PageQuery,
    PageRequest,
    RegionQuery,
    TimeRange,
    page_parameters,
)
from verification.problems import PROBLEM_JSON
from verification.verifications.listing import VerificationQuery
from verification.verifications.schemas import VerificationPage

router = APIRouter(prefix="/v1/households", tags=["households"])

_PROBLEM: dict[str, Any] = {"content": {PROBLEM_JSON: {}}, "description": "problem details"}
# the due list's `limit`: 1–500, default 100, published without a description
DuePageQuery = Annotated[PageRequest, page_parameters(described=False)]


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
    "",
    operation_id="listHouseholds",
    response_model=HouseholdPage,
    responses={422: _PROBLEM},
    summary="The calling client's enrolled households, filtered, one page at a time",
    description="The households the calling client enrolled, oldest first in the stable "
    "order (`created_at`, `id`), each as `getHousehold` returns it, with keyset paging: pass "
    "`next_cursor` back as `cursor` with the same filters (or follow `next`); households "
    "enrolled meanwhile are neither repeated nor skipped. `updated_*` filter on `updated_at` "
    "(a change, an end, a review). `422 invalid-cursor` for a cursor the service did not "
    "issue or one altered, `422 cursor-mismatch` for one issued with other filters, `422 "
    "invalid-time-range` for an empty range. Audited as a read (`households_listed`). "
    "Role: case system.",
)
async def list_households(
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    page: PageQuery,
    status: Annotated[Literal["active", "ended"] | None, Query()] = None,
    category: Annotated[Category | None, Query()] = None,
    region: RegionQuery = None,
    created_from: FromQuery = None,
    created_before: BeforeQuery = None,
    updated_from: FromQuery = None,
    updated_before: BeforeQuery = None,
) -> HouseholdPage:
    query = HouseholdQuery(
        status=status,
        category=category,
        region_prefix=region,
        created=TimeRange.of("created", created_from, created_before),
        updated=TimeRange.of("updated", updated_from, updated_before),
    )
    return await listing.list_households(runtime, client, query, page, request_id)


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
    page: DuePageQuery,
    as_of: Annotated[
        Rfc3339Date | None, Query(description="default: today in the deployment's time zone")
    ] = None,
    region: Annotated[
        str | None, Query(pattern=r"^[0-9]{2,6}$", description="region-code prefix")
    ] = None,
) -> DueHouseholds:
    query = DueQuery(as_of=as_of or runtime.today(), region_prefix=region)
    return await due.due_households(runtime, client, query, page, request_id)


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


@router.get(
    "/{household_id}/verifications",
    operation_id="listHouseholdVerifications",
    response_model=VerificationPage,
    responses={404: _PROBLEM, 422: _PROBLEM},
    summary="One household's verifications (its enrolment and its reviews), one page at a time",
    description="The verifications made under the household's authorization — the one it "
    "was enrolled from, its reviews (批量复核), any other the calling client made under that "
    "authorization, and, once it was re-authorized (`reauthorized_by`), those under each "
    "authorization it had — as `listVerifications` lists them (same items, order, paging and "
    "refusals). `404` for a household the calling client did not enrol. Audited as a read "
    "(`verifications_listed`, with the `household_id`). Role: case system.",
)
async def list_household_verifications(
    household_id: uuid.UUID,
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    page: PageQuery,
    status: Annotated[Literal["running", "awaiting_sources", "completed"] | None, Query()] = None,
    outcome: Annotated[Literal["eligible", "ineligible", "review_required"] | None, Query()] = None,
    created_from: FromQuery = None,
    created_before: BeforeQuery = None,
    updated_from: FromQuery = None,
    updated_before: BeforeQuery = None,
) -> VerificationPage:
    query = VerificationQuery(
        status=status,
        outcome=outcome,
        created=TimeRange.of("created", created_from, created_before),
        updated=TimeRange.of("updated", updated_from, updated_before),
    )
    return await history.household_verifications(
        runtime, client, household_id, query, page=page, request_id=request_id
    )


@router.patch(
    "/{household_id}",
    operation_id="updateHousehold",
    response_model=Household,
    responses={404: _PROBLEM, 409: _PROBLEM, 410: _PROBLEM, 422: _PROBLEM},
    summary="Change a household's category, monthly allowance or authorization",
    description="A new category reschedules the next review from the last one; "
    "`reauthorized_by` re-authorizes a household whose authorization was withdrawn "
    "(`authorization_status: revoked`): a completed verification of the same people under "
    "its new authorization becomes its last one, its reviews go on under that authorization "
    "(`409 household-mismatch`, `409 verification-incomplete`, `422 authorization-revoked`). "
    "`409 household-ended` once its aid has ended. Audited (`household_updated`).",
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
