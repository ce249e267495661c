"""The webhook consumer example (examples/webhooks/consumer.py) against the real service.

``verification serve`` runs in a process of its own (SQLite, or PostgreSQL when the suite
runs there) with the mock agencies; the consumer runs as a process of its own as well. The
case system registers the consumer's loopback URL (allowed in demo mode), starts the
consumer with the signing secret the registration answered, creates a verification, and the
consumer receives the signed ``verification.completed`` event, verifies its signature and
writes it down; a request with a wrong signature it refuses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.verification.helpers import fresh_body
from tests.verification.served import _free_port, serve
from verification.settings import REPO_ROOT

CONSUMER = REPO_ROOT / "examples" / "webhooks" / "consumer.py"
DEADLINE_SECONDS = 60.0


@contextmanager
def consumer(directory: Path, port: int, secret: str, events: Path) -> Iterator[None]:
    log = directory / "consumer.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, str(CONSUMER), "--port", str(port), "--events", str(events)],
            env={**os.environ, "WEBHOOK_SECRET": secret},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + DEADLINE_SECONDS
        while True:  # until it listens
            assert process.poll() is None, log.read_text()
            try:
                httpx.get(f"http://127.0.0.1:{port}/")
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_consumer_example_receives_and_verifies_a_completed_verification(
    tmp_path: Path,
) -> None:
    with serve(tmp_path) as served:
        auth = served.auth("case_system")
        port = _free_port()
        registered = httpx.post(
            f"{served.url}/v1/webhooks/endpoints",
            json={
                "url": f"http://127.0.0.1:{port}/webhooks",
                "event_types": ["verification.completed"],
            },
            headers=auth,
        )
        assert registered.status_code == 201, registered.text
        secret = registered.json()["secret"]
        events = tmp_path / "events.jsonl"
        with consumer(tmp_path, port, secret, events):
            forged = httpx.post(
                f"http://127.0.0.1:{port}/webhooks",
                content=b'{"type":"verification.completed"}',
                headers={
                    "webhook-id": "forged",
                    "webhook-timestamp": str(int(time.time())),
                    "webhook-signature": "v1,AAAA",
                },
            )
            assert forged.status_code == 401  # the consumer checks signatures
            created = httpx.post(
                f"{served.url}/v1/verifications",
                json=fresh_body(served.issuer_key),
                headers=auth,
                timeout=30,
            )
            assert created.status_code == 201, created.text + (tmp_path / "serve.log").read_text()
            verification_id = created.json()["id"]
            deadline = time.monotonic() + DEADLINE_SECONDS
            while verification_id not in (events.read_text() if events.exists() else ""):
                assert time.monotonic() < deadline, (tmp_path / "consumer.log").read_text() + (
                    tmp_path / "serve.log"
                ).read_text()
                time.sleep(0.1)
        [line] = events.read_text().splitlines()
        event = json.loads(line)
        assert event["type"] == "verification.completed"
        assert event["data"] == {
            "verification_id": verification_id,
            "status": "completed",
            "revision": 0,
        }
        # the service's log of it: one attempt, answered 204
        [endpoint] = httpx.get(f"{served.url}/v1/webhooks/endpoints", headers=auth).json()["items"]
        deliveries = httpx.get(
            f"{served.url}/v1/webhooks/endpoints/{endpoint['id']}/deliveries", headers=auth
        ).json()["items"]
        deadline = time.monotonic() + DEADLINE_SECONDS
        while deliveries[0]["status"] == "pending":  # the 204 is recorded after it came back
            assert time.monotonic() < deadline
            time.sleep(0.1)
            deliveries = httpx.get(
                f"{served.url}/v1/webhooks/endpoints/{endpoint['id']}/deliveries", headers=auth
            ).json()["items"]
        [delivery] = deliveries
        assert delivery["status"] == "succeeded", delivery
        assert delivery["event_id"] == event["webhook_id"]
        # at least once: an attempt may have failed before (a busy machine), the last is 204
        assert delivery["attempt_log"][-1]["status_code"] == 204, delivery
