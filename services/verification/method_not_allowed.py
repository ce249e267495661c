"""405 Method Not Allowed as the OpenAPI document describes the paths.

- ``allowed_methods``: every method a path has, for the ``Allow`` header (RFC 9110
  §15.5.6).  Starlette names only the methods of the first route that matched the
  path, which misses the others when one path has several routes (the GET and the
  PATCH of a household are two routes).
- ``ConcretePathsFirst``: a path without parameters is matched before templated
  ones (OpenAPI 3.1 §4.8.8.2), so ``PATCH /v1/households/due`` is a 405 — ``due``
  has only GET — rather than a PATCH of the household whose id is ``due``, which
  is what Starlette's first-match routing made of it.  Pure ASGI; the refusal
  goes through the app's handler for ``HTTPException`` (a problem, audited).
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.routing import RouteContext, iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from verification.body_limit import refuse_with_app_handler


def _routes(app: FastAPI) -> list[RouteContext]:
    return [
        route
        for route in iter_route_contexts(app.routes)
        if route.path_format is not None and route.methods
    ]


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """The methods of all the routes of the first path template that matches ``path``
    (a concrete one before templated ones)."""
    routes = _routes(app)
    matching = [r for r in routes if r.path_regex.match(path)]
    template = next(
        (r.path_format for r in matching if r.path_format == path),
        matching[0].path_format if matching else None,
    )
    return sorted({m for r in routes if r.path_format == template for m in r.methods or ()})


class ConcretePathsFirst:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._concrete: dict[str, set[str]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            methods = self._concrete_paths(scope["app"]).get(scope["path"])
            if methods is not None and scope["method"] not in methods:
                await refuse_with_app_handler(
                    scope, receive, send, StarletteHTTPException(405, "Method Not Allowed")
                )
                return
        await self.app(scope, receive, send)

    def _concrete_paths(self, app: FastAPI) -> dict[str, set[str]]:
        """Each path without parameters → its methods (built on the first request, when
        every route is in place)."""
        if self._concrete is None:
            concrete: dict[str, set[str]] = {}
            for route in _routes(app):
                assert route.path_format is not None
                if "{" not in route.path_format:
                    concrete.setdefault(route.path_format, set()).update(route.methods or ())
            self._concrete = concrete
        return self._concrete
