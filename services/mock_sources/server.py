"""Run the mock agencies on a real socket.

``serve_in_thread`` is for tests and for embedding in synchronous code: it
binds the listening socket itself (so port 0 resolves to a real port before
the server starts), runs uvicorn with its own event loop in a daemon thread,
waits until the server is accepting connections and yields its base URL; on
exit it asks uvicorn to stop and joins the thread.  ``serve`` runs the server
in the caller's event loop, e.g. next to another uvicorn server under
``asyncio.gather``, with uvicorn's usual logging; cancelling it shuts the
server down cleanly.  Both take optional initial fault profiles (``faults``,
see ``mock_sources.faults``), on top of any from ``MOCK_SOURCES_FAULTS``.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterator, Mapping

import uvicorn
from uvicorn.config import LOGGING_CONFIG

from mock_sources.app import create_app
from mock_sources.faults import FaultProfile

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8701
_POLL_SECONDS = 0.01


def _config(
    host: str,
    port: int,
    log_level: str,
    *,
    configure_logging: bool,
    faults: Mapping[str, FaultProfile] | None = None,
) -> uvicorn.Config:
    return uvicorn.Config(
        create_app(faults),
        host=host,
        port=port,
        log_level=log_level,
        log_config=LOGGING_CONFIG if configure_logging else None,
        ws="none",
        http="httptools",  # dropped-connection faults reach the socket through its protocol
        lifespan="off",
        access_log=False,  # agency URLs carry ID numbers: never log them
    )


async def serve(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    log_level: str = "info",
    faults: Mapping[str, FaultProfile] | None = None,
) -> None:
    """Serve the mock agencies on ``host:port`` until cancelled or signalled."""
    config = _config(host, port, log_level, configure_logging=True, faults=faults)
    server = uvicorn.Server(config)
    try:
        await server.serve()
    except asyncio.CancelledError:
        if server.started:
            await server.shutdown()
        raise


@contextlib.contextmanager
def serve_in_thread(
    host: str = DEFAULT_HOST,
    port: int = 0,
    *,
    startup_timeout: float = 10.0,
    log_level: str = "warning",
    faults: Mapping[str, FaultProfile] | None = None,
) -> Iterator[str]:
    """Run the mock agencies in a background thread; yield ``http://host:port``."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = listening_socket(host, port)
    try:
        bound_port: int = sock.getsockname()[1]
        # Leave the embedding process's (e.g. pytest's) logging configuration alone.
        config = _config(host, bound_port, log_level, configure_logging=False, faults=faults)
        server = uvicorn.Server(config)
        failure: list[BaseException] = []

        def run() -> None:
            try:
                server.run(sockets=[sock])
            except BaseException as exc:  # reported to the caller, not lost in the thread
                failure.append(exc)

        thread = threading.Thread(target=run, name=f"mock-sources:{bound_port}", daemon=True)
        thread.start()
        try:
            _wait_started(server, thread, failure, startup_timeout)
            url_host = f"[{host}]" if family == socket.AF_INET6 else host
            yield f"http://{url_host}:{bound_port}"
        finally:
            server.should_exit = True
            thread.join(startup_timeout)
    finally:
        sock.close()


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` (port 0: a free one) for the server to listen on.

    Its protocol is explicit: the event loop sets TCP_NODELAY on the connections it
    accepts only when the listening socket is ``IPPROTO_TCP`` (asyncio checks; uvloop sets
    it on any TCP socket), and without it Nagle's algorithm holds each response's last
    segment until the client's delayed ACK (~40 ms a request)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except BaseException:
        sock.close()
        raise
    return sock


def _wait_started(
    server: uvicorn.Server,
    thread: threading.Thread,
    failure: list[BaseException],
    timeout: float,
) -> None:
    deadline = time.monotonic() + timeout
    while not server.started:
        if failure or not thread.is_alive():
            cause = failure[0] if failure else None
            raise RuntimeError("mock_sources server failed to start") from cause
        if time.monotonic() > deadline:
            raise TimeoutError(f"mock_sources server did not start within {timeout} s")
        time.sleep(_POLL_SECONDS)
