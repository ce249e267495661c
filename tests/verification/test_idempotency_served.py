"""From the outside: `verification serve` and plain httpx.  A client times out before the
answer arrives (the response is lost), sends the same request again with the same
`Idempotency-Key`, and gets the first answer; without a key, the 409 names what the lost
request made."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import PG_ENV
from tests.verification.served_process import Served, served

pytestmark = pytest.mark.skipif(
    bool(os.environ.get(PG_ENV)), reason="`verification serve` is the embedded default (SQLite)"
)

LOST = httpx.Timeout(10, read=1e-6)  # the request goes out; the client gives up on the answer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("served")) as server:
        yield server


def _lost_then_retried(
    server: Served, path: str, body: Any, headers: dict[str, str]
) -> httpx.Response:
    """Send once and lose the response; send again until the first has finished."""
    key = {"Idempotency-Key": str(uuid.uuid4())}
    with (
        httpx.Client(base_url=server.base_url, timeout=LOST) as impatient,
        pytest.raises(httpx.ReadTimeout),
    ):
        impatient.post(path, json=body, headers={**headers, **key})
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        deadline = time.monotonic() + 30
        while True:
            retry = http.post(path, json=body, headers={**headers, **key})
            if retry.status_code != 409 or retry.json()["code"] != "idempotency-in-progress":
                return retry
            assert time.monotonic() < deadline, "the first request never finished"
            time.sleep(0.1)


def test_a_lost_enrolment_and_batch_are_replayed(server: Served) -> None:
    auth = {"Authorization": f"Bearer {server.token}"}
    with httpx.Client(base_url=server.base_url, headers=auth, timeout=30) as http:
        verified = http.post(
            "/v1/verifications",
            content=server.request_body("eligible"),
            headers={"Content-Type": "application/json"},
        )
        assert verified.status_code == 201, verified.text
        enrolment = {"verification_id": verified.json()["id"], "category": "stable"}

        enrolled = _lost_then_retried(server, "/v1/households", enrolment, auth)
        assert enrolled.status_code == 201, enrolled.text
        assert enrolled.headers["idempotency-replayed"] == "true"
        household = enrolled.json()["id"]

        # another retry without a key: the 409 names the household the lost request made
        again = http.post("/v1/households", json=enrolment)
        assert again.status_code == 409
        assert again.headers["content-type"] == "application/problem+json"
        assert (again.json()["code"], again.json()["household_id"]) == (
            "already-enrolled",
            household,
        )
        assert http.get(f"/v1/households/{household}").status_code == 200

        created = _lost_then_retried(server, "/v1/batches", {"household_ids": [household]}, auth)
        assert created.status_code == 201, created.text
        assert created.headers["idempotency-replayed"] == "true"
        assert http.get(f"/v1/batches/{created.json()['id']}").status_code == 200


def test_a_lost_client_token_is_replayed_and_works(server: Served) -> None:
    printed = server.cli("clients", "create", "--name", "ops", "--role", "admin")
    admin = {"Authorization": f"Bearer {printed.strip().splitlines()[-1]}"}
    body = {"name": "区民政局", "role": "case_system", "region_prefixes": ["4501"]}

    created = _lost_then_retried(server, "/v1/clients", body, admin)
    assert created.status_code == 201, created.text
    assert created.headers["idempotency-replayed"] == "true"
    assert created.headers["cache-control"] == "no-store"
    token = created.json()["token"]
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        policies = http.get("/v1/policies", headers={"Authorization": f"Bearer {token}"})
        assert policies.status_code == 200
        listed = http.get("/v1/clients", headers=admin).json()["clients"]
    assert [c["name"] for c in listed].count("区民政局") == 1
