"""No caller-chosen text reaches the audit log unmasked (issue #15, item 10).

The audit log is append-only and kept for ever, so an ID number that gets into
it can never be taken out.  Every field a caller chooses freely — the request
id, a JWS header's kid, an authorization id, a path, an unexpected body key, a
search filter, a revocation or ending reason, an idempotency key, a client or
issuer name, a kid or issuer code to register — is sent here holding an ID
number, and neither the stored events nor the auditor's export may contain it.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from tests.verification.helpers import scenario_body, scenario_payload
from verification.audit.models import AuditEvent
from verification.authorization.signing import IssuerKeyPair
from verification.clients.models import Role
from verification.clients.service import create_client
from verification.db import utcnow
from verification.kit.id_number import check_character, contains_id_number
from verification.middleware import safe_request_id

# a valid ID number of nobody in the scenarios (GB 11643 check character computed)
_FIRST17 = "45010519870623031"
ID_NUMBER = _FIRST17 + check_character(_FIRST17)
BIRTH_DIGITS = ID_NUMBER[6:14]  # what masking hides: found anywhere, the number leaked


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _client(api, role: Role) -> tuple[str, str]:
    async with api.sessions() as session, session.begin():
        client, token = await create_client(
            session,
            name=f"free-text {role.value}",
            role=role,
            issuers=["*"],
            region_prefixes=["45"],
            actor="test",
        )
    return str(client.id), token


async def _audit_text(api, since: dt.datetime) -> str:
    """The audit entries recorded from ``since`` on: this test's (not every other test's in
    the shared database, whose hashes and blind indexes hold any eight digits in time)."""
    await api.drain()
    async with api.sessions() as session:
        bodies = (
            await session.execute(
                select(AuditEvent.body)
                .where(AuditEvent.recorded_at >= since)
                .order_by(AuditEvent.seq)
            )
        ).scalars()
        return "\n".join(bodies)


def _assert_absent(text: str, where: str) -> None:
    assert ID_NUMBER not in text.upper(), f"the ID number is in {where}"
    assert BIRTH_DIGITS not in text, f"the ID number's hidden digits are in {where}"


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("0b9e6f5c-2f1d-4c3e-9a8b-7d6c5b4a3f2e", True),  # UUID
        ("0B9E6F5C2F1D4C3E9A8B7D6C5B4A3F2E", True),  # 32 hex digits (trace id)
        ("01HZX3K4M5N6P7Q8R9S0T1V2W3", True),  # ULID
        (ID_NUMBER, False),
        (f"{ID_NUMBER}00000000000000", False),  # 32 hex digits holding an ID number
        (
            f"{ID_NUMBER[:8]}-{ID_NUMBER[8:12]}-{ID_NUMBER[12:16]}-{ID_NUMBER[16:]}aa-0123456789ab",
            False,
        ),
        ("case-42", False),  # free text
        ("weizhiqiang-nanning", False),
        ("x" * 200, False),
        ("", False),
    ],
)
def test_only_opaque_request_ids_are_kept(value: str, kept: bool) -> None:
    assert safe_request_id(value) is kept


async def test_no_id_number_from_any_free_text_field_enters_the_audit_log(api) -> None:
    since = utcnow()
    _, admin = await _client(api, Role.ADMIN)
    auditor_id, auditor = await _client(api, Role.AUDITOR)
    hostile = {"X-Request-Id": ID_NUMBER}
    case = {**api.auth(), **hostile}
    seen: list[str] = []

    async def send(method: str, path: str, headers: dict[str, str], **kwargs: Any) -> int:
        response = await api.http.request(method, path, headers=headers, **kwargs)
        assert response.headers["x-request-id"] != ID_NUMBER
        seen.append(response.headers["x-request-id"])
        return response.status_code

    # the request id, on an authenticated refusal (audited)
    assert await send("GET", f"/v1/verifications/{ID_NUMBER}", case) == 422  # and the path
    # a JWS whose header kid is the ID number
    header = (
        base64.urlsafe_b64encode(json.dumps({"alg": "EdDSA", "kid": ID_NUMBER}).encode())
        .rstrip(b"=")
        .decode()
    )
    forged = f"{header}.e30.c2ln"
    assert await send("POST", "/v1/verifications", case, json={"authorization": forged}) == 400
    # an authorization id holding it, signed by a registered key
    body = scenario_body(api.issuer_key, "eligible", authorization_id=f"case-{ID_NUMBER}")
    assert await send("POST", "/v1/verifications", case, json=body) in {400, 422}
    # an unexpected body key, and an idempotency key
    body = {**scenario_body(api.issuer_key, "eligible"), ID_NUMBER: 1}
    headers = {**case, "Idempotency-Key": ID_NUMBER}
    assert await send("POST", "/v1/verifications", headers, json=body) == 422
    # an idempotency key on a request that succeeds, and a household ended with a reason
    created = await api.http.post(
        "/v1/verifications", json=scenario_body(api.issuer_key, "eligible"), headers=headers
    )
    assert created.status_code == 201, created.text
    verification = created.json()
    enrolled = await api.http.post(
        "/v1/households",
        json={"verification_id": verification["id"], "category": "stable"},
        headers=case,
    )
    assert enrolled.status_code == 201, enrolled.text
    household = enrolled.json()["id"]
    reason = {"reason": f"迁出，身份证 {ID_NUMBER}"}
    assert await send("POST", f"/v1/households/{household}/end", case, json=reason) == 200

    # the auditor's filters
    for query in (
        {"action": ID_NUMBER},
        {"client_id": ID_NUMBER},
        {"verification_id": ID_NUMBER},
        {"authorization_id": f"case-{ID_NUMBER}"},
        {"person": ID_NUMBER},
    ):
        status = await send("GET", "/v1/audit/events", {**_auth(auditor), **hostile}, params=query)
        assert status in {200, 422}

    # administration: client name and revocation reason, issuer code, name and kid, key reason
    admin_headers = {**_auth(admin), **hostile}
    created = await api.http.post(
        "/v1/clients",
        json={
            "name": f"系统 {ID_NUMBER}",
            "role": "case_system",
            "issuers": ["450102001"],
            "region_prefixes": ["45"],
        },
        headers=admin_headers,
    )
    if created.status_code == 201:
        client_id = created.json()["id"]
        revoked = await send(
            "POST",
            f"/v1/clients/{client_id}/revoke",
            admin_headers,
            json={"reason": f"泄露 {ID_NUMBER}"},
        )
        assert revoked == 200
    else:
        assert created.status_code == 422
    assert (
        await send(
            "POST",
            "/v1/clients",
            admin_headers,
            json={
                "name": "x",
                "role": "case_system",
                "issuers": [ID_NUMBER],
                "region_prefixes": [],
            },
        )
        == 422
    )
    pair = IssuerKeyPair.generate("450109001", utcnow())
    for code, kid in ((ID_NUMBER, "free-text-kid-1"), ("450109001", ID_NUMBER)):
        status = await send(
            "POST",
            f"/v1/issuers/{code}/keys",
            admin_headers,
            json={"kid": kid, "jwk": pair.public_jwk, "issuer_name": "某街道"},
        )
        assert status == 422
    registered = await send(
        "POST",
        "/v1/issuers/450109001/keys",
        admin_headers,
        json={"kid": pair.kid, "jwk": pair.public_jwk, "issuer_name": f"某街道 {ID_NUMBER}"},
    )
    assert registered in {201, 422}
    if registered == 201:
        assert (
            await send(
                "POST",
                f"/v1/issuers/450109001/keys/{pair.kid}/revoke",
                admin_headers,
                json={"reason": f"持有人 {ID_NUMBER}"},
            )
            == 200
        )

    audit = await _audit_text(api, since)
    for request_id in seen:  # every one of those requests was recorded under a fresh id
        assert safe_request_id(request_id)
    assert any(request_id in audit for request_id in seen)
    _assert_absent(audit, "audit_events")
    export = await api.http.get(
        "/v1/audit/export", params={"since": since.isoformat()}, headers=_auth(auditor)
    )
    assert export.status_code == 200
    _assert_absent(export.text, "the audit export")
    assert auditor_id in export.text


async def test_refusal_events_record_the_route_not_the_path(api) -> None:
    response = await api.http.get(f"/v1/verifications/not-{ID_NUMBER}", headers=api.auth())
    assert response.status_code == 422
    request_id = response.headers["x-request-id"]
    await api.drain()
    async with api.sessions() as session:
        bodies = (
            await session.execute(
                select(AuditEvent.body).where(AuditEvent.action == "request_refused")
            )
        ).scalars()
        (event,) = [json.loads(b) for b in bodies if request_id in b]
    assert event["path"] == "/v1/verifications/{verification_id}"
    assert event["fields"] == ["path.verification_id"]


async def test_an_unexpected_body_key_is_recorded_as_a_star(api) -> None:
    body = {**scenario_body(api.issuer_key, "eligible"), "韦志强": 1}
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 422
    request_id = response.headers["x-request-id"]
    await api.drain()
    async with api.sessions() as session:
        bodies = (await session.execute(select(AuditEvent.body))).scalars()
        (event,) = [json.loads(b) for b in bodies if request_id in b]
    assert event["fields"] == ["body.*"]
    assert "韦志强" not in json.dumps(event, ensure_ascii=False)


async def test_an_authorization_id_holding_an_id_number_is_refused(api) -> None:
    payload = scenario_payload(api.issuer_key, "eligible", authorization_id=f"case-{ID_NUMBER}")
    response = await api.http.post(
        "/v1/verifications",
        json={"authorization": api.issuer_key.sign(payload)},
        headers=api.auth(),
    )
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "malformed-authorization"
    assert "authorization_id" in response.json()["fields"]


@pytest.mark.parametrize(
    ("identifier", "holds"),
    [
        (f"case-{ID_NUMBER}", True),
        (f"x{ID_NUMBER}abc", True),
        (f"9{ID_NUMBER}", True),  # inside a longer run of digits
        ("auth-f6959a7399553041967831fc", False),  # 16 random digits in a row: no date, no check
        ("2024120500012345678", False),  # a long case number
        ("450102001-20261205-a1b2c3", False),  # a generated kid
    ],
)
def test_identifiers_are_refused_only_when_they_hold_a_valid_id_number(
    identifier: str, holds: bool
) -> None:
    assert contains_id_number(identifier) is holds


async def test_a_random_authorization_id_with_a_long_digit_run_is_accepted(api) -> None:
    body = scenario_body(
        api.issuer_key, "eligible", authorization_id="auth-f6959a7399553041967831fc"
    )
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 201, response.text


def test_uuid_request_ids_are_mostly_kept() -> None:
    """A random UUID is replaced only when it happens to hold 15 digits in a row (rare)."""
    kept = sum(safe_request_id(str(uuid.uuid4())) for _ in range(2000))
    assert kept > 1950
