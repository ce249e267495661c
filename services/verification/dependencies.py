"""Typed access to the runtime and the request id from routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from verification.runtime import Runtime


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def _request_id(request: Request) -> str:
    request_id: str = request.state.request_id
    return request_id


RuntimeDep = Annotated[Runtime, Depends(_runtime)]
RequestId = Annotated[str, Depends(_request_id)]
