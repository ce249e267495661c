"""The real server for tests that drive it from the outside: ``verification serve`` in a
subprocess on a database of its own (SQLite, or PostgreSQL when the suite runs there),
its clients made with the ``verification clients create`` command, called over HTTP."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.conftest import fresh_database
from verification.authorization.signing import IssuerKeyPair

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    url: str
    env: dict[str, str]
    tokens: dict[str, str]  # role → token
    verification_id: str  # an eligible household's, made by the case system
    victim: str  # the one client whose token the admin operations may rotate or revoke
    issuer_key: IssuerKeyPair  # the demo issuer's, which signs authorizations

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


def _new_client(env: dict[str, str], cwd: Path, role: str) -> tuple[str, str]:
    """A client made with the CLI, as an operator would: its id and token."""
    name = f"schemathesis {role}"
    result = subprocess.run(
        [BIN / "verification", "clients", "create", "--role", role, "--name", name],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    (client_id,) = re.findall(r"client ([0-9a-f-]{36})", result.stderr)  # the message
    (token,) = re.findall(r"\bvt_[A-Za-z0-9_-]+", result.stdout)  # the token alone
    return client_id, token


@contextmanager
def serve(directory: Path) -> Iterator[Served]:
    """``verification serve`` in ``directory`` on a database of its own, with a token of
    each role, an eligible household's verification, and a client to sacrifice."""
    port = _free_port()
    with fresh_database(directory) as database_url:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")} | {
            "VERIFICATION_DATABASE_URL": database_url,
            "VERIFICATION_DATA_DIR": str(directory / "var"),
            "VERIFICATION_PORT": str(port),
            "VERIFICATION_MOCK_SOURCES_PORT": str(_free_port()),
            "VERIFICATION_BATCH_ENGINE": "inprocess",
            "VERIFICATION_REVIEW_SCHEDULE": "",
            "VERIFICATION_RETENTION_SCHEDULE": "",
            "VERIFICATION_LOG_LEVEL": "WARNING",
            # schemathesis sends thousands of requests, many anonymous on purpose
            "VERIFICATION_RATE_LIMIT_CLIENT_PER_SECOND": "0",
            "VERIFICATION_RATE_LIMIT_ADDRESS_PER_SECOND": "0",
        }
        log = directory / "serve.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [BIN / "verification", "serve"],
                cwd=directory,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, log.read_text()
                try:
                    if httpx.get(f"{url}/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
            demo = directory / "var" / "demo"
            tokens = {
                "case_system": (demo / "client-token").read_text().strip(),
                "auditor": _new_client(env, directory, "auditor")[1],
                "admin": _new_client(env, directory, "admin")[1],
            }
            victim, _ = _new_client(env, directory, "auditor")
            created = httpx.post(
                f"{url}/v1/verifications",
                content=(demo / "requests" / "eligible.json").read_bytes(),
                headers={
                    "Authorization": f"Bearer {tokens['case_system']}",
                    "Content-Type": "application/json",
                },
                timeout=30,
            )
            assert created.status_code == 201, created.text
            key = IssuerKeyPair.from_json((demo / "issuer-key.json").read_text())
            yield Served(url, env, tokens, created.json()["id"], victim, key)
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
