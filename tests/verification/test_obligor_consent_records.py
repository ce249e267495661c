"""Support obligors' consents are recorded in ``authorizations`` as the household's
authorization is (their own ``authorization_id`` and content hash): a consent id used again
with other content is refused (``409 authorization-replayed``), audited, nothing stored."""

from __future__ import annotations

import base64
import json
from typing import Any

from sqlalchemy import func, select

from tests.verification.helpers import entry_of, household_payload, obligor_consent, supported
from verification.audit.models import AuditEvent
from verification.authorization.models import AuthorizationRecord
from verification.verifications.models import (
    ObligorSourceQuery,
    SourceQuery,
    Verification,
    VerificationMember,
    VerificationObligor,
)

STORED = (
    Verification,
    VerificationMember,
    SourceQuery,
    AuthorizationRecord,
    VerificationObligor,
    ObligorSourceQuery,
)


def _daughter() -> dict[str, Any]:
    person = supported("elderly_supported").obligors[0].person
    return {"id_number": person.id_number, "name": person.name, "relation": "adult_child"}


async def _counts(api: Any) -> dict[str, int]:
    await api.drain()
    async with api.sessions() as session:
        counts = {
            model.__tablename__: await session.scalar(select(func.count()).select_from(model))
            for model in STORED
        }
        counts["audit"] = await session.scalar(select(func.count()).select_from(AuditEvent))
    return counts


def _claims(jws: str) -> dict[str, Any]:
    payload = jws.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


async def _verify(api: Any, consent_overrides: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    household = household_payload(api, supported("elderly_supported"))
    body: dict[str, Any] = {
        "authorization": api.issuer_key.sign(household),
        "obligors": [
            {
                "authorization": obligor_consent(
                    api, household["authorization_id"], _daughter(), **consent_overrides
                ),
                "household_size": 3,
            }
        ],
    }
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    return response, {**household, "consent": _claims(body["obligors"][0]["authorization"])}


async def test_an_obligors_consent_is_recorded_by_its_own_id_and_content(api) -> None:
    response, household = await _verify(api, {"authorization_id": "obligor-consent-0001"})
    assert response.status_code == 201, response.text
    async with api.sessions() as session:
        consent = await session.get(AuthorizationRecord, "obligor-consent-0001")
        own = await session.get(AuthorizationRecord, household["authorization_id"])
    assert consent is not None and own is not None
    assert consent.purpose == "obligor_consent"
    assert consent.member_count == 1
    assert consent.region_code == household["region_code"] == own.region_code
    assert consent.issuer_code == api.issuer_key.issuer
    assert consent.scopes == household["consent"]["scopes"]
    assert consent.expires_at.timestamp() == household["consent"]["exp"]
    assert len(consent.content_hash) == 64 and consent.content_hash != own.content_hash
    # no personal data in the record
    names = [c.key for c in AuthorizationRecord.__mapper__.column_attrs]
    row = json.dumps({name: str(getattr(consent, name)) for name in names})
    daughter = _daughter()
    assert daughter["id_number"] not in row and daughter["name"] not in row


async def test_a_consent_id_used_again_with_other_content_is_refused(api) -> None:
    first, _ = await _verify(api, {"authorization_id": "obligor-consent-0002"})
    assert first.status_code == 201, first.text
    before = await _counts(api)
    # the same consent id for another household's authorization: other content
    again, household = await _verify(api, {"authorization_id": "obligor-consent-0002"})
    assert again.status_code == 409, again.text
    problem = again.json()
    assert problem["code"] == "authorization-replayed"
    assert problem["type"].endswith("/authorization-replayed")
    assert problem["obligor_index"] == 0
    after = await _counts(api)
    assert after == {**before, "audit": before["audit"] + 1}  # nothing stored, audited
    event = await entry_of(api, problem["request_id"])
    assert event["action"] == "authorization_refused"
    assert event["code"] == "authorization-replayed"
    assert event["obligor_index"] == 0
    assert event["consent_id"] == "obligor-consent-0002"
    assert event["authorization_id"] == household["authorization_id"]
    daughter = _daughter()
    text = json.dumps(event, ensure_ascii=False) + again.text
    assert daughter["id_number"] not in text and daughter["name"] not in text


async def test_a_consent_may_not_reuse_the_households_authorization_id(api) -> None:
    household = household_payload(api, supported("elderly_supported"))
    before = await _counts(api)
    body = {
        "authorization": api.issuer_key.sign(household),
        "obligors": [
            {
                "authorization": obligor_consent(
                    api,
                    household["authorization_id"],
                    _daughter(),
                    authorization_id=household["authorization_id"],
                )
            }
        ],
    }
    response = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert response.status_code == 409, response.text
    assert response.json()["code"] == "authorization-replayed"
    assert response.json()["obligor_index"] == 0
    after = await _counts(api)
    assert after == {**before, "audit": before["audit"] + 1}


async def test_the_same_signed_consent_may_be_sent_again(api) -> None:
    household = household_payload(api, supported("elderly_supported"))
    consent = obligor_consent(
        api, household["authorization_id"], _daughter(), authorization_id="obligor-consent-0003"
    )
    body = {
        "authorization": api.issuer_key.sign(household),
        "obligors": [{"authorization": consent, "household_size": 3}],
    }
    first = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert first.status_code == 201, first.text
    again = await api.http.post("/v1/verifications", json=body, headers=api.auth())
    assert again.status_code == 201, again.text  # e.g. after a lost response
    assert again.json()["id"] != first.json()["id"]
    async with api.sessions() as session:
        recorded = await session.scalar(
            select(func.count())
            .select_from(AuthorizationRecord)
            .where(AuthorizationRecord.authorization_id == "obligor-consent-0003")
        )
    assert recorded == 1
