"""Each way an authorization is refused: a 4xx problem, an audit event, nothing else stored."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import httpx
import jwt
import pytest
from sqlalchemy import func, select

from tests.verification.helpers import (
    entry_of,
    raw_jws,
    registered_key,
    scenario_body,
    scenario_payload,
)
from verification.app import create_app
from verification.audit.models import AuditEvent
from verification.authorization.grant import Grant, check_lifetime, parse_grant
from verification.authorization.issuer_keys import revoke_key
from verification.authorization.jws import EARLIEST_TIME, LATEST_TIME, check_times
from verification.authorization.models import AuthorizationRecord
from verification.authorization.signing import IssuerKeyPair
from verification.db import utcnow
from verification.problems import AuthorizationRefused
from verification.settings import Settings
from verification.verifications.models import SourceQuery, Verification, VerificationMember

STORED = (Verification, VerificationMember, SourceQuery, AuthorizationRecord)


async def _counts(api) -> dict[str, int]:
    await api.drain()
    async with api.sessions() as session:
        counts = {
            model.__tablename__: await session.scalar(select(func.count()).select_from(model))
            for model in STORED
        }
        counts["audit"] = await session.scalar(select(func.count()).select_from(AuditEvent))
    return counts


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


def _with_header(**header: Any) -> Callable[[Any], dict[str, Any]]:
    def build(api) -> dict[str, Any]:
        full = {"alg": "EdDSA", "kid": api.issuer_key.kid, **header}
        return {
            "authorization": raw_jws(
                api.issuer_key, full, scenario_payload(api.issuer_key, "eligible")
            )
        }

    return build


def _with_claims(**claims: Any) -> Callable[[Any], dict[str, Any]]:
    def build(api) -> dict[str, Any]:
        header = {"alg": "EdDSA", "kid": api.issuer_key.kid}
        payload = scenario_payload(api.issuer_key, "eligible", **claims)
        return {"authorization": raw_jws(api.issuer_key, header, payload)}

    return build


YEAR_10000 = int(dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC).timestamp()) + 1


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
    "kid a number": (_with_header(kid=450102001), 400, "malformed-authorization"),
    "kid null": (_with_header(kid=None), 400, "malformed-authorization"),
    "kid empty": (_with_header(kid=""), 400, "malformed-authorization"),
    "crit of an unknown extension": (
        _with_header(crit=["urn:example:policy"], **{"urn:example:policy": 1}),
        400,
        "unsupported-critical-header",
    ),
    "crit b64": (_with_header(crit=["b64"], b64=True), 400, "unsupported-critical-header"),
    "crit empty": (_with_header(crit=[]), 400, "unsupported-critical-header"),
    "crit not a list": (_with_header(crit="exp"), 400, "unsupported-critical-header"),
    "exp 10^30": (_with_claims(exp=10**30), 400, "malformed-authorization"),
    "exp in the year 10000": (_with_claims(exp=YEAR_10000), 400, "malformed-authorization"),
    "exp negative": (_with_claims(nbf=-7200, exp=-3600), 400, "malformed-authorization"),
    "exp a float": (_with_claims(exp=float(_hour(24))), 400, "malformed-authorization"),
    "exp a string": (_with_claims(exp=str(_hour(24))), 400, "malformed-authorization"),
    "nbf 10^30": (_with_claims(nbf=10**30), 400, "malformed-authorization"),
    "nbf negative": (_with_claims(nbf=-1), 400, "malformed-authorization"),
    "nbf true": (_with_claims(nbf=True), 400, "malformed-authorization"),
    "iat 10^30": (_with_claims(iat=10**30), 400, "malformed-authorization"),
    "iat in the year 10000": (_with_claims(iat=YEAR_10000), 400, "malformed-authorization"),
    "iat negative": (_with_claims(iat=-1), 400, "malformed-authorization"),
    "iat a string": (_with_claims(iat=str(_hour(0))), 400, "malformed-authorization"),
    "iat a float": (_with_claims(iat=_hour(0) + 0.5), 400, "malformed-authorization"),
    "iat null": (_with_claims(iat=None), 400, "malformed-authorization"),
    "iat in the future": (_with_claims(iat=_hour(24)), 422, "issued-in-future"),
    "lifetime over the maximum": (
        lambda api: scenario_body(api.issuer_key, "eligible", exp=_hour(24 * 367)),
        422,
        "lifetime-too-long",
    ),
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
    event = await entry_of(api, problem["request_id"])
    assert event["code"] == code
    assert event["action"] in {"authorization_refused", "request_refused"}
    assert event["request_id"] == problem["request_id"]


async def test_revoked_key_is_refused(api) -> None:
    pair = await registered_key(api)
    body = {"authorization": pair.sign(scenario_payload(pair, "eligible"))}
    async with api.sessions() as session, session.begin():
        await revoke_key(session, pair.kid, reason="key compromised", actor="test", now=utcnow())
    before = await _counts(api)
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 422
    assert response.json()["code"] == "revoked-key"
    event = await entry_of(api, response.json()["request_id"])
    assert event["action"] == "authorization_refused" and event["kid"] == pair.kid
    assert (await _counts(api))["verifications"] == before["verifications"]


async def test_key_of_another_issuer_is_refused(api) -> None:
    pair = await registered_key(api, issuer="450103002")
    payload = scenario_payload(api.issuer_key, "eligible")  # names issuer 450102001
    response = await api.http.post(
        "/v1/verifications", json={"authorization": pair.sign(payload)}, headers=api.auth()
    )
    assert response.status_code == 422
    assert response.json()["code"] == "issuer-mismatch"


async def test_issuer_not_permitted_for_client(api) -> None:
    pair = await registered_key(api, issuer="450103002")
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
    event = await entry_of(api, response.json()["request_id"])
    assert "45010219800312011" not in json.dumps(event, ensure_ascii=False)


async def test_the_setting_sets_the_longest_lifetime(api) -> None:
    # no policy text sets one: VERIFICATION_MAX_AUTHORIZATION_DAYS alone decides
    app = create_app(api.settings.model_copy(update={"max_authorization_days": 30}))
    now = _hour(0)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http,
    ):
        before = await _counts(api)
        long = scenario_body(api.issuer_key, "eligible", iat=now, nbf=now, exp=now + 31 * 86400)
        refused = await http.post("/v1/verifications", json=long, headers=api.auth())
        assert refused.status_code == 422, refused.text
        assert refused.json()["code"] == "lifetime-too-long"
        assert refused.json()["max_days"] == 30
        event = await entry_of(api, refused.json()["request_id"])
        assert event["code"] == "lifetime-too-long" and event["kid"] == api.issuer_key.kid
        assert event["authorization_id"] and event["issuer"] == api.issuer_key.issuer
        after = await _counts(api)
        assert after["audit"] == before["audit"] + 1
        assert {k: v for k, v in after.items() if k != "audit"} == {
            k: v for k, v in before.items() if k != "audit"
        }
        exact = scenario_body(api.issuer_key, "eligible", iat=now, nbf=now, exp=now + 30 * 86400)
        accepted = await http.post("/v1/verifications", json=exact, headers=api.auth())
        assert accepted.status_code == 201, accepted.text


def _grant(**times: int) -> Grant:
    payload = scenario_payload(IssuerKeyPair.generate("450102001", utcnow()), "eligible")
    return parse_grant({**payload, **times}, None)


def test_the_lifetime_counts_from_the_earlier_of_iat_and_nbf() -> None:
    day, start = 86400, _hour(0)
    check_lifetime(_grant(iat=start, nbf=start, exp=start + 366 * day), 366)
    with pytest.raises(AuthorizationRefused) as refused:
        check_lifetime(_grant(iat=start, nbf=start, exp=start + 366 * day + 1), 366)
    assert refused.value.instance_code == "lifetime-too-long"
    # signed long before it becomes valid: still one authorization, counted from iat
    with pytest.raises(AuthorizationRefused):
        check_lifetime(_grant(iat=start, nbf=start + 300 * day, exp=start + 400 * day), 366)
    # back-dated validity counts too
    with pytest.raises(AuthorizationRefused):
        check_lifetime(_grant(iat=start, nbf=start - 300 * day, exp=start + 100 * day), 366)


@pytest.mark.parametrize(
    ("times", "code"),
    [
        (lambda now: {"iat": now + 30}, None),  # within the clock-skew allowance
        (lambda now: {"iat": now + 31}, "issued-in-future"),
        (lambda now: {"nbf": now + 30}, None),
        (lambda now: {"nbf": now + 31}, "not-yet-valid"),
        (lambda now: {"exp": now - 30}, None),
        (lambda now: {"exp": now - 31}, "expired"),
        (lambda now: {"nbf": EARLIEST_TIME}, None),
        (lambda now: {"nbf": EARLIEST_TIME - 1}, "malformed-authorization"),
        (lambda now: {"exp": LATEST_TIME}, None),
        (lambda now: {"exp": LATEST_TIME + 1}, "malformed-authorization"),
    ],
)
def test_time_claims_at_their_bounds(
    times: Callable[[int], dict[str, int]], code: str | None
) -> None:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    stamp = int(now.timestamp())
    claims = {"iat": stamp, "nbf": stamp - 60, "exp": stamp + 3600, **times(stamp)}
    if code is None:
        check_times(claims, now)
    else:
        with pytest.raises(AuthorizationRefused) as refused:
            check_times(claims, now)
        assert refused.value.instance_code == code


def test_by_default_an_authorization_may_last_a_leap_year_and_no_longer(monkeypatch) -> None:
    # the configured maximum is test_the_setting_sets_the_longest_lifetime's
    monkeypatch.delenv("VERIFICATION_MAX_AUTHORIZATION_DAYS", raising=False)
    longest, day, start = Settings().max_authorization_days, 86400, _hour(0)
    check_lifetime(_grant(iat=start, nbf=start, exp=start + 366 * day), longest)
    with pytest.raises(AuthorizationRefused) as refused:
        check_lifetime(_grant(iat=start, nbf=start, exp=start + 366 * day + 1), longest)
    assert refused.value.instance_code == "lifetime-too-long"
