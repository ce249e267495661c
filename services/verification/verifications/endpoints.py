from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Request, Response, status
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse
from pydantic import AfterValidator

from verification.clients.dependencies import CaseSystem
from verification.dependencies import LocaleDep, RequestId, RuntimeDep
from verification.idempotency.dependency import Idempotency
from verification.idempotency.service import IdempotentResult
from verification.kit.id_number import no_id_number
from verification.messages.locale import DEFAULT_LOCALE, Locale
from verification.paging import BeforeQuery, FromQuery, PageQuery, RegionQuery, TimeRange
from verification.problems import PROBLEM_JSON
from verification.receipts_api.responses import RECEIPT_RESPONSES, receipt_response
from verification.reports.html import render_report_html
from verification.reports.language import localize
from verification.reports.model import VerificationReport
from verification.runtime import Runtime
from verification.verifications import callbacks, create, listing, read, retry, signed_report
from verification.verifications.listing import VerificationQuery
from verification.verifications.schemas import (
    CallbackAnswer,
    CreateVerification,
    ReportRevisionList,
    SignedReportView,
    VerificationPage,
)

router = APIRouter(prefix="/v1/verifications", tags=["verifications"])
callbacks_router = APIRouter(prefix="/agency/v1/callbacks", tags=["agency callbacks"])


_NO_STORE = {"Cache-Control": "no-store"}  # reports hold personal data: never cached
_HTML: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {}}, "description": "the report (JSON, or HTML on request)"}
}


RevisionQuery = Annotated[
    int | None,
    Query(
        ge=0,
        le=1_000_000,
        description="a revision the current report replaced (`GET "
        "/v1/verifications/{id}/revisions` lists them); the current one when absent",
    ),
]


def _headers(locale: Locale) -> dict[str, str]:
    return {**_NO_STORE, "Content-Language": locale.value, "Vary": "Accept-Language"}


def _report(
    report: VerificationReport,
    locale: Locale,
    status_code: int = status.HTTP_200_OK,
    *,
    fresh: bool = False,
) -> Response:
    """The report with its texts in ``locale``, serialized once by its own model.  A
    ``fresh`` report (just built: its texts are this code's, in the default locale) is
    written as it is in the default locale."""
    shown = report if fresh and locale is DEFAULT_LOCALE else localize(report, locale)
    return Response(
        shown.model_dump_json(),
        status_code=status_code,
        media_type="application/json",
        headers=_headers(locale),
    )


def _stored(
    report: VerificationReport, locale: Locale, status_code: int = status.HTTP_200_OK
) -> IdempotentResult:
    """The response of a report just made, as an ``Idempotency-Key`` stores it for
    replays."""
    return IdempotentResult(
        _report(report, locale, status_code, fresh=True),
        audit={"verification_id": str(report.id)},
    )


def _printable(report: VerificationReport, locale: Locale, runtime: Runtime) -> HTMLResponse:
    verify_url = f"{runtime.settings.public_base_url or ''}/verify-report"
    return HTMLResponse(
        render_report_html(report, locale, runtime.settings.timezone, verify_url),
        headers=_headers(locale),
    )


def _wants_html(accept: str | None) -> bool:
    """Browsers (text/html before any JSON) get the printable page; API clients get JSON."""
    if not accept or "text/html" not in accept:
        return False
    json_at = accept.find("application/json")
    return json_at == -1 or accept.find("text/html") < json_at


_PROBLEM: dict[str, Any] = {
    "content": {PROBLEM_JSON: {}},
    "description": "problem details (RFC 9457)",
}
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: _PROBLEM,
    401: _PROBLEM,
    403: _PROBLEM,
    404: _PROBLEM,
    409: _PROBLEM,
    422: _PROBLEM,
}


@router.post(
    "",
    operation_id="createVerification",
    description="Checks one household's income and assets (家庭经济状况核对) against the 低保 "
    "policy in force for its region: the signed authorization (授权核对委托书, a JWS; see "
    "`openapi/authorization.schema.json` and the signing guide) names the members and the "
    "sources they consented to; each source is queried, the results are assessed rule by rule, "
    "and the report (核对报告) is returned and kept. "
    "Needs an `Idempotency-Key`. Role: case system.",
    status_code=status.HTTP_201_CREATED,
    response_model=VerificationReport,
    responses=_ERRORS,
    summary="Verify one household against its signed authorization",
)
async def create_verification(
    body: CreateVerification,
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
    locale: LocaleDep,
) -> Response:
    async def work() -> IdempotentResult:
        report = await create.create_verification(runtime, client, body, request_id)
        return _stored(report, locale, status.HTTP_201_CREATED)

    return await idempotency.run(client, work)


@router.get(
    "",
    operation_id="listVerifications",
    response_model=VerificationPage,
    responses={422: _PROBLEM},
    summary="The calling client's verifications, filtered, one page at a time",
    description="The verifications the calling client made, oldest first in the stable order "
    "(`created_at`, `id`), with keyset paging: pass `next_cursor` back as `cursor` with the "
    "same filters (or follow `next`); verifications created meanwhile are neither repeated "
    "nor skipped. Each item is the report's head (status, outcome, revision, region, dates) "
    "and its `href`; nothing personal. `updated_*` filter on when the current report was "
    "written (`completed_at`; a running verification's `created_at`). `422 invalid-cursor` "
    "for a cursor the service did not issue or one altered, `422 cursor-mismatch` for one "
    "issued with other filters, `422 invalid-time-range` for an empty range. Audited as a "
    "read (`verifications_listed`). Role: case system.",
)
async def list_verifications(
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    page: PageQuery,
    status: Annotated[Literal["running", "awaiting_sources", "completed"] | None, Query()] = None,
    outcome: Annotated[Literal["eligible", "ineligible", "review_required"] | None, Query()] = None,
    region: RegionQuery = None,
    authorization_id: Annotated[
        str | None,
        Query(min_length=8, max_length=128, pattern=r"^[A-Za-z0-9._:-]+$"),
        AfterValidator(no_id_number),
    ] = None,
    created_from: FromQuery = None,
    created_before: BeforeQuery = None,
    updated_from: FromQuery = None,
    updated_before: BeforeQuery = None,
) -> VerificationPage:
    query = VerificationQuery(
        status=status,
        outcome=outcome,
        region_prefix=region,
        authorization_id=authorization_id,
        created=TimeRange.of("created", created_from, created_before),
        updated=TimeRange.of("updated", updated_from, updated_before),
    )
    return await listing.list_verifications(runtime, client, query, page, request_id)


@router.get(
    "/{verification_id}",
    operation_id="getVerification",
    response_model=VerificationReport,
    responses={**_ERRORS, **_HTML},
    summary="The report of one verification created by the calling client",
    description="JSON by default; the printable 核对报告 with `Accept: text/html`. Texts in "
    "Chinese unless `lang=en` or `Accept-Language: en` asks for English.",
)
async def get_verification(
    verification_id: uuid.UUID,
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    locale: LocaleDep,
    accept: Annotated[str | None, Header()] = None,
    revision: RevisionQuery = None,
) -> Response:
    report = await read.read_report(runtime, client, verification_id, request_id, revision=revision)
    return _printable(report, locale, runtime) if _wants_html(accept) else _report(report, locale)


@router.get(
    "/{verification_id}/report.html",
    operation_id="getPrintableReport",
    description="The printable 核对报告 as HTML (for 打印 / PDF), in Chinese unless `lang=en`. "
    "Role: case system.",
    response_class=HTMLResponse,
    responses=_ERRORS,
    summary="The printable 核对报告 (HTML) of one verification, in Chinese or English",
)
async def get_printable_report(
    verification_id: uuid.UUID,
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    locale: LocaleDep,
    revision: RevisionQuery = None,
) -> HTMLResponse:
    report = await read.read_report(runtime, client, verification_id, request_id, revision=revision)
    return _printable(report, locale, runtime)


@router.get(
    "/{verification_id}/receipt",
    operation_id="getVerificationReceipt",
    response_class=PlainTextResponse,
    responses={
        **_ERRORS,
        **RECEIPT_RESPONSES,
        409: {
            **RECEIPT_RESPONSES[409],
            "description": "`verification-incomplete`: no report yet; `receipt-pending`: the "
            "report's event is not in the log yet, or no signed checkpoint covers it yet (ask "
            "again after `Retry-After`)",
        },
    },
    summary="The receipt (C2SP tlog-proof) of the audit event that recorded the report",
    description="Proves offline, to anyone holding the log's verifier key "
    "(`/.well-known/audit-log-key`), that the report's `report_created` event (the "
    "report's `audit`) is in the audit log. For the client that made the verification, "
    "as its report; `409 verification-incomplete` before the report exists, `409 "
    "receipt-pending` with `Retry-After` until a signed checkpoint covers the event.",
)
async def get_receipt(
    verification_id: uuid.UUID,
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    locale: LocaleDep,
    revision: RevisionQuery = None,
) -> PlainTextResponse:
    receipt = await read.report_receipt(
        runtime, client, verification_id, request_id, locale, revision=revision
    )
    return receipt_response(receipt)


@router.get(
    "/{verification_id}/signed-report",
    operation_id="getSignedReport",
    response_model=SignedReportView,
    responses={
        **_ERRORS,
        409: {
            **RECEIPT_RESPONSES[409],
            "description": "`verification-incomplete`: no report yet; `receipt-pending`: the "
            "report's event is not in the log yet, or no signed checkpoint covers it yet (ask "
            "again after `Retry-After`)",
        },
    },
    summary="A report's signed manifest, with its receipt: a report anyone can check",
    description="The manifest of the current report, or of the revision `revision` names "
    "(its revision, authorization, the digest of each source answer it used, its members' "
    "and its support obligors', policy, outcome, figures and audit entry), signed with the "
    "audit log's key (`/.well-known/audit-log-key`), and the receipt of its "
    "`report_created` entry. Check it offline with `verification report verify FILE "
    "--log-key KEY` or the page at `/verify-report`. Each revision has its own; the ones a "
    "later revision replaced are kept and served with `?revision=` (`404 "
    "report-revision-not-found` for one replaced before they were kept). `409 "
    "receipt-pending` with `Retry-After` until a signed checkpoint covers the entry.",
)
async def get_signed_report(
    verification_id: uuid.UUID,
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    locale: LocaleDep,
    revision: RevisionQuery = None,
) -> JSONResponse:
    bundle = await signed_report.read_signed_report(
        runtime, client, verification_id, request_id, locale, revision=revision
    )
    revision = bundle["manifest"]["revision"]
    return JSONResponse(
        bundle,
        headers={
            **_NO_STORE,
            "Content-Disposition": (
                f'attachment; filename="report-{verification_id}-r{revision}.signed.json"'
            ),
        },
    )


@router.get(
    "/{verification_id}/revisions",
    operation_id="listReportRevisions",
    response_model=ReportRevisionList,
    responses=_ERRORS,
    summary="Every revision of a verification's report, oldest first",
    description="The first report and each revision after it (a retry, an awaited agency "
    "answer that arrived, an upheld appeal), with status, outcome and when each was "
    "written and replaced, without their contents. Read one with `?revision=` on the "
    "report, the printable report, the receipt and the signed report. For the client that "
    "made the verification, as its report; `409 verification-incomplete` before the first "
    "report. Role: case system.",
)
async def list_report_revisions(
    verification_id: uuid.UUID,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
) -> JSONResponse:
    listed = await read.report_revisions(runtime, client, verification_id, request_id)
    return JSONResponse(listed.model_dump(mode="json"), headers=_NO_STORE)


@router.post(
    "/{verification_id}/retry",
    operation_id="retryVerification",
    description="Queries again only the sources that were unavailable or rejected, re-assesses, "
    "and returns the report as a new revision; `409 nothing-to-retry` when every source "
    "answered; `503 sources-unavailable` with `Retry-After` (nothing stored, no revision "
    "spent) when every source it would ask still has its circuit breaker open — the "
    "report's `sources[].expected_back_at` says when each is expected back. Needs an "
    "`Idempotency-Key`. Role: case system.",
    response_model=VerificationReport,
    responses=_ERRORS,
    summary="Query again only the sources that were unavailable or rejected, and re-assess",
)
async def retry_verification(
    verification_id: uuid.UUID,
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
    locale: LocaleDep,
) -> Response:
    async def work() -> IdempotentResult:
        report = await retry.retry_verification(
            runtime, client, verification_id, request_id, locale=locale
        )
        return _stored(report, locale)

    return await idempotency.run(client, work)


_CALLBACK_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["ticket"],
                    "additionalProperties": False,
                    "properties": {
                        "ticket": {
                            "type": "string",
                            "pattern": "^[A-Za-z0-9_.:-]{1,64}$",
                            "description": "the agency's reference it answered the query with",
                        }
                    },
                },
                "example": {"ticket": "BQ5F3A9C0D1E2B4A6C8E0F"},
            }
        },
    }
}


@callbacks_router.post(
    "/{scope}",
    operation_id="receiveAgencyCallback",
    description="For an agency, not a case system: says the answer it promised under a "
    "ticket (a `pending` source of an `awaiting_sources` verification) is ready; the service "
    "then asks the agency for it and, when every awaited answer is in, completes the "
    "verification with a new report revision. The body carries no answer. Authenticated by "
    "the source's shared secret (`VERIFICATION_SOURCES__<SCOPE>__CALLBACK_SECRET`): "
    "`X-Agency-Timestamp` (Unix seconds, within 300 s of now) and `X-Agency-Signature: "
    "sha256=<hex HMAC-SHA256 of '<timestamp>.<raw body>'>`. Audited as `agency_callback`; "
    "refusals are audited and change nothing. See docs/integrators/awaiting-sources.md.",
    response_model=CallbackAnswer,
    responses=_ERRORS,
    openapi_extra=_CALLBACK_BODY,
    summary="An agency says the answer to a pending query is ready",
)
async def receive_agency_callback(
    scope: str,
    request: Request,
    *,
    runtime: RuntimeDep,
    request_id: RequestId,
    x_agency_timestamp: Annotated[str | None, Header()] = None,
    x_agency_signature: Annotated[str | None, Header()] = None,
) -> CallbackAnswer:
    # a source's callbacks are audited, refusals too (problem_handlers)
    request.state.audit_refusals = callbacks.takes_callbacks(runtime, scope)
    outcome = await callbacks.receive_callback(
        runtime,
        scope,
        await request.body(),
        timestamp=x_agency_timestamp,
        signed=x_agency_signature,
        request_id=request_id,
    )
    return CallbackAnswer(
        verification_id=uuid.UUID(outcome.verification_id),
        status=outcome.status,
        revision=outcome.revision,
    )
