"""OpenTelemetry traces of a verification: one trace from the request through every agency
call to the database, its id in the log lines, no personal data in any span; and nothing
at all when tracing is off (the default)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import structlog
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from connectors.sdk.discovery import installed_sources
from tests.conftest import SCENARIO_ID_NUMBERS
from tests.verification.batches.seeding import seed_households
from tests.verification.batches.test_batch_edges import _client, _held_item
from tests.verification.helpers import fresh_body, fresh_members
from verification.app import create_app
from verification.batches.jobs import review_items
from verification.runtime import Runtime
from verification.telemetry import tracing_for
from verification.tracing import ITEM_SPAN, REDACTED, agency_url

SCOPES = installed_sources().scopes  # the installed sources

ID_SHAPED = re.compile(r"[0-9]{17}[0-9Xx]")


@asynccontextmanager
async def traced_app(settings, exporter) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, span_exporter=exporter)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            yield http


def _log_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def _text_of(span: ReadableSpan) -> str:
    return (
        span.name
        + json.dumps(dict(span.attributes or {}), default=str)
        + "".join(json.dumps(dict(event.attributes or {}), default=str) for event in span.events)
    )


def _server_span(spans: list[ReadableSpan], request_id_trace: int) -> ReadableSpan:
    servers = [
        s for s in spans if s.kind is SpanKind.SERVER and s.context.trace_id == request_id_trace
    ]
    assert len(servers) == 1
    return servers[0]


async def test_one_verification_is_one_trace(api, capsys) -> None:
    exporter = InMemorySpanExporter()
    members = fresh_members()
    id_numbers = {member["id_number"] for member in members}
    async with traced_app(api.settings, exporter) as http:
        capsys.readouterr()
        response = await http.post(
            "/v1/verifications",
            json=fresh_body(api.issuer_key, members=members),
            headers=api.auth(),
        )
        out = capsys.readouterr().out
    assert response.status_code == 201
    spans = list(exporter.get_finished_spans())
    request_id = response.headers["x-request-id"]
    lines = [line for line in _log_lines(out) if line.get("request_id") == request_id]
    assert lines, "the request wrote log lines"
    trace_ids = {line.get("trace_id") for line in lines}
    assert len(trace_ids) == 1 and None not in trace_ids
    trace_id = int(trace_ids.pop(), 16)
    server = _server_span(spans, trace_id)
    assert server.name == "POST /v1/verifications"
    assert server.attributes["http.route"] == "/v1/verifications"

    in_trace = [s for s in spans if s.context.trace_id == trace_id]
    by_id = {s.context.span_id: s for s in in_trace}

    def under_server(span: ReadableSpan) -> bool:
        while span.parent is not None and span.parent.span_id in by_id:
            span = by_id[span.parent.span_id]
        return span is server

    agency = [
        s
        for s in in_trace
        if s.kind is SpanKind.CLIENT and "verification.source" in (s.attributes or {})
    ]
    # one client span per request sent: three members asked of each of the six agencies
    assert {s.attributes["verification.source"] for s in agency} == set(SCOPES)
    for scope in SCOPES:
        sent = [s for s in agency if s.attributes["verification.source"] == scope]
        assert len(sent) >= len(members), scope
    database = [s for s in in_trace if any(k.startswith("db.") for k in (s.attributes or {}))]
    assert database, "database statements are traced"
    assert all(under_server(s) for s in agency + database)
    # and no span of the trace carries an ID number, in its URL or anywhere else
    for span in in_trace:
        text = _text_of(span)
        assert not any(number in text for number in id_numbers | SCENARIO_ID_NUMBERS), span.name
    housing = next(s for s in agency if s.attributes["verification.source"] == "housing")
    url = housing.attributes.get("url.full") or housing.attributes.get("http.url")
    assert url.endswith(f"/owners/{REDACTED}/properties") and "?" not in url


async def test_the_server_span_drops_the_query(api) -> None:
    exporter = InMemorySpanExporter()
    person = next(iter(SCENARIO_ID_NUMBERS))
    async with traced_app(api.settings, exporter) as http:
        response = await http.get(
            "/v1/audit/events", params={"person": person}, headers=api.auth(api.auditor_token)
        )
    assert response.status_code == 200
    spans = exporter.get_finished_spans()
    server = [s for s in spans if s.kind is SpanKind.SERVER]
    assert server and all(person not in _text_of(s) for s in spans)
    assert server[0].name == "GET /v1/audit/events"


def test_agency_urls_lose_the_person() -> None:
    url = httpx.URL("http://127.0.0.1:8701/vehicle/vehicles?idNo=450102199001011234&page=1")
    assert agency_url(url) == "http://127.0.0.1:8701/vehicle/vehicles"
    url = httpx.URL("https://gw.example/provident-fund/accounts/45010219900101123X")
    assert agency_url(url) == f"https://gw.example/provident-fund/accounts/{REDACTED}"
    url = httpx.URL("http://gw/housing/v2/owners/450102199001011234/properties")
    assert agency_url(url) == f"http://gw/housing/v2/owners/{REDACTED}/properties"
    url = httpx.URL("http://gw/bank/%E8%A6%83%E6%B5%8B/balances")  # a name in the path
    assert agency_url(url) == f"http://gw/bank/{REDACTED}/balances"


async def test_tracing_is_off_by_default(api, capsys) -> None:
    assert api.settings.tracing == "off"
    app = create_app(api.settings)
    assert not any("OpenTelemetry" in m.cls.__name__ for m in app.user_middleware)
    capsys.readouterr()
    response = await api.http.get(
        "/v1/verifications/00000000-0000-4000-8000-000000000000", headers=api.auth()
    )
    assert response.status_code == 404
    lines = _log_lines(capsys.readouterr().out)
    assert lines
    assert not any("trace_id" in line or "span_id" in line for line in lines)


async def test_each_batch_item_is_one_trace(api, capsys) -> None:
    """A worker's job of two items, run as ``verification worker`` runs it, on a runtime
    traced as the worker traces its own: one trace per item, each holding the item's
    agency requests and its statements (those its group commit ran too), and the item's
    log lines carry its trace id."""
    households = await seed_households(api.runtime, await _client(api), api.issuer_key, 2)
    batch_id = await _held_item(api, *households)  # leased ahead: no other runner takes it
    exporter = InMemorySpanExporter()
    tracing = tracing_for(api.settings, exporter)
    assert tracing is not None
    logging_before = structlog.get_config()
    runtime = Runtime.build(api.settings)
    tracing.install(runtime)
    try:
        capsys.readouterr()
        await review_items(runtime, batch_id, households)
        out = capsys.readouterr().out
    finally:
        await runtime.aclose()
        tracing.close()
        structlog.configure(**logging_before)  # install reconfigured it, onto capsys's stdout
    spans = list(exporter.get_finished_spans())
    roots = {
        uuid.UUID(s.attributes["verification.household_id"]): s
        for s in spans
        if s.name == ITEM_SPAN
    }
    assert set(roots) == set(households)
    assert {r.attributes["verification.batch_id"] for r in roots.values()} == {str(batch_id)}
    assert all(r.parent is None for r in roots.values())
    assert len({r.context.trace_id for r in roots.values()}) == 2  # a trace each
    lines = [line for line in _log_lines(out) if line.get("batch_id") == str(batch_id)]
    for household, root in roots.items():
        in_trace = [s for s in spans if s.context.trace_id == root.context.trace_id]
        assert all(s is root or s.parent is not None for s in in_trace), (
            "everything in the trace is under the item"
        )
        scopes = {
            s.attributes["verification.source"]
            for s in in_trace
            if s.kind is SpanKind.CLIENT and "verification.source" in (s.attributes or {})
        }
        assert scopes == set(SCOPES)
        statements = [str((s.attributes or {}).get("db.statement", "")) for s in in_trace]
        assert any(st.startswith("SELECT") for st in statements)
        # the item's result, written by the group commit on the item's behalf
        assert any(st.startswith("UPDATE batch_items") for st in statements)
        own = [line for line in lines if line.get("household") == str(household)]
        assert own and all(
            line.get("trace_id") == format(root.context.trace_id, "032x") for line in own
        )
        assert root.attributes.keys() == {"verification.batch_id", "verification.household_id"}
    # every line about the batch belongs to one of its items' traces
    traces = {format(r.context.trace_id, "032x") for r in roots.values()}
    assert lines and all(line.get("trace_id") in traces for line in lines)
    # and no span names a person: no ID number in any name, attribute or event
    for span in spans:
        assert not ID_SHAPED.search(_text_of(span)), span.name
