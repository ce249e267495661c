"""Appeals and the household's consent: an upheld appeal's re-query is a use of the
authorization (its consent-use record lists it), and a withdrawn authorization is never
used again by an appeal (``authorization-revoked``), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from tests.verification.appeals.test_appeals_api import _file, _key, _verified
from tests.verification.helpers import business_today


async def _upheld(api: Any, appeal_id: str) -> Any:
    return await api.http.post(
        f"/v1/appeals/{appeal_id}/decision",
        json={"decision": "upheld", "reason_codes": ["requery_changed_answer"]},
        headers={**api.auth(), **_key()},
    )


async def _uses(api: Any, authorization_id: str) -> list[dict[str, Any]]:
    answer = await api.http.get(f"/v1/authorizations/{authorization_id}/uses", headers=api.auth())
    assert answer.status_code == 200, answer.text
    uses: list[dict[str, Any]] = answer.json()["uses"]
    return uses


async def test_an_upheld_appeals_requery_is_a_use_of_the_authorization(api) -> None:
    report = await _verified(api, bank_down=True)
    appeal = (
        await _file(
            api, report["id"], {"disputed": {"scopes": ["bank"]}, "requery_scopes": ["bank"]}
        )
    ).json()
    decided = await _upheld(api, appeal["id"])
    assert decided.status_code == 200, decided.text
    uses = await _uses(api, report["authorization_id"])
    assert [u["purpose"] for u in uses] == ["first_verification", "appeal_requery"]
    requery = uses[-1]
    assert requery["purpose_text"] == "复议重新查询"
    assert [(a["scope"], a["outcome"]) for a in requery["agencies"]] == [("bank", "answered")]


async def test_an_appeal_is_not_decided_on_a_withdrawn_authorization(api) -> None:
    report = await _verified(api, bank_down=True)
    appeal = (
        await _file(
            api, report["id"], {"disputed": {"scopes": ["bank"]}, "requery_scopes": ["bank"]}
        )
    ).json()
    revoked = await api.http.post(
        f"/v1/authorizations/{report['authorization_id']}/revocation",
        json={"reason": "household_withdrew", "withdrawn_on": business_today().isoformat()},
        headers={**api.auth(), "Idempotency-Key": str(uuid.uuid4())},
    )
    assert revoked.status_code == 200, revoked.text
    refused = await _upheld(api, appeal["id"])
    assert refused.status_code == 422 and refused.json()["code"] == "authorization-revoked"
    # nothing was decided, no revision was made, and no agency was asked
    still = (await api.http.get(f"/v1/appeals/{appeal['id']}", headers=api.auth())).json()
    assert still["status"] == "filed" and still["decision"] is None
    current = (await api.http.get(f"/v1/verifications/{report['id']}", headers=api.auth())).json()
    assert current["revision"] == 0
    assert [u["purpose"] for u in await _uses(api, report["authorization_id"])] == [
        "first_verification"
    ]
    assert dt.date.fromisoformat(still["filed_on"]) <= business_today()
