"""On PostgreSQL a ``verification worker`` process runs the webhook sender too: an event
written while no sending API process is up is delivered, signed, by a real worker process
to a real HTTP endpoint — deliveries do not depend on ``verification serve`` running."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.conftest import PG_ENV, fresh_database
from tests.verification.helpers import fresh_body
from verification.app import create_app
from verification.cli import migrate_database
from verification.demo import ensure_demo
from verification.settings import Settings
from verification.webhooks import signing

needs_postgresql = pytest.mark.skipif(
    not os.environ.get(PG_ENV), reason="procrastinate workers need PostgreSQL (the PG run)"
)
WORKER = [str(Path(sys.executable).parent / "verification"), "worker"]


class _Endpoint(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], bytes]]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        self.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[tuple[str, list[tuple[dict[str, str], bytes]]]]:
    """A real HTTP endpoint on loopback (allowed in demo mode): the requests it received."""
    received: list[tuple[dict[str, str], bytes]] = []
    handler = type("Endpoint", (_Endpoint,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def pg_settings(tmp_path: Path, mock_sources_url: str) -> Iterator[Settings]:
    with fresh_database(tmp_path) as url:
        settings = Settings(
            database_url=url,
            data_dir=tmp_path / "data",
            mock_sources_port=int(mock_sources_url.rsplit(":", 1)[1]),
            batch_engine="procrastinate",
            review_schedule="",
            retention_schedule="",
            rate_limit_client_per_second=0,
            rate_limit_address_per_second=0,
            webhook_poll_seconds=0,  # this test's API process sends nothing
        )
        migrate_database(settings)
        yield settings


def _env(settings: Settings) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")},
        "VERIFICATION_DATABASE_URL": settings.database_url,
        "VERIFICATION_DATA_DIR": str(settings.data_dir),
        "VERIFICATION_MOCK_SOURCES_PORT": str(settings.mock_sources_port),
        "VERIFICATION_BATCH_ENGINE": "procrastinate",
        "VERIFICATION_REVIEW_SCHEDULE": "",
        "VERIFICATION_RETENTION_SCHEDULE": "",
        "VERIFICATION_WEBHOOK_POLL_SECONDS": "0.2",
        "VERIFICATION_LOG_LEVEL": "WARNING",
    }


@needs_postgresql
async def test_a_worker_delivers_the_webhooks_without_an_api_process_sending(
    pg_settings: Settings, endpoint: tuple[str, list[tuple[dict[str, str], bytes]]]
) -> None:
    url, received = endpoint
    demo = await ensure_demo(pg_settings)
    auth = {"Authorization": f"Bearer {demo.token}"}
    app = create_app(pg_settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http,
    ):
        registered = await http.post(
            "/v1/webhooks/endpoints",
            json={"url": url, "event_types": ["verification.completed"]},
            headers=auth,
        )
        assert registered.status_code == 201, registered.text
        secret = registered.json()["secret"]
        created = await http.post("/v1/verifications", json=fresh_body(demo.key_pair), headers=auth)
        assert created.status_code == 201, created.text
        vid = created.json()["id"]
        assert received == []  # the API process sends nothing (webhook_poll_seconds 0)

        worker = subprocess.Popen(WORKER, env=_env(pg_settings))  # noqa: ASYNC220
        try:
            async with asyncio.timeout(90):
                while not received:  # noqa: ASYNC110 (another thread's list, polled)
                    await asyncio.sleep(0.2)
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                await asyncio.to_thread(worker.wait, 30)
            except subprocess.TimeoutExpired:
                worker.kill()
        assert worker.returncode == 0
        [(headers, body)] = received
        assert signing.verify(
            secret,
            headers["webhook-id"],
            int(headers["webhook-timestamp"]),
            body,
            headers["webhook-signature"],
        )
        event = json.loads(body)
        assert event["type"] == "verification.completed"
        assert event["data"]["verification_id"] == vid
        deliveries = await http.get(
            f"/v1/webhooks/endpoints/{registered.json()['id']}/deliveries", headers=auth
        )
        [logged] = deliveries.json()["items"]
        assert logged["status"] == "succeeded"
