"""`verification serve` as a real process (uvicorn, embedded SQLite and mock agencies) in a
fresh directory, for tests that talk to it from the outside with plain HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

VERIFICATION = Path(sys.executable).parent / "verification"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Served:
    base_url: str
    directory: Path  # the working directory: var/ holds the database and the demo state
    env: dict[str, str]  # the server's environment, for CLI calls on the same database

    @property
    def token(self) -> str:
        """The demo case system's token."""
        return (self.directory / "var" / "demo" / "client-token").read_text().strip()

    def request_body(self, scenario: str) -> bytes:
        """The signed request the server wrote for a scenario household."""
        return (self.directory / "var" / "demo" / "requests" / f"{scenario}.json").read_bytes()

    def cli(self, *args: str) -> str:
        """``verification ARGS`` on the server's database; its standard output."""
        return subprocess.run(
            [str(VERIFICATION), *args],
            cwd=self.directory,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout


@contextmanager
def served(directory: Path, extra_env: Mapping[str, str] | None = None) -> Iterator[Served]:
    """The embedded default, as README command 1 starts it; stopped with Ctrl-C (SIGINT).
    ``extra_env``: more environment (``PYTHONPATH`` to a plugin's install, say)."""
    port, mock_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")} | {
        "VERIFICATION_PORT": str(port),
        "VERIFICATION_MOCK_SOURCES_PORT": str(mock_port),
        "VERIFICATION_REVIEW_SCHEDULE": "",
        "VERIFICATION_RETENTION_SCHEDULE": "",
        **(extra_env or {}),
    }
    log = directory / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(VERIFICATION), "serve"],
            cwd=directory,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base_url}/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield Served(base_url, directory, env)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
