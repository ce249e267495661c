"""The OpenAPI document says what the API really answers when it refuses: a problem.

FastAPI documents a validation error as its own ``HTTPValidationError`` JSON,
which this service never sends, and knows nothing of the refusals made by
dependencies and middleware.  ``install_problem_docs`` post-processes the
generated document: for each operation it adds the refusals its route can
produce by construction —

- 401 and 403 when it requires a role (a ``require_role`` dependency), and 503 with
  ``Retry-After`` (the database unreachable, or the audit log failing its integrity
  check: what a client does is audited, and then cannot be),
- 422 when it takes parameters or a body (invalid request),
- 400 (malformed JSON) and 413 (``VERIFICATION_MAX_BODY_BYTES``) when it takes a body,
- 400, 409 and 422 when it takes an ``Idempotency-Key`` (invalid key, the first request
  still running, the key reused for another request), whose success responses also get
  the ``Idempotency-Replayed`` header,
- 429 with ``Retry-After`` on every route (the inbound rate limits, ``ratelimit.py``),

and documents every error response, these and the routes' own, as
``application/problem+json`` with the ``Problem`` schema and, as named examples, every
problem code the operation can answer with (``problem_types.py``: its ``type`` URI, title
and meaning), adding the response of a code's status where the route did not declare it.
"""

from __future__ import annotations

import copy
import http
import json
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_flat_params
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts

from verification.clients.dependencies import (
    ENVIRONMENT_HEADER,
    ENVIRONMENT_HEADER_DOC,
    required_roles,
)
from verification.idempotency.dependency import REPLAYED_HEADER, REPLAYED_HEADER_DOC, is_idempotent
from verification.problem_types import (
    AUTHENTICATED,
    BODY,
    EVERY,
    IDEMPOTENT,
    PARAMETERS,
    PROBLEM_TYPES,
    ProblemType,
    problem_type_uri,
)
from verification.problems import PROBLEM_JSON

PROBLEM_REF = "#/components/schemas/Problem"
EXAMPLE_REF = "#/components/examples/"
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details; `code` is stable, `type` ends with it: "
    "`/problems/<code>` (absolute under the public base URL when one is configured), a page "
    "saying what the code means and what to do (HTML, or JSON with `Accept: "
    "application/json`). "
    "Invalid requests list the offending fields in `errors` (never the input). A 409 "
    "names the caller's existing resource it ran into (`household_id`, `batch_id`, "
    "`household_ids` with `batch_ids`, `kid`), so a retry after a lost response finds it.",
    "type": "object",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string", "format": "uri-reference"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string"},
        "request_id": {"type": "string"},
        "household_id": {"type": "string", "format": "uuid"},
        "batch_id": {"type": "string", "format": "uuid"},
        "household_ids": {"type": "array", "items": {"type": "string", "format": "uuid"}},
        "batch_ids": {"type": "array", "items": {"type": "string", "format": "uuid"}},
        "kid": {"type": "string"},
        "issuer": {"type": "string"},
        "retry_after": {"type": "integer", "minimum": 1},
        "index": {"type": "integer", "minimum": 0},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "location": {"type": "string"},
                    "message": {"type": "string"},
                    "type": {"type": ["string", "null"]},
                },
            },
        },
    },
}
RETRY_AFTER: dict[str, Any] = {
    "description": "seconds to wait before trying again",
    "schema": {"type": "integer", "minimum": 1},
}
_RATE_LIMITED: dict[str, Any] = {
    "description": "Too Many Requests (the inbound rate limits)",
    "headers": {
        "Retry-After": {
            "description": "seconds to wait before sending again",
            "schema": {"type": "integer", "minimum": 1},
        }
    },
}
_FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


def install_problem_docs(app: FastAPI, type_base: str | None = None) -> None:
    """``type_base``: the public base URL the examples' ``type`` URIs start with, if any."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document_problems(app, generate(), type_base)
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def document_problems(app: FastAPI, document: dict[str, Any], type_base: str | None = None) -> None:
    schemas: dict[str, Any] = document.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    document["components"].setdefault("headers", {})[ENVIRONMENT_HEADER] = ENVIRONMENT_HEADER_DOC
    used: set[str] = set()
    for route in iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        for method in route.methods or ():
            operation = document["paths"].get(route.path_format, {}).get(method.lower())
            if operation is not None:
                used.update(_document_operation(route, operation))
    document["components"]["examples"] = {
        example_name(PROBLEM_TYPES[code], status): problem_example(
            PROBLEM_TYPES[code], status, type_base
        )
        for code in sorted(used)
        for status in PROBLEM_TYPES[code].statuses
    }
    for name in _FASTAPI_VALIDATION_SCHEMAS:  # HTTPValidationError first: it refers to the other
        if f'"#/components/schemas/{name}"' not in json.dumps(document):
            schemas.pop(name, None)


def _document_operation(route: RouteContext, operation: dict[str, Any]) -> set[str]:
    """Documents the operation's refusals; the problem codes it can answer with."""
    responses: dict[str, Any] = operation.setdefault("responses", {})
    groups = _groups(route)
    if AUTHENTICATED not in groups:
        operation.setdefault("security", [])  # public: no token, and none is looked at
    codes = operation_codes(operation["operationId"], groups)
    for refusal in [*_refusals(route), *(status for p in codes for status in p.statuses)]:
        responses.setdefault(str(refusal), {"description": http.HTTPStatus(refusal).phrase})
    responses.setdefault("429", copy.deepcopy(_RATE_LIMITED))
    idempotent = _idempotent(route)
    for status, response in responses.items():
        if status[0] in "45":
            _as_problem(response)
        elif status[0] == "2" and idempotent:
            response.setdefault("headers", {})[REPLAYED_HEADER] = REPLAYED_HEADER_DOC
        if AUTHENTICATED in groups and status != "401":  # the client is known by then
            response.setdefault("headers", {})[ENVIRONMENT_HEADER] = {
                "$ref": f"#/components/headers/{ENVIRONMENT_HEADER}"
            }
    for problem in codes:
        for usual_or_other in problem.statuses:
            _add_example(responses[str(usual_or_other)], problem, usual_or_other)
    if "503" in responses:
        responses["503"].setdefault("headers", {}).setdefault("Retry-After", RETRY_AFTER)
    return {problem.code for problem in codes}


def _refusals(route: RouteContext) -> list[int]:
    statuses = []
    if any(required_roles(d.call) for d in _dependants(route.dependant)):
        statuses += [401, 403, 503]
    if route.body_field is not None or get_flat_params(route.dependant):
        statuses.append(422)
    if route.body_field is not None:
        statuses += [400, 413]
    if _idempotent(route):
        statuses += [400, 409, 422]
    return statuses


def _groups(route: RouteContext) -> set[str]:
    """The groups of problem codes (``problem_types.py``) the route answers by construction."""
    groups = {EVERY}
    if any(required_roles(d.call) for d in _dependants(route.dependant)):
        groups.add(AUTHENTICATED)
    if route.body_field is not None or get_flat_params(route.dependant):
        groups.add(PARAMETERS)
    if route.body_field is not None:
        groups.add(BODY)
    if _idempotent(route):
        groups.add(IDEMPOTENT)
    return groups


def operation_codes(operation_id: str, groups: set[str]) -> list[ProblemType]:
    """The problem types an operation can answer with: those naming it or one of its groups."""
    names = {operation_id, *groups}
    return [p for p in PROBLEM_TYPES.values() if names & set(p.operations)]


def example_name(problem: ProblemType, status: int) -> str:
    """``<code>``, or ``<code>.<status>`` for a status other than its usual one."""
    return problem.code if status == problem.status else f"{problem.code}.{status}"


def _add_example(response: dict[str, Any], problem: ProblemType, status: int) -> None:
    examples = response.setdefault("content", {}).setdefault(PROBLEM_JSON, {})
    name = example_name(problem, status)
    examples.setdefault("examples", {})[name] = {"$ref": EXAMPLE_REF + name}


def problem_example(problem: ProblemType, status: int, type_base: str | None) -> dict[str, Any]:
    """The named example of a problem code (``components/examples/<code>``)."""
    return {
        "summary": f"{problem.title.zh_cn} ({problem.title.en})",
        "description": f"{problem.meaning.zh_cn} {problem.action.zh_cn}\n\n"
        f"{problem.meaning.en} {problem.action.en}",
        "value": {
            "type": problem_type_uri(problem.code, type_base),
            "title": problem.title.en,
            "status": status,
            "detail": problem.meaning.en,
            "code": problem.code,
        },
    }


def _idempotent(route: RouteContext) -> bool:
    return any(is_idempotent(d.call) for d in _dependants(route.dependant))


def _as_problem(response: dict[str, Any]) -> None:
    content: dict[str, Any] = response.setdefault("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    if schema.get("$ref", "").endswith("/HTTPValidationError"):
        del content["application/json"]  # FastAPI's default, which this service never sends
    problem = content.setdefault(PROBLEM_JSON, {})
    if not problem.get("schema"):
        problem["schema"] = {"$ref": PROBLEM_REF}


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _dependants(sub)
