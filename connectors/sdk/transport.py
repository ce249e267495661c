"""The seam: the one place the agencies' HTTP transport is built.

``build_transport(kind, max_connections=...)`` returns the
``httpx.AsyncBaseTransport`` an ``AgencyClient`` sends its requests through;
nothing else in the code base names a transport library.  Every transport
built here speaks httpx's exception vocabulary, the one
``connectors.sdk.http.EXCEPTION_RESOLUTIONS`` classifies:

- ``TransportKind.HTTPCORE``: httpx's own ``AsyncHTTPTransport`` (httpcore's
  connection pool on anyio's sockets), stock;
- ``TransportKind.AIOHTTP``: ``httpx_aiohttp.AiohttpTransport`` (aiohttp's
  connector, its C HTTP parser), with the failures it reports re-mapped
  (``_AiohttpTransport``): httpx-aiohttp 0.2 turns every
  ``aiohttp.ClientConnectionError`` into ``httpx.ConnectTimeout``, so a
  refused connection, a TLS failure and a connection the agency dropped
  mid-response would all read as "connect timed out".  The re-mapping looks at
  the aiohttp exception httpx-aiohttp chains as the cause (``raise … from exc``,
  its public behaviour) and raises the httpx exception that names what
  happened; and a client middleware (``_no_silent_resend``, aiohttp's public
  middleware API) stops aiohttp resending an idempotent request, unseen, when
  its connection is lost, so every request an agency receives is an attempt
  the SDK logged, audited and told the breaker about.
  ``tests/connectors/test_sdk_transport.py`` checks each on real sockets and
  against the real mock agencies, for both kinds.

Why aiohttp is the default, with the numbers: ``docs/benchmarks.md``, "Agency
transports" (``tests/benchmarks/transports.py``).

Both keep at most ``max_connections`` connections (every one may stay alive
for reuse), verify TLS with one shared default context, and ignore the proxy
variables of the environment: agencies are reached directly.

``allow_address`` (aiohttp only) checks every address a host name resolves to
before a connection is opened, through aiohttp's public resolver interface
(``aiohttp.abc.AbstractResolver``): the addresses it refuses are dropped, and
a name left with none fails with ``AddressNotAllowedError`` as the cause of an
``httpx.ConnectError``.  The connection goes to an address that was checked,
so a name cannot resolve to a public address for the check and an internal one
for the connection.  The webhook sender uses it (a customer's URL must not
reach the service's own network); agencies are configured by the operator.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
from collections.abc import AsyncIterator, Callable
from enum import StrEnum
from typing import Final

import aiohttp
import httpx
from aiohttp.abc import AbstractResolver, ResolveResult
from httpx_aiohttp import AiohttpTransport

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
AddressCheck = Callable[[IPAddress], bool]
"""Whether a connection may be opened to an address (``True``: allowed)."""


class TransportKind(StrEnum):
    """Which library moves the agencies' bytes."""

    HTTPCORE = "httpcore"  # httpx's own transport
    AIOHTTP = "aiohttp"  # httpx-aiohttp over aiohttp


DEFAULT_TRANSPORT: Final = TransportKind.AIOHTTP


def build_transport(
    kind: TransportKind | str = DEFAULT_TRANSPORT,
    *,
    max_connections: int,
    allow_address: AddressCheck | None = None,
) -> httpx.AsyncBaseTransport:
    """One agency's transport: ``kind``'s library, at most ``max_connections`` connections;
    with ``allow_address``, connections only to the resolved addresses it allows (aiohttp)."""
    kind = TransportKind(kind)
    if allow_address is not None and kind is not TransportKind.AIOHTTP:
        raise ValueError("checking resolved addresses needs the aiohttp transport")
    limits = httpx.Limits(
        max_connections=max_connections, max_keepalive_connections=max_connections
    )
    if kind is TransportKind.AIOHTTP:
        return _AiohttpTransport(
            verify=_default_ssl_context(),
            limits=limits,
            trust_env=False,
            client=functools.partial(_aiohttp_session, limits, allow_address),
        )
    return httpx.AsyncHTTPTransport(verify=_default_ssl_context(), limits=limits, trust_env=False)


@functools.cache
def _default_ssl_context() -> ssl.SSLContext:
    """httpx's default TLS context, built once: loading the CA bundle takes ~15 ms,
    and one context serves every connection."""
    return httpx.create_ssl_context()


class _DroppedError(aiohttp.ClientConnectionError):
    """A connection lost after the request went out, raised where aiohttp would resend."""


async def _no_silent_resend(
    request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
) -> aiohttp.ClientResponse:
    """aiohttp resends an idempotent request once, unseen, when the connection is lost
    (``ClientOSError``, ``ServerDisconnectedError``); the agency then sees two requests
    where the attempt log and the audit log hold one, and the breaker hears nothing.
    Raised as ``_DroppedError`` instead, the loss reaches the SDK, which logs it and
    decides on a retry itself.  (A connect error is never resent: it passes.)"""
    try:
        return await handler(request)
    except aiohttp.ClientConnectorError:
        raise
    except (aiohttp.ClientOSError, aiohttp.ServerDisconnectedError) as error:
        raise _DroppedError(str(error)) from error


class AddressNotAllowedError(OSError):
    """Every address the host name resolved to was refused by the transport's check."""

    def __init__(self, host: str) -> None:
        super().__init__(f"{host} resolves to no address connections may go to")
        self.host = host


class _CheckedResolver(AbstractResolver):
    """aiohttp's default resolver, its answers filtered by ``allow``.  (aiohttp does not ask
    the resolver about a literal address in the URL: check those before sending.)"""

    def __init__(self, allow: AddressCheck) -> None:
        self._allow = allow
        self._inner = aiohttp.DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        answers = await self._inner.resolve(host, port, family)
        allowed = [a for a in answers if self._allow(ipaddress.ip_address(a["host"]))]
        if not allowed:
            raise AddressNotAllowedError(host)
        return allowed

    async def close(self) -> None:
        await self._inner.close()


def _aiohttp_session(
    limits: httpx.Limits, allow_address: AddressCheck | None = None
) -> aiohttp.ClientSession:
    """The session an aiohttp transport opens on first use (inside the event loop)."""
    connector = aiohttp.TCPConnector(
        limit=limits.max_connections or 0,
        keepalive_timeout=limits.keepalive_expiry,
        ssl=_default_ssl_context(),
        resolver=None if allow_address is None else _CheckedResolver(allow_address),
    )
    return aiohttp.ClientSession(
        connector=connector, trust_env=False, middlewares=(_no_silent_resend,)
    )


_AIOHTTP_FAILURES: Final[tuple[tuple[type[Exception], type[httpx.TransportError]], ...]] = (
    # most specific first: aiohttp's classes nest (a certificate error is a connector
    # error is an OS error is a connection error)
    (aiohttp.ClientConnectorError, httpx.ConnectError),  # refused, unreachable, TLS
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),
    (aiohttp.SocketTimeoutError, httpx.ReadTimeout),
    (aiohttp.ServerTimeoutError, httpx.ReadTimeout),
    (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError),  # dropped, nothing or half sent
    (aiohttp.ClientPayloadError, httpx.RemoteProtocolError),  # body cut short
    (aiohttp.ClientOSError, httpx.ReadError),  # reset mid-exchange
    (aiohttp.ClientResponseError, httpx.RemoteProtocolError),  # a status line aiohttp refused
    (aiohttp.ClientConnectionError, httpx.NetworkError),
)
"""aiohttp's failure (the cause httpx-aiohttp chains) → the httpx exception raised instead."""


def _remapped(error: Exception, request: httpx.Request) -> Exception:
    """The httpx exception that says what the aiohttp failure behind ``error`` was: its
    cause when httpx-aiohttp mapped it, or itself when it let it through unmapped."""
    cause = error.__cause__ if isinstance(error, httpx.TransportError) else error
    if isinstance(cause, _DroppedError):
        cause = cause.__cause__
    for aiohttp_class, httpx_class in _AIOHTTP_FAILURES:
        if isinstance(cause, aiohttp_class):
            return httpx_class(str(error) or type(cause).__name__, request=request)
    return error


def _cause(error: Exception) -> BaseException | None:
    return error.__cause__ if isinstance(error, httpx.TransportError) else error


class _RemappedStream(httpx.AsyncByteStream):
    """A response body whose read failures are re-mapped like the request's."""

    def __init__(self, stream: httpx.AsyncByteStream, request: httpx.Request) -> None:
        self._stream = stream
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._stream:
                yield chunk
        except (httpx.TransportError, aiohttp.ClientError) as error:
            raise _remapped(error, self._request) from _cause(error)

    async def aclose(self) -> None:
        await self._stream.aclose()


class _AiohttpTransport(AiohttpTransport):
    """httpx-aiohttp's transport, its failures named as httpx's own transport names them."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await super().handle_async_request(request)
        except (httpx.TransportError, aiohttp.ClientError) as error:
            raise _remapped(error, request) from _cause(error)
        stream = response.stream
        assert isinstance(stream, httpx.AsyncByteStream)
        response.stream = _RemappedStream(stream, request)
        return response
