"""``/_faults``: switch fault injection per agency at run time and read the journal.

A test-harness endpoint, not an agency: it needs no authorization headers.
Profiles are validated here rather than by FastAPI, so an invalid one is
HTTP 422 even though the app answers the agencies' validation errors with 400.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from mock_sources.faults import FaultProfile, FaultState

router = APIRouter(prefix="/_faults", tags=["faults"])


def fault_state(request: Request) -> FaultState:
    state = request.app.state.faults
    if not isinstance(state, FaultState):
        raise TypeError("app.state.faults is not a FaultState")
    return state


def _unknown_agency(agency: str) -> JSONResponse:
    return JSONResponse({"error": f"unknown agency {agency!r}"}, status_code=404)


def _render(profiles: dict[str, FaultProfile | None]) -> dict[str, Any]:
    return {
        agency: profile.model_dump(mode="json") if profile is not None else None
        for agency, profile in profiles.items()
    }


@router.get("")
async def list_profiles(request: Request) -> dict[str, Any]:
    """Every agency's profile, ``null`` where fault injection is off."""
    return _render(fault_state(request).profiles())


@router.delete("", status_code=204)
async def reset_faults(request: Request) -> Response:
    """Turn fault injection off everywhere; forget attempt counters and the journal."""
    fault_state(request).reset()
    return Response(status_code=204)


@router.get("/journal", response_model=None)
async def read_journal(
    request: Request,
    request_id: str | None = None,
    agency: str | None = None,
    fault: str | None = None,
) -> dict[str, Any] | JSONResponse:
    state = fault_state(request)
    if agency is not None and not state.is_agency(agency):
        return _unknown_agency(agency)
    return {"entries": state.journal(agency=agency, request_id=request_id, fault=fault)}


@router.put("/{agency}", response_model=None)
async def set_profile(agency: str, request: Request) -> dict[str, Any] | JSONResponse:
    """Turn fault injection on for one agency; answers the stored profile."""
    state = fault_state(request)
    if not state.is_agency(agency):
        return _unknown_agency(agency)
    try:
        profile = FaultProfile.model_validate_json(await request.body())
    except ValidationError as exc:
        detail = json.loads(exc.json(include_url=False))
        return JSONResponse({"error": "invalid fault profile", "detail": detail}, status_code=422)
    state.set_profile(agency, profile)
    return profile.model_dump(mode="json")


@router.delete("/{agency}", status_code=204, response_model=None)
async def clear_profile(agency: str, request: Request) -> Response:
    """Turn fault injection off for one agency (its journal entries stay)."""
    state = fault_state(request)
    if not state.is_agency(agency):
        return _unknown_agency(agency)
    state.clear_profile(agency)
    return Response(status_code=204)
