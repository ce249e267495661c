"""The consent-use record's routes: the case system's (``/v1/authorizations``), and the
family's page (``/family/v1/consent/{token}``), outside ``/v1``'s bearer authentication as
an agency's callback is: the link's token is its only credential."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Request, Response, status
from fastapi.responses import HTMLResponse

from verification.clients.dependencies import CaseSystem
from verification.consent import family_links, revoke, uses
from verification.consent.html import render_invalid_link_html, render_record_html
from verification.consent.schemas import ConsentUseRecord, FamilyLink, RevocationAnswer, Revoke
from verification.consent.view import record_view
from verification.db import utcnow
from verification.dependencies import LocaleDep, RequestId, RuntimeDep
from verification.idempotency.dependency import Idempotency
from verification.idempotency.service import IdempotentResult
from verification.messages.locale import Locale
from verification.problems import PROBLEM_JSON
from verification.runtime import Runtime

router = APIRouter(prefix="/v1/authorizations", tags=["authorizations"])
family_router = APIRouter(prefix="/family/v1/consent", tags=["family"])

_PROBLEM: dict[str, Any] = {"content": {PROBLEM_JSON: {}}, "description": "problem details"}
_ERRORS: dict[int | str, dict[str, Any]] = {c: _PROBLEM for c in (401, 403, 404, 409, 422)}
_HTML: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {}}, "description": "the record (JSON, or HTML on request)"}
}
AuthorizationId = Annotated[
    str,
    Path(
        min_length=8,
        max_length=128,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="the authorization's `authorization_id`",
    ),
]
Token = Annotated[str, Path(min_length=1, max_length=128, description="the link's token")]


def _headers(locale: Locale) -> dict[str, str]:
    return {
        "Cache-Control": "no-store",
        "Content-Language": locale.value,
        "Vary": "Accept, Accept-Language",
        "Referrer-Policy": "no-referrer",
        "X-Robots-Tag": "noindex",
    }


def _wants_html(accept: str | None) -> bool:
    """Browsers (text/html before any JSON) get the page; API clients, and a caller that
    names neither, get JSON (a refusal: a problem)."""
    if not accept or "text/html" not in accept:
        return False
    json_at = accept.find("json")
    return json_at == -1 or accept.find("text/html") < json_at


def _answer(record: ConsentUseRecord, locale: Locale, *, html: bool) -> Response:
    if html:
        return HTMLResponse(render_record_html(record, locale), headers=_headers(locale))
    return Response(
        record.model_dump_json(), media_type="application/json", headers=_headers(locale)
    )


@router.get(
    "/{authorization_id}/uses",
    operation_id="getConsentUses",
    response_model=ConsentUseRecord,
    responses={**_ERRORS, **_HTML},
    summary="The consent-use record of an authorization: every use, no data values",
    description="Every use of the household's signed authorization, derived from the audit "
    "log: when (UTC and Beijing time), for which purpose (first verification, retry, batch "
    "review, collecting an agency's later answer, a support obligor's consent), by which "
    "client (its name) and, per agency asked, the outcome (answered, not found, unavailable, "
    "rejected, pending); its revocation if the household withdrew it. No data values (no "
    "income, balance, name or ID number). JSON by default; the printable page with `Accept: "
    "text/html`; Chinese unless `lang=en`. For a client that made a verification under it "
    "(`404` otherwise), of its regions and issuers (`403`). Audited (`consent_record_read`). "
    "Role: case system.",
)
async def get_consent_uses(
    authorization_id: AuthorizationId,
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    locale: LocaleDep,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    record = await uses.read_record(runtime, client, authorization_id, request_id)
    view = record_view(record, locale, runtime.settings.timezone, utcnow())
    return _answer(view, locale, html=_wants_html(accept))


@router.post(
    "/{authorization_id}/family-links",
    operation_id="createFamilyLink",
    status_code=status.HTTP_201_CREATED,
    response_model=FamilyLink,
    responses=_ERRORS,
    summary="A one-time link for the family to open its consent-use record",
    description="A URL with an unguessable token (only its hash is stored) that opens the "
    "record of this one authorization as a page (`/family/v1/consent/{token}`), without a "
    "bearer token. Valid `VERIFICATION_CONSENT_LINK_HOURS` (24) hours; its first opening "
    "starts a window of `VERIFICATION_CONSENT_LINK_WINDOW_MINUTES` (30) within which the "
    "family may reload it, then it is spent. Hand it to the family only. Audited "
    "(`consent_link_created`). Needs an `Idempotency-Key`. Role: case system.",
)
async def create_family_link(
    authorization_id: AuthorizationId,
    request: Request,
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    base = runtime.settings.public_base_url or str(request.base_url)

    async def work() -> IdempotentResult:
        url, link = await family_links.create_link(
            runtime, client, authorization_id, request_id, base_url=base
        )
        answer = FamilyLink(
            url=url,
            expires_at=link.expires_at,
            window_minutes=runtime.settings.consent_link_window_minutes,
        )
        return IdempotentResult.json(
            answer, status.HTTP_201_CREATED, audit={"authorization_id": authorization_id}
        )

    return await idempotency.run(client, work)


@router.post(
    "/{authorization_id}/revocation",
    operation_id="revokeAuthorization",
    response_model=RevocationAnswer,
    responses=_ERRORS,
    summary="The household withdraws its authorization: every later use is refused",
    description="Records the household's withdrawal (a reason code and the Beijing date it "
    "withdrew, not after today: `422 withdrawn-in-future`). From then on a retry, a batch "
    "review and a new verification presenting the same signed authorization are refused "
    "(`422 authorization-revoked`); a queued batch item under it ends `skipped` with "
    "`authorization-revoked`, one already running finishes its round; answers an agency "
    "promised under it are no longer collected. `409 authorization-revoked` if withdrawn "
    "already. Audited (`authorization_revoked`); shown in the consent-use record. Needs an "
    "`Idempotency-Key`. Role: case system.",
)
async def revoke_authorization(
    authorization_id: AuthorizationId,
    body: Revoke,
    *,
    client: CaseSystem,
    runtime: RuntimeDep,
    request_id: RequestId,
    idempotency: Idempotency,
) -> Response:
    async def work() -> IdempotentResult:
        answer = await revoke.revoke(
            runtime,
            client,
            authorization_id,
            request_id,
            reason=body.reason,
            withdrawn_on=body.withdrawn_on,
        )
        return IdempotentResult.json(answer, audit={"authorization_id": authorization_id})

    return await idempotency.run(client, work)


@family_router.get(
    "/{token}",
    operation_id="openFamilyConsentRecord",
    response_model=ConsentUseRecord,
    responses={404: _PROBLEM, 422: _PROBLEM, **_HTML},
    summary="The family's page: its consent-use record, opened with the link it was given",
    description="For a family, not a case system: the consent-use record of its one "
    "authorization (the authorization's id masked, no verification id, no link): a page for "
    "a browser (`Accept: text/html` first), JSON otherwise. No bearer token: the link's "
    "token is the credential. An unknown, expired or spent link answers a plain page for a "
    "browser (`404`), a `404 consent-link-invalid` problem otherwise, not saying which. "
    "Each opening is audited (`consent_record_opened`, `consent_link_refused`).",
)
async def open_family_record(
    token: Token,
    request: Request,
    *,
    runtime: RuntimeDep,
    request_id: RequestId,
    locale: LocaleDep,
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    html = _wants_html(accept)
    try:
        record = await family_links.open_link(runtime, token, request_id)
    except family_links.LinkInvalid:
        if html:
            return HTMLResponse(
                render_invalid_link_html(locale), status_code=404, headers=_headers(locale)
            )
        raise
    return _answer(_family_view(runtime, record, locale), locale, html=html)


def _family_view(runtime: Runtime, record: Any, locale: Locale) -> ConsentUseRecord:
    return record_view(record, locale, runtime.settings.timezone, utcnow(), family=True)
