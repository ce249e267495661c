"""Each way an authorization is refused: a 4xx problem, an audit event, nothing else stored."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from sqlalchemy import func, select

from tests.verification.helpers import scenario_body, scenario_payload
from verification.audit.models import AuditEvent
from verification.authorization.keys import register_key, revoke_key
from verification.authorization.models import AuthorizationRecord
from verification.authorization.signing import IssuerKeyPair
from verification.db import utcnow
from verification.verifications.models import SourceQuery, Verification, VerificationMember

STORED = (Verification, VerificationMember, SourceQuery, AuthorizationRecord)


async def _counts(api) -> dict[str, int]:
    async with api.sessions() as session:
        counts = {
            model.__tablename__: await session.scalar(select(func.count()).select_from(model))
            for model in STORED
        }
        counts["audit"] = await session.scalar(select(func.count()).select_from(AuditEvent))
    return counts


async def _last_audit(api) -> dict[str, Any]:
    async with api.sessions() as session:
        row = (
            await session.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1))
        ).scalar_one()
    return json.loads(row.body)


async def _other_key(api, issuer: str = "450102001") -> IssuerKeyPair:
    pair = IssuerKeyPair.generate(issuer, utcnow())
    async with api.sessions() as session, session.begin():
        await register_key(
            session,
            issuer_code=issuer,
            issuer_name="test office",
            kid=pair.kid,
            jwk=pair.public_jwk,
            actor="test",
        )
    return pair


def _hour(hours: int) -> int:
    return int((dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)).timestamp())


def _forged(api) -> dict[str, Any]:
    """Signed by a stranger's key but naming the demo key's kid."""
    stranger = IssuerKeyPair.generate("450102001", utcnow())
    impostor = IssuerKeyPair(
        issuer=stranger.issuer, kid=api.issuer_key.kid, private_jwk=stranger.private_jwk
    )
    return {"authorization": impostor.sign(scenario_payload(api.issuer_key, "eligible"))}


def _tampered(api) -> dict[str, Any]:
    """A valid token whose payload was edited after signing."""
    header, payload, signature = scenario_body(api.issuer_key, "eligible")["authorization"].split(
        "."
    )
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["area"] = "urban"
    edited = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return {"authorization": f"{header}.{edited}.{signature}"}


def _unknown_kid(api) -> dict[str, Any]:
    pair = IssuerKeyPair.generate("450102001", utcnow())
    return {"authorization": pair.sign(scenario_payload(api.issuer_key, "eligible"))}


def _members_with(change: Callable[[dict[str, Any]], None]) -> Callable[[Any], dict[str, Any]]:
    def build(api) -> dict[str, Any]:
        payload = scenario_payload(api.issuer_key, "eligible")
        change(payload["members"][1])
        return {"authorization": api.issuer_key.sign(payload)}

    return build


def _hs256(api) -> dict[str, Any]:
    token = jwt.encode(
        scenario_payload(api.issuer_key, "eligible"),
        "secret-secret-secret-secret-32b!",
        algorithm="HS256",
        headers={"kid": api.issuer_key.kid},
    )
    return {"authorization": token}


CASES: dict[str, tuple[Callable[[Any], dict[str, Any]], int, str]] = {
    "bad signature": (_forged, 422, "invalid-signature"),
    "edited payload": (_tampered, 422, "invalid-signature"),
    "unknown kid": (_unknown_kid, 422, "unknown-key"),
    "expired": (
        lambda api: scenario_body(api.issuer_key, "eligible", nbf=_hour(-48), exp=_hour(-24)),
        422,
        "expired",
    ),
    "not yet valid": (
        lambda api: scenario_body(api.issuer_key, "eligible", nbf=_hour(24), exp=_hour(48)),
        422,
        "not-yet-valid",
    ),
    "missing consent": (_members_with(lambda m: m.update(consented=False)), 422, "missing-consent"),
    "bad check digit": (
        _members_with(lambda m: m.update(id_number=m["id_number"][:17] + "0")),
        422,
        "invalid-id-number",
    ),
    "scope not granted": (
        lambda api: {
            **scenario_body(api.issuer_key, "eligible", scopes=["hukou", "tax"]),
            "scopes": ["hukou", "bank"],
        },
        422,
        "scope-not-granted",
    ),
    "unknown scope": (
        lambda api: scenario_body(api.issuer_key, "eligible", scopes=["hukou", "dna"]),
        422,
        "malformed-authorization",
    ),
    "payload not valid": (
        lambda api: scenario_body(api.issuer_key, "eligible", area="suburban"),
        422,
        "malformed-authorization",
    ),
    "not a JWS": (
        lambda api: {"authorization": "this is not a jws"},
        400,
        "malformed-authorization",
    ),
    "wrong algorithm": (_hs256, 400, "malformed-authorization"),
    "other region": (
        lambda api: scenario_body(api.issuer_key, "eligible", region_code="110101"),
        403,
        "region-not-permitted",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
async def test_refusal_is_a_problem_audited_and_stores_nothing(api, case: str) -> None:
    build, status, code = CASES[case]
    body = build(api)
    before = await _counts(api)
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == code
    assert problem["status"] == status
    assert problem["type"].endswith("/" + code)
    assert problem["title"] and problem["detail"] and problem["request_id"]
    after = await _counts(api)
    assert after["audit"] == before["audit"] + 1
    assert {k: v for k, v in after.items() if k != "audit"} == {
        k: v for k, v in before.items() if k != "audit"
    }
    event = await _last_audit(api)
    assert event["code"] == code
    assert event["action"] in {"authorization_refused", "request_refused"}
    assert event["request_id"] == problem["request_id"]


async def test_revoked_key_is_refused(api) -> None:
    pair = await _other_key(api)
    body = {"authorization": pair.sign(scenario_payload(pair, "eligible"))}
    async with api.sessions() as session, session.begin():
        await revoke_key(session, pair.kid, reason="key compromised", actor="test", now=utcnow())
    before = await _counts(api)
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 422
    assert response.json()["code"] == "revoked-key"
    event = await _last_audit(api)
    assert event["action"] == "authorization_refused" and event["kid"] == pair.kid
    assert (await _counts(api))["verifications"] == before["verifications"]


async def test_key_of_another_issuer_is_refused(api) -> None:
    pair = await _other_key(api, issuer="450103002")
    payload = scenario_payload(api.issuer_key, "eligible")  # names issuer 450102001
    response = await api.http.post(
        "/v1/verifications", json={"authorization": pair.sign(payload)}, headers=api.auth()
    )
    assert response.status_code == 422
    assert response.json()["code"] == "issuer-mismatch"


async def test_issuer_not_permitted_for_client(api) -> None:
    pair = await _other_key(api, issuer="450103002")
    payload = scenario_payload(pair, "eligible")
    response = await api.http.post(
        "/v1/verifications", json={"authorization": pair.sign(payload)}, headers=api.auth()
    )
    assert response.status_code == 403
    assert response.json()["code"] == "issuer-not-permitted"


async def test_replay_with_different_content_is_refused(api) -> None:
    first = scenario_payload(api.issuer_key, "eligible", authorization_id="replay-test-0001")
    ok = await api.http.post(
        "/v1/verifications", json={"authorization": api.issuer_key.sign(first)}, headers=api.auth()
    )
    assert ok.status_code == 201
    same = await api.http.post(
        "/v1/verifications", json={"authorization": api.issuer_key.sign(first)}, headers=api.auth()
    )
    assert same.status_code == 201  # the same authorization may be used again
    changed = scenario_payload(api.issuer_key, "private_car", authorization_id="replay-test-0001")
    before = await _counts(api)
    replay = await api.http.post(
        "/v1/verifications",
        json={"authorization": api.issuer_key.sign(changed)},
        headers=api.auth(),
    )
    assert replay.status_code == 409
    assert replay.json()["code"] == "authorization-replayed"
    after = await _counts(api)
    assert after["verifications"] == before["verifications"]
    assert after["verification_members"] == before["verification_members"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"authorization": "x", "surprise": 1}, 422, "invalid-request"),
        ({}, 422, "invalid-request"),
        ({"authorization": "x", "scopes": ["dna"]}, 422, "invalid-request"),
        (
            {"authorization": "x", "declaration": {"financial_assets_total": 12.5}},
            422,
            "invalid-request",
        ),
    ],
)
async def test_invalid_bodies_are_problems_and_audited(api, body, status, code) -> None:
    before = await _counts(api)
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == status
    problem = response.json()
    assert problem["code"] == code and problem["errors"]
    assert all("input" not in error for error in problem["errors"])
    after = await _counts(api)
    assert after["audit"] == before["audit"] + 1
    assert after["verifications"] == before["verifications"]


async def test_malformed_json_is_a_400_problem(api) -> None:
    response = await api.http.post(
        "/v1/verifications",
        content=b"{not json",
        headers={**api.auth(), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed-json"


async def test_problem_details_never_echo_an_id_number(api) -> None:
    payload = scenario_payload(api.issuer_key, "eligible")
    payload["members"][0]["id_number"] = "45010219800312011X"  # wrong check digit
    response = await api.http.post(
        "/v1/verifications",
        json={"authorization": api.issuer_key.sign(payload)},
        headers=api.auth(),
    )
    assert response.status_code == 422
    assert "45010219800312011" not in response.text
    event = await _last_audit(api)
    assert "45010219800312011" not in json.dumps(event, ensure_ascii=False)
