"""OpenTelemetry traces of a verification, off unless ``VERIFICATION_TRACING=otlp``.

When on, one trace per request: the server span (FastAPI), a client span per
request sent to an agency (httpx, each connector's client) and a span per
database statement (SQLAlchemy), all of one trace, and every log line written
meanwhile carries its ``trace_id`` and ``span_id``.  Likewise one trace per run of a
batch item, in a ``verification worker`` or the in-process runner: its root span
``batch.item`` (the batch's id and the household's id, nothing else), and under it the
item's statements and agency requests.  ``tracing_for`` (``verification.telemetry``)
is how a process turns it on: the app at its creation, a worker at its start.

The spans go to an OTLP/HTTP collector: ``VERIFICATION_OTLP_ENDPOINT``, or the standard
``OTEL_EXPORTER_OTLP_*`` variables (``OTEL_SERVICE_NAME`` names the service).  When off
nothing here runs: no instrumentation is installed, no log processor added.

No personal data enters a span: agency URLs carry ID numbers in their path or query,
so an agency span's URL keeps the scheme, host and the path's plain words only
(``/housing/v2/owners/:redacted/properties``, no query); the server span's URL loses its query
(the auditor's search takes an ID number there).  SQL statements are recorded with
their placeholders, never their parameters.

The SQLAlchemy instrumentation is process-wide (it patches engine creation), so a
process traces one app at a time; ``Tracing.close`` undoes it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import httpx
from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    SimpleSpanProcessor,
    SpanExporter,
)
from opentelemetry.trace import Span, SpanKind, Status, StatusCode

from connectors.sdk.base import HttpConnector
from verification.logging import configure_logging
from verification.settings import Settings

if TYPE_CHECKING:
    from verification.runtime import Runtime

SERVICE: Final = "household-verification"
REDACTED: Final = ":redacted"
ITEM_SPAN: Final = "batch.item"
# a path word: letters first, at most three digits in a row (``v2``, ``accounts``); an ID
# number, an account number or a name is none
_PLAIN_SEGMENT = re.compile(r"(?:[A-Za-z][A-Za-z0-9_.-]*)?")
_DIGIT_RUN = re.compile(r"[0-9]{4}")
# the URL attributes of both the old and the stable HTTP semantic conventions
_URL_KEYS: Final = ("http.url", "url.full")
_TARGET_KEYS: Final = ("http.target",)
_QUERY_KEYS: Final = ("url.query",)


def agency_url(url: httpx.URL) -> str:
    """An agency request's URL without what may name a person: no query, and every path
    segment that is more than plain words (digits, an ID number) replaced."""
    path = "/".join(
        segment
        if _PLAIN_SEGMENT.fullmatch(segment) and not _DIGIT_RUN.search(segment)
        else REDACTED
        for segment in url.path.split("/")
    )
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}{path}"


def _overwrite(span: Span, keys: tuple[str, ...], value: str) -> None:
    attributes = getattr(span, "attributes", None) or {}
    for key in keys:
        if key in attributes:
            span.set_attribute(key, value)


def _agency_hook(scope: str) -> Any:
    async def hook(span: Span, request: Any) -> None:
        if not span.is_recording():
            return
        url = request.url if isinstance(request.url, httpx.URL) else httpx.URL(request.url)
        _overwrite(span, _URL_KEYS, agency_url(url))
        _overwrite(span, _QUERY_KEYS, "")
        span.set_attribute("verification.source", scope)

    return hook


def _server_hook(span: Span, scope: dict[str, Any]) -> None:
    """The server span's URL without its query string."""
    if not span.is_recording():
        return
    path = scope.get("path", "")
    _overwrite(span, _TARGET_KEYS, path)
    _overwrite(span, _QUERY_KEYS, "")
    attributes = getattr(span, "attributes", None) or {}
    for key in _URL_KEYS:
        if key in attributes:
            span.set_attribute(key, str(httpx.URL(str(attributes[key])).copy_with(query=None)))


def add_trace_ids(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: the current span's trace and span ids, when there is one."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event_dict["trace_id"] = format(context.trace_id, "032x")
        event_dict["span_id"] = format(context.span_id, "016x")
    return event_dict


def _otlp_exporter(settings: Settings) -> SpanExporter:
    return OTLPSpanExporter(endpoint=settings.otlp_endpoint or None)


@dataclass
class Tracing:
    """The tracer provider of one app, and what it instruments."""

    provider: TracerProvider
    _engines_instrumented: bool = False

    @classmethod
    def from_settings(
        cls, settings: Settings, exporter: SpanExporter | None = None
    ) -> Tracing | None:
        """None when tracing is off and no exporter is given (tests give one)."""
        if exporter is None and settings.tracing == "off":
            return None
        provider = TracerProvider(resource=Resource.create({SERVICE_NAME: SERVICE}))
        if exporter is not None:
            provider.add_span_processor(SimpleSpanProcessor(exporter))
        else:
            provider.add_span_processor(BatchSpanProcessor(_otlp_exporter(settings)))
        return cls(provider)

    def instrument_app(self, app: FastAPI) -> None:
        FastAPIInstrumentor.instrument_app(
            app,
            tracer_provider=self.provider,
            server_request_hook=_server_hook,
            excluded_urls="/healthz,/readyz,/metrics",
            exclude_spans=["receive", "send"],
        )

    def install(self, runtime: Runtime) -> None:
        """Trace this process's work on ``runtime``: its log lines carry the trace ids,
        its engines, agency clients and batch items are traced (``close`` at exit)."""
        settings = runtime.settings
        configure_logging(settings.log_format, settings.log_level, extra_processors=[add_trace_ids])
        self.instrument_runtime(runtime)

    def instrument_runtime(self, runtime: Runtime) -> None:
        """The database engines, every HTTP connector's client and the batch items."""
        runtime.trace_item = self.item_span
        # an engine in autocommit over the same pool shares its events: instrumented once
        engines = [engine.sync_engine for engine in runtime.pooled_engines()]
        # the package declares SQLAlchemy < 2.1; 2.1's engine events are the same
        # (tests/verification/operations/test_tracing.py checks the spans)
        SQLAlchemyInstrumentor().instrument(
            engines=engines, tracer_provider=self.provider, skip_dep_check=True
        )
        self._engines_instrumented = True
        for scope, connector in runtime.connectors.items():
            if isinstance(connector, HttpConnector):
                HTTPXClientInstrumentor.instrument_client(
                    connector.client.http,
                    tracer_provider=self.provider,
                    request_hook=_agency_hook(scope),
                )

    @contextmanager
    def item_span(self, batch_id: uuid.UUID, household_id: uuid.UUID) -> Iterator[Span]:
        """A batch item's run, the root of a trace of its own (a job's items run side by
        side, each its own trace).  An exception is recorded by its type only: its
        message may name a person."""
        tracer = self.provider.get_tracer(__name__)
        with tracer.start_as_current_span(
            ITEM_SPAN,
            context=Context(),  # a root: never under whatever span runs it
            kind=SpanKind.INTERNAL,
            attributes={
                "verification.batch_id": str(batch_id),
                "verification.household_id": str(household_id),
            },
            record_exception=False,
            set_status_on_exception=False,
        ) as span:
            try:
                yield span
            except BaseException as error:
                span.set_status(Status(StatusCode.ERROR, type(error).__name__))
                raise

    def close(self) -> None:
        if self._engines_instrumented:
            SQLAlchemyInstrumentor().uninstrument()
            self._engines_instrumented = False
        self.provider.shutdown()
