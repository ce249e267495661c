"""NUL (U+0000) anywhere in a request is refused at the edge: 422 ``nul-character``.

PostgreSQL cannot store or compare a NUL in text, so before this check such
input reached the database and failed there (a 500); SQLite took it.  Now it
is refused before any route runs, the same on both databases, audited, and
nothing is stored.  Each case is one place a NUL used to get through.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.verification.helpers import entry_of, raw_jws, scenario_body, scenario_payload
from tests.verification.route_access import new_client
from verification.audit.models import AuditEvent
from verification.authorization.models import AuthorizationRecord, Issuer, IssuerKey
from verification.authorization.signing import IssuerKeyPair
from verification.clients.models import ApiClient, Role
from verification.db import utcnow
from verification.households.models import EnrolledHousehold
from verification.kit.nul import json_has_nul
from verification.verifications.models import Verification

STORED = (ApiClient, Issuer, IssuerKey, AuthorizationRecord, Verification, EnrolledHousehold)
NUL = "\x00"


@pytest.fixture(scope="module")
async def tokens(api) -> dict[Role, str]:
    return {
        Role.CASE_SYSTEM: api.token,
        Role.AUDITOR: api.auditor_token,
        Role.ADMIN: (await new_client(api.runtime, Role.ADMIN))[1],
    }


def _jwk() -> dict[str, Any]:
    return IssuerKeyPair.generate("450199001", utcnow()).public_jwk


def _kid_in_jws_header(api) -> dict[str, Any]:
    header = {"alg": "EdDSA", "kid": f"{api.issuer_key.kid}{NUL}"}
    token = raw_jws(api.issuer_key, header, scenario_payload(api.issuer_key, "eligible"))
    return {"json": {"authorization": token}}


def _in_payload(**claims: Any) -> Callable[[Any], dict[str, Any]]:
    def build(api) -> dict[str, Any]:
        header = {"alg": "EdDSA", "kid": api.issuer_key.kid}
        payload = scenario_payload(api.issuer_key, "eligible", **claims)
        return {"json": {"authorization": raw_jws(api.issuer_key, header, payload)}}

    return build


def _member_name(api) -> dict[str, Any]:
    payload = scenario_payload(api.issuer_key, "eligible")
    payload["members"][0]["relation"] = f"self{NUL}"
    return {"json": {"authorization": api.issuer_key.sign(payload)}}


# case → (role, method, path, request arguments built from the api)
CASES: dict[str, tuple[Role, str, str, Callable[[Any], dict[str, Any]]]] = {
    "kid in the JWS header": (Role.CASE_SYSTEM, "POST", "/v1/verifications", _kid_in_jws_header),
    "authorization id in the JWS": (
        Role.CASE_SYSTEM,
        "POST",
        "/v1/verifications",
        _in_payload(authorization_id=f"auth-{NUL}-0001"),
    ),
    "issuer in the JWS": (
        Role.CASE_SYSTEM,
        "POST",
        "/v1/verifications",
        _in_payload(issuer=f"450102001{NUL}"),
    ),
    "member relation in the JWS": (Role.CASE_SYSTEM, "POST", "/v1/verifications", _member_name),
    "kid of a new issuer key": (
        Role.ADMIN,
        "POST",
        "/v1/issuers/450199001/keys",
        lambda api: {"json": {"kid": f"k{NUL}1", "jwk": _jwk(), "issuer_name": "test office"}},
    ),
    "issuer name": (
        Role.ADMIN,
        "POST",
        "/v1/issuers/450199001/keys",
        lambda api: {"json": {"kid": "k-nul-1", "jwk": _jwk(), "issuer_name": f"测试{NUL}办"}},
    ),
    "client name": (
        Role.ADMIN,
        "POST",
        "/v1/clients",
        lambda api: {"json": {"name": f"ops{NUL}", "role": "auditor"}},
    ),
    "revocation reason": (
        Role.ADMIN,
        "POST",
        f"/v1/clients/{uuid.uuid4()}/revoke",
        lambda api: {"json": {"reason": f"left{NUL}"}},
    ),
    "key in a body": (
        Role.ADMIN,
        "POST",
        "/v1/clients",
        lambda api: {"json": {"name": "ops", "role": "auditor", f"x{NUL}": 1}},
    ),
    "audit filter": (
        Role.AUDITOR,
        "GET",
        "/v1/audit/events",
        lambda api: {"params": {"action": f"report_created{NUL}"}},
    ),
    "audit filter by authorization id": (
        Role.AUDITOR,
        "GET",
        "/v1/audit/events",
        lambda api: {"params": {"authorization_id": f"auth-{NUL}"}},
    ),
    "query parameter name": (
        Role.AUDITOR,
        "GET",
        "/v1/audit/events",
        lambda api: {"params": {f"action{NUL}": "x"}},
    ),
    "path parameter": (
        Role.ADMIN,
        "POST",
        "/v1/issuers/4501%00/keys/k1/revoke",
        lambda api: {"json": {"reason": "lost"}},
    ),
    "cursor": (
        Role.CASE_SYSTEM,
        "GET",
        "/v1/households/due",
        lambda api: {"params": {"cursor": f"abc{NUL}"}},
    ),
    "idempotency key": (
        Role.CASE_SYSTEM,
        "POST",
        "/v1/verifications",
        lambda api: {
            **{"json": scenario_body(api.issuer_key, "eligible")},
            "headers": {"Idempotency-Key": f"key{NUL}1"},
        },
    ),
}


async def _counts(api) -> dict[str, int]:
    await api.drain()
    async with api.sessions() as session:
        return {
            model.__tablename__: await session.scalar(select(func.count()).select_from(model))
            for model in (*STORED, AuditEvent)
        }


@pytest.mark.parametrize("case", sorted(CASES))
async def test_a_nul_is_refused_at_the_edge(api, tokens, case: str) -> None:
    role, method, path, build = CASES[case]
    arguments = build(api)
    headers = {"Authorization": f"Bearer {tokens[role]}", **arguments.pop("headers", {})}
    before = await _counts(api)
    response = await api.http.request(method, path, headers=headers, **arguments)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "nul-character" and problem["status"] == 422
    assert problem["type"].endswith("/nul-character") and problem["title"] and problem["detail"]
    assert "\\u0000" not in response.text and NUL not in response.text  # never echoed
    after = await _counts(api)
    if "location" in problem:
        # refused at the edge, before the token is read: like a body too large, logged and
        # counted, not audited (anyone could otherwise grow the permanent log)
        assert after == before
        return
    # inside an authorization's JWS: refused by the route, for an authenticated client
    assert after.pop("audit_events") == before.pop("audit_events") + 1
    assert after == before
    event = await entry_of(api, problem["request_id"])
    stored = json.dumps(event)
    assert "\\u0000" not in stored and NUL not in stored
    assert event["code"] == "nul-character"


async def test_text_without_a_nul_still_goes_through(api, tokens) -> None:
    """The check looks for the character, not for look-alikes: an escaped backslash
    followed by ``u0000`` is six ordinary characters, and ``%00`` inside JSON is text."""
    response = await api.http.post(
        "/v1/clients",
        json={"name": "ops \\u0000 and %00", "role": "auditor"},
        headers={"Authorization": f"Bearer {tokens[Role.ADMIN]}"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["name"] == "ops \\u0000 and %00"


async def test_a_nul_split_across_chunks_of_a_streamed_body_is_refused(api, tokens) -> None:
    body = json.dumps({"name": f"ops{NUL}", "role": "auditor"}).encode()
    at = body.index(b"\\u0000") + 3

    async def chunks() -> AsyncIterator[bytes]:
        yield body[:at]
        yield body[at:]

    before = await _counts(api)
    response = await api.http.post(
        "/v1/clients",
        content=chunks(),
        headers={
            "Authorization": f"Bearer {tokens[Role.ADMIN]}",
            "Content-Type": "application/json",
        },
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "nul-character"
    assert response.json()["location"] == "body"
    assert await _counts(api) == before  # refused at the edge: not audited, nothing stored


@pytest.mark.parametrize(
    ("body", "found"),
    [
        (b'{"a": "x\\u0000"}', True),
        (b'{"a\\u0000": 1}', True),
        (b'[[[["\\u0000"]]]]', True),
        (b'{"a": "x\x00"}', True),  # a raw NUL: not JSON, refused all the same
        (b'{"a": "x\\\\u0000"}', False),  # an escaped backslash, then the text u0000
        (b'{"a": "x\\\\\\u0000"}', True),  # an escaped backslash, then a NUL
        (b'{"a": "%00"}', False),
        (b'{"a": "\\u0000', False),  # not JSON: left to the parser, which refuses it
        (b"[" * 100_000 + b'"\\u0000"' + b"]" * 100_000, False),  # too deep for the parser
        (b"", False),
    ],
)
def test_json_has_nul(body: bytes, found: bool) -> None:
    assert json_has_nul(body) is found
