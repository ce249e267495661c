"""Checks of this service's own contract, added to schemathesis's (loaded as its hooks
module: ``SCHEMATHESIS_HOOKS=tests.verification.schemathesis_checks``).

- every 4xx is an RFC 9457 problem (``application/problem+json`` with type, title,
  status, detail and a stable code);
- a request the OpenAPI document calls valid is never refused by request validation
  (``invalid-request``, ``malformed-json``): the document states what the service
  enforces.  The service may still refuse it for what no schema can state (a JWS
  signature, a cursor it did not issue, a proof beyond the log) with its own codes,
  which is why schemathesis's ``positive_data_acceptance`` is told those statuses.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis

PROBLEM_MEMBERS = {"type": str, "title": str, "status": int, "detail": str, "code": str}
VALIDATION_CODES = frozenset({"invalid-request", "malformed-json"})


def _problem(response: Any) -> dict[str, Any] | None:
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


@schemathesis.check
def refusals_are_problem_details(ctx: Any, response: Any, case: Any) -> bool | None:
    if not 400 <= response.status_code < 500:
        return None
    content_type = response.headers.get("content-type", [""])[0]
    assert content_type == "application/problem+json", f"a 4xx as {content_type!r}"
    body = _problem(response)
    assert body is not None, "a problem body that is not a JSON object"
    wrong = [
        f"{name} missing or not {kind.__name__}"
        for name, kind in PROBLEM_MEMBERS.items()
        if not isinstance(body.get(name), kind)
    ]
    assert not wrong, f"not an RFC 9457 problem: {wrong}"
    assert body["status"] == response.status_code, "the problem's status is not the response's"
    assert body["type"].endswith("/" + body["code"]), "the problem's type does not end in its code"
    return None


@schemathesis.check
def schema_valid_requests_pass_validation(ctx: Any, response: Any, case: Any) -> bool | None:
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    if response.status_code not in (400, 422):
        return None
    body = _problem(response) or {}
    code = body.get("code")
    errors = body.get("errors")
    assert code not in VALIDATION_CODES, (
        f"a request valid by the OpenAPI document was refused by validation ({code}): {errors}"
    )
    return None
