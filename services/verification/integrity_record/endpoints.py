"""/v1/integrity-entries: the integrity record (诚信记录), case systems of the entry's region."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from verification.clients.dependencies import CaseSystem
from verification.dependencies import RequestId, RuntimeDep
from verification.idempotency.dependency import Idempotency
from verification.idempotency.service import IdempotentResult
from verification.integrity_record import decide, explain, listing, notify, propose, read, withdraw
from verification.integrity_record.lifecycle import EntryStatus
from verification.integrity_record.listing import EntryQuery
from verification.integrity_record.schemas import (
    CloseEntry,
    IntegrityEntry,
    IntegrityEntryPage,
    ProposeEntry,
    RecordExplanation,
    RecordNotice,
)
from verification.paging import BeforeQuery, FromQuery, PageQuery, RegionQuery, TimeRange
from verification.problems import PROBLEM_JSON

router = APIRouter(prefix="/v1/integrity-entries", tags=["integrity record"])

_PROBLEM: dict[str, Any] = {"content": {PROBLEM_JSON: {}}, "description": "problem details"}
_STEP_RESPONSES: dict[int | str, dict[str, Any]] = {404: _PROBLEM, 409: _PROBLEM}
_REACH = (
    "Reaches the entries of the calling client's environment whose region its region "
    "prefixes cover (`404` otherwise). Role: case system."
)
_STEP = (
    "`409 integrity-transition-not-allowed` (naming the entry's `status` and the `step`) "
    "when the entry's state does not allow this step; nothing is changed. "
)


def _ids(entry: IntegrityEntry) -> dict[str, str]:
    """What the audit event of a replay names."""
    return {"entry_id": str(entry.id), "verification_id": str(entry.verification_id)}


@router.post(
    "",
    operation_id="proposeIntegrityEntry",
    status_code=status.HTTP_201_CREATED,
    response_model=IntegrityEntry,
    responses={404: _PROBLEM, 409: _PROBLEM},
    summary="Propose an integrity-record entry citing a verification's understatement finding",
    description="A caseworker proposes to enter the household of a completed verification of "
    "the calling client on the integrity record (诚信记录), citing by position one finding of "
    "its latest report that the household declared less income or fewer assets than the "
    "sources show beyond the policy's tolerance (`declaration.*`). Never automatic: the "
    "entry then needs a notice to the household, may take its explanation, and lists its "
    "members only once a caseworker confirms it. `409 integrity-finding-not-understated` "
    "for a report with no such finding there (or one still awaiting sources); `409 "
    "integrity-entry-exists` (naming `entry_id`) for a finding cited before. Audited as "
    "`integrity_entry_proposed`. Role: case system.",
)
async def propose_entry(
    body: ProposeEntry,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        entry = await propose.propose_entry(runtime, client, body, request_id)
        return IdempotentResult.json(entry, status.HTTP_201_CREATED, audit=_ids(entry))

    return await idempotency.run(client, work)


@router.get(
    "",
    operation_id="listIntegrityEntries",
    response_model=IntegrityEntryPage,
    responses={422: _PROBLEM},
    summary="The integrity entries of the calling client's regions, one page at a time",
    description="Oldest first in the stable order (`created_at`, `id`), each as "
    "`getIntegrityEntry` returns it, with keyset paging as `listHouseholds`. `status` "
    "`confirmed` lists entries on the record today, `expired` those whose period ended. "
    "Audited as a read (`integrity_entries_listed`). " + _REACH,
)
async def list_entries(
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    page: PageQuery,
    status: Annotated[EntryStatus | None, Query()] = None,
    region: RegionQuery = None,
    created_from: FromQuery = None,
    created_before: BeforeQuery = None,
) -> IntegrityEntryPage:
    query = EntryQuery(
        status=status,
        region_prefix=region,
        created=TimeRange.of("created", created_from, created_before),
    )
    return await listing.list_entries(runtime, client, query, page, request_id)


@router.get(
    "/{entry_id}",
    operation_id="getIntegrityEntry",
    response_model=IntegrityEntry,
    responses={404: _PROBLEM},
    summary="One integrity-record entry",
    description="The entry, its cited finding, its notice (the text in Chinese and English), "
    "the household's explanation, the decision and its period. `status` `expired`: "
    "confirmed, and its last day has passed. Audited as `integrity_entry_read`. " + _REACH,
)
async def get_entry(
    entry_id: uuid.UUID, client: CaseSystem, runtime: RuntimeDep, request_id: RequestId
) -> IntegrityEntry:
    return await read.read_entry(runtime, client, entry_id, request_id)


@router.post(
    "/{entry_id}/notice",
    operation_id="recordIntegrityNotice",
    response_model=IntegrityEntry,
    responses={**_STEP_RESPONSES, 422: _PROBLEM},
    summary="Record the notice given to the household (proposed → notified)",
    description="The day the household was told and how; the notice's text is the "
    "catalogue's (`notice.text`). `422 integrity-notice-date` for a day before the proposal "
    "or after today. " + _STEP + "Audited as `integrity_notice_recorded`. " + _REACH,
)
async def record_notice(
    *,
    entry_id: uuid.UUID,
    body: RecordNotice,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        entry = await notify.record_notice(runtime, client, entry_id, body, request_id)
        return IdempotentResult.json(entry, audit=_ids(entry))

    return await idempotency.run(client, work)


@router.post(
    "/{entry_id}/explanation",
    operation_id="recordIntegrityExplanation",
    response_model=IntegrityEntry,
    responses=_STEP_RESPONSES,
    summary="Record the household's explanation (notified → explained)",
    description="Its reason and the evidence it gave, described; kept encrypted, never "
    "audited (the event counts the evidence items). " + _STEP + "Audited as "
    "`integrity_explanation_recorded`. " + _REACH,
)
async def record_explanation(
    *,
    entry_id: uuid.UUID,
    body: RecordExplanation,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        entry = await explain.record_explanation(runtime, client, entry_id, body, request_id)
        return IdempotentResult.json(entry, audit=_ids(entry))

    return await idempotency.run(client, work)


@router.post(
    "/{entry_id}/confirm",
    operation_id="confirmIntegrityEntry",
    response_model=IntegrityEntry,
    responses=_STEP_RESPONSES,
    summary="Confirm the entry (notified or explained → confirmed)",
    description="Its household's members go on the record from today (a Beijing date) for "
    "the policy's `integrity.period_months` in force today (`period_example`: the service's "
    "example, no policy text); later verifications of any of them carry the finding "
    "`finding.member_integrity_listed` until `listed_until`, which informs and changes no "
    "outcome. " + _STEP + "Audited as `integrity_entry_confirmed`. " + _REACH,
)
async def confirm_entry(
    *,
    entry_id: uuid.UUID,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        entry = await decide.confirm_entry(runtime, client, entry_id, request_id)
        return IdempotentResult.json(entry, audit=_ids(entry))

    return await idempotency.run(client, work)


@router.post(
    "/{entry_id}/dismiss",
    operation_id="dismissIntegrityEntry",
    response_model=IntegrityEntry,
    responses=_STEP_RESPONSES,
    summary="Dismiss the entry (proposed, notified or explained → dismissed)",
    description="With a reason code (audited) and an optional note (kept encrypted). "
    + _STEP
    + "Audited as `integrity_entry_dismissed`. "
    + _REACH,
)
async def dismiss_entry(
    *,
    entry_id: uuid.UUID,
    body: CloseEntry,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        entry = await decide.dismiss_entry(runtime, client, entry_id, body, request_id)
        return IdempotentResult.json(entry, audit=_ids(entry))

    return await idempotency.run(client, work)


@router.post(
    "/{entry_id}/withdraw",
    operation_id="withdrawIntegrityEntry",
    response_model=IntegrityEntry,
    responses=_STEP_RESPONSES,
    summary="Withdraw a confirmed entry before its end (confirmed → withdrawn)",
    description="Its people leave the record at once. With a reason code (audited) and an "
    "optional note (kept encrypted); an expired entry has ended and cannot be withdrawn. "
    + _STEP
    + "Audited as `integrity_entry_withdrawn`. "
    + _REACH,
)
async def withdraw_entry(
    *,
    entry_id: uuid.UUID,
    body: CloseEntry,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        entry = await withdraw.withdraw_entry(runtime, client, entry_id, body, request_id)
        return IdempotentResult.json(entry, audit=_ids(entry))

    return await idempotency.run(client, work)
