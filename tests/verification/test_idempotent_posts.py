"""Idempotency-Key on every POST, and 409s that name the caller's resource in the way.

For each POST: the response to the first request is lost, the retry with the same key
and body gets that response back (`Idempotency-Replayed: true`) and nothing is done twice;
the same key with another body is `422 idempotency-key-reused`.  (The mechanism's own
edges — keys in flight, expiry, take-over, per-client keys — are in test_idempotency.py.)
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from tests.verification.batches.test_batch_edges import _held_item, _households
from tests.verification.helpers import business_today, entries_of, fresh_body, fresh_id_number
from tests.verification.integrity_record.entries import (
    ENTRIES,
    post,
    proposed_entry,
    understated,
)
from tests.verification.route_access import api_routes, new_client
from verification.app import create_app
from verification.audit.models import AuditEvent
from verification.authorization.signing import IssuerKeyPair
from verification.batches.models import Batch
from verification.clients.models import ApiClient, Role
from verification.db import utcnow
from verification.households import repository
from verification.households.models import EnrolledHousehold
from verification.idempotency.dependency import is_idempotent
from verification.idempotency.models import IdempotencyRecord
from verification.idempotency.service import stored_key
from verification.policies.layered.loading import default_layers_dir
from verification.settings import Settings
from verification.webhooks.sender import Sender

KEY_ISSUER = "450102888"  # this module's own issuer, so the demo key stays untouched


def _key(name: str) -> dict[str, str]:
    return {"Idempotency-Key": f"{name}-{uuid.uuid4()}"}


async def _count(api, model, *where: Any) -> int:
    async with api.sessions() as session:
        query = select(func.count()).select_from(model).where(*where)
        return (await session.execute(query)).scalar_one()


async def _eligible(api) -> str:
    response = await api.http.post(
        "/v1/verifications",
        json=fresh_body(api.issuer_key),
        headers=api.auth(),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _enrolled(api) -> str:
    response = await api.http.post(
        "/v1/households",
        json={"verification_id": await _eligible(api), "category": "stable"},
        headers=api.auth(),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _jwk(pair: IssuerKeyPair) -> dict[str, Any]:
    jwk = pair.public_jwk
    return {"kty": jwk["kty"], "crv": jwk["crv"], "x": jwk["x"]}


# ---------------------------------------------------------------------------- every POST


@dataclass(frozen=True)
class Post:
    """One POST of the API, ready to send twice: its path, body and another body."""

    path: str
    body: dict[str, Any] | None
    other: dict[str, Any] | None  # same path, another request
    status: int
    token: str
    replay_names: dict[str, str]  # what the replay's audit event must name
    names_id: str | None = None  # the replay event's field holding the response's "id"


async def _admin(api) -> str:
    _, token = await new_client(api.runtime, Role.ADMIN, name="idempotency admin")
    return token


async def _enrol(api) -> Post:
    verification = await _eligible(api)
    return Post(
        "/v1/households",
        {"verification_id": verification, "category": "stable"},
        {"verification_id": verification, "category": "variable"},
        201,
        api.token,
        {"verification_id": verification},
        "household_id",
    )


async def _end(api) -> Post:
    household = await _enrolled(api)
    return Post(
        f"/v1/households/{household}/end",
        {"reason": "迁出本市"},
        {"reason": "已就业"},
        200,
        api.token,
        {"household_id": household},
    )


async def _create_batch(api) -> Post:
    first, second = await _households(api, 2)
    return Post(
        "/v1/batches",
        {"household_ids": [str(first)]},
        {"household_ids": [str(second)]},
        201,
        api.token,
        {},
        "batch_id",
    )


async def _cancel(api) -> Post:
    (household,) = await _households(api, 1)
    batch = await _held_item(api, household)
    return Post(
        f"/v1/batches/{batch}/cancel", None, {"why": 1}, 200, api.token, {"batch_id": str(batch)}
    )


async def _create_client(api) -> Post:
    return Post(
        "/v1/clients",
        {"name": "县民政局 case system", "role": "case_system", "region_prefixes": ["4501"]},
        {"name": "县民政局 case system", "role": "auditor"},
        201,
        await _admin(api),
        {},
        "target_client_id",
    )


async def _rotate(api) -> Post:
    target, _ = await new_client(api.runtime, Role.AUDITOR, name="to rotate")
    return Post(
        f"/v1/clients/{target.id}/rotate",
        None,
        {"why": 1},
        200,
        await _admin(api),
        {"target_client_id": str(target.id)},
    )


async def _revoke_client(api) -> Post:
    target, _ = await new_client(api.runtime, Role.AUDITOR, name="to revoke")
    return Post(
        f"/v1/clients/{target.id}/revoke",
        {"reason": "离职"},
        {"reason": "调岗"},
        200,
        await _admin(api),
        {"target_client_id": str(target.id)},
    )


async def _register_key(api) -> Post:
    pair, kid = IssuerKeyPair.generate(KEY_ISSUER, utcnow()), f"k-{uuid.uuid4().hex[:8]}"
    body = {"kid": kid, "jwk": _jwk(pair), "issuer_name": "测试民政局"}
    return Post(
        f"/v1/issuers/{KEY_ISSUER}/keys",
        body,
        {**body, "kid": kid + "-b"},
        201,
        await _admin(api),
        {"kid": kid, "issuer": KEY_ISSUER},
    )


async def _revoke_key(api) -> Post:
    registered = await _register_key(api)
    first = await api.http.post(
        registered.path, json=registered.body, headers=api.auth(registered.token)
    )
    assert first.status_code == 201, first.text
    kid = registered.replay_names["kid"]
    return Post(
        f"/v1/issuers/{KEY_ISSUER}/keys/{kid}/revoke",
        {"reason": "密钥泄露"},
        {"reason": "到期轮换"},
        200,
        registered.token,
        {"kid": kid, "issuer": KEY_ISSUER},
    )


async def _checkpoint(api) -> Post:
    return Post("/v1/audit/checkpoints", None, {"why": 1}, 201, api.auditor_token, {})


async def _webhook_endpoint(api, *types: str) -> str:
    response = await api.http.post(
        "/v1/webhooks/endpoints",
        json={"url": "http://127.0.0.1:9/hook", "event_types": list(types)},
        headers=api.auth(),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _create_webhook_endpoint(api) -> Post:
    body = {"url": "http://127.0.0.1:9/a", "event_types": ["verification.overdue"]}
    return Post(
        "/v1/webhooks/endpoints",
        body,
        {**body, "url": "http://127.0.0.1:9/b"},
        201,
        api.token,
        {},
        "endpoint_id",
    )


async def _rotate_webhook_secret(api) -> Post:
    endpoint = await _webhook_endpoint(api, "verification.overdue")
    return Post(
        f"/v1/webhooks/endpoints/{endpoint}/rotate-secret",
        None,
        {"why": 1},
        200,
        api.token,
        {"endpoint_id": endpoint},
    )


async def _redeliver_webhook(api) -> Post:
    endpoint = await _webhook_endpoint(api, "verification.completed")
    await _eligible(api)  # its event is one delivery to the endpoint, once a round made it
    sender = Sender(api.runtime, transport=httpx.MockTransport(lambda _: httpx.Response(204)))
    try:
        await sender.deliver_due(utcnow() + dt.timedelta(seconds=1))
    finally:
        await sender.aclose()
    listed = await api.http.get(f"/v1/webhooks/endpoints/{endpoint}/deliveries", headers=api.auth())
    delivery = listed.json()["items"][0]["id"]
    return Post(
        f"/v1/webhooks/endpoints/{endpoint}/deliveries/{delivery}/redeliver",
        None,
        {"why": 1},
        202,
        api.token,
        {"endpoint_id": endpoint, "delivery_id": str(delivery)},
    )


async def _file_appeal(api) -> Post:
    verification = await _eligible(api)
    return Post(
        f"/v1/verifications/{verification}/appeals",
        {"disputed": {"scopes": ["bank"]}},
        {"disputed": {"scopes": ["tax"]}},
        201,
        api.token,
        {"verification_id": verification},
        "appeal_id",
    )


async def _decide_appeal(api) -> Post:
    filed = await _file_appeal(api)
    first = await api.http.post(filed.path, json=filed.body, headers=api.auth())
    assert first.status_code == 201, first.text
    appeal = first.json()["id"]
    return Post(
        f"/v1/appeals/{appeal}/decision",
        {"decision": "rejected", "reason_codes": ["findings_confirmed"]},
        {"decision": "rejected", "reason_codes": ["evidence_insufficient"]},
        200,
        api.token,
        {"appeal_id": appeal, "verification_id": filed.replay_names["verification_id"]},
    )


async def _propose_integrity(api) -> Post:
    report, _members, index = await understated(api)
    return Post(
        ENTRIES,
        {"verification_id": report["id"], "finding_index": index},
        {"verification_id": report["id"], "finding_index": index + 1},
        201,
        api.token,
        {"verification_id": report["id"]},
        "entry_id",
    )


async def _integrity_step(
    api, step: str, body: dict[str, Any] | None, other: dict[str, Any], *before: str
) -> Post:
    today = business_today()  # at the test's time, not the import's
    _report, _members, entry = await proposed_entry(api)
    notice = {"notified_on": today.isoformat(), "channel": "post"}
    bodies = {"notice": notice, "confirm": None}
    for earlier in before:
        done = await post(api, f"{ENTRIES}/{entry['id']}/{earlier}", bodies[earlier])
        assert done.status_code == 200, done.text
    return Post(
        f"{ENTRIES}/{entry['id']}/{step}",
        body,
        other,
        200,
        api.token,
        {"entry_id": entry["id"], "verification_id": entry["verification_id"]},
    )


async def _integrity_notice(api) -> Post:
    today = business_today()  # at the test's time, not the import's
    notice = {"notified_on": today.isoformat(), "channel": "sms"}
    return await _integrity_step(api, "notice", notice, {**notice, "channel": "post"})


async def _integrity_explanation(api) -> Post:
    return await _integrity_step(
        api, "explanation", {"reason": "借款"}, {"reason": "赠与"}, "notice"
    )


async def _integrity_confirm(api) -> Post:
    return await _integrity_step(api, "confirm", None, {"why": 1}, "notice")


async def _integrity_dismiss(api) -> Post:
    return await _integrity_step(
        api, "dismiss", {"reason_code": "other"}, {"reason_code": "recorded_in_error"}
    )


async def _integrity_withdraw(api) -> Post:
    return await _integrity_step(
        api,
        "withdraw",
        {"reason_code": "other"},
        {"reason_code": "appeal_upheld"},
        "notice",
        "confirm",
    )


async def _authorization_used(api) -> str:
    response = await api.http.post(
        "/v1/verifications", json=fresh_body(api.issuer_key), headers=api.auth()
    )
    assert response.status_code == 201, response.text
    return str(response.json()["authorization_id"])


async def _revoke_authorization(api) -> Post:
    authorization_id = await _authorization_used(api)
    today = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    return Post(
        f"/v1/authorizations/{authorization_id}/revocation",
        {"reason": "household_withdrew", "withdrawn_on": today.isoformat()},
        {"reason": "moved_away", "withdrawn_on": today.isoformat()},
        200,
        api.token,
        {"authorization_id": authorization_id},
    )


async def _family_link(api) -> Post:
    authorization_id = await _authorization_used(api)
    return Post(
        f"/v1/authorizations/{authorization_id}/family-links",
        None,
        {"why": 1},
        201,
        api.token,
        {"authorization_id": authorization_id},
    )


async def _upload_cross_list(api) -> Post:
    body = {"kind": "edge_household", "region_prefix": "4501", "id_numbers": [fresh_id_number()]}
    return Post(
        "/v1/cross-lists",
        body,
        {**body, "id_numbers": [fresh_id_number()]},
        201,
        api.token,
        {},
        "list_id",
    )


async def _compare_cross_list(api) -> Post:
    body = {"kind": "other", "region_prefix": "450102", "id_numbers": [fresh_id_number()]}
    uploaded = await api.http.post("/v1/cross-lists", json=body, headers=api.auth())
    assert uploaded.status_code == 201, uploaded.text
    list_id = uploaded.json()["id"]
    return Post(
        f"/v1/cross-lists/{list_id}/comparisons",
        None,
        {"why": 1},
        201,
        api.token,
        {},
        "comparison_id",
    )


async def _create_spot_check(api) -> Post:
    today = business_today().isoformat()
    body = {"region_prefix": "4501", "period_from": today, "period_to": today}
    await _eligible(api)  # the frame is not empty
    return Post(
        "/v1/spot-checks", body, {**body, "rate": "0.5"}, 201, api.token, {}, "spot_check_id"
    )


async def _preview_policy_change(api) -> Post:
    # a case system of its own: no household of its to replay, so never too many
    _, token = await new_client(api.runtime, Role.CASE_SYSTEM, name="idempotency what-if")
    draft = (default_layers_dir() / "gx-nanning.toml").read_text(encoding="utf-8")
    return Post(
        "/v1/policies/what-if",
        {"draft": draft, "region": "4501"},
        {"draft": draft, "region": "45"},
        200,
        token,
        {"region": "4501"},
    )


async def _record_visit(api) -> Post:
    await _eligible(api)
    today = business_today().isoformat()
    created = await api.http.post(
        "/v1/spot-checks",
        json={"region_prefix": "4501", "period_from": today, "period_to": today},
        headers=api.auth(),
    )
    assert created.status_code == 201, created.text
    spot_check = created.json()["id"]
    await api.runtime.drain(checkpoint=True)
    drawn = (await api.http.get(f"/v1/spot-checks/{spot_check}", headers=api.auth())).json()
    verification = drawn["drawn"][0]["verification_id"]
    body = {"verification_id": verification, "visited_on": today, "outcome": "consistent"}
    return Post(
        f"/v1/spot-checks/{spot_check}/visits",
        body,
        {**body, "outcome": "inconsistent"},
        200,
        api.token,
        {"spot_check_id": spot_check, "verification_id": verification},
    )


POSTS: dict[str, Callable[[Any], Awaitable[Post]]] = {
    "enrol": _enrol,
    "end": _end,
    "create-batch": _create_batch,
    "cancel-batch": _cancel,
    "create-client": _create_client,
    "rotate-token": _rotate,
    "revoke-client": _revoke_client,
    "register-key": _register_key,
    "revoke-key": _revoke_key,
    "sign-checkpoint": _checkpoint,
    "create-webhook-endpoint": _create_webhook_endpoint,
    "rotate-webhook-secret": _rotate_webhook_secret,
    "redeliver-webhook": _redeliver_webhook,
    "file-appeal": _file_appeal,
    "decide-appeal": _decide_appeal,
    "propose-integrity-entry": _propose_integrity,
    "integrity-notice": _integrity_notice,
    "integrity-explanation": _integrity_explanation,
    "integrity-confirm": _integrity_confirm,
    "integrity-dismiss": _integrity_dismiss,
    "integrity-withdraw": _integrity_withdraw,
    "revoke-authorization": _revoke_authorization,
    "family-link": _family_link,
    "upload-cross-list": _upload_cross_list,
    "compare-cross-list": _compare_cross_list,
    "create-spot-check": _create_spot_check,
    "preview-policy-change": _preview_policy_change,
    "record-spot-check-visit": _record_visit,
}


def test_every_post_takes_an_idempotency_key() -> None:
    app = create_app(Settings())
    posts = [r for r in api_routes(app) if "POST" in (r.methods or ())]
    covered = {
        "/v1/verifications",
        "/v1/verifications/{verification_id}/retry",
        "/v1/households",
        "/v1/households/{household_id}/end",
        "/v1/batches",
        "/v1/batches/{batch_id}/cancel",
        "/v1/clients",
        "/v1/clients/{client_id}/rotate",
        "/v1/clients/{client_id}/revoke",
        "/v1/issuers/{code}/keys",
        "/v1/issuers/{code}/keys/{kid}/revoke",
        "/v1/audit/checkpoints",
        "/v1/webhooks/endpoints",
        "/v1/webhooks/endpoints/{endpoint_id}/rotate-secret",
        "/v1/webhooks/endpoints/{endpoint_id}/deliveries/{delivery_id}/redeliver",
        "/v1/verifications/{verification_id}/appeals",
        "/v1/appeals/{appeal_id}/decision",
        "/v1/integrity-entries",
        "/v1/integrity-entries/{entry_id}/notice",
        "/v1/integrity-entries/{entry_id}/explanation",
        "/v1/integrity-entries/{entry_id}/confirm",
        "/v1/integrity-entries/{entry_id}/dismiss",
        "/v1/integrity-entries/{entry_id}/withdraw",
        "/v1/authorizations/{authorization_id}/revocation",
        "/v1/authorizations/{authorization_id}/family-links",
        "/v1/cross-lists",
        "/v1/cross-lists/{list_id}/comparisons",
        "/v1/spot-checks",
        "/v1/spot-checks/{spot_check_id}/visits",
        "/v1/policies/what-if",
    }
    assert {r.path for r in posts} == covered, "a new POST: add it to POSTS above"
    document = app.openapi()
    for route in posts:
        assert any(is_idempotent(d.call) for d in route.dependant.dependencies), route.path
        operation = document["paths"][route.path]["post"]
        assert "Idempotency-Key" in {p["name"] for p in operation["parameters"]}
        assert {"400", "409", "422"} <= set(operation["responses"])
        success = next(v for k, v in operation["responses"].items() if k.startswith("2"))
        assert "Idempotency-Replayed" in success["headers"], route.path


@pytest.mark.parametrize("name", list(POSTS))
async def test_a_retry_after_a_lost_response_gets_the_first_answer(api, name: str) -> None:
    post = await POSTS[name](api)
    key, auth = _key(name), api.auth(post.token)

    first = await api.http.post(post.path, json=post.body, headers={**auth, **key})
    assert first.status_code == post.status, first.text
    assert "idempotency-replayed" not in first.headers

    retry = await api.http.post(post.path, json=post.body, headers={**auth, **key})
    assert retry.status_code == post.status
    assert retry.headers["idempotency-replayed"] == "true"
    assert retry.headers["content-type"] == first.headers["content-type"]
    assert retry.content == first.content
    # the work was not done again: the retry recorded its replay and nothing else
    (replay,) = await entries_of(api, retry.headers["x-request-id"])
    assert replay["action"] == "idempotent_replay"
    assert replay["status"] == post.status
    assert replay["path"] == post.path
    assert replay["first_request_id"] == first.headers["x-request-id"]
    for field, value in post.replay_names.items():
        assert replay[field] == value, field
    if post.names_id:
        assert replay[post.names_id] == first.json()["id"]

    other = await api.http.post(post.path, json=post.other, headers={**auth, **key})
    assert other.status_code == 422, other.text
    assert other.json()["code"] == "idempotency-key-reused"
    (refusal,) = await entries_of(api, other.headers["x-request-id"])
    assert refusal["code"] == "idempotency-key-reused"


# ---------------------------------------------------------------------------- effects


async def test_a_replayed_enrolment_enrols_once(api) -> None:
    verification, key = await _eligible(api), _key("enrol-once")
    body = {"verification_id": verification, "category": "stable"}
    first = await api.http.post("/v1/households", json=body, headers={**api.auth(), **key})
    again = await api.http.post("/v1/households", json=body, headers={**api.auth(), **key})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["id"] == first.json()["id"]
    assert (
        await _count(
            api, EnrolledHousehold, EnrolledHousehold.verification_id == uuid.UUID(verification)
        )
        == 1
    )


async def test_a_replayed_batch_is_created_once(api) -> None:
    (household,) = await _households(api, 1)
    body, key = {"household_ids": [str(household)]}, _key("batch-once")
    first = await api.http.post("/v1/batches", json=body, headers={**api.auth(), **key})
    batches = await _count(api, Batch)
    again = await api.http.post("/v1/batches", json=body, headers={**api.auth(), **key})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()  # the first answer, not today's progress
    assert await _count(api, Batch) == batches


async def test_a_created_client_token_is_replayed_sealed_and_works(api) -> None:
    admin, admin_token = await new_client(api.runtime, Role.ADMIN, name="token admin")
    key = _key("client-token")
    body = {"name": "乡镇 case system", "role": "case_system", "region_prefixes": ["450102"]}
    headers = {**api.auth(admin_token), **key}
    first = await api.http.post("/v1/clients", json=body, headers=headers)
    clients = await _count(api, ApiClient)
    again = await api.http.post("/v1/clients", json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    token = first.json()["token"]
    assert again.json()["token"] == token
    assert again.headers["cache-control"] == "no-store"
    assert await _count(api, ApiClient) == clients, "the replay created a second client"
    assert (await api.http.get("/v1/policies", headers=api.auth(token))).status_code == 200
    await api.drain()
    async with api.sessions() as session:
        stored = stored_key(api.runtime.keyring, client_id=admin.id, key=key["Idempotency-Key"])
        row = await session.get(IdempotencyRecord, (admin.id, stored.stored))
        audit = "\n".join((await session.execute(select(AuditEvent.body))).scalars())
    assert row is not None and row.response_enc is not None
    assert token not in row.response_enc  # encrypted at rest, as reports are
    assert token not in audit


async def test_a_replayed_rotation_rotates_once(api) -> None:
    target, old = await new_client(api.runtime, Role.AUDITOR, name="rotate once")
    _, admin_token = await new_client(api.runtime, Role.ADMIN, name="rotation admin")
    path, headers = f"/v1/clients/{target.id}/rotate", {**api.auth(admin_token), **_key("rot")}
    first = await api.http.post(path, headers=headers)
    again = await api.http.post(path, headers=headers)
    assert (first.status_code, again.status_code) == (200, 200)
    token = first.json()["token"]
    assert again.json()["token"] == token
    audit_read = await api.http.get("/v1/audit/checkpoint", headers=api.auth(token))
    assert audit_read.status_code != 401, "the replay rotated the token again"
    assert (await api.http.get("/v1/policies", headers=api.auth(old))).status_code == 401


# ---------------------------------------------------------------------------- 409s name the id


async def test_already_enrolled_names_the_household(api) -> None:
    verification = await _eligible(api)
    body = {"verification_id": verification, "category": "stable"}
    first = await api.http.post("/v1/households", json=body, headers=api.auth())
    assert first.status_code == 201
    # the first response was lost and the retry carried no key
    again = await api.http.post("/v1/households", json=body, headers=api.auth())
    assert again.status_code == 409
    problem = again.json()
    assert problem["code"] == "already-enrolled"
    assert problem["household_id"] == first.json()["id"]
    found = await api.http.get(f"/v1/households/{problem['household_id']}", headers=api.auth())
    assert found.status_code == 200


async def test_an_enrolment_that_loses_the_race_names_the_winner(
    api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two enrolments of one verification at once: the check of each saw none, the
    database's unique constraint refuses the second — which still names the first."""
    verification = await _eligible(api)
    body = {"verification_id": verification, "category": "stable"}
    first = await api.http.post("/v1/households", json=body, headers=api.auth())
    real = repository.enrolled_from
    checks: list[uuid.UUID] = []

    async def not_yet(session, verification_id: uuid.UUID) -> uuid.UUID | None:
        checks.append(verification_id)
        return None if len(checks) == 1 else await real(session, verification_id)

    async def no_holders(session, people) -> list:  # nor did the check of its people
        return []

    monkeypatch.setattr(repository, "enrolled_from", not_yet)
    monkeypatch.setattr(repository, "holders", no_holders)
    again = await api.http.post("/v1/households", json=body, headers=api.auth())
    assert len(checks) == 2
    assert again.status_code == 409, again.text
    assert again.json()["code"] == "already-enrolled"
    assert again.json()["household_id"] == first.json()["id"]


async def test_households_queued_names_the_batches_they_wait_in(api) -> None:
    waiting, free = await _households(api, 2)
    held = await _held_item(api, waiting)
    refused = await api.http.post(
        "/v1/batches", json={"household_ids": [str(free), str(waiting)]}, headers=api.auth()
    )
    assert refused.status_code == 409
    problem = refused.json()
    assert problem["code"] == "households-queued"
    assert problem["household_ids"] == [str(waiting)]
    assert problem["batch_ids"] == [str(held)]
    assert (await api.http.get(f"/v1/batches/{held}", headers=api.auth())).status_code == 200


async def test_households_ended_and_household_ended_name_the_households(api) -> None:
    household = await _enrolled(api)
    ended = await api.http.post(
        f"/v1/households/{household}/end", json={"reason": "迁出"}, headers=api.auth()
    )
    assert ended.status_code == 200
    batch = await api.http.post(
        "/v1/batches", json={"household_ids": [household]}, headers=api.auth()
    )
    assert batch.status_code == 409
    assert batch.json()["household_ids"] == [household]
    patch = await api.http.patch(
        f"/v1/households/{household}", json={"category": "variable"}, headers=api.auth()
    )
    assert patch.status_code == 409
    assert patch.json()["household_id"] == household


async def test_batch_finished_names_the_batch(api) -> None:
    (household,) = await _households(api, 1)
    batch = await _held_item(api, household)
    assert (await api.http.post(f"/v1/batches/{batch}/cancel", headers=api.auth())).is_success
    async with api.runtime.transaction() as session:  # cancelled, and its item since ended
        row = await session.get(Batch, batch)
        assert row is not None
        row.cancelled_at = None
    late = await api.http.post(f"/v1/batches/{batch}/cancel", headers=api.auth())
    assert late.status_code == 409
    assert late.json()["code"] == "batch-finished"
    assert late.json()["batch_id"] == str(batch)


async def test_a_key_registered_under_another_kid_names_that_kid(api) -> None:
    headers = api.auth(await _admin(api))
    pair, kid = IssuerKeyPair.generate(KEY_ISSUER, utcnow()), f"k-{uuid.uuid4().hex[:8]}"
    body = {"kid": kid, "jwk": _jwk(pair), "issuer_name": "测试民政局"}
    path = f"/v1/issuers/{KEY_ISSUER}/keys"
    assert (await api.http.post(path, json=body, headers=headers)).status_code == 201
    same_key = await api.http.post(path, json={**body, "kid": kid + "-2"}, headers=headers)
    assert same_key.status_code == 409
    assert (same_key.json()["code"], same_key.json()["kid"]) == ("key-already-registered", kid)
    same_kid = await api.http.post(path, json=body, headers=headers)
    assert same_kid.status_code == 409
    assert same_kid.json()["code"] == "duplicate-kid"
    assert (same_kid.json()["kid"], same_kid.json()["issuer"]) == (kid, KEY_ISSUER)
