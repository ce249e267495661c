"""``GET /_scenarios`` and ``GET /_scenarios/{name}``: the scenario households.

A test-harness endpoint, not an agency: it needs no authorization headers.
It lists who is in each household (ID numbers, names, relations) and the
outcome WIRE.md expects, never the records themselves.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from mock_sources.scenarios import HOUSEHOLDS, Household, household

router = APIRouter(prefix="/_scenarios", tags=["scenarios"])


def _render(item: Household) -> dict[str, Any]:
    return {
        "name": item.name,
        "region": item.region,
        "area": item.area,
        "policy": item.policy,
        "expected_outcome": item.expected_outcome.value,
        "expected_note": item.expected_note,
        "members": [
            {"id_number": member.id_number, "name": member.name, "relation": member.relation.value}
            for member in item.members
        ],
    }


@router.get("")
async def list_scenarios() -> dict[str, Any]:
    return {"scenarios": [_render(item) for item in HOUSEHOLDS]}


@router.get("/{name}", response_model=None)
async def get_scenario(name: str) -> dict[str, Any] | JSONResponse:
    found = household(name)
    if found is None:
        return JSONResponse({"error": "unknown scenario"}, status_code=404)
    return _render(found)
