"""The API's own request metrics: route templates, bounded labels."""

from __future__ import annotations

import uuid

from prometheus_client import REGISTRY

from verification.http_metrics import UNMATCHED


def _count(route: str, method: str, status: str) -> float:
    value = REGISTRY.get_sample_value(
        "http_requests_total", {"route": route, "method": method, "status": status}
    )
    return value or 0.0


def _observations(route: str, method: str) -> float:
    value = REGISTRY.get_sample_value(
        "http_request_duration_seconds_count", {"route": route, "method": method}
    )
    return value or 0.0


def _routes_seen() -> set[str]:
    return {
        sample.labels["route"]
        for family in REGISTRY.collect()
        if family.name == "http_requests"
        for sample in family.samples
        if sample.name == "http_requests_total"
    }


async def test_a_request_counts_under_its_route_template(api) -> None:
    template = "/v1/verifications/{verification_id}"
    before = _count(template, "GET", "404"), _observations(template, "GET")
    verification_id = uuid.uuid4()
    response = await api.http.get(f"/v1/verifications/{verification_id}", headers=api.auth())
    assert response.status_code == 404
    assert _count(template, "GET", "404") == before[0] + 1
    assert _observations(template, "GET") == before[1] + 1
    # the id itself is never a label value
    assert not any(str(verification_id) in route for route in _routes_seen())


async def test_healthz_counts_with_its_status(api) -> None:
    before = _count("/healthz", "GET", "200")
    await api.http.get("/healthz")
    await api.http.get("/healthz")
    assert _count("/healthz", "GET", "200") == before + 2


async def test_unknown_paths_and_methods_share_one_series(api) -> None:
    before_routes = _routes_seen()
    before = _count(UNMATCHED, "GET", "404")
    for _ in range(25):
        await api.http.get(f"/nothing/{uuid.uuid4()}")
    assert _count(UNMATCHED, "GET", "404") == before + 25
    assert _routes_seen() - before_routes <= {UNMATCHED}
    # a made-up method is OTHER (refused before routing, so unmatched too)
    before_other = _count(UNMATCHED, "OTHER", "405")
    response = await api.http.request("BREW", "/healthz")
    assert response.status_code == 405
    assert _count(UNMATCHED, "OTHER", "405") == before_other + 1
    assert _count(UNMATCHED, "BREW", "405") == 0
