"""Webhooks go out only to public addresses in production, whatever a host name resolves to.

Driven on real sockets: a receiver listens on the loopback interface and is reached by the
name ``localhost``, which ``check_url`` cannot judge when an endpoint is registered."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
from aiohttp import web

from verification.webhooks.addresses import is_public
from verification.webhooks.sender import failure_of, outbound_transport


@pytest.fixture
async def receiver_port() -> AsyncIterator[int]:
    async def accept(_: web.Request) -> web.Response:
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/hook", accept)
    runner = web.AppRunner(app)
    await runner.setup()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    await web.SockSite(runner, sock).start()
    yield sock.getsockname()[1]
    await runner.cleanup()


async def post(transport: httpx.AsyncBaseTransport, url: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=transport) as client:
        return await client.post(url, content=b"{}")


async def test_production_refuses_a_name_that_resolves_to_loopback(receiver_port: int) -> None:
    transport = outbound_transport(demo=False, max_connections=2)
    with pytest.raises(httpx.ConnectError) as raised:
        await post(transport, f"http://localhost:{receiver_port}/hook")
    assert failure_of(raised.value) == "address-not-allowed"


async def test_demo_reaches_the_loopback_receiver(receiver_port: int) -> None:
    answer = await post(
        outbound_transport(demo=True, max_connections=2), f"http://localhost:{receiver_port}/hook"
    )
    assert answer.status_code == 204


async def test_a_refused_connection_is_still_a_connection_failure(receiver_port: int) -> None:
    # a public address nobody listens on is not "address-not-allowed": the check passed
    transport = outbound_transport(demo=False, max_connections=2)
    with pytest.raises(httpx.TransportError) as raised:
        async with httpx.AsyncClient(transport=transport, timeout=0.5) as client:
            await client.post("http://192.0.2.1:9/hook")  # TEST-NET-1: reserved, not public
    # a literal address is not resolved: check_url refuses it at registration instead
    assert failure_of(raised.value) in {"connection", "timeout"}


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:8.8.8.8", True),
        ("fd00::1", False),
        ("2001:4860:4860::8888", True),
    ],
)
def test_is_public(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public
