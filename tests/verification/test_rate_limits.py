"""Anonymous noise stays out of the audit log; inbound rate limits (issue #15, item 11).

Requests without valid credentials (401) and unroutable ones (404, 405) are
logged and counted, not audited: anyone could otherwise grow the permanent,
serialized log.  Authenticated refusals stay audited.  Each client, and each
address for anonymous requests, is held to a token bucket: over it, 429
``rate-limited`` with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select

from verification.app import create_app
from verification.audit.models import AuditEvent, AuditPending
from verification.db import create_engine
from verification.ratelimit import TokenBucket
from verification.settings import Settings


async def _audit_size(api) -> int:
    await api.drain()
    async with api.sessions() as session:
        return int((await session.execute(select(func.count()).select_from(AuditEvent))).scalar())


def _unaudited(status: int, code: str) -> float:
    labels = {"status": str(status), "code": code}
    return REGISTRY.get_sample_value("http_unaudited_refusals_total", labels) or 0.0


def _rate_limited(limit: str) -> float:
    return REGISTRY.get_sample_value("http_rate_limited_total", {"limit": limit}) or 0.0


ANONYMOUS = [
    ("GET", "/v1/policies", {}, 401, "authentication-required"),
    ("GET", "/v1/policies", {"Authorization": "Bearer not-a-token"}, 401, "invalid-token"),
    ("GET", "/v1/no-such-route", {}, 404, "not-found"),
    ("GET", "/v1/no-such-route", {"Authorization": "Bearer not-a-token"}, 404, "not-found"),
    ("DELETE", "/v1/policies", {}, 405, "method-not-allowed"),
]


async def test_anonymous_refusals_are_logged_and_counted_not_audited(api, capsys) -> None:
    before = await _audit_size(api)
    counted = {code: _unaudited(status, code) for *_, status, code in ANONYMOUS}
    for method, path, headers, status, code in ANONYMOUS:
        response = await api.http.request(method, path, headers=headers)
        assert response.status_code == status, response.text
        assert response.json()["code"] == code
    assert await _audit_size(api) == before
    for *_, status, code in ANONYMOUS:
        expected = counted[code] + sum(1 for *_, s, c in ANONYMOUS if c == code)
        assert _unaudited(status, code) == expected
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.startswith("{")]
    refused = [x for x in lines if x.get("event") == "request_refused"]
    assert sorted(x["status"] for x in refused) == sorted(s for *_, s, _c in ANONYMOUS)
    assert all(x["authenticated"] is False for x in refused)


async def test_authenticated_refusals_stay_audited(api) -> None:
    before = await _audit_size(api)
    response = await api.http.get("/v1/clients", headers=api.auth())  # a case system
    assert response.status_code == 403
    assert await _audit_size(api) == before + 1


@pytest.fixture
async def limited(api) -> AsyncIterator[httpx.AsyncClient]:
    """An app with tight limits: 3 at once, then one every 5 s, per client and per address
    (slow enough that no token comes back during a test on a busy machine)."""
    settings = api.settings.model_copy(
        update={
            "rate_limit_client_per_second": 0.2,
            "rate_limit_client_burst": 3,
            "rate_limit_address_per_second": 0.2,
            "rate_limit_address_burst": 3,
        }
    )
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=("203.0.113.7", 4000)),
            base_url="http://testserver",
        ) as http,
    ):
        yield http


def _assert_rate_limited(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert 1 <= int(response.headers["retry-after"]) <= 5
    problem = response.json()
    assert problem["code"] == "rate-limited" and problem["status"] == 429
    assert problem["retry_after"] == int(response.headers["retry-after"])


async def test_a_client_over_its_limit_gets_429_with_retry_after(api, limited) -> None:
    before, counted = await _audit_size(api), _rate_limited("client")
    for _ in range(3):
        assert (await limited.get("/v1/policies", headers=api.auth())).status_code == 200
    refused = await limited.get("/v1/policies", headers=api.auth())
    _assert_rate_limited(refused)
    assert _rate_limited("client") == counted + 1
    # another client has a bucket of its own, and a 429 is not audited
    assert (await limited.get("/v1/policies", headers=api.auth(api.other_token))).status_code == 200
    assert await _audit_size(api) == before


async def test_anonymous_requests_count_against_their_address(api, limited) -> None:
    before, counted = await _audit_size(api), _rate_limited("address")
    # no header, a refused token, an unknown route: each spends the address's tokens
    assert (await limited.get("/healthz")).status_code == 200
    bad = {"Authorization": "Bearer not-a-token"}
    assert (await limited.get("/v1/policies", headers=bad)).status_code == 401
    assert (await limited.get("/v1/nowhere", headers=bad)).status_code == 404
    _assert_rate_limited(await limited.get("/healthz"))
    _assert_rate_limited(await limited.get("/v1/policies", headers=bad))
    _assert_rate_limited(await limited.get("/v1/nowhere", headers=bad))
    assert _rate_limited("address") == counted + 3
    # an authenticated client is held to its own limit, not its address's
    assert (await limited.get("/v1/policies", headers=api.auth())).status_code == 200
    assert await _audit_size(api) == before


def test_the_bucket_refills_at_its_rate_and_forgets_idle_keys() -> None:
    now = [1000.0]
    bucket = TokenBucket(rate=2.0, burst=2, clock=lambda: now[0])
    assert bucket.take("a") == 0 and bucket.take("a") == 0
    assert bucket.take("a") == pytest.approx(0.5)  # one token comes back every 0.5 s
    assert bucket.take("b") == 0  # keys are independent
    now[0] += 0.5
    assert bucket.take("a") == 0 and bucket.take("a") > 0
    now[0] += 10
    bucket._sweep(now[0])  # full again: nothing to remember
    assert len(bucket) == 0


def test_limits_are_settings_and_a_zero_rate_turns_one_off(monkeypatch) -> None:
    defaults = Settings()
    assert defaults.rate_limit_client_per_second > 0 and defaults.rate_limit_address_per_second > 0
    monkeypatch.setenv("VERIFICATION_RATE_LIMIT_ADDRESS_PER_SECOND", "0")
    app = create_app(Settings())
    assert app.state.rate_limits.address is None and app.state.rate_limits.client is not None


# ---- from the outside: the app under uvicorn, called over HTTP ------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _audit_size_at(url: str) -> int:
    async def count() -> int:
        engine = create_engine(url)
        try:
            async with engine.connect() as connection:
                # entries recorded: in the log or still pending, in one statement (one
                # snapshot: an entry the integrator moves meanwhile is counted once)
                in_log = select(func.count()).select_from(AuditEvent).scalar_subquery()
                pending = select(func.count()).select_from(AuditPending).scalar_subquery()
                found = await connection.execute(select(in_log + pending))
                return int(found.scalar_one())
        finally:
            await engine.dispose()

    return asyncio.run(count())


def _audit_text_at(url: str) -> str:
    async def bodies() -> str:
        engine = create_engine(url)
        try:
            async with engine.connect() as connection:
                bodies = (await connection.execute(select(AuditEvent.body))).scalars().all()
                pending = (await connection.execute(select(AuditPending.template))).scalars()
                return "\n".join([*bodies, *pending])
        finally:
            await engine.dispose()

    return asyncio.run(bodies())


def test_served_app_limits_anonymous_floods_and_keeps_caller_text_out_of_the_audit_log(
    api, tmp_path: Path
) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERIFICATION_")} | {
        "VERIFICATION_DATABASE_URL": api.settings.database_url,
        "VERIFICATION_DATA_DIR": str(api.settings.data_dir),
        "VERIFICATION_EMBEDDED_MOCK_SOURCES": "false",
        "VERIFICATION_BATCH_ENGINE": "inprocess",
        "VERIFICATION_REVIEW_SCHEDULE": "",
        "VERIFICATION_RETENTION_SCHEDULE": "",
        "VERIFICATION_RATE_LIMIT_ADDRESS_PER_SECOND": "1",
        "VERIFICATION_RATE_LIMIT_ADDRESS_BURST": "10",
    }
    log = tmp_path / "uvicorn.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "verification.app:create_app",
             "--port", str(port), "--no-access-log"],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                httpx.get(f"{base}/healthz", headers={"Authorization": "Bearer x"})
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        before = _audit_size_at(api.settings.database_url)
        with httpx.Client(base_url=base) as http:
            statuses = [
                http.get(path, headers=headers).status_code
                for _ in range(10)
                for path, headers in (
                    ("/v1/policies", {}),
                    ("/v1/policies", {"Authorization": "Bearer not-a-token"}),
                    ("/v1/nowhere", {}),
                )
            ]
            assert statuses.count(429) >= 15, statuses
            assert set(statuses) <= {401, 404, 429}
            limited = http.get("/v1/policies")
            assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
            metrics = http.get("/metrics", headers={"Authorization": "Bearer x"}).text
            assert 'http_rate_limited_total{limit="address"}' in metrics
        assert _audit_size_at(api.settings.database_url) == before
        # an authenticated refusal is audited, under a fresh request id, not the caller's
        # (an ID number here), and with the route, not the path holding it
        id_number = "450105198706230316"
        with httpx.Client(base_url=base) as http:
            refused = http.get(
                f"/v1/verifications/{id_number}",
                headers={**api.auth(), "X-Request-Id": id_number},
            )
        assert refused.status_code == 422
        assert refused.headers["x-request-id"] != id_number
        assert _audit_size_at(api.settings.database_url) == before + 1
        assert id_number not in _audit_text_at(api.settings.database_url)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
