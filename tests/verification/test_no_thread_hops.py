"""Every route runs on the event loop: no plain ``def`` dependency or handler.

FastAPI runs a plain ``def`` dependency or endpoint in a worker thread.  Three such trivial
dependencies (the runtime, the request id, the language) were about 8 % of the API's CPU
under load (py-spy on PostgreSQL, 32 clients, issue #17): a thread hop each, per request.
"""

from __future__ import annotations

import inspect

from tests.verification.route_access import _dependants, api_routes
from verification.app import create_app
from verification.settings import Settings


def _runs_in_a_thread(call: object) -> bool:
    if call is None:
        return False
    if inspect.isroutine(call):
        return not (inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call))
    dunder = getattr(call, "__call__", None)  # noqa: B004 - a callable instance (HTTPBearer)
    return not (inspect.iscoroutinefunction(dunder) or inspect.isasyncgenfunction(dunder))


def test_no_route_has_a_dependency_or_handler_that_runs_in_a_thread() -> None:
    routes = api_routes(create_app(Settings()))
    assert len(routes) > 20  # the walk found the API
    threaded = sorted(
        {
            f"{route.path}: {getattr(d.call, '__qualname__', type(d.call).__name__)}"
            for route in routes
            for d in _dependants(route.dependant)
            if _runs_in_a_thread(d.call)
        }
    )
    assert threaded == []


def test_the_check_sees_a_plain_def() -> None:
    def plain() -> None: ...

    async def coroutine() -> None: ...

    assert _runs_in_a_thread(plain)
    assert not _runs_in_a_thread(coroutine)
