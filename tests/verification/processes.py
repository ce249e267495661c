"""The service and its workers as real processes, and a TCP forwarder between them and the
database that a test stops (every connection reset, nothing listening: the database has
gone away) and starts again on the same port."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx

from verification.settings import Settings

VERIFICATION = Path(sys.executable).parent / "verification"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class TcpProxy:
    """Forwards 127.0.0.1:``port`` to ``target``, in the test's event loop."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def listening(self) -> bool:
        return self._server is not None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)

    async def stop(self) -> None:
        """Stop listening and reset every connection, as a lost database server would."""
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()
        await self._server.wait_closed()
        self._server = None

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._writers |= {writer, up_writer}
        await asyncio.gather(
            self._pipe(reader, up_writer), self._pipe(up_reader, writer), return_exceptions=True
        )

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self._writers.discard(writer)
            writer.transport.abort()


def process_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment of a ``verification`` process with ``settings``' database, data
    directory and mock agencies (those of the test session: not embedded)."""
    return {
        key: value for key, value in os.environ.items() if not key.startswith("VERIFICATION_")
    } | {
        "VERIFICATION_DATABASE_URL": settings.database_url,
        "VERIFICATION_DATA_DIR": str(settings.data_dir),
        "VERIFICATION_EMBEDDED_MOCK_SOURCES": "false",
        "VERIFICATION_MOCK_SOURCES_PORT": str(settings.mock_sources_port),
        "VERIFICATION_REVIEW_SCHEDULE": "",
        "VERIFICATION_RETENTION_SCHEDULE": "",
        "VERIFICATION_LOG_LEVEL": "WARNING",
        **extra,
    }


class Process:
    """``verification <args>`` as a real process; its output goes to ``log``."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.args, self.env, self.log = args, env, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                [str(VERIFICATION), *self.args], env=self.env, stdout=out, stderr=subprocess.STDOUT
            )

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    async def stop(self) -> None:
        """SIGTERM, and wait (in a thread: the loop goes on forwarding, say) for the exit."""
        await asyncio.to_thread(self._stop)

    def _stop(self) -> None:
        if self.alive:
            assert self.process is not None
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Server(Process):
    """``verification serve`` on a free port."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        super().__init__(["serve"], env | {"VERIFICATION_PORT": str(self.port)}, log)
        self.base_url = f"http://127.0.0.1:{self.port}"

    async def ready(self, timeout: float = 90) -> None:  # noqa: ASYNC109 - a test helper
        async with httpx.AsyncClient() as http, asyncio.timeout(timeout):
            while True:
                assert self.alive, self.log.read_text()
                with contextlib.suppress(httpx.TransportError):
                    if (await http.get(f"{self.base_url}/readyz")).status_code == 200:
                        return
                await asyncio.sleep(0.2)
