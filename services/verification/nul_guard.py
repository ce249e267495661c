"""Refusing U+0000 (NUL) anywhere in a request, before any route runs (pure ASGI).

PostgreSQL's text cannot hold a NUL, and SQLite's can: a NUL that reached the
database was a 500 on one and stored on the other.  This middleware refuses it
in the path, the query string, the headers and the (JSON) body with ``422
nul-character``, a ``DomainError`` rendered and audited by the app's problem
handler like every other refusal, so every route is covered at once.  The body
is checked when its last chunk arrives, before the app sees that chunk (FastAPI
reads the whole body before it parses any of it); the chunks are kept by
reference, not copied.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from verification.body_limit import refuse_with_app_handler, run_refusing
from verification.kit.nul import NUL, json_has_nul
from verification.problems import InvalidRequest


class NulCharacter(InvalidRequest, StarletteHTTPException):
    """Also an ``HTTPException``, which FastAPI's body reader passes through as it is."""

    code = "nul-character"

    def __init__(self, location: str) -> None:
        InvalidRequest.__init__(
            self,
            f"the request's {location} contains a NUL character (U+0000), which is never accepted",
            audit={"location": location},
            extra={"location": location},
        )
        self.status_code = self.status
        self.headers = None


class NulGuardMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        location = _nul_outside_body(scope)
        if location is not None:
            await refuse_with_app_handler(scope, receive, send, NulCharacter(location))
            return
        chunks: list[bytes] = []

        async def guarded_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and json_has_nul(b"".join(chunks)):
                    raise NulCharacter("body")
            return message

        await run_refusing(
            self.app, scope, receive, send, checked_receive=guarded_receive, refusal=NulCharacter
        )


def _nul_outside_body(scope: Scope) -> str | None:
    if NUL in scope["path"]:
        return "path"
    query: bytes = scope.get("query_string", b"")
    if b"\x00" in query or b"\x00" in unquote_to_bytes(query):
        return "query"
    if any(b"\x00" in name or b"\x00" in value for name, value in scope["headers"]):
        return "headers"
    return None
