"""``/_stats``: each agency's requests in flight, their peak and a count.

A test-harness endpoint, not an agency: it needs no authorization headers,
and its own requests are not counted.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from mock_sources.stats import AgencyStats

router = APIRouter(prefix="/_stats", tags=["stats"])


def agency_stats(request: Request) -> AgencyStats:
    stats = request.app.state.stats
    if not isinstance(stats, AgencyStats):
        raise TypeError("app.state.stats is not an AgencyStats")
    return stats


@router.get("")
async def read_stats(request: Request) -> dict[str, Any]:
    """``{"agencies": {"<agency>": {"in_flight", "peak_in_flight", "requests"}}}``."""
    return {"agencies": agency_stats(request).snapshot()}


@router.delete("", status_code=204)
async def reset_stats(request: Request) -> Response:
    """Forget every agency's request count and peak (the peak restarts from what is in flight)."""
    agency_stats(request).reset()
    return Response(status_code=204)
