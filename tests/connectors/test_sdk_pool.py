"""``LinearConnectionPool`` on real sockets: reuse, server-side closes, caps, expiry,
and the property it exists for (bookkeeping that does not scan every connection)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpcore
import httpx
import pytest

from connectors.sdk.pool import LinearConnectionPool, PooledTransport


@dataclass
class Server:
    """A tiny HTTP/1.1 server: answers ``ok``, optionally after a delay, optionally
    closing the connection after each answer (without saying so)."""

    delay: float = 0.0
    close_after_answer: bool = False
    connections: int = 0
    open_now: int = 0
    peak_open: int = 0
    in_flight: int = 0
    peak_in_flight: int = 0
    writers: list[asyncio.StreamWriter] = field(default_factory=list)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.open_now += 1
        self.peak_open = max(self.peak_open, self.open_now)
        self.writers.append(writer)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                if not head:
                    return
                self.in_flight += 1
                self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
                await asyncio.sleep(self.delay)
                self.in_flight -= 1
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                await writer.drain()
                if self.close_after_answer:
                    return
        except (asyncio.IncompleteReadError, ConnectionError):
            return
        finally:
            self.open_now -= 1
            writer.close()


@asynccontextmanager
async def serving(server: Server) -> AsyncIterator[str]:
    listener = await asyncio.start_server(server.handle, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        for writer in server.writers:
            writer.close()
        listener.close()
        await listener.wait_closed()


def client(limit: int, *, keepalive_expiry: float = 5.0) -> httpx.AsyncClient:
    limits = httpx.Limits(
        max_connections=limit, max_keepalive_connections=limit, keepalive_expiry=keepalive_expiry
    )
    return httpx.AsyncClient(transport=PooledTransport(limits=limits), limits=limits)


def pool_of(http: httpx.AsyncClient) -> LinearConnectionPool:
    transport = http._transport
    assert isinstance(transport, PooledTransport)
    pool = transport._pool
    assert isinstance(pool, LinearConnectionPool)
    return pool


async def test_sequential_requests_reuse_one_connection() -> None:
    server = Server()
    async with serving(server) as url, client(8) as http:
        for _ in range(5):
            assert (await http.get(url)).text == "ok"
    assert server.connections == 1


async def test_a_connection_the_server_closed_is_never_handed_out() -> None:
    server = Server(close_after_answer=True)
    async with serving(server) as url, client(8) as http:
        for _ in range(3):
            assert (await http.get(url)).text == "ok"
            await asyncio.sleep(0.05)  # the server's FIN arrives while the connection is idle
    assert server.connections == 3  # each request got a fresh connection, none failed


async def test_concurrent_requests_never_exceed_max_connections() -> None:
    server = Server(delay=0.02)
    async with serving(server) as url, client(4) as http:
        answers = await asyncio.gather(*(http.get(url) for _ in range(24)))
    assert [a.text for a in answers] == ["ok"] * 24
    assert server.peak_open <= 4
    assert server.peak_in_flight == 4  # and the cap is used, not just respected


async def test_idle_connections_past_their_keepalive_are_closed() -> None:
    server = Server(delay=0.01)
    async with serving(server) as url, client(6, keepalive_expiry=0.05) as http:
        await asyncio.gather(*(http.get(url) for _ in range(6)))
        assert len(pool_of(http).connections) == 6
        await asyncio.sleep(0.1)
        await http.get(url)
        assert len(pool_of(http).connections) == 1  # the five others expired and were closed


async def test_one_request_checks_only_the_connection_it_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """httpcore's own pool asks every idle connection whether it expired (a socket poll
    each) on every request and every response; this one asks the one it hands out."""
    server = Server(delay=0.01)
    async with serving(server) as url, client(16) as http:
        await asyncio.gather(*(http.get(url) for _ in range(16)))
        assert len(pool_of(http).connections) == 16
        checks = 0
        original = httpcore.AsyncHTTPConnection.has_expired

        def counting(self: httpcore.AsyncHTTPConnection) -> bool:
            nonlocal checks
            checks += 1
            return original(self)

        monkeypatch.setattr(httpcore.AsyncHTTPConnection, "has_expired", counting)
        for _ in range(10):
            await http.get(url)
    assert checks == 10
    assert server.connections == 16


def test_http2_is_refused() -> None:
    with pytest.raises(ValueError, match=r"HTTP/1\.1"):
        LinearConnectionPool(http2=True)
