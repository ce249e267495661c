"""Deprecating an operation of ``/v1``: one marker on the route, the headers and the document
follow (docs/integrators/versioning.md).

A route is deprecated by giving it the ``Deprecated`` marker as a dependency::

    @router.get("/v1/old", dependencies=[Depends(Deprecated(since=..., sunset=..., link=...))])

and then, from this module alone:

- every response of the route (successes and refusals alike) carries ``Deprecation: @<epoch
  seconds>`` (RFC 9745, the moment it was deprecated), ``Sunset: <HTTP-date>`` (RFC 8594, when
  it may stop answering; only once one is decided) and ``Link: <notice>; rel="deprecation"``
  (RFC 9745 §3: where the deprecation and the replacement are explained) —
  ``DeprecationHeaders``, a pure ASGI middleware, adds them when the response starts;
- the OpenAPI document marks the operation ``deprecated: true``, documents the three headers
  on each of its responses and says in its description since when and until when
  (``install_deprecation_docs``).

The marker itself does nothing when the route runs; it is found, as the role and idempotency
dependencies are, by walking the route's dependencies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from email.utils import format_datetime
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# the least notice between a deprecation and its sunset (docs/integrators/versioning.md)
MIN_NOTICE = dt.timedelta(days=180)
DEPRECATION = "Deprecation"
SUNSET = "Sunset"
LINK = "Link"


class Deprecated:
    """The route's deprecation: since when (a UTC instant), its sunset if decided, and the
    notice (a URL) that explains it and names the replacement."""

    def __init__(self, *, since: dt.datetime, link: str, sunset: dt.datetime | None = None) -> None:
        if since.tzinfo is None or (sunset is not None and sunset.tzinfo is None):
            raise ValueError("deprecation instants carry their offset")
        if sunset is not None and sunset < since + MIN_NOTICE:
            raise ValueError(
                f"the sunset comes at least {MIN_NOTICE.days} days after the deprecation"
            )
        self.since = since.astimezone(dt.UTC)
        self.sunset = None if sunset is None else sunset.astimezone(dt.UTC)
        self.link = link

    async def __call__(self) -> None:
        """As a dependency it does nothing: it marks the route."""

    def headers(self) -> dict[str, str]:
        headers = {DEPRECATION: f"@{int(self.since.timestamp())}"}
        if self.sunset is not None:
            headers[SUNSET] = format_datetime(self.sunset, usegmt=True)
        headers[LINK] = f'<{self.link}>; rel="deprecation"; type="text/html"'
        return headers


def deprecation_of(route: Any) -> Deprecated | None:
    """The ``Deprecated`` marker among the route's own dependencies, if it has one (a walk of
    a few nodes: a route has a handful of dependencies)."""
    if not isinstance(route, APIRoute):
        return None
    return next(
        (d.call for d in _dependants(route.dependant) if isinstance(d.call, Deprecated)), None
    )


class DeprecationHeaders:
    """Adds a deprecated route's headers to every response it gives (pure ASGI)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            # the router put the matched route into this scope before the response starts
            notice = deprecation_of(scope.get("route"))
            if message["type"] == "http.response.start" and notice is not None:
                headers = list(message.get("headers", []))
                headers += [(k.lower().encode(), v.encode()) for k, v in notice.headers().items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


_HEADER_DOCS = {
    DEPRECATION: "RFC 9745: the operation is deprecated, since this moment (`@` epoch seconds)",
    SUNSET: "RFC 8594: when the operation may stop answering (an HTTP-date), once decided",
    LINK: 'the deprecation notice and its replacement (`rel="deprecation"`)',
}


def install_deprecation_docs(app: FastAPI) -> None:
    """Marks the deprecated operations of the app's OpenAPI document (``deprecated: true``,
    their headers, since and until when)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        fresh = app.openapi_schema is None
        document = generate()
        if fresh:
            document_deprecations(app, document)
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def document_deprecations(app: FastAPI, document: dict[str, Any]) -> None:
    for route in iter_route_contexts(app.routes):
        notice = deprecation_of(route.original_route)
        if notice is None or not route.include_in_schema:
            continue
        item = document["paths"].get(route.path_format, {})
        for method in route.methods or ():
            operation = item.get(method.lower())
            if operation is None:
                continue
            operation["deprecated"] = True
            until = "" if notice.sunset is None else f", sunset {notice.sunset.isoformat()}"
            operation["description"] = (
                f"**Deprecated** since {notice.since.isoformat()}{until}: see {notice.link}.\n\n"
                + operation.get("description", "")
            )
            for response in operation.get("responses", {}).values():
                headers = response.setdefault("headers", {})
                for name, text in _HEADER_DOCS.items():
                    if name != SUNSET or notice.sunset is not None:
                        headers[name] = {"description": text, "schema": {"type": "string"}}


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _dependants(sub)
