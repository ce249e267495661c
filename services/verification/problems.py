"""Domain errors and their RFC 9457 problem-details rendering.

Services raise ``DomainError`` subclasses, never ``HTTPException``.  One set of
handlers turns every error (domain, validation, routing, unexpected) into an
``application/problem+json`` body, masks personal data in it, and records the
refusal in the audit log in its own transaction, so a refused request leaves
an audit event and nothing else.

    DomainError
    ├── AuthenticationRequired (401)   missing / unknown / revoked token
    ├── Forbidden (403)                role or issuer not permitted
    ├── NotFound (404)
    ├── Conflict (409)                 replayed authorization, idempotency clash
    ├── InvalidRequest (400 / 422)
    ├── AuthorizationRefused (400 / 422) the 授权核对委托书 failed a check
    └── ServiceUnavailable (503)       the database is unreachable, the audit log fails
                                       its integrity check; with ``Retry-After``; not
                                       audited (it cannot be): logged and counted instead
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

PROBLEM_JSON = "application/problem+json"
# a problem's `type` is `/problems/<code>` (its page, GET /problems/{code}), absolute under the
# public base URL when one is configured (the app puts it here: `problem_type_base`)
PROBLEMS_PATH = "/problems/"


class DomainError(Exception):
    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"
    audit_action: ClassVar[str] = "request_refused"
    # the messages catalogue's keys of the title and detail of a problem written in the
    # reader's language: the problem handler renders them in the locale the request asks
    # for (``lang``, ``Accept-Language``); None: the title and detail given
    messages: ClassVar[tuple[str, str] | None] = None

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        status: int | None = None,
        audit: Mapping[str, Any] | None = None,
        extra: Mapping[str, Any] | None = None,
        audit_action: str | None = None,
        title: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.instance_audit_action = audit_action or self.audit_action
        self.detail = detail
        self.instance_code = code or self.code
        self.instance_status = status or self.status
        # a title in the reader's language (the class's is English), and response headers
        # (``Retry-After``)
        self.instance_title = title or self.title
        self.response_headers = dict(headers or {})
        self.audit_fields = dict(audit or {})
        self.extra = dict(extra or {})


class AuthenticationRequired(DomainError):
    status = 401
    code = "authentication-required"
    title = "Authentication required"
    audit_action = "access_denied"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    title = "Forbidden"
    audit_action = "access_denied"


class NotFound(DomainError):
    status = 404
    code = "not-found"
    title = "Not found"


class Conflict(DomainError):
    status = 409
    code = "conflict"
    title = "Conflict"


class Gone(DomainError):
    """What was here was purged under the retention schedule (``retention``)."""

    status = 410
    code = "purged"
    title = "Gone"


class InvalidRequest(DomainError):
    status = 422
    code = "invalid-request"
    title = "Invalid request"


class AuthorizationRefused(DomainError):
    status = 422
    code = "authorization-refused"
    title = "Authorization refused"
    audit_action = "authorization_refused"


class SandboxNotConfigured(DomainError):
    """A sandbox client asked for the agencies, and the deployment has no sandbox ones
    (``Settings.sandbox_sources_root``).  Its title and detail are the messages catalogue's
    (``message``), in the reader's language."""

    status = 503
    code = "sandbox-not-configured"
    title = "Sandbox not configured"
    messages = ("problem.sandbox_not_configured.title", "problem.sandbox_not_configured.detail")


class ServiceUnavailable(DomainError):
    """Nothing can be done now; try again after ``retry_after`` seconds.  The refusal cannot
    be written to the audit log (that is what is failing), so it is logged and counted."""

    status = 503
    code = "service-unavailable"
    title = "Service unavailable"
    audit_action = ""  # never audited

    def __init__(self, detail: str, *, code: str | None = None, retry_after: int = 5) -> None:
        super().__init__(detail, code=code)
        self.retry_after = retry_after


def problem_body(
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    instance: str,
    request_id: str | None,
    extra: Mapping[str, Any] | None = None,
    type_base: str = "",
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": type_base + PROBLEMS_PATH + code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
        "code": code,
    }
    if request_id:
        body["request_id"] = request_id
    if extra:
        body.update(extra)
    return body
