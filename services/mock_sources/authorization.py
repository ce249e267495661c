"""The header check every agency shares.

Each agency requires ``X-Authorization-Id`` (the 授权核对委托书 id) and
``X-Purpose``.  ``require_authorization`` is attached once, when the app
includes the agency routers; a missing or blank header raises
``MissingAuthorizationError``, which ``authorization_error_handler`` answers
with HTTP 400 ``{"error": "missing authorization header"}``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Request
from fastapi.responses import JSONResponse


class MissingAuthorizationError(Exception):
    """A request to an agency without its authorization headers."""


async def require_authorization(
    x_authorization_id: Annotated[str | None, Header()] = None,
    x_purpose: Annotated[str | None, Header()] = None,
) -> None:
    if not (x_authorization_id and x_authorization_id.strip()):
        raise MissingAuthorizationError
    if not (x_purpose and x_purpose.strip()):
        raise MissingAuthorizationError


async def authorization_error_handler(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"error": "missing authorization header"}, status_code=400)
