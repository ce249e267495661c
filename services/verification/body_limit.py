"""Refusing request bodies above ``VERIFICATION_MAX_BODY_BYTES`` (pure ASGI, no buffering).

A route may have a limit of its own (``POST /v1/batches`` takes 10,000 household
ids).  A declared ``Content-Length`` above the limit is refused before the app runs
and before any of the body is read; otherwise the chunks are counted as the
app receives them, and the one that crosses the limit raises
``PayloadTooLarge`` instead of being delivered.  Either way the refusal is a
``DomainError`` rendered by the app's problem handler, like every other
refusal (413 ``payload-too-large``); it comes before authentication, so it is
logged and counted, not audited.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from verification.problems import DomainError


class PayloadTooLarge(DomainError, StarletteHTTPException):  # noqa: N818 - an HTTP name
    """Also an ``HTTPException``, which FastAPI's body reader passes through as it
    is (any other exception there becomes a generic 400)."""

    status = 413
    code = "payload-too-large"
    title = "Payload too large"

    def __init__(self, limit: int) -> None:
        DomainError.__init__(
            self,
            f"the request body is larger than {limit} bytes",
            audit={"max_body_bytes": limit},
            extra={"max_body_bytes": limit},
        )
        self.status_code = self.status
        self.headers = None


class BodySizeLimitMiddleware:
    """``max_body_bytes`` for every request, except the routes (method, path) that
    ``route_limits`` gives a limit of their own."""

    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int,
        route_limits: Mapping[tuple[str, str], int] | None = None,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.route_limits = dict(route_limits or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.route_limits.get((scope["method"], scope["path"]), self.max_body_bytes)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await refuse_with_app_handler(scope, receive, send, PayloadTooLarge(limit))
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise PayloadTooLarge(limit)
            return message

        await run_refusing(
            self.app, scope, receive, send, checked_receive=limited_receive, refusal=PayloadTooLarge
        )


def _content_length(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


async def run_refusing(
    app: ASGIApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    *,
    checked_receive: Receive,
    refusal: type[Exception],
) -> None:
    """Run ``app`` reading the body through ``checked_receive``; a ``refusal`` it raises
    (outside the routes' exception handling) before the response started is rendered by
    the app's own handler, as if a route had raised it."""
    started = False

    async def tracking_send(message: Message) -> None:
        nonlocal started
        started = started or message["type"] == "http.response.start"
        await send(message)

    try:
        await app(scope, checked_receive, tracking_send)
    except refusal as exc:
        if started:
            raise
        await refuse_with_app_handler(scope, receive, send, exc)


async def refuse_with_app_handler(
    scope: Scope, receive: Receive, send: Send, exc: Exception
) -> None:
    """Hand ``exc`` to the app's own handler for it, so it is rendered and audited
    exactly as if a route had raised it."""
    app = scope["app"]
    handler = next(
        (app.exception_handlers[c] for c in type(exc).__mro__ if c in app.exception_handlers),
        None,
    )
    if handler is None:
        raise exc
    response = await handler(Request(scope, receive), exc)
    await response(scope, receive, send)
