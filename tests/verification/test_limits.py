"""Input limits: body size (413 before the body is read in full), strict schemas, bounds."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select

from connectors.sdk.discovery import installed_sources
from tests.verification.helpers import scenario_body, scenario_members, scenario_payload
from verification.app import create_app
from verification.audit.models import AuditEvent
from verification.authorization.jws import COMPACT_JWS_PATTERN
from verification.authorization.signing import IssuerKeyPair
from verification.batches.schemas import MAX_BODY_BYTES as BATCH_MAX_BODY_BYTES
from verification.batches.schemas import MAX_EXPLICIT
from verification.db import utcnow
from verification.kit.cursor import CURSOR_PATTERN
from verification.settings import Settings

CREATE = "/v1/verifications"
KIB = 1024


def _assert_too_large(response, limit: int) -> None:
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "payload-too-large" and problem["status"] == 413
    assert problem["type"].endswith("/payload-too-large") and problem["title"]
    assert problem["max_body_bytes"] == limit
    assert problem["request_id"] == response.headers["x-request-id"]


async def _assert_not_audited(api, request_id: str) -> None:
    """Refused before authentication, so not audited (anyone could grow the log with it)."""
    await api.drain()
    async with api.sessions() as session:
        bodies = (await session.execute(select(AuditEvent.body))).scalars().all()
    assert not [b for b in bodies if json.loads(b).get("request_id") == request_id]


def _too_large_count() -> float:
    sample = REGISTRY.get_sample_value(
        "http_unaudited_refusals_total", {"status": "413", "code": "payload-too-large"}
    )
    return sample or 0.0


async def test_a_declared_length_over_the_limit_is_refused_before_the_app_runs(api) -> None:
    limit = api.settings.max_body_bytes
    body = b'{"authorization": "' + b"x" * limit + b'"}'
    counted = _too_large_count()
    response = await api.http.post(
        CREATE, content=body, headers={**api.auth(), "Content-Type": "application/json"}
    )
    _assert_too_large(response, limit)
    await _assert_not_audited(api, response.headers["x-request-id"])
    assert _too_large_count() == counted + 1
    # refused before authentication: even without a token, on any route
    anonymous = await api.http.request("GET", "/v1/policies", content=body)
    _assert_too_large(anonymous, limit)


async def test_a_streamed_body_is_cut_off_at_the_limit(api) -> None:
    limit, chunk = api.settings.max_body_bytes, 16 * KIB
    total = 4 * limit // chunk
    sent = 0

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal sent
        for _ in range(total):
            sent += 1
            yield b" " * chunk

    response = await api.http.post(
        CREATE, content=chunks(), headers={**api.auth(), "Content-Type": "application/json"}
    )
    assert "content-length" not in response.request.headers
    _assert_too_large(response, limit)
    assert sent <= limit // chunk + 1 < total, "the whole body was read"
    await _assert_not_audited(api, response.headers["x-request-id"])


async def test_a_body_of_the_documented_256_kib_is_let_through_and_no_more(api) -> None:
    # the suite's app runs with the default limit (README: 256 KiB); the limit set to
    # another value is test_the_limit_follows_the_setting's
    limit = 256 * KIB

    def body(size: int) -> bytes:
        padding = size - len(json.dumps({"authorization": ""}).encode())
        return json.dumps({"authorization": "x" * padding}).encode()

    headers = {**api.auth(), "Content-Type": "application/json"}
    response = await api.http.post(CREATE, content=body(limit), headers=headers)
    assert response.status_code == 422, response.text  # longer than a JWS may be, not too large
    assert response.json()["code"] == "invalid-request"
    _assert_too_large(await api.http.post(CREATE, content=body(limit + 1), headers=headers), limit)


async def test_the_limit_follows_the_setting(api) -> None:
    app = create_app(api.settings.model_copy(update={"max_body_bytes": 2 * KIB}))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as http,
    ):
        small = await http.post(CREATE, json={"authorization": "x" * KIB}, headers=api.auth())
        large = await http.post(CREATE, json={"authorization": "x" * 2 * KIB}, headers=api.auth())
    assert small.status_code == 400 and small.json()["code"] == "malformed-authorization"
    _assert_too_large(large, 2 * KIB)


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        schema = document["components"]["schemas"][name]
    return schema


def _open_objects(
    schema: dict[str, Any], document: dict[str, Any], where: str, seen: set[str]
) -> list[str]:
    """Models (object schemas with properties) reachable from ``schema`` that accept
    unknown properties; a map (``dict[str, X]``, no properties) is free-form by design."""
    if "$ref" in schema:
        if schema["$ref"] in seen:
            return []
        seen.add(schema["$ref"])
    schema = _resolve(schema, document)
    found = []
    if "properties" in schema and schema.get("additionalProperties", True) is not False:
        found.append(f"{where} ({schema.get('title')})")
    for name, sub in schema.get("properties", {}).items():
        found += _open_objects(sub, document, f"{where}.{name}", seen)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            found += _open_objects(schema[key], document, where, seen)
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            found += _open_objects(sub, document, where, seen)
    return found


def test_every_request_body_refuses_unknown_fields() -> None:
    document = create_app(Settings()).openapi()
    bodies, open_objects = 0, []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for content in operation.get("requestBody", {}).get("content", {}).values():
                bodies += 1
                open_objects += _open_objects(
                    content["schema"], document, f"{method.upper()} {path}", set()
                )
    assert bodies >= 1
    assert open_objects == []


async def test_unknown_fields_are_refused(api) -> None:
    body = scenario_body(api.issuer_key, "eligible")
    for extra in ({"callback_url": "http://x"}, {"declaration": {"vehicles": 0, "cars": 1}}):
        response = await api.http.post(CREATE, json={**body, **extra}, headers=api.auth())
        assert response.status_code == 422, response.text
        problem = response.json()
        assert problem["code"] == "invalid-request"
        assert [e["type"] for e in problem["errors"]] == ["extra_forbidden"]
        assert "http://x" not in response.text  # never echoed


async def test_collections_are_bounded(api) -> None:
    body = scenario_body(api.issuer_key, "eligible")
    body["declaration"] = {
        "incomes": [{"member_index": 0, "category": "labour", "monthly_amount": "1.00"}] * 301
    }
    response = await api.http.post(CREATE, json=body, headers=api.auth())
    assert response.status_code == 422
    assert response.json()["errors"][0]["type"] == "too_long"

    body = scenario_body(api.issuer_key, "eligible")
    body["scopes"] = ["bank"] * (len(installed_sources().scopes) + 1)  # more than installed
    assert (await api.http.post(CREATE, json=body, headers=api.auth())).status_code == 422

    members = scenario_members("eligible")
    crowd = [dict(members[0]) for _ in range(31)]
    payload = scenario_payload(api.issuer_key, "eligible", members=crowd)
    response = await api.http.post(
        CREATE, json={"authorization": api.issuer_key.sign(payload)}, headers=api.auth()
    )
    assert response.status_code == 422
    assert response.json()["code"] == "malformed-authorization"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("limit=0", "invalid-request"),
        ("limit=501", "invalid-request"),
        ("size=0", "invalid-request"),
    ],
)
async def test_query_parameters_are_bounded(api, query: str, code: str) -> None:
    path = "/v1/audit/export" if query.startswith("size") else "/v1/audit/events"
    response = await api.http.get(f"{path}?{query}", headers=api.auth(api.auditor_token))
    assert response.status_code == 422
    assert response.json()["code"] == code


def test_every_integer_query_parameter_has_a_lower_bound() -> None:
    document = create_app(Settings()).openapi()
    unbounded = [
        f"{method.upper()} {path} {p['name']}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for p in operation.get("parameters", [])
        if p["in"] == "query"
        for s in [_resolve(p.get("schema", {}), document)]
        for option in s.get("anyOf", [s])
        if option.get("type") == "integer" and "minimum" not in option
    ]
    assert unbounded == []


def _household_ids(count: int, *, indent: int | None = None) -> bytes:
    ids = [str(uuid.UUID(int=i + 1)) for i in range(count)]
    return json.dumps({"household_ids": ids}, indent=indent).encode()


@pytest.mark.parametrize("indent", [None, 2])
async def test_the_batch_maximum_of_household_ids_fits_the_body_limit(api, indent) -> None:
    body = _household_ids(MAX_EXPLICIT, indent=indent)
    assert len(body) > api.settings.max_body_bytes  # more than any other route takes
    response = await api.http.post(
        "/v1/batches", content=body, headers={**api.auth(), "Content-Type": "application/json"}
    )
    # read in full, validated and looked up: none of them is this client's household
    assert response.status_code == 404, response.text
    assert response.json()["code"] == "unknown-households"
    assert response.json()["detail"].startswith(f"{MAX_EXPLICIT} of the households")


async def test_one_household_id_over_the_batch_maximum_is_invalid_not_too_large(api) -> None:
    response = await api.http.post(
        "/v1/batches",
        content=_household_ids(MAX_EXPLICIT + 1),
        headers={**api.auth(), "Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["code"] == "invalid-request"
    assert [(e["location"], e["type"]) for e in problem["errors"]] == [
        ("body.household_ids", "too_long")
    ]


async def test_the_batch_route_is_still_bounded(api) -> None:
    limit = BATCH_MAX_BODY_BYTES
    body = b'{"household_ids": ["' + b"0" * limit + b'"]}'
    response = await api.http.post(
        "/v1/batches", content=body, headers={**api.auth(), "Content-Type": "application/json"}
    )
    _assert_too_large(response, limit)
    # and the larger limit is that route's alone
    elsewhere = await api.http.post(
        CREATE,
        content=_household_ids(MAX_EXPLICIT),
        headers={**api.auth(), "Content-Type": "application/json"},
    )
    _assert_too_large(elsewhere, api.settings.max_body_bytes)


def test_the_openapi_states_the_cursor_format() -> None:
    document = create_app(Settings()).openapi()
    cursors = [
        (f"{method.upper()} {path}", _resolve(p["schema"], document))
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for p in operation.get("parameters", [])
        if p["name"] == "cursor"
    ]
    # the due list, a batch's items, the lists of verifications, households (and one
    # household's verifications), batches, webhook deliveries and integrity entries
    assert len(cursors) == 9
    assert "GET /v1/integrity-entries" in {where for where, _ in cursors}
    for where, schema in cursors:
        (given,) = [s for s in schema["anyOf"] if s.get("type") == "string"]
        assert given["pattern"] == CURSOR_PATTERN and given["maxLength"] == 200, where


def test_the_openapi_states_exactly_one_batch_selection() -> None:
    document = create_app(Settings()).openapi()
    body = document["paths"]["/v1/batches"]["post"]["requestBody"]["content"]
    schema = _resolve(body["application/json"]["schema"], document)
    assert schema["oneOf"] == [{"required": ["household_ids"]}, {"required": ["due"]}]
    assert schema["additionalProperties"] is False
    ids = schema["properties"]["household_ids"]
    assert (ids["type"], ids["minItems"], ids["maxItems"]) == ("array", 1, MAX_EXPLICIT)
    assert _resolve(schema["properties"]["due"], document)["title"] == "DueSelection"


def test_the_openapi_states_the_jws_shape() -> None:
    document = create_app(Settings()).openapi()
    body = document["paths"]["/v1/verifications"]["post"]["requestBody"]["content"]
    schema = _resolve(body["application/json"]["schema"], document)
    authorization = schema["properties"]["authorization"]
    assert authorization["pattern"] == COMPACT_JWS_PATTERN
    assert authorization["maxLength"] == 65536
    signed = scenario_body(IssuerKeyPair.generate("450102001", utcnow()), "eligible")
    assert re.fullmatch(COMPACT_JWS_PATTERN, signed["authorization"])


@pytest.mark.parametrize(
    ("method", "path", "params", "body"),
    [
        ("GET", "/v1/audit/events", {"until": "0.5"}, None),
        ("GET", "/v1/audit/events", {"since": "1700000000"}, None),
        ("GET", "/v1/audit/events", {"since": "2026-01-31T08:00:00"}, None),  # no offset
        ("GET", "/v1/audit/events", {"since": "2026-01-31"}, None),
        ("GET", "/v1/households/due", {"as_of": "0"}, None),
        ("GET", "/v1/households/due", {"as_of": "2026-01-31T00:00:00"}, None),
        ("POST", "/v1/batches", None, {"due": {"as_of": 0}}),
        ("POST", "/v1/batches", None, {"due": {"as_of": "0"}}),
    ],
)
async def test_dates_are_rfc_3339_as_documented(api, method, path, params, body) -> None:
    token = api.auditor_token if "audit" in path else api.token
    response = await api.http.request(
        method, path, params=params, json=body, headers=api.auth(token)
    )
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "invalid-request"


async def test_rfc_3339_dates_are_taken(api) -> None:
    events = await api.http.get(
        "/v1/audit/events",
        params={"since": "2026-01-31T08:00:00+08:00", "until": "2099-01-31t08:00:00.5z"},
        headers=api.auth(api.auditor_token),
    )
    assert events.status_code == 200, events.text
    due = await api.http.get(
        "/v1/households/due", params={"as_of": "2026-01-31"}, headers=api.auth()
    )
    assert due.status_code == 200, due.text


async def test_explicit_nulls_are_no_batch_selection(api) -> None:
    for body in ({"household_ids": None, "due": {}}, {"due": None}, {"household_ids": None}):
        response = await api.http.post("/v1/batches", json=body, headers=api.auth())
        assert response.status_code == 422, (body, response.text)
