"""The FastAPI application: ``create_app(settings)`` wires routes, errors and the runtime.

The lifespan builds the ``Runtime`` (engine, keys, policies, connectors) and
disposes of it; nothing is built at import time, so tests create as many apps
as they need with their own settings.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from verification import calendar_coverage, health, monitoring
from verification.appeals import endpoints as appeals
from verification.audit_api import endpoints as audit
from verification.audit_api import tile_endpoints as audit_tiles
from verification.authorization import endpoints as issuers
from verification.batches import endpoints as batches
from verification.batches import schemas as batch_schemas
from verification.batches.engine import batch_engine
from verification.body_limit import BodySizeLimitMiddleware
from verification.clients import endpoints as clients
from verification.consent import endpoints as consent
from verification.cross_lists import endpoints as cross_lists
from verification.cross_lists import schemas as cross_list_schemas
from verification.deprecation import DeprecationHeaders, install_deprecation_docs
from verification.households import endpoints as households
from verification.integrity_record import endpoints as integrity_record
from verification.logging import configure_logging
from verification.method_not_allowed import ConcretePathsFirst
from verification.middleware import RequestContextMiddleware
from verification.nul_guard import NulGuardMiddleware
from verification.openapi_problems import install_problem_docs
from verification.policies_api import endpoints as policies
from verification.problem_handlers import install_problem_handlers
from verification.public_notice import endpoints as public_notice
from verification.ratelimit import RateLimitMiddleware, RateLimits
from verification.reference import endpoints as reference
from verification.runtime import Runtime
from verification.schedules import periodic_runs
from verification.settings import Settings
from verification.spot_checks import endpoints as spot_checks
from verification.statistics import endpoints as statistics
from verification.telemetry import tracing_for
from verification.verifications import endpoints as verifications
from verification.webhooks import endpoints as webhooks
from verification.webhooks.sender import sending

if TYPE_CHECKING:
    from opentelemetry.sdk.trace.export import SpanExporter

API_VERSION = "1.1.0"  # the latest release in CHANGELOG.md (docs/integrators/versioning.md)
# the operations' tags, in the order a reader meets them
OPENAPI_TAGS = [
    {
        "name": "verifications",
        "description": "家庭经济状况核对: verify a household from its signed authorization "
        "(授权核对委托书), read the report (核对报告), retry unavailable sources, the receipt "
        "and the 公示. Role: case system.",
    },
    {
        "name": "agency callbacks",
        "description": 'For agencies that answer later: an authenticated "answer ready" '
        "callback for a pending query (HMAC with the source's shared secret).",
    },
    {
        "name": "households",
        "description": "在册户: households enrolled from eligible verifications, their "
        "category, allowance and review schedule (复核). Role: case system.",
    },
    {
        "name": "appeals",
        "description": "复议: a household's appeal against a report (disputed items, new "
        "evidence, sources to query again), its deadlines, and the caseworker's decision, whose "
        "outcome is a new report revision citing it. Role: case system.",
    },
    {
        "name": "integrity record",
        "description": "诚信记录: a declaration found to understate income or assets, proposed, "
        "notified, explained and confirmed (or dismissed) by a caseworker; a confirmed entry "
        "shows in later verifications of the same people for the policy's period. Role: case "
        "system.",
    },
    {
        "name": "spot-checks",
        "description": "入户抽查: an auditable sample of a case system's verified households to "
        "visit at home, drawn from a signed audit checkpoint published after the frame was "
        "fixed; visit results; the auditor's export (ADR 0016). Roles: case system, auditor.",
    },
    {
        "name": "batches",
        "description": "批量复核: re-verify enrolled households in the background and page "
        "through the results. Role: case system.",
    },
    {
        "name": "cross-lists",
        "description": "每月一比对: lists a case system uploads (脱贫, 低保边缘, …) by blind "
        "index, compared with its enrolled households monthly and on demand. Role: case system.",
    },
    {
        "name": "webhooks",
        "description": "Webhooks: endpoints that receive signed events (Standard Webhooks) "
        "when a verification completes or is revised, is overdue, or a batch completes; the "
        "delivery log and redelivery. Role: case system.",
    },
    {
        "name": "policies",
        "description": "低保政策: the layered national, provincial and city policy and what is "
        "in force for a region on a date.",
    },
    {
        "name": "statistics",
        "description": "监督统计: the supervisor's view of a region and a period, counts only "
        "(small counts suppressed), as JSON and as a page with charts. Role: supervisor.",
    },
    {
        "name": "audit",
        "description": "审计日志: the append-only, signed audit log (RFC 9162 proofs, C2SP "
        "checkpoints, receipts and tlog-tiles). Role: auditor; its public key is public.",
    },
    {
        "name": "clients",
        "description": "API clients (案件系统, 审计, 管理) and their bearer tokens. Role: admin.",
    },
    {
        "name": "issuers",
        "description": "出具单位: the offices that sign authorizations, and their public keys "
        "(registration, rotation, revocation). Role: admin.",
    },
    {
        "name": "authorizations",
        "description": "授权使用记录: every use of a household's authorization (no data values), "
        "its revocation, and the one-time link a family opens its record with. Role: case "
        "system.",
    },
    {
        "name": "family",
        "description": "家庭查看: the page a family opens with the link its case system handed "
        "it; the link is the credential (no bearer token).",
    },
    {
        "name": "reference",
        "description": "错误类型 and schemas: the page of every problem `type`, and the "
        "authorization's JSON Schema. Public, cacheable, not audited.",
    },
    {
        "name": "health",
        "description": "Liveness, readiness and Prometheus metrics, for the operators.",
    },
]


def openapi_servers(settings: Settings) -> list[dict[str, str]]:
    """Where the API is: the public base URL when configured, and the host that served the
    document (``/``)."""
    relative = {"url": "/", "description": "the host that served this document (相对地址)"}
    if settings.public_base_url is None:
        return [relative]
    public = {"url": settings.public_base_url, "description": "the public address (公开地址)"}
    return [public, relative]


# every router the app serves, in this order (a new package's routes: one more line)
ROUTERS = (
    health.router,
    verifications.router,
    verifications.callbacks_router,
    public_notice.router,
    households.router,
    appeals.router,
    integrity_record.router,
    batches.router,
    cross_lists.router,
    spot_checks.router,
    webhooks.router,
    policies.router,
    statistics.router,
    audit.router,
    audit.well_known,
    audit_tiles.router,
    audit_tiles.sandbox_router,
    clients.router,
    issuers.router,
    consent.router,
    consent.family_router,
    reference.router,
)


def create_app(
    settings: Settings | None = None, *, span_exporter: SpanExporter | None = None
) -> FastAPI:
    """The app; ``span_exporter`` turns tracing on with that exporter (tests), whatever
    ``settings.tracing`` says."""
    settings = settings or Settings()
    # None when off: then OpenTelemetry is not even loaded
    tracing = tracing_for(settings, span_exporter)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_format, settings.log_level)
        runtime = Runtime.build(settings)
        app.state.runtime = runtime
        calendar_coverage.announce(runtime.calendar, runtime.today(), settings.timezone)
        if tracing:
            tracing.install(runtime)  # log lines with trace ids from here on
        await runtime.prepare_log()  # compared with its checkpoint; one signed if none covers it
        schedules = [
            # integrates the pending audit entries and signs checkpoints, when it leads
            asyncio.create_task(runtime.run_integrators(), name="audit-integrator"),
            # each log against its latest checkpoint
            asyncio.create_task(runtime.watch_logs(settings.audit_integrity_check_seconds)),
            asyncio.create_task(monitoring.watch(runtime, settings.monitor_interval_seconds)),
        ]
        try:
            # the batch engine, and the sender of the webhook outbox (webhooks/sender.py)
            async with batch_engine(runtime, periodic_runs(settings)), sending(runtime):
                yield
        finally:
            for task in schedules:
                task.cancel()
            for task in schedules:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await runtime.aclose()
            if tracing:
                tracing.close()

    # /docs and /redoc with Swagger UI and ReDoc from the fastapi-offline package (served
    # under /static-offline-docs), not from a CDN: they work on a closed network
    app = FastAPIOffline(
        title="Household economic-status verification service (家庭经济状况核对)",
        version=API_VERSION,
        description=(
            "Verifies a household's income and assets against the regional minimum "
            "living allowance (低保) policy, from its signed authorization (授权核对委托书). "
            "Errors are RFC 9457 problem details: each `type` is `/problems/<code>`, a page "
            "that says what the code means and what to do (错误类型)."
        ),
        lifespan=lifespan,
        openapi_tags=OPENAPI_TAGS,
        servers=openapi_servers(settings),
    )
    install_problem_handlers(app)
    app.state.rate_limits = RateLimits.from_settings(settings)
    # added first, so they run inside the request context (request id) and before the
    # routes; the size limit outside the NUL check, so an oversized body is never kept, and
    # the rate limit outside both: anonymous requests are limited before anything is read
    app.add_middleware(DeprecationHeaders)  # innermost: it sees the route the router matched
    app.add_middleware(ConcretePathsFirst)
    app.add_middleware(NulGuardMiddleware)
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_body_bytes=settings.max_body_bytes,
        route_limits={
            ("POST", "/v1/batches"): max(settings.max_body_bytes, batch_schemas.MAX_BODY_BYTES),
            ("POST", "/v1/cross-lists"): max(
                settings.max_body_bytes, cross_list_schemas.MAX_BODY_BYTES
            ),
        },
    )
    app.add_middleware(RateLimitMiddleware)
    app.add_middleware(RequestContextMiddleware)
    for router in ROUTERS:
        app.include_router(router)
    install_problem_docs(app, settings.public_base_url)
    install_deprecation_docs(app)
    if tracing:
        tracing.instrument_app(app)
    return app


def openapi_document() -> str:
    """The OpenAPI document as stable text (what ``openapi/openapi.json`` holds)."""
    return json.dumps(
        create_app(Settings()).openapi(), indent=2, ensure_ascii=False, sort_keys=True
    )
