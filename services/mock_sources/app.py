"""The mock agencies app: the built-in agency routers (and any a plugin adds, ``plugins``), the
scenario listing, ``/_faults``, ``/_stats``, ``/_deferred`` (the bank's delayed mode,
``deferred``) and ``/_batchfile`` (its batch-file exchange mode, ``batchfile``).

``create_app`` builds a fresh app on every call and nothing is built at import
time.  The shared header check is attached here, once, to every agency router,
and so is fault injection: ``FaultInjector`` wraps the whole app and acts on
the paths under each agency's prefix (``FAULT_TARGETS`` says where each
agency's requests carry the ID number).  Fault state lives on
``app.state.faults``, so apps never share it.  Outside that, ``InFlightCounter``
counts each agency's requests in flight (injected latency included) into
``app.state.stats``, served under ``/_stats``.

Request validation failures (a missing or malformed query parameter) are HTTP
400 ``{"error": "invalid request"}`` rather than FastAPI's 422, because no
agency answers 422.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp

from mock_sources.agencies import (
    bank,
    housing,
    hukou,
    market_regulation,
    provident_fund,
    securities,
    tax,
    vehicle,
)
from mock_sources.authorization import (
    MissingAuthorizationError,
    authorization_error_handler,
    require_authorization,
)
from mock_sources.batchfile import BatchFileState
from mock_sources.batchfile import router as batch_file_router
from mock_sources.deferred import DeferredState
from mock_sources.deferred import router as deferred_router
from mock_sources.fault_middleware import FaultInjector, FaultTarget, PersonId
from mock_sources.fault_routes import router as fault_router
from mock_sources.faults import FAULTS_ENV_VAR, FaultProfile, FaultState, parse_fault_profiles
from mock_sources.plugins import plugin_agencies
from mock_sources.scenario_routes import router as scenario_router
from mock_sources.stats import AgencyStats, InFlightCounter
from mock_sources.stats_routes import router as stats_router

# the built-in agencies; installed plugins add theirs (``agency_targets``)
FAULT_TARGETS = (
    FaultTarget("hukou", hukou.router, PersonId.body("sfzhm")),
    FaultTarget("vehicle", vehicle.router, PersonId.query("idNo")),
    FaultTarget("housing", housing.router, PersonId.path("id_number")),
    FaultTarget("bank", bank.router, PersonId.body("certNo")),
    FaultTarget("tax", tax.router, PersonId.query("nsrsbh")),
    FaultTarget("provident_fund", provident_fund.router, PersonId.path("id_number")),
    FaultTarget("securities", securities.router, PersonId.query("zjhm")),
    FaultTarget("market_regulation", market_regulation.router, PersonId.query("zjhm")),
)
AGENCIES = tuple(target.agency for target in FAULT_TARGETS)  # the built-in ones


def agency_targets() -> tuple[FaultTarget, ...]:
    """The built-in agencies, then those of the installed plugins (``plugins``)."""
    return (*FAULT_TARGETS, *plugin_agencies(FAULT_TARGETS))


def agencies() -> tuple[str, ...]:
    """Every agency's name, plugins' included."""
    return tuple(target.agency for target in agency_targets())


class _MockSourcesApp(FastAPI):
    """FastAPI with ``InFlightCounter`` outermost, then ``FaultInjector``, talking to the
    server directly; so the count covers the injected latency too."""

    def build_middleware_stack(self) -> ASGIApp:
        targets: tuple[FaultTarget, ...] = self.state.targets
        injector = FaultInjector(super().build_middleware_stack(), self.state.faults, targets)
        prefixes = {target.agency: target.router.prefix for target in targets}
        return InFlightCounter(injector, self.state.stats, prefixes)


async def _validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"error": "invalid request"}, status_code=400)


def create_app(faults: Mapping[str, FaultProfile] | None = None) -> FastAPI:
    """A fresh app.  Initial fault profiles come from ``MOCK_SOURCES_FAULTS``
    (JSON ``{"<agency>": {<profile>}, ...}``, read now), then ``faults``, which
    wins per agency.  An invalid ``MOCK_SOURCES_FAULTS`` raises ``ValueError``."""
    app = _MockSourcesApp(
        title="mock_sources",
        summary="Fake agencies for household economic-status verification (see WIRE.md)",
    )
    targets = agency_targets()
    names = tuple(target.agency for target in targets)
    state = FaultState(names)
    from_env = os.environ.get(FAULTS_ENV_VAR, "").strip()
    if from_env:
        try:
            state.set_profiles(parse_fault_profiles(from_env, names))
        except ValueError as exc:
            raise ValueError(f"{FAULTS_ENV_VAR}: {exc}") from exc
    if faults:
        state.set_profiles(faults)
    app.state.targets = targets
    app.state.faults = state
    app.state.stats = AgencyStats(names)
    app.state.deferred = DeferredState.from_environment()
    app.state.batch_files = BatchFileState.from_environment()
    app.add_exception_handler(MissingAuthorizationError, authorization_error_handler)
    app.add_exception_handler(RequestValidationError, _validation_error_handler)
    for target in targets:
        app.include_router(target.router, dependencies=[Depends(require_authorization)])
    app.include_router(scenario_router)
    app.include_router(fault_router)
    app.include_router(deferred_router)
    app.include_router(batch_file_router)
    app.include_router(stats_router)
    return app
