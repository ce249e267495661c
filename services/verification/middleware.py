"""Request id, one summary log line and the HTTP metrics per request (pure ASGI, no body
buffering).

The request id is written into every audit event of the request, and the audit
log is kept for ever: a caller's ``X-Request-Id`` is kept only when it is an
opaque token — a UUID, 32 hex digits (a W3C trace id) or a ULID — with no run
of 15 or more digits (hyphens aside), which is what ID and account numbers
look like; anything else (free text, a case number, an ID number) is replaced
by a fresh id, which the response's ``X-Request-Id`` returns.
"""

from __future__ import annotations

import re
import time
import uuid

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from verification import http_metrics
from verification.audit.log import recording_to
from verification.audit.models import PRODUCTION
from verification.clients.dependencies import ENVIRONMENT_HEADER

log = structlog.get_logger("verification.access")
_OPAQUE_TOKEN = re.compile(
    r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"  # UUID
    r"|[0-9A-Fa-f]{32}"  # UUID without hyphens, W3C trace id
    r"|[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}"  # ULID (Crockford base32)
)
_LONG_DIGIT_RUN = re.compile(r"\d(?:-?\d){14}")


def safe_request_id(value: str) -> bool:
    """Whether a caller's request id may be kept (and so enter the audit log)."""
    return _OPAQUE_TOKEN.fullmatch(value) is not None and not _LONG_DIGIT_RUN.search(value)


def new_request_id() -> str:
    """32 hex digits, drawn again in the rare case they hold a long run of digits (which
    the log masking would take for an account number)."""
    while not safe_request_id(request_id := uuid.uuid4().hex):
        pass
    return request_id


_ENVIRONMENT = ENVIRONMENT_HEADER.lower().encode()


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if safe_request_id(incoming) else new_request_id()
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status_code = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
                headers = message.setdefault("headers", [])
                headers.append((b"x-request-id", request_id.encode()))
                environment = scope.get("state", {}).get("environment")
                if environment is not None:  # an authenticated client's request
                    headers.append((_ENVIRONMENT, environment.encode()))
            await send(message)

        try:
            # every request records in the production log until it is a sandbox client's
            # (clients.dependencies), and what it sets ends with it
            with recording_to(PRODUCTION):
                await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            template = getattr(scope.get("route"), "path", None)
            http_metrics.observe(template, scope["method"], status_code, seconds)
            log.info(
                "request_completed",
                method=scope["method"],
                path=template or scope["path"],
                status=status_code,
                duration_ms=round(seconds * 1000, 1),
                client_id=scope.get("state", {}).get("client_id"),
            )
            structlog.contextvars.clear_contextvars()
