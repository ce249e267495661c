"""``/_stats``: each agency's requests in flight, their peak and a count, injected latency included.

These tests run their own server (they set fault profiles, which must not
leak into the other modules' shared one) and reset it before each test.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

import httpx
import pytest

from mock_sources.app import create_app
from mock_sources.faults import FaultProfile
from mock_sources.server import serve_in_thread

AUTH = {"X-Authorization-Id": "AUTH-2025-0001", "X-Purpose": "dibao-check"}
ELIGIBLE_SELF = "450102198003120111"
# the six built in and the separately installed social-insurance source's (an entry point)
AGENCIES = (
    "hukou",
    "vehicle",
    "housing",
    "bank",
    "tax",
    "provident_fund",
    "insurance",
    "market_regulation",
    "securities",
    "social_insurance",
)
ZERO = {"in_flight": 0, "peak_in_flight": 0, "requests": 0}


def tax_params(id_number: str = ELIGIBLE_SELF) -> dict[str, str]:
    return {"nsrsbh": id_number, "from": "202501", "to": "202502"}


@pytest.fixture(scope="module")
def stats_url():
    with serve_in_thread() as url:
        yield url


@pytest.fixture
def http(stats_url):
    with httpx.Client(base_url=stats_url, headers=AUTH, timeout=5.0) as client:
        client.delete("/_faults").raise_for_status()
        client.delete("/_stats").raise_for_status()
        yield client


def stats(http: httpx.Client) -> dict[str, dict[str, int]]:
    response = http.get("/_stats")
    assert response.status_code == 200
    return response.json()["agencies"]


def put(http: httpx.Client, agency: str, **profile) -> None:
    response = http.put(f"/_faults/{agency}", json=profile)
    assert response.status_code == 200, response.text


def wait_until(http: httpx.Client, agency: str, in_flight: int, seconds: float = 3.0) -> dict:
    """The agency's counters once ``in_flight`` is reached (or the last seen, after ``seconds``)."""
    deadline = time.monotonic() + seconds
    while True:
        now = stats(http)[agency]
        if now["in_flight"] == in_flight or time.monotonic() > deadline:
            return now
        time.sleep(0.01)


async def ask_tax_concurrently(
    url: str, count: int, *, cap: int | None = None, client_timeout: float = 5.0
) -> list[int]:
    """``count`` tax queries at once from one client, at most ``cap`` in flight; the statuses."""
    gate = asyncio.Semaphore(cap if cap is not None else count)
    limits = httpx.Limits(max_connections=count)
    async with httpx.AsyncClient(
        base_url=url, headers=AUTH, timeout=client_timeout, limits=limits
    ) as client:

        async def one(n: int) -> int:
            async with gate:
                response = await client.get(
                    "/tax/income-records",
                    params=tax_params(),
                    headers={"X-Request-Id": f"stats-{n}"},
                )
                return response.status_code

        return list(await asyncio.gather(*(one(n) for n in range(count))))


# -- the shape and the admin endpoints ------------------------------------------------


def test_every_agency_starts_at_zero(http):
    assert stats(http) == dict.fromkeys(AGENCIES, ZERO)


def test_each_request_is_counted_against_its_own_agency(http):
    http.get("/tax/income-records", params=tax_params()).raise_for_status()
    http.get("/tax/income-records", params=tax_params()).raise_for_status()
    http.get(f"/housing/v1/owners/{ELIGIBLE_SELF}/properties").raise_for_status()

    now = stats(http)
    assert now["tax"] == {"in_flight": 0, "peak_in_flight": 1, "requests": 2}
    assert now["housing"] == {"in_flight": 0, "peak_in_flight": 1, "requests": 1}
    assert now["bank"] == ZERO


def test_harness_endpoints_are_not_counted_and_need_no_authorization(stats_url, http):
    httpx.get(f"{stats_url}/_scenarios", timeout=5.0).raise_for_status()
    httpx.get(f"{stats_url}/_faults", timeout=5.0).raise_for_status()
    response = httpx.get(f"{stats_url}/_stats", timeout=5.0)

    assert response.status_code == 200
    assert response.json() == {"agencies": dict.fromkeys(AGENCIES, ZERO)}


def test_refused_requests_still_count(stats_url, http):
    response = httpx.get(f"{stats_url}/tax/income-records", params=tax_params(), timeout=5.0)
    assert response.status_code == 400  # no authorization headers
    assert stats(http)["tax"]["requests"] == 1


def test_reset_forgets_counts_and_peaks(http):
    http.get("/tax/income-records", params=tax_params()).raise_for_status()
    assert http.delete("/_stats").status_code == 204
    assert stats(http) == dict.fromkeys(AGENCIES, ZERO)


def test_resetting_faults_keeps_the_statistics(http):
    http.get("/tax/income-records", params=tax_params()).raise_for_status()
    http.delete("/_faults").raise_for_status()
    assert stats(http)["tax"]["requests"] == 1


# -- peaks under injected latency -----------------------------------------------------


async def test_concurrent_requests_are_in_flight_during_the_injected_latency(stats_url, http):
    put(http, "tax", latency_ms=400)

    running = asyncio.create_task(ask_tax_concurrently(stats_url, 8))
    during = await asyncio.to_thread(wait_until, http, "tax", 8)
    statuses = await running

    assert statuses == [200] * 8
    assert during == {"in_flight": 8, "peak_in_flight": 8, "requests": 8}
    assert stats(http)["tax"] == {"in_flight": 0, "peak_in_flight": 8, "requests": 8}


async def test_peak_is_what_a_capped_client_had_in_flight(stats_url, http):
    put(http, "tax", latency_ms=60)

    statuses = await ask_tax_concurrently(stats_url, 12, cap=3)

    assert statuses == [200] * 12
    assert stats(http)["tax"] == {"in_flight": 0, "peak_in_flight": 3, "requests": 12}


async def test_peak_adds_up_several_clients(stats_url, http):
    """Three clients (as three worker processes would be), each capped at 2: together 6."""
    put(http, "tax", latency_ms=80, jitter_ms=20, seed=3)

    results = await asyncio.gather(*(ask_tax_concurrently(stats_url, 8, cap=2) for _ in range(3)))

    assert [status for statuses in results for status in statuses] == [200] * 24
    assert stats(http)["tax"] == {"in_flight": 0, "peak_in_flight": 6, "requests": 24}


async def test_reset_while_requests_are_in_flight_restarts_the_peak_from_them(stats_url, http):
    put(http, "tax", latency_ms=400)

    running = asyncio.create_task(ask_tax_concurrently(stats_url, 5))
    assert (await asyncio.to_thread(wait_until, http, "tax", 5))["in_flight"] == 5
    http.delete("/_stats").raise_for_status()
    assert stats(http)["tax"] == {"in_flight": 5, "peak_in_flight": 5, "requests": 0}
    await running

    assert stats(http)["tax"] == {"in_flight": 0, "peak_in_flight": 5, "requests": 0}


async def test_a_client_that_leaves_during_the_latency_is_no_longer_in_flight(stats_url, http):
    put(http, "tax", latency_ms=2000)

    with contextlib.suppress(httpx.ReadTimeout):
        await ask_tax_concurrently(stats_url, 3, client_timeout=0.2)

    after = await asyncio.to_thread(wait_until, http, "tax", 0)
    assert after == {"in_flight": 0, "peak_in_flight": 3, "requests": 3}


def test_a_hang_is_in_flight_until_answered(http):
    put(http, "housing", hang_rate=1.0, hang_seconds=0.3)
    path = f"/housing/v1/owners/{ELIGIBLE_SELF}/properties"

    with httpx.Client(base_url=str(http.base_url), headers=AUTH, timeout=5.0) as other:
        started = time.monotonic()
        response = other.get(path)
    assert time.monotonic() - started >= 0.3
    assert response.status_code == 200
    assert stats(http)["housing"] == {"in_flight": 0, "peak_in_flight": 1, "requests": 1}


# -- in process -----------------------------------------------------------------------


async def test_in_process_app_counts_concurrent_requests():
    app = create_app({"bank": FaultProfile(latency_ms=50)})
    transport = httpx.ASGITransport(app=app)
    body = {"certType": "01", "certNo": ELIGIBLE_SELF, "custName": "x"}
    async with httpx.AsyncClient(transport=transport, base_url="http://mock", headers=AUTH) as c:
        responses = await asyncio.gather(
            *(c.post("/bank/gateway/deposit-query", json=body) for _ in range(4))
        )
        assert [response.status_code for response in responses] == [200] * 4
        listing = (await c.get("/_stats")).json()

    assert listing["agencies"]["bank"] == {"in_flight": 0, "peak_in_flight": 4, "requests": 4}
    assert app.state.stats.counters("bank").peak_in_flight == 4


async def test_apps_do_not_share_statistics():
    first, second = create_app(), create_app()
    transport = httpx.ASGITransport(app=first)
    async with httpx.AsyncClient(transport=transport, base_url="http://mock", headers=AUTH) as c:
        (await c.get("/tax/income-records", params=tax_params())).raise_for_status()

    assert first.state.stats.counters("tax").requests == 1
    assert second.state.stats.counters("tax").requests == 0
