"""Typed access to the runtime and the request id from routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from verification.kit.cursor import CURSOR_MAX_LENGTH, CURSOR_PATTERN
from verification.runtime import Runtime


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def _request_id(request: Request) -> str:
    request_id: str = request.state.request_id
    return request_id


RuntimeDep = Annotated[Runtime, Depends(_runtime)]
RequestId = Annotated[str, Depends(_request_id)]
# a page's `next_cursor`, passed back as it came: opaque, base64url; one the service did
# not issue is refused (422)
CursorQuery = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=CURSOR_MAX_LENGTH,
        pattern=CURSOR_PATTERN,
        description="`next_cursor` of the previous page, as it came (opaque, base64url)",
    ),
]
