"""Property-based API testing with schemathesis over every operation of the app's own OpenAPI.

Schemathesis generates the requests (valid ones, and invalid ones); they go
in-process to the app through httpx's ASGI transport, authenticated with a
token of a role the route admits.  Hypothesis runs in a worker thread and
hands each request to the test's event loop, where the app, its database
engine and its locks live.  The app gets a database of its own, so the
clients, keys and audit events the generated requests create touch no other
test.

Every response must: not be a 5xx; if it is a 4xx, be an RFC 9457 problem
(``application/problem+json`` with type, title, status and detail); and have
the status code, content type, headers and body schema the OpenAPI documents.
"""

from __future__ import annotations

import asyncio
import time
import traceback
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import fresh_database
from tests.verification.helpers import scenario_body
from tests.verification.route_access import api_routes, new_client, route_roles
from verification.app import create_app
from verification.cli import migrate_database
from verification.clients.models import Role
from verification.demo import ensure_demo
from verification.settings import Settings

BASE_URL = "http://testserver"
EXAMPLES = {GenerationMode.POSITIVE: 20, GenerationMode.NEGATIVE: 10}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
PROBLEM_MEMBERS = {"type": str, "title": str, "status": int, "detail": str}


@dataclass
class Target:
    http: httpx.AsyncClient
    document: dict[str, Any]
    tokens: dict[Role, str]
    roles: dict[tuple[str, str], frozenset[Role]]  # (METHOD, path template) → admitted roles
    verification_id: str  # an eligible household's, created by the case system
    valid_body: dict[str, Any]


@pytest.fixture(scope="module")
def isolated_settings(settings: Settings, tmp_path_factory) -> Iterator[Settings]:
    directory: Path = tmp_path_factory.mktemp("schemathesis")
    with fresh_database(directory) as url:
        isolated = settings.model_copy(update={"database_url": url, "data_dir": directory})
        migrate_database(isolated)
        yield isolated


@pytest.fixture(scope="module")
async def target(isolated_settings: Settings) -> AsyncIterator[Target]:
    demo = await ensure_demo(isolated_settings)
    app = create_app(isolated_settings)
    async with app.router.lifespan_context(app):
        runtime = app.state.runtime
        tokens = {
            Role.CASE_SYSTEM: demo.token,
            Role.AUDITOR: (await new_client(runtime, Role.AUDITOR))[1],
            Role.ADMIN: (await new_client(runtime, Role.ADMIN))[1],
        }
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            auth = {"Authorization": f"Bearer {tokens[Role.CASE_SYSTEM]}"}
            created = await http.post(
                "/v1/verifications", json=scenario_body(demo.key_pair, "eligible"), headers=auth
            )
            assert created.status_code == 201, created.text
            roles = {}
            for route in api_routes(app, prefix="/"):
                for method in route.methods:
                    roles[(method, route.path)] = route_roles(route) or frozenset()
            yield Target(
                http=http,
                document=app.openapi(),
                tokens=tokens,
                roles=roles,
                verification_id=created.json()["id"],
                valid_body=scenario_body(demo.key_pair, "eligible"),
            )


def _problems_of(response: httpx.Response) -> list[str]:
    """What makes a 4xx response not an RFC 9457 problem."""
    if not 400 <= response.status_code < 500:
        return []
    if response.headers.get("content-type") != "application/problem+json":
        return [f"content type {response.headers.get('content-type')!r}"]
    body = response.json()
    wrong = [
        f"{name} missing or not {kind.__name__}"
        for name, kind in PROBLEM_MEMBERS.items()
        if not isinstance(body.get(name), kind)
    ]
    if body.get("status") != response.status_code:
        wrong.append(f"status {body.get('status')} in a {response.status_code} response")
    return wrong


def _httpx_arguments(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The arguments schemathesis prepared for ``requests``, for ``httpx``."""
    arguments = {
        key: kwargs[key] for key in ("method", "url", "params", "headers", "json") if key in kwargs
    }
    assert not kwargs.get("cookies"), "no operation takes cookies"
    if kwargs.get("data") is not None:
        data = kwargs["data"]
        arguments["content" if isinstance(data, bytes | str) else "data"] = data
    if kwargs.get("files"):
        arguments["files"] = kwargs["files"]
    return arguments


def _run_operation(
    target: Target,
    loop: asyncio.AbstractEventLoop,
    operation: Any,
    mode: GenerationMode,
) -> list[str]:
    """Draw cases for one operation and check each response (runs in a worker thread)."""
    method, path = operation.method.upper(), operation.path
    roles = target.roles[(method, path)]
    # a role the route admits (the case system first: it owns the verifications)
    role = next((r for r in (Role.CASE_SYSTEM, *Role) if r in roles), None)
    token = target.tokens[role] if role else None
    failures: list[str] = []

    @hypothesis.settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode), known=st.booleans())
    def check(case: Any, known: bool) -> None:
        if known and "verification_id" in (case.path_parameters or {}):
            case.path_parameters["verification_id"] = target.verification_id
        if known and mode is GenerationMode.POSITIVE and path == "/v1/verifications":
            case.body = dict(target.valid_body)  # one household, so the 201 is exercised too
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        kwargs = case.as_transport_kwargs(base_url=BASE_URL, headers=headers)
        try:
            response = asyncio.run_coroutine_threadsafe(
                target.http.request(**_httpx_arguments(kwargs)), loop
            ).result(timeout=60)
        except (httpx.InvalidURL, UnicodeEncodeError, ValueError):
            if mode is GenerationMode.POSITIVE:
                raise
            hypothesis.reject()  # invalid data httpx cannot put on the wire at all
        label = f"{method} {path} [{mode.value}] → {response.status_code}"
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, FailureGroup) as exc:
            failures.append(f"{label}: {exc}\n  request: {kwargs}\n  body: {response.text[:500]}")
        if wrong := _problems_of(response):
            failures.append(f"{label}: not a problem: {wrong}\n  request: {kwargs}")

    try:
        check()
    except Exception:  # a failure of the harness itself is a failure too
        failures.append(f"{method} {path} [{mode.value}]: {traceback.format_exc()}")
    return failures


async def test_every_operation_conforms_to_the_openapi(target: Target) -> None:
    schema = schemathesis.openapi.from_dict(target.document)
    operations = [result.ok() for result in schema.get_all_operations()]
    served = {(m, p) for (m, p) in target.roles if p in target.document["paths"]}
    assert {(o.method.upper(), o.path) for o in operations} == served
    assert len(operations) >= 20

    loop = asyncio.get_running_loop()
    started = time.monotonic()
    failures: list[str] = []
    for operation in operations:
        definition = target.document["paths"][operation.path][operation.method.lower()]
        negatable = any(definition.get(k) for k in ("parameters", "requestBody", "security"))
        # an operation with nothing to get wrong has no negative cases
        for mode in EXAMPLES if negatable else [GenerationMode.POSITIVE]:
            failures += await asyncio.to_thread(_run_operation, target, loop, operation, mode)
    elapsed = time.monotonic() - started
    assert not failures, f"{len(failures)} failure(s):\n\n" + "\n\n".join(dict.fromkeys(failures))
    assert elapsed < 60, f"took {elapsed:.0f} s"
