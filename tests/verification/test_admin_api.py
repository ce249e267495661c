"""Client and issuer-key administration: the admin API and the CLI.

Every route refuses callers without a valid admin token; every change is
audited without the token, its hash or private key material; rotations and
revocations take effect at once, including through real verifications.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tests.verification.helpers import scenario_body
from verification.audit.models import AuditEvent
from verification.authorization.models import IssuerKey
from verification.authorization.signing import IssuerKeyPair
from verification.cli import RoleChoice
from verification.cli import app as cli_app
from verification.clients.models import Role
from verification.clients.service import create_client, hash_token
from verification.db import utcnow

ROTATION_ISSUER = "450102777"  # an issuer of this module's own, so the demo key stays untouched
ISSUED_TOKENS: list[str] = []  # every token this module saw; none may reach the audit log


class Admin:
    def __init__(self, client_id: str, token: str) -> None:
        self.id = client_id
        self.token = token


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _create_admin(api, name: str) -> Admin:
    async with api.sessions() as session, session.begin():
        client, token = await create_client(
            session, name=name, role=Role.ADMIN, issuers=[], region_prefixes=[], actor="test"
        )
    ISSUED_TOKENS.append(token)
    return Admin(str(client.id), token)


@pytest.fixture(scope="module")
async def admin(api) -> Admin:
    return await _create_admin(api, "test admin")


async def _events(api, action: str | None = None) -> list[dict[str, Any]]:
    query = select(AuditEvent.body).order_by(AuditEvent.seq)
    if action:
        query = query.where(AuditEvent.action == action)
    await api.drain()
    async with api.sessions() as session:
        return [json.loads(body) for body in (await session.execute(query)).scalars()]


async def _new_client(api, admin: Admin, **overrides: Any) -> dict[str, Any]:
    body = {
        "name": "case system A",
        "role": "case_system",
        "issuers": ["450102001"],
        "region_prefixes": ["45"],
        **overrides,
    }
    response = await api.http.post("/v1/clients", json=body, headers=_auth(admin.token))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    ISSUED_TOKENS.append(created["token"])
    return created


def _jwk_pair(issuer: str = ROTATION_ISSUER) -> IssuerKeyPair:
    return IssuerKeyPair.generate(issuer, utcnow())


# ---- authentication and roles on every route ----------------------------------------------

# a client that does not exist: fixed, as pytest -n needs every worker to collect the same
# test ids (a random one per import would differ between workers)
NO_CLIENT = uuid.UUID("5a0d2b1e-3c4f-4e6a-9b7c-1d2e3f405162")

ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("POST", "/v1/clients", {"name": "x", "role": "auditor"}),
    ("GET", "/v1/clients", None),
    ("GET", f"/v1/clients/{NO_CLIENT}", None),
    ("POST", f"/v1/clients/{NO_CLIENT}/rotate", None),
    ("POST", f"/v1/clients/{NO_CLIENT}/revoke", {"reason": "x"}),
    ("GET", "/v1/issuers", None),
    ("POST", "/v1/issuers/450102001/keys", {"kid": "k-1", "jwk": {}}),
    ("POST", "/v1/issuers/450102001/keys/k-1/revoke", {"reason": "x"}),
]


@pytest.fixture(scope="module")
async def revoked_admin_token(api, admin: Admin) -> str:
    other = await _create_admin(api, "admin to be revoked")
    response = await api.http.post(
        f"/v1/clients/{other.id}/revoke", json={"reason": "left"}, headers=_auth(admin.token)
    )
    assert response.status_code == 200
    return other.token


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
async def test_route_refuses_missing_wrong_and_revoked_tokens(
    api, revoked_admin_token: str, method: str, path: str, body: dict[str, Any] | None
) -> None:
    for headers in (
        {},
        _auth("vt_not-a-token"),
        {"Authorization": "Basic YWRtaW46YWRtaW4="},
        _auth(revoked_admin_token),
    ):
        response = await api.http.request(method, path, json=body, headers=headers)
        assert response.status_code == 401, (headers, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
async def test_route_refuses_other_roles(
    api, method: str, path: str, body: dict[str, Any] | None
) -> None:
    for token in (api.token, api.auditor_token):
        response = await api.http.request(method, path, json=body, headers=_auth(token))
        assert response.status_code == 403, response.text
        assert response.json()["code"] == "wrong-role"
    event = (await _events(api, "access_denied"))[-1]
    assert event["code"] == "wrong-role" and event["path"] == _template(path)


def _template(path: str) -> str:
    """The route template a refusal event records for one of ``ROUTES``' paths."""
    path = re.sub(r"^/v1/clients/[0-9a-f-]{36}", "/v1/clients/{client_id}", path)
    path = path.replace("/v1/issuers/450102001/keys", "/v1/issuers/{code}/keys")
    return path.replace("/keys/k-1/", "/keys/{kid}/")


# ---- clients ------------------------------------------------------------------------------


async def test_create_list_and_read_clients(api, admin: Admin) -> None:
    response = await api.http.post(
        "/v1/clients",
        json={
            "name": "  民政业务系统  ",
            "role": "case_system",
            "issuers": ["450102001", "450102001"],
            "region_prefixes": ["4501"],
        },
        headers=_auth(admin.token),
    )
    assert response.status_code == 201, response.text
    assert response.headers["cache-control"] == "no-store"
    created = response.json()
    ISSUED_TOKENS.append(created["token"])
    assert created["token"].startswith("vt_")
    assert set(created) == {
        "id",
        "name",
        "role",
        "issuers",
        "region_prefixes",
        "environment",
        "created_at",
        "revoked_at",
        "token",
    }
    assert created["name"] == "民政业务系统" and created["issuers"] == ["450102001"]
    assert created["region_prefixes"] == ["4501"] and created["revoked_at"] is None
    assert created["environment"] == "production"  # unless created as a sandbox client

    # the new token works for its role
    policies = await api.http.get("/v1/policies", headers=_auth(created["token"]))
    assert policies.status_code == 200

    listed = await api.http.get("/v1/clients", headers=_auth(admin.token))
    assert listed.status_code == 200
    clients = {c["id"]: c for c in listed.json()["clients"]}
    assert {k: v for k, v in created.items() if k != "token"} == clients[created["id"]]
    assert admin.id in clients
    assert all("token" not in c and "token_hash" not in c for c in clients.values())
    assert created["token"] not in listed.text and hash_token(created["token"]) not in listed.text

    one = await api.http.get(f"/v1/clients/{created['id']}", headers=_auth(admin.token))
    assert one.status_code == 200 and one.json() == clients[created["id"]]

    event = (await _events(api, "client_created"))[-1]
    assert event["client_id"] == created["id"] and event["actor"] == admin.id
    assert event["request_id"] == response.headers["x-request-id"]


@pytest.mark.parametrize(
    "body",
    [
        {"name": "", "role": "auditor"},
        {"name": "   ", "role": "auditor"},
        {"name": "x" * 201, "role": "auditor"},
        {"name": "x", "role": "root"},
        {"name": "x", "role": "case_system", "region_prefixes": ["4"]},
        {"name": "x", "role": "case_system", "region_prefixes": ["4501021"]},
        {"name": "x", "role": "case_system", "region_prefixes": ["45a"]},
        {"name": "x", "role": "case_system", "issuers": ["bad code!"]},
        {"name": "x", "role": "case_system", "issuers": [""]},
        {"name": "x", "role": "case_system", "issuers": ["**"]},
        {"name": "x", "role": "case_system", "issuers": ["a" * 33]},
        {"name": "x", "role": "auditor", "token": "vt_chosen"},
    ],
)
async def test_invalid_client_bodies_are_refused(api, admin: Admin, body: dict[str, Any]) -> None:
    response = await api.http.post("/v1/clients", json=body, headers=_auth(admin.token))
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "invalid-request" and response.json()["errors"]


async def test_wildcard_issuer_is_accepted(api, admin: Admin) -> None:
    created = await _new_client(api, admin, issuers=["*"], region_prefixes=["45", "440304"])
    assert created["issuers"] == ["*"]


async def test_unknown_or_malformed_client_id(api, admin: Admin) -> None:
    for method, suffix, body in (
        ("GET", "", None),
        ("POST", "/rotate", None),
        ("POST", "/revoke", {"reason": "x"}),
    ):
        missing = await api.http.request(
            method, f"/v1/clients/{uuid.uuid4()}{suffix}", json=body, headers=_auth(admin.token)
        )
        assert missing.status_code == 404 and missing.json()["code"] == "unknown-client"
        malformed = await api.http.request(
            method, f"/v1/clients/not-a-uuid{suffix}", json=body, headers=_auth(admin.token)
        )
        assert malformed.status_code == 422


async def test_rotation_replaces_the_token_at_once(api, admin: Admin) -> None:
    created = await _new_client(api, admin)
    old = created["token"]
    response = await api.http.post(
        f"/v1/clients/{created['id']}/rotate", headers=_auth(admin.token)
    )
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    rotated = response.json()
    new = rotated["token"]
    ISSUED_TOKENS.append(new)
    assert new != old and rotated["id"] == created["id"]

    refused = await api.http.get("/v1/policies", headers=_auth(old))
    assert refused.status_code == 401 and refused.json()["code"] == "invalid-token"
    assert (await api.http.get("/v1/policies", headers=_auth(new))).status_code == 200

    event = (await _events(api, "client_token_rotated"))[-1]
    assert event["client_id"] == created["id"] and event["actor"] == admin.id

    # an admin may rotate its own token too; the old one then fails
    own = await _create_admin(api, "self-rotating admin")
    again = await api.http.post(f"/v1/clients/{own.id}/rotate", headers=_auth(own.token))
    assert again.status_code == 200
    ISSUED_TOKENS.append(again.json()["token"])
    assert (await api.http.get("/v1/clients", headers=_auth(own.token))).status_code == 401
    listed = await api.http.get("/v1/clients", headers=_auth(again.json()["token"]))
    assert listed.status_code == 200


async def test_revocation(api, admin: Admin) -> None:
    created = await _new_client(api, admin)
    path = f"/v1/clients/{created['id']}/revoke"
    for body in ({}, {"reason": ""}, {"reason": "   "}, {"reason": "x" * 501}):
        refused = await api.http.post(path, json=body, headers=_auth(admin.token))
        assert refused.status_code == 422, body
    before = len(await _events(api, "client_revoked"))

    first = await api.http.post(path, json={"reason": "contract ended"}, headers=_auth(admin.token))
    assert first.status_code == 200, first.text
    assert first.json()["revoked_at"] is not None and "token" not in first.json()
    second = await api.http.post(path, json={"reason": "again"}, headers=_auth(admin.token))
    assert second.status_code == 200 and second.json() == first.json()

    events = await _events(api, "client_revoked")
    assert len(events) == before + 1
    assert events[-1]["client_id"] == created["id"] and events[-1]["actor"] == admin.id
    assert events[-1]["reason"] == "contract ended"

    refused = await api.http.get("/v1/policies", headers=_auth(created["token"]))
    assert refused.status_code == 401
    rotate = await api.http.post(f"/v1/clients/{created['id']}/rotate", headers=_auth(admin.token))
    assert rotate.status_code == 409 and rotate.json()["code"] == "client-revoked"
    shown = await api.http.get(f"/v1/clients/{created['id']}", headers=_auth(admin.token))
    assert shown.json()["revoked_at"] == first.json()["revoked_at"]


async def test_revocation_masks_identifiers_in_the_reason(api, admin: Admin) -> None:
    created = await _new_client(api, admin)
    response = await api.http.post(
        f"/v1/clients/{created['id']}/revoke",
        json={"reason": "leaked data of 450102199001011234"},
        headers=_auth(admin.token),
    )
    assert response.status_code == 200
    event = (await _events(api, "client_revoked"))[-1]
    assert "450102199001011234" not in event["reason"]


async def test_an_admin_may_not_revoke_itself(api, admin: Admin) -> None:
    response = await api.http.post(
        f"/v1/clients/{admin.id}/revoke", json={"reason": "oops"}, headers=_auth(admin.token)
    )
    assert response.status_code == 409 and response.json()["code"] == "cannot-revoke-self"
    assert (await api.http.get("/v1/clients", headers=_auth(admin.token))).status_code == 200
    event = (await _events(api))[-1]
    assert event["action"] == "request_refused" and event["client_id"] == admin.id


# ---- issuer keys --------------------------------------------------------------------------


async def _register(
    api, admin: Admin, pair: IssuerKeyPair, *, name: str | None = "测试街道", **body: Any
) -> Any:
    payload: dict[str, Any] = {"kid": pair.kid, "jwk": pair.public_jwk, **body}
    if name is not None:
        payload.setdefault("issuer_name", name)
    return await api.http.post(
        f"/v1/issuers/{pair.issuer}/keys", json=payload, headers=_auth(admin.token)
    )


async def test_register_and_list_keys(api, admin: Admin) -> None:
    pair = _jwk_pair("450102881")
    response = await _register(api, admin, pair)
    assert response.status_code == 201, response.text
    key = response.json()
    assert key["kid"] == pair.kid and key["issuer"] == "450102881"
    assert key["jwk"] == pair.public_jwk and key["revoked_at"] is None

    listed = await api.http.get("/v1/issuers", headers=_auth(admin.token))
    assert listed.status_code == 200
    issuers = {i["code"]: i for i in listed.json()["issuers"]}
    assert issuers["450102881"]["name"] == "测试街道"
    assert issuers["450102881"]["keys"] == [key]
    assert set(issuers["450102001"]["keys"][0]) == {
        "kid",
        "issuer",
        "jwk",
        "created_at",
        "revoked_at",
        "revoked_reason",
    }
    assert pair.private_jwk["d"] not in listed.text

    event = (await _events(api, "issuer_key_registered"))[-1]
    assert event["kid"] == pair.kid and event["issuer"] == "450102881"
    assert event["actor"] == admin.id and event["client_id"] == admin.id
    assert pair.public_jwk["x"] not in json.dumps(event)


def _x25519_jwk() -> dict[str, Any]:
    x = base64.urlsafe_b64encode(bytes(range(32))).rstrip(b"=").decode()
    return {"kty": "OKP", "crv": "X25519", "x": x}


@pytest.mark.parametrize(
    ("jwk", "code"),
    [
        ("private", "jwk-has-private-part"),
        ({"kty": "RSA", "n": "AQAB", "e": "AQAB"}, "unsupported-jwk"),
        ({"kty": "oct", "k": "c2VjcmV0"}, "jwk-has-private-part"),
        ("x25519", "unsupported-jwk"),
        ({"kty": "OKP", "crv": "Ed25519"}, "invalid-jwk"),
        ({"kty": "OKP", "crv": "Ed25519", "x": "too-short"}, "invalid-jwk"),
        ({"kty": "OKP", "crv": "Ed25519", "x": 42}, "invalid-jwk"),
        ("wrong-alg", "invalid-jwk"),
        ("other-kid", "kid-mismatch"),
    ],
)
async def test_bad_jwks_are_refused(api, admin: Admin, jwk: Any, code: str) -> None:
    pair = _jwk_pair("450102882")
    if jwk == "private":
        jwk = pair.private_jwk
    elif jwk == "x25519":
        jwk = _x25519_jwk()
    elif jwk == "wrong-alg":
        jwk = {**pair.public_jwk, "alg": "ES256"}
    elif jwk == "other-kid":
        jwk = {**pair.public_jwk, "kid": "another-kid"}
    response = await _register(api, admin, pair, jwk=jwk)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["code"] == code
    assert pair.private_jwk["d"] not in response.text
    event = (await _events(api))[-1]
    assert event["action"] == "request_refused" and event["code"] == code
    assert event["kid"] == pair.kid and event["issuer"] == "450102882"
    assert event["client_id"] == admin.id
    assert pair.private_jwk["d"] not in json.dumps(event)
    listed = await api.http.get("/v1/issuers", headers=_auth(admin.token))
    assert pair.kid not in listed.text


async def test_key_conflicts(api, admin: Admin) -> None:
    pair = _jwk_pair("450102883")
    assert (await _register(api, admin, pair)).status_code == 201

    same_kid = IssuerKeyPair(issuer="450102883", kid=pair.kid, private_jwk=_jwk_pair().private_jwk)
    duplicate = await _register(api, admin, same_kid)
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "duplicate-kid"

    stranger = IssuerKeyPair(issuer="450102884", kid=pair.kid, private_jwk=_jwk_pair().private_jwk)
    other_issuer = await _register(api, admin, stranger)
    assert other_issuer.status_code == 409
    assert other_issuer.json()["code"] == "kid-of-another-issuer"
    event = (await _events(api))[-1]
    assert event["code"] == "kid-of-another-issuer" and event["issuer"] == "450102884"

    same_key = IssuerKeyPair(issuer="450102883", kid="fresh-kid-1", private_jwk=pair.private_jwk)
    reused = await _register(api, admin, same_key)
    assert reused.status_code == 409 and reused.json()["code"] == "key-already-registered"

    unnamed = await _register(api, admin, _jwk_pair("450102885"), name=None)
    assert unnamed.status_code == 422 and unnamed.json()["code"] == "issuer-name-required"

    for bad in ("/v1/issuers/bad code/keys", "/v1/issuers/" + "9" * 33 + "/keys"):
        fresh = _jwk_pair()
        response = await api.http.post(
            bad,
            json={"kid": fresh.kid, "jwk": fresh.public_jwk, "issuer_name": "x"},
            headers=_auth(admin.token),
        )
        assert response.status_code == 422
    bad_kid = await _register(api, admin, IssuerKeyPair("450102883", "bad kid!", pair.private_jwk))
    assert bad_kid.status_code == 422


async def test_one_public_key_registered_under_kids_at_once_is_taken_once(
    api, admin: Admin
) -> None:
    """Registrations of one public key under three kids at once: one is registered, the
    others answer ``409 key-already-registered`` naming it (``uq_issuer_keys_active_public_
    jwk``, ADR 0031).  Before, all three passed the check, and revoking one kid of a
    compromised key pair left it valid under the other two."""
    pair = _jwk_pair("450102886")
    assert (await _register(api, admin, _jwk_pair("450102886"))).status_code == 201
    same = [IssuerKeyPair("450102886", f"{pair.kid}-{i}", pair.private_jwk) for i in range(3)]
    answers = await asyncio.gather(*[_register(api, admin, p) for p in same])
    codes = sorted((a.status_code, a.json().get("code")) for a in answers)
    assert codes == [(201, None), (409, "key-already-registered"), (409, "key-already-registered")]
    [taken] = [a.json()["kid"] for a in answers if a.status_code == 201]
    assert {a.json()["kid"] for a in answers if a.status_code == 409} == {taken}
    async with api.sessions() as session:
        kids = (
            await session.scalars(
                select(IssuerKey.kid).where(IssuerKey.public_jwk.contains(pair.public_jwk["x"]))
            )
        ).all()
    assert kids == [taken]


async def test_the_first_keys_of_a_new_issuer_registered_at_once_are_all_taken(
    api, admin: Admin
) -> None:
    """Three new kids of one new issuer at once: each is registered, the issuer made once.
    Before, the two that lost the race to make the issuer answered ``409 duplicate-kid``,
    though their kids were new."""
    pairs = [_jwk_pair("450102887") for _ in range(3)]
    answers = await asyncio.gather(*[_register(api, admin, p) for p in pairs])
    assert [a.status_code for a in answers] == [201, 201, 201], [a.text for a in answers]
    listed = await api.http.get("/v1/issuers", headers=_auth(admin.token))
    [issuer] = [i for i in listed.json()["issuers"] if i["code"] == "450102887"]
    assert sorted(k["kid"] for k in issuer["keys"]) == sorted(p.kid for p in pairs)


async def test_revoke_key(api, admin: Admin) -> None:
    pair = _jwk_pair("450102886")
    assert (await _register(api, admin, pair)).status_code == 201
    path = f"/v1/issuers/450102886/keys/{pair.kid}/revoke"
    for body in ({}, {"reason": ""}, {"reason": "  "}, {"reason": "x" * 501}):
        response = await api.http.post(path, json=body, headers=_auth(admin.token))
        assert response.status_code == 422, body

    wrong_issuer = await api.http.post(
        f"/v1/issuers/450102001/keys/{pair.kid}/revoke",
        json={"reason": "x"},
        headers=_auth(admin.token),
    )
    assert wrong_issuer.status_code == 404 and wrong_issuer.json()["code"] == "no-such-key"
    unknown = await api.http.post(
        "/v1/issuers/450102886/keys/no-such-kid/revoke",
        json={"reason": "x"},
        headers=_auth(admin.token),
    )
    assert unknown.status_code == 404

    before = len(await _events(api, "issuer_key_revoked"))
    first = await api.http.post(path, json={"reason": "office moved"}, headers=_auth(admin.token))
    assert first.status_code == 200, first.text
    assert first.json()["revoked_reason"] == "office moved" and first.json()["revoked_at"]
    again = await api.http.post(path, json={"reason": "again"}, headers=_auth(admin.token))
    assert again.status_code == 200 and again.json() == first.json()
    events = await _events(api, "issuer_key_revoked")
    assert len(events) == before + 1
    assert events[-1]["kid"] == pair.kid and events[-1]["issuer"] == "450102886"
    assert events[-1]["reason"] == "office moved" and events[-1]["actor"] == admin.id


async def test_key_rotation_and_revocation_through_verifications(api, admin: Admin) -> None:
    case_system = await _new_client(
        api, admin, name="rotation case system", issuers=[ROTATION_ISSUER], region_prefixes=["45"]
    )
    old, new = _jwk_pair(), _jwk_pair()
    assert (await _register(api, admin, old, name="轮换街道")).status_code == 201

    async def verify(pair: IssuerKeyPair) -> Any:
        return await api.http.post(
            "/v1/verifications",
            json=scenario_body(pair, "eligible"),
            headers=_auth(case_system["token"]),
        )

    assert (await verify(old)).status_code == 201
    unregistered = await verify(new)
    assert unregistered.status_code == 422 and unregistered.json()["code"] == "unknown-key"

    # rotation: a new kid for the same issuer; the old key keeps verifying
    assert (await _register(api, admin, new, name=None)).status_code == 201
    assert (await verify(old)).status_code == 201
    assert (await verify(new)).status_code == 201

    revoked = await api.http.post(
        f"/v1/issuers/{ROTATION_ISSUER}/keys/{old.kid}/revoke",
        json={"reason": "rotated"},
        headers=_auth(admin.token),
    )
    assert revoked.status_code == 200
    refused = await verify(old)
    assert refused.status_code == 422 and refused.json()["code"] == "revoked-key"
    assert (await verify(new)).status_code == 201

    listed = await api.http.get("/v1/issuers", headers=_auth(admin.token))
    keys = {k["kid"]: k for i in listed.json()["issuers"] for k in i["keys"]}
    assert keys[old.kid]["revoked_reason"] == "rotated" and keys[new.kid]["revoked_at"] is None


# ---- the audit log holds no token, hash or private key ------------------------------------


async def test_audit_log_holds_no_tokens_or_hashes(api, admin: Admin) -> None:
    # runs last in this module: every token issued above has been through the API
    assert len(ISSUED_TOKENS) >= 8
    await api.drain()
    async with api.sessions() as session:
        bodies = list((await session.execute(select(AuditEvent.body))).scalars())
    everything = "\n".join(bodies)
    for token in ISSUED_TOKENS:
        assert token not in everything
        assert hash_token(token) not in everything
    actions = {json.loads(b)["action"] for b in bodies}
    assert {
        "client_created",
        "client_token_rotated",
        "client_revoked",
        "issuer_key_registered",
        "issuer_key_revoked",
    } <= actions


# ---- the CLI, on a database of its own ----------------------------------------------------

runner = CliRunner()


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VERIFICATION_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("VERIFICATION_DATA_DIR", str(tmp_path / "var"))
    assert runner.invoke(cli_app, ["migrate"]).exit_code == 0
    return tmp_path


def _audit_bodies(env: Path) -> str:
    import sqlite3

    with sqlite3.connect(env / "cli.db") as db:
        # what the CLI recorded is pending until a serving process integrates it
        rows = db.execute(
            "SELECT body FROM audit_events UNION ALL SELECT template FROM audit_pending"
        )
        return "\n".join(row[0] for row in rows)


def test_cli_role_choices_match_the_model() -> None:
    assert {r.value for r in RoleChoice} == {r.value for r in Role}


def test_cli_clients(cli_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # rich tables: one line per client
    created = runner.invoke(
        cli_app, ["clients", "create", "--name", "first admin", "--role", "admin"]
    )
    assert created.exit_code == 0, created.output
    token = created.stdout.strip().splitlines()[-1]
    assert token.startswith("vt_")
    case = runner.invoke(
        cli_app,
        [
            "clients",
            "create",
            "--name",
            "case system",
            "--role",
            "case_system",
            "--issuer",
            "450102001",
            "--issuer",
            "450102002",
            "--region",
            "4501",
        ],
    )
    assert case.exit_code == 0, case.output
    bad = runner.invoke(
        cli_app, ["clients", "create", "--name", "x", "--role", "auditor", "--region", "4"]
    )
    assert bad.exit_code == 1 and "invalid-region-prefix" in bad.output

    listed = runner.invoke(cli_app, ["clients", "list"])
    assert listed.exit_code == 0, listed.output
    assert "first admin" in listed.stdout and "450102001, 450102002" in listed.stdout
    assert token not in listed.stdout
    line = next(ln for ln in listed.stdout.splitlines() if "case system" in ln)
    client_id = next(part.strip() for part in line.split("│") if part.strip().count("-") == 4)

    rotated = runner.invoke(cli_app, ["clients", "rotate", client_id])
    assert rotated.exit_code == 0, rotated.output
    new_token = rotated.stdout.strip().splitlines()[-1]
    revoked = runner.invoke(cli_app, ["clients", "revoke", client_id, "--reason", "retired"])
    assert revoked.exit_code == 0, revoked.output
    again = runner.invoke(cli_app, ["clients", "revoke", client_id, "--reason", "retired"])
    assert again.exit_code == 0
    after = runner.invoke(cli_app, ["clients", "rotate", client_id])
    assert after.exit_code == 1 and "client-revoked" in after.output
    unknown = runner.invoke(cli_app, ["clients", "rotate", str(uuid.uuid4())])
    assert unknown.exit_code == 1

    bodies = _audit_bodies(cli_env)
    actions = [json.loads(b)["action"] for b in bodies.splitlines()]
    assert actions.count("client_created") == 2
    assert actions.count("client_token_rotated") == 1 and actions.count("client_revoked") == 1
    assert '"actor":"cli"' in bodies
    for secret in (token, new_token):
        assert secret not in bodies and hash_token(secret) not in bodies
    # recorded by the CLI, pending until integrated (by a serving process, or this command)
    integrated = runner.invoke(cli_app, ["audit", "integrate"])
    assert integrated.exit_code == 0 and "integrated 4 pending" in integrated.output
    checked = runner.invoke(cli_app, ["audit", "check"])
    assert checked.exit_code == 0 and "intact: 4 events" in checked.output


def test_cli_keys_register_and_rotate(cli_env: Path) -> None:
    pair = _jwk_pair("450102009")
    public = cli_env / "public.json"
    public.write_text(json.dumps(pair.public_jwk))
    registered = runner.invoke(
        cli_app,
        ["keys", "register", "--issuer", "450102009", "--name", "测试街道", "--jwk", str(public)],
    )
    assert registered.exit_code == 0, registered.output
    first_kid = registered.stdout.strip()
    assert first_kid.startswith("450102009-")

    private = cli_env / "private.json"
    private.write_text(json.dumps(pair.private_jwk))
    refused = runner.invoke(
        cli_app, ["keys", "register", "--issuer", "450102009", "--jwk", str(private)]
    )
    assert refused.exit_code == 1 and "jwk-has-private-part" in refused.output

    out = cli_env / "rotated.json"
    rotated = runner.invoke(cli_app, ["keys", "rotate", "--issuer", "450102009", "--out", str(out)])
    assert rotated.exit_code == 0, rotated.output
    new_kid = rotated.stdout.strip()
    stored = json.loads(out.read_text())
    assert stored["kid"] == new_kid != first_kid and stored["issuer"] == "450102009"
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert first_kid in rotated.output  # named as still valid

    exists = runner.invoke(cli_app, ["keys", "rotate", "--issuer", "450102009", "--out", str(out)])
    assert exists.exit_code != 0
    unnamed = cli_env / "unnamed.json"
    new_issuer = runner.invoke(
        cli_app, ["keys", "rotate", "--issuer", "450102010", "--out", str(unnamed)]
    )
    assert new_issuer.exit_code == 1 and "issuer-name-required" in new_issuer.output
    assert not unnamed.exists()  # no orphan private key when nothing was registered

    bodies = _audit_bodies(cli_env)
    assert pair.private_jwk["d"] not in bodies and stored["jwk"]["d"] not in bodies
    kids = [json.loads(b).get("kid") for b in bodies.splitlines()]
    assert kids == [first_kid, new_kid]
