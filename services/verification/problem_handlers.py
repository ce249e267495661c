"""Rendering every error as RFC 9457 problem details, and auditing refusals.

Domain errors, request-validation errors, routing errors and unexpected
exceptions all leave through here.  Details are masked for personal data,
validation errors list the offending fields but never echo the input, and
each 4xx refusal of an authenticated client becomes an audit event written in
its own transaction.  Refusals of anonymous requests (no or a refused token,
no such route, a body too large before authentication) and rate-limit
refusals are not audited — anyone could otherwise grow the permanent log —
but logged and counted (``http_unaudited_refusals_total{status,code}``); a
refused token or an unknown route counts against the caller's address limit.  One
exception: an agency's callback (``/agency/v1/callbacks/{scope}``) to a source that takes
callbacks is audited even when its signature is refused (``request.state.audit_refusals``),
as the agencies' accesses all are; it counts against the address limit too.

The audit event holds no caller-chosen text unmasked: the route's template,
not the requested path; field locations with the caller's own keys replaced
by ``*``; details and string fields masked.

When the database cannot be reached (``db.database_unavailable``), or the audit log failed
its integrity check, the answer is ``503`` with ``Retry-After``: the refusal cannot be
audited then (that is what fails), so it is logged, masked, and counted in
``http_unaudited_refusals_total{status,code}`` instead.  A refusal whose audit event
cannot be written for those reasons is answered the same way, never as the refusal it
would have been.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

import procrastinate.exceptions
import psycopg
import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from prometheus_client import Counter
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from verification.db import database_unavailable
from verification.dependencies import problem_type_base
from verification.kit.masking import mask_text
from verification.kit.nul import NUL
from verification.messages.locale import Locale, negotiate
from verification.messages.render import render
from verification.method_not_allowed import allowed_methods
from verification.problems import PROBLEM_JSON, DomainError, ServiceUnavailable, problem_body
from verification.ratelimit import RateLimited, address_key, rate_limits_of

log = structlog.get_logger(__name__)

UNAUDITED_REFUSALS: Final = Counter(
    "http_unaudited_refusals_total",
    "Refusals not written to the audit log (anonymous callers, rate limits; 503s when the "
    "database is unreachable or the audit log failed its integrity check), by status and code",
    ["status", "code"],
)
# a location part that is a field name of ours; anything else (a caller's own key) is "*"
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,63}")

# what a database (or the job queue's database) raises: answered 503 when it means the
# database is unreachable, 500 otherwise
_DATABASE_ERRORS: Final = (
    SQLAlchemyError,
    OSError,
    psycopg.Error,
    procrastinate.exceptions.ProcrastinateException,
)
DATABASE_UNAVAILABLE_DETAIL: Final = (
    "the database cannot be reached right now; nothing was done: try again later"
)

_TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Invalid request",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}


async def _respond(
    request: Request,
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    audit_action: str | None,
    audit_fields: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    request_id = getattr(request.state, "request_id", None)
    detail = mask_text(detail)
    authenticated = getattr(request.state, "client_id", None) is not None
    # an agency's callback to a source that takes callbacks is audited even when refused
    # (its signature is its authentication); the address limit bounds what that can write
    audited = authenticated or getattr(request.state, "audit_refusals", False)
    if not authenticated and status < 500 and status != 429:
        try:
            _charge_address(request)
        except RateLimited as refusal:
            return await _domain_error(request, refusal)
    if audit_action and audited:
        try:
            await _audit(
                request,
                audit_action,
                status=status,
                code=code,
                detail=detail,
                fields=audit_fields or {},
            )
        except ServiceUnavailable as unavailable:  # the log refuses appends
            return await _unavailable(request, unavailable)
        except Exception as error:
            if not database_unavailable(error):
                raise
            return await _unavailable(request, _database_unavailable(request))
    elif status < 500:
        UNAUDITED_REFUSALS.labels(str(status), code).inc()
        log.info(
            "request_refused",
            status=status,
            code=code,
            method=request.method,
            path=_route_path(request),
            authenticated=authenticated,
        )
    body = problem_body(
        status=status,
        code=code,
        title=title,
        detail=detail,
        instance=_path(request),
        request_id=request_id,
        extra=extra,
        type_base=problem_type_base(request),
    )
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _path(request: Request) -> str:
    """The request path as a problem or audit event states it: masked, and with a NUL
    (refused, never stored) shown as U+FFFD."""
    return mask_text(request.url.path).replace(NUL, "\ufffd")


async def _audit(
    request: Request,
    action: str,
    *,
    status: int,
    code: str,
    detail: str,
    fields: Mapping[str, Any],
) -> None:
    runtime = getattr(request.app.state, "runtime", None)
    if runtime is None:
        return
    event = {
        "action": action,
        "client_id": getattr(request.state, "client_id", None),
        "request_id": getattr(request.state, "request_id", None),
        "method": request.method,
        "path": _route_path(request),
        "status": status,
        "code": code,
        "detail": _clipped(detail),
        **_bounded(fields),
    }
    try:
        await runtime.audit.record([event])
    except ServiceUnavailable:
        raise
    except Exception as error:  # loud in the logs; the caller answers 503 or 500
        if not database_unavailable(error):
            log.exception("audit_write_failed", action=action)
        raise


def _database_unavailable(request: Request) -> ServiceUnavailable:
    runtime = getattr(request.app.state, "runtime", None)
    retry_after = runtime.settings.database_retry_after_seconds if runtime is not None else 5
    return ServiceUnavailable(
        DATABASE_UNAVAILABLE_DETAIL, code="database-unavailable", retry_after=retry_after
    )


async def _unavailable(request: Request, exc: ServiceUnavailable) -> JSONResponse:
    """503 with ``Retry-After``; not audited (it cannot be): logged and counted."""
    UNAUDITED_REFUSALS.labels("503", exc.instance_code).inc()
    log.warning(
        "request_refused_unaudited",
        code=exc.instance_code,
        method=request.method,
        path=mask_text(request.url.path),
        client_id=getattr(request.state, "client_id", None),
    )
    return await _respond(
        request,
        status=503,
        code=exc.instance_code,
        title=exc.title,
        detail=exc.detail,
        audit_action=None,
        headers={"Retry-After": str(exc.retry_after)},
    )


# A refusal's audit entry keeps what the caller sent only this far: the log keeps every
# entry for ever, and without a bound one refused request could write a quarter of a
# megabyte into it (a batch of 10,000 invalid household ids: 10,000 invalid fields), again
# and again.
AUDIT_TEXT_MAX = 500  # characters of a text (a detail, a reason, a location)
AUDIT_LIST_MAX = 50  # items of a list; ``<name>_total`` then counts them all


def _bounded(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A refusal's fields as its audit entry holds them: masked, texts clipped, lists cut
    to their first ``AUDIT_LIST_MAX`` items with their full count beside them."""
    bounded: dict[str, Any] = {}
    for key, value in fields.items():
        if isinstance(value, list | tuple) and len(value) > AUDIT_LIST_MAX:
            bounded[f"{key}_total"] = len(value)
            bounded[key] = _masked(value[:AUDIT_LIST_MAX])
        else:
            bounded[key] = _masked(value)
    return bounded


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return _clipped(mask_text(value))
    if isinstance(value, list | tuple):
        return [_masked(item) for item in value]
    return value


def _clipped(text: str) -> str:
    """``text`` (masked already) cut to ``AUDIT_TEXT_MAX`` characters, an ellipsis last."""
    return text if len(text) <= AUDIT_TEXT_MAX else text[: AUDIT_TEXT_MAX - 1] + "…"


def _route_path(request: Request) -> str:
    """The matched route's template (``/v1/verifications/{verification_id}``), never the
    caller's own path text; an unmatched path only masked (it goes to the log alone)."""
    route = request.scope.get("route")
    template = getattr(route, "path", None)
    return template if isinstance(template, str) else _path(request)


def _charge_address(request: Request) -> None:
    """An anonymous refusal that presented an ``Authorization`` header (a refused token,
    an unknown route) counts against the address; one without was counted on arrival."""
    if "authorization" not in request.headers:
        return
    limits = rate_limits_of(request.scope)
    if limits is not None:
        limits.charge_address(address_key(request.scope))


def _audited_location(error: Mapping[str, Any]) -> str:
    """A validation error's location for the audit log: our field names and list
    indexes; a key the caller chose (an unexpected field, a dict key) becomes ``*``."""
    parts = [
        str(part) if isinstance(part, int) or _FIELD_NAME.fullmatch(str(part)) else "*"
        for part in error.get("loc", ())
    ]
    if error.get("type") == "extra_forbidden" and parts:
        parts[-1] = "*"
    return ".".join(parts)


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    if isinstance(exc, ServiceUnavailable):
        return await _unavailable(request, exc)
    headers = {"WWW-Authenticate": "Bearer"} if exc.instance_status == 401 else {}
    if isinstance(exc, RateLimited):
        headers = {"Retry-After": str(exc.retry_after)}
    title, detail = exc.instance_title, exc.detail
    if exc.messages is not None:  # written in the reader's language (messages catalogue)
        locale = _request_locale(request)
        title = render(exc.messages[0], {}, locale)
        detail = render(exc.messages[1], {}, locale)
    return await _respond(
        request,
        status=exc.instance_status,
        code=exc.instance_code,
        title=title,
        detail=detail,
        audit_action=exc.instance_audit_action,
        audit_fields=exc.audit_fields,
        extra=exc.extra,
        headers={**headers, **exc.response_headers},
    )


def _request_locale(request: Request) -> Locale:
    """The language the request asks for: ``lang`` (wins), else ``Accept-Language``."""
    lang = request.query_params.get("lang")
    if lang in {locale.value for locale in Locale}:
        return Locale(lang)
    return negotiate(request.headers.get("accept-language"))


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "location": mask_text(".".join(str(part) for part in err.get("loc", ()))),
            "message": mask_text(str(err.get("msg", ""))),
            "type": err.get("type"),
        }
        for err in exc.errors()
    ]
    malformed_json = any(e["type"] == "json_invalid" for e in errors)
    return await _respond(
        request,
        status=400 if malformed_json else 422,
        code="malformed-json" if malformed_json else "invalid-request",
        title=_TITLES[400 if malformed_json else 422],
        detail="the request body is not valid JSON"
        if malformed_json
        else f"the request has {len(errors)} invalid field(s)",
        audit_action="request_refused",
        audit_fields={"fields": sorted({_audited_location(err) for err in exc.errors()})},
        extra={"errors": errors},
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request.app, request.url.path))
    return await _respond(
        request,
        status=exc.status_code,
        code=code,
        title=_TITLES.get(exc.status_code, "Error"),
        detail=str(exc.detail),
        audit_action="request_refused" if exc.status_code < 500 else None,
        headers=headers,
    )


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    """A database's exception: 503 when the database is unreachable, else as unexpected
    (answered here, so the server does not re-raise it)."""
    if database_unavailable(exc):
        return await _unavailable(request, _database_unavailable(request))
    return await _unexpected(request, exc)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    if database_unavailable(exc):  # e.g. wrapped in an error of another kind
        return await _unavailable(request, _database_unavailable(request))
    log.exception("unhandled_error", error=type(exc).__name__)
    return await _respond(
        request,
        status=500,
        code="internal-error",
        title=_TITLES[500],
        detail="an unexpected error occurred; quote the request_id to the operators",
        audit_action=None,
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for kind in _DATABASE_ERRORS:
        app.add_exception_handler(kind, _database_error)
    app.add_exception_handler(Exception, _unexpected)
