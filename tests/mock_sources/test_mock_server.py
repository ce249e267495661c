"""Running the app on real sockets: in a thread, in an event loop, from the CLI."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import uvloop
from typer.testing import CliRunner

from mock_sources import cli, server
from mock_sources.server import listening_socket, serve, serve_in_thread


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _refuses(url):
    with contextlib.suppress(httpx.ConnectError):
        httpx.get(f"{url}/_scenarios", timeout=1.0)
        return False
    return True


def test_serve_in_thread_picks_a_port_serves_and_stops():
    with serve_in_thread() as url:
        parts = urlsplit(url)
        assert (parts.scheme, parts.hostname) == ("http", "127.0.0.1")
        assert parts.port not in (None, 0)
        response = httpx.get(f"{url}/_scenarios/single_disabled", timeout=5.0)
        assert response.json()["members"][0]["name"] == "覃小军"
    assert _refuses(url)


def test_two_servers_run_side_by_side():
    with serve_in_thread() as first, serve_in_thread() as second:
        assert first != second
        for url in (first, second):
            assert httpx.get(f"{url}/_scenarios", timeout=5.0).status_code == 200


def test_serve_in_thread_on_a_port_in_use_raises():
    with serve_in_thread() as url, pytest.raises(OSError), serve_in_thread(port=urlsplit(url).port):
        pass


def test_serve_in_thread_stops_when_the_body_raises():
    with pytest.raises(RuntimeError, match="boom"), serve_in_thread() as url:
        raise RuntimeError("boom")
    assert _refuses(url)


async def test_serve_runs_in_the_current_event_loop_until_cancelled():
    port = _free_port()
    task = asyncio.create_task(serve("127.0.0.1", port, log_level="warning"))
    url = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=url, timeout=5.0) as http:
        for _ in range(500):
            with contextlib.suppress(httpx.ConnectError):
                response = await http.get("/_scenarios/eligible")
                break
            await asyncio.sleep(0.01)
        assert response.json()["expected_outcome"] == "eligible"
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await asyncio.to_thread(_refuses, url)


def test_cli_passes_host_and_port_to_serve(monkeypatch):
    calls = []

    async def fake_serve(host, port, *, log_level, faults=None):
        calls.append((host, port, log_level, faults))

    monkeypatch.setattr(cli, "serve", fake_serve)
    result = CliRunner().invoke(cli.app, ["--host", "0.0.0.0", "--port", "8799"])
    assert result.exit_code == 0, result.output
    assert calls == [("0.0.0.0", 8799, "info", None)]


def test_console_script_serves_until_interrupted():
    script = Path(sys.executable).with_name("mock-sources")
    if not script.exists():
        pytest.skip("console script not installed")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [str(script), "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        response = None
        while response is None and time.monotonic() < deadline:
            with contextlib.suppress(httpx.ConnectError):
                response = httpx.get(
                    f"{url}/provident-fund/accounts/450102197501010412",
                    headers={"X-Authorization-Id": "A-1", "X-Purpose": "test"},
                    timeout=2.0,
                )
            time.sleep(0.05)
        assert response is not None
        assert response.json()["acct"]["jcjs"] == "2000.00"
    finally:
        os.kill(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=20)
    assert process.returncode in (0, -signal.SIGINT, 128 + signal.SIGINT), stderr
    assert b"Traceback" not in stderr


async def _nodelay_of_an_accepted_connection(sock: socket.socket) -> int:
    """TCP_NODELAY of the server side of a connection accepted on ``sock`` by the
    running event loop."""
    nodelay: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    async def accepted(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        server_side = writer.get_extra_info("socket")
        nodelay.set_result(server_side.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    async with await asyncio.start_server(accepted, sock=sock):
        _, client = await asyncio.open_connection(*sock.getsockname()[:2])
        try:
            return await asyncio.wait_for(nodelay, 10)
        finally:
            client.close()


@pytest.mark.parametrize(
    "loop_factory", [asyncio.new_event_loop, uvloop.new_event_loop], ids=["asyncio", "uvloop"]
)
def test_accepted_connections_send_without_waiting_for_acks(loop_factory):
    # Nagle's algorithm holds a response's last segment until the client's delayed ACK
    # (~40 ms a request) unless TCP_NODELAY is set on the server's side of the connection;
    # the event loop sets it only on connections of an IPPROTO_TCP listening socket (asyncio
    # checks the protocol; uvloop does not)
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        nodelay = runner.run(_nodelay_of_an_accepted_connection(listening_socket("127.0.0.1", 0)))
    assert nodelay != 0


def test_a_socket_without_its_protocol_would_wait_for_acks():
    # the check above can fail: asyncio leaves Nagle on for a socket made without its protocol
    with asyncio.Runner(loop_factory=asyncio.new_event_loop) as runner:
        plain = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        plain.bind(("127.0.0.1", 0))
        assert runner.run(_nodelay_of_an_accepted_connection(plain)) == 0


def test_serve_in_thread_listens_on_that_socket(monkeypatch):
    made = []

    def recorded(host, port):
        made.append(listening_socket(host, port))
        return made[-1]

    monkeypatch.setattr(server, "listening_socket", recorded)
    with serve_in_thread() as url:
        (sock,) = made
        assert sock.getsockname()[1] == urlsplit(url).port
        assert sock.proto == socket.IPPROTO_TCP
