"""An httpx transport whose connection bookkeeping is linear in the pool's size.

httpcore's ``AsyncConnectionPool`` (1.0.x) re-examines every connection it holds
each time a request is queued or a response is closed: each idle connection's
``has_expired()`` asks the socket whether the server has closed it (a ``poll``,
plus anyio building the stream's whole attribute dictionary, ``getpeername``
included), and the surplus-idle check counts the pool again for every idle
connection, which is quadratic.  With the 32 keep-alive connections an agency's
pool holds during a batch, that bookkeeping cost more CPU than the requests
themselves (about 2 ms a request here, against 0.8 ms with a handful of
connections).  Upstream knows (encode/httpcore#924, #928, not released).

``LinearConnectionPool`` overrides only the assignment step.  Its rules are
upstream's, with the work moved to where it matters:

- a connection is checked for expiry (keep-alive timer *and* a server-side
  close) just before it is handed to a request, so a request never gets a
  connection the server has closed; and
- the other idle connections are swept for an expired keep-alive timer at most
  once per ``keepalive_expiry``, not on every request.

The rest (waiting, cancellation, closing) is httpcore's own.  The pool serves
HTTP/1.1, which is what the agencies speak: one request per connection at a
time.  It overrides a private method of httpcore, so ``pyproject.toml`` pins
httpcore to the 1.0 series, and ``tests/connectors/test_sdk_pool.py`` checks
the behaviour on real sockets.
"""

from __future__ import annotations

import functools
import ssl
import time
from typing import Any

import httpcore
import httpx
from httpcore._async.interfaces import AsyncConnectionInterface

from connectors.sdk.network import AsyncioBackend

_DEFAULT_SWEEP_SECONDS = 5.0


class LinearConnectionPool(httpcore.AsyncConnectionPool):
    """httpcore's HTTP/1.1 pool with O(connections) bookkeeping per request."""

    def __init__(self, **kwargs: Any) -> None:
        if kwargs.get("http2"):
            raise ValueError("LinearConnectionPool serves HTTP/1.1 only")
        super().__init__(**kwargs)
        expiry = self._keepalive_expiry
        self._sweep_every = expiry if expiry is not None else _DEFAULT_SWEEP_SECONDS
        self._next_sweep = time.monotonic() + self._sweep_every

    def _assign_requests_to_connections(self) -> list[AsyncConnectionInterface]:
        closing: list[AsyncConnectionInterface] = []
        self._drop_closed_and_surplus(closing)
        queued = [request for request in self._requests if request.is_queued()]
        if not queued:
            return closing
        free = [c for c in self._connections if c.is_available()]
        for pool_request in queued:
            origin = pool_request.request.url.origin
            connection = self._take_live(free, origin, closing)
            if connection is None:
                if len(self._connections) >= self._max_connections:
                    idle = next((c for c in self._connections if c.is_idle()), None)
                    if idle is None:
                        continue  # stays queued until a connection frees up
                    self._remove(idle, closing)
                connection = self.create_connection(origin)
                self._connections.append(connection)
            pool_request.assign_to_connection(connection)
        return closing

    def _drop_closed_and_surplus(self, closing: list[AsyncConnectionInterface]) -> None:
        now = time.monotonic()
        sweep = now >= self._next_sweep
        if sweep:
            self._next_sweep = now + self._sweep_every
        kept: list[AsyncConnectionInterface] = []
        idle = 0
        for connection in self._connections:
            if connection.is_closed():
                continue
            if connection.is_idle():
                idle += 1
                if idle > self._max_keepalive_connections or (sweep and connection.has_expired()):
                    closing.append(connection)
                    continue
            kept.append(connection)
        self._connections = kept

    def _take_live(
        self,
        free: list[AsyncConnectionInterface],
        origin: httpcore.Origin,
        closing: list[AsyncConnectionInterface],
    ) -> AsyncConnectionInterface | None:
        """An available connection to ``origin`` that has not expired, taken out of ``free``."""
        index = 0
        while index < len(free):
            connection = free[index]
            if not connection.can_handle_request(origin):
                index += 1
                continue
            del free[index]
            if connection.has_expired():
                self._remove(connection, closing)
                continue
            return connection
        return None

    def _remove(
        self, connection: AsyncConnectionInterface, closing: list[AsyncConnectionInterface]
    ) -> None:
        self._connections.remove(connection)
        closing.append(connection)


@functools.cache
def _default_ssl_context() -> ssl.SSLContext:
    """httpx's default TLS context, built once: loading the CA bundle takes ~15 ms,
    and one context serves every connection."""
    return httpx.create_ssl_context()


class PooledTransport(httpx.AsyncHTTPTransport):
    """``httpx.AsyncHTTPTransport`` (TLS settings, exception mapping) over a
    ``LinearConnectionPool`` whose sockets are asyncio's own (``AsyncioBackend``)."""

    def __init__(self, *, limits: httpx.Limits) -> None:
        ssl_context = _default_ssl_context()
        super().__init__(verify=ssl_context, limits=limits)
        self._pool = LinearConnectionPool(
            network_backend=AsyncioBackend(),
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
        )
