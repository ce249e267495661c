"""Typed access to the runtime, the request id and the reader's language from routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query, Request

from verification.messages.locale import Locale, negotiate
from verification.runtime import Runtime


# async although they await nothing: FastAPI runs a plain `def` dependency in a worker
# thread, and three thread hops a request cost about 8 % of the API's CPU (py-spy, #17)
async def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def _request_id(request: Request) -> str:
    request_id: str = request.state.request_id
    return request_id


async def _locale(
    lang: Annotated[
        Locale | None,
        Query(
            description="the language of the texts: `zh-CN` (default) or `en`; wins over "
            "`Accept-Language`"
        ),
    ] = None,
    accept_language: Annotated[
        str | None,
        Header(
            max_length=1000,
            description="`en` for English texts; anything else (or nothing) gets zh-CN",
        ),
    ] = None,
) -> Locale:
    return lang if lang is not None else negotiate(accept_language)


RuntimeDep = Annotated[Runtime, Depends(_runtime)]
RequestId = Annotated[str, Depends(_request_id)]
LocaleDep = Annotated[Locale, Depends(_locale)]


def problem_type_base(request: Request) -> str:
    """What a problem's ``type`` starts with: the public base URL (``VERIFICATION_PUBLIC_BASE_URL``)
    when one is configured, else nothing (``/problems/<code>``, relative to the host)."""
    runtime = getattr(request.app.state, "runtime", None)
    base = runtime.settings.public_base_url if runtime is not None else None
    return base or ""
