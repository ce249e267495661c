"""The mock agencies app: six agency routers plus the scenario listing.

``create_app`` builds a fresh app on every call and nothing is built at import
time.  The shared header check is attached here, once, to every agency router.
Request validation failures (a missing or malformed query parameter) are HTTP
400 ``{"error": "invalid request"}`` rather than FastAPI's 422, because no
agency answers 422.
"""

from __future__ import annotations

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from mock_sources.agencies import bank, housing, hukou, provident_fund, tax, vehicle
from mock_sources.authorization import (
    MissingAuthorizationError,
    authorization_error_handler,
    require_authorization,
)
from mock_sources.scenario_routes import router as scenario_router

AGENCY_ROUTERS = (
    hukou.router,
    vehicle.router,
    housing.router,
    bank.router,
    tax.router,
    provident_fund.router,
)


async def _validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"error": "invalid request"}, status_code=400)


def create_app() -> FastAPI:
    app = FastAPI(
        title="mock_sources",
        summary="Fake agencies for household economic-status verification (see WIRE.md)",
    )
    app.add_exception_handler(MissingAuthorizationError, authorization_error_handler)
    app.add_exception_handler(RequestValidationError, _validation_error_handler)
    for router in AGENCY_ROUTERS:
        app.include_router(router, dependencies=[Depends(require_authorization)])
    app.include_router(scenario_router)
    return app
