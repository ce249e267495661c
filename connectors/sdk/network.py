"""httpcore's network layer on asyncio's own streams, without anyio.

httpcore 1.0 reaches sockets through anyio under asyncio.  Every read and write
enters an ``anyio.fail_after`` cancel scope (a loop timer, the current task
looked up, a ``@contextmanager`` mapping exceptions) and every send adds a
checkpoint; for an agency call that is about 80 µs of CPU out of 490 here.
Upstream has been asked for exactly this (encode/httpcore#930, a native asyncio
backend, declined there; the httpx2 fork carries one).

``AsyncioBackend`` implements httpcore's ``AsyncNetworkBackend`` interface on
``asyncio.open_connection``'s ``StreamReader`` / ``StreamWriter``:

- a read returns what the transport has buffered, or waits for it under an
  ``asyncio.timeout``;
- a write hands the bytes to the transport and waits (under the timeout) only
  when the transport pushes back;
- TLS is ``StreamWriter.start_tls`` (the handshake bounded by the timeout);
- errors map to httpcore's own exception types, as its anyio backend maps them:
  ``ConnectError`` / ``ConnectTimeout``, ``ReadError`` / ``ReadTimeout``,
  ``WriteError`` / ``WriteTimeout``, so httpx and ``connectors.sdk.http``
  classify them unchanged;
- whether an idle connection is still usable is httpcore's own socket check
  (``httpcore._utils``: httpcore is pinned to 1.0, see ``connectors.sdk.pool``).

``tests/connectors/test_sdk_network.py`` checks it on real sockets, TLS
included; ``LinearConnectionPool``'s tests run over it.
"""

# the methods' ``timeout`` parameters are httpcore's interface, not a choice of ours
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Awaitable, Iterable
from typing import Any

import httpcore
from httpcore import AsyncNetworkBackend, AsyncNetworkStream
from httpcore._utils import is_socket_readable

SocketOption = tuple[Any, ...]  # setsockopt's arguments


class AsyncioStream(AsyncNetworkStream):
    """One connection: asyncio's stream pair, with httpcore's read/write contract."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            async with asyncio.timeout(timeout):
                return await self._reader.read(max_bytes)
        except TimeoutError as error:
            raise httpcore.ReadTimeout(str(error) or "read timed out") from error
        except OSError as error:
            raise httpcore.ReadError(str(error) or type(error).__name__) from error

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        transport = self._writer.transport
        try:
            if transport.is_closing():  # uvloop raises RuntimeError on a closed transport
                raise ConnectionResetError("connection closed")
            self._writer.write(buffer)
            if transport.get_write_buffer_size():  # pushed back: wait
                async with asyncio.timeout(timeout):
                    await self._writer.drain()
            elif transport.is_closing():  # lost while writing
                raise ConnectionResetError("connection closed")
        except TimeoutError as error:
            raise httpcore.WriteTimeout(str(error) or "write timed out") from error
        except OSError as error:
            raise httpcore.WriteError(str(error) or type(error).__name__) from error

    async def aclose(self) -> None:
        # as anyio does: close, let the loop flush once, then drop the socket.  Waiting
        # for the close to complete could wait for a TLS peer's close_notify (30 s).
        transport = self._writer.transport
        if not transport.is_closing():
            transport.close()
            await asyncio.sleep(0)
        transport.abort()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                await self._writer.start_tls(ssl_context, server_hostname=server_hostname)
        except TimeoutError as error:
            await self.aclose()
            raise httpcore.ConnectTimeout(str(error) or "TLS handshake timed out") from error
        except (OSError, ssl.SSLError) as error:
            await self.aclose()
            raise httpcore.ConnectError(str(error) or type(error).__name__) from error
        return self

    def get_extra_info(self, info: str) -> Any:
        if info == "ssl_object":
            return self._writer.get_extra_info("ssl_object")
        if info == "client_addr":
            return self._writer.get_extra_info("sockname")
        if info == "server_addr":
            return self._writer.get_extra_info("peername")
        if info == "socket":
            return self._writer.get_extra_info("socket")
        if info == "is_readable":  # an idle connection the server closed (or wrote to)
            return self._reader.at_eof() or is_socket_readable(
                self._writer.get_extra_info("socket")
            )
        return None


_NO_DELAY: SocketOption = (socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as anyio sets it


async def _opened(
    opening: Awaitable[tuple[asyncio.StreamReader, asyncio.StreamWriter]],
    timeout: float | None,
    socket_options: Iterable[SocketOption],
) -> AsyncioStream:
    """The stream ``opening`` connects, within ``timeout``, with ``socket_options`` set;
    failures as httpcore's connect errors."""
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await opening
    except TimeoutError as error:
        raise httpcore.ConnectTimeout(str(error) or "connect timed out") from error
    except OSError as error:
        raise httpcore.ConnectError(str(error) or type(error).__name__) from error
    sock = writer.get_extra_info("socket")
    for option in socket_options:
        sock.setsockopt(*option)
    return AsyncioStream(reader, writer)


class AsyncioBackend(AsyncNetworkBackend):
    """httpcore's network backend on asyncio streams (see the module docstring)."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> AsyncNetworkStream:
        local = None if local_address is None else (local_address, 0)
        return await _opened(
            asyncio.open_connection(host, port, local_addr=local),
            timeout,
            (_NO_DELAY, *(socket_options or ())),
        )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> AsyncNetworkStream:
        return await _opened(asyncio.open_unix_connection(path), timeout, socket_options or ())

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
