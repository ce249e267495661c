"""Input limits: body size (413 before the body is read in full), strict schemas, bounds."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select

from tests.verification.helpers import scenario_body, scenario_members, scenario_payload
from verification.app import create_app
from verification.audit.models import AuditEvent
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
    async with api.sessions() as session:
        bodies = (await session.execute(select(AuditEvent.body))).scalars().all()
    assert not [b for b in bodies if json.loads(b).get("request_id") == request_id]


def _too_large_count() -> float:
    sample = REGISTRY.get_sample_value(
        "http_unaudited_refusals_total", {"status": "413", "code": "payload-too-large"}
    )
    return sample or 0.0


def test_the_default_limit_is_256_kib_and_configurable(monkeypatch) -> None:
    assert Settings().max_body_bytes == 256 * KIB
    monkeypatch.setenv("VERIFICATION_MAX_BODY_BYTES", "1000")
    assert Settings().max_body_bytes == 1000


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


async def test_a_body_at_the_limit_is_let_through(api) -> None:
    limit = api.settings.max_body_bytes
    padding = limit - len(json.dumps({"authorization": ""}).encode())
    body = json.dumps({"authorization": "x" * padding}).encode()
    assert len(body) == limit
    response = await api.http.post(
        CREATE, content=body, headers={**api.auth(), "Content-Type": "application/json"}
    )
    assert response.status_code == 422, response.text  # longer than a JWS may be, not too large
    assert response.json()["code"] == "invalid-request"


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
    body["scopes"] = ["bank"] * 7
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
