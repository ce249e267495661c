"""POST /v1/verifications/{id}/retry re-queries only the failed sources and re-assesses."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select

from connectors.sdk.discovery import installed_sources
from tests.verification.helpers import BankDown, Counting, integrated_report, scenario_body
from verification.audit.models import AuditEvent
from verification.verifications.models import SourceQuery

Down = BankDown  # the bank does not answer; counts the queries


async def test_retry_requeries_only_failed_sources(api) -> None:
    real = dict(api.runtime.connectors)
    down = Down()
    api.runtime.connectors["bank"] = down
    try:
        first = await api.http.post(
            "/v1/verifications", json=scenario_body(api.issuer_key, "eligible"), headers=api.auth()
        )
    finally:
        api.runtime.connectors.update(real)
    report = first.json()
    assert first.status_code == 201 and down.calls == 3
    first_seq = (await integrated_report(api, report))["audit"]["seq"]
    assert report["outcome"] == "review_required" and report["revision"] == 0
    assert {s["status"] for s in report["sources"] if s["scope"] == "bank"} == {"unavailable"}
    assert report["suggested_allowance_monthly"] is None  # review_required: does not apply
    bank = next(s for s in report["sources"] if s["scope"] == "bank")
    assert (bank["reason_code"], bank["reason"]) == (
        "source.gave_up",
        "尝试 3 次均未成功（最后一次：状态码 503）",
    )
    kept = {
        (s["member_index"], s["scope"]): s for s in report["sources"] if s["status"] == "not_found"
    }
    assert kept and all(s["reason_code"] == "source.no_record" for s in kept.values())

    counters = {scope: Counting(connector) for scope, connector in real.items()}
    api.runtime.connectors.update(counters)
    try:
        retried = await api.http.post(f"/v1/verifications/{report['id']}/retry", headers=api.auth())
    finally:
        api.runtime.connectors.update(real)
    assert retried.status_code == 200, retried.text
    again = retried.json()
    assert {scope: c.calls for scope, c in counters.items() if c.calls} == {"bank": 3}
    assert again["revision"] == 1 and again["id"] == report["id"]
    assert again["outcome"] == "eligible"
    assert again["suggested_allowance_monthly"] == "424.99"  # 208.33 × 3 − (300 − 100)
    assert again["as_of"] == report["as_of"]
    assert {s["status"] for s in again["sources"] if s["scope"] == "bank"} <= {"ok", "not_found"}
    assert len(again["sources"]) == 3 * len(installed_sources().scopes)
    # the answers kept from revision 0 keep their reasons as codes (read back from the table)
    for source in again["sources"]:
        if (source["member_index"], source["scope"]) in kept:
            assert source == kept[(source["member_index"], source["scope"])]

    # its audit reference too, once integrated: revision 1's report_created
    stored = await integrated_report(api, again)
    assert {**stored, "audit": again["audit"]} == again
    assert again["audit"]["entry"] > report["audit"]["entry"]
    assert stored["audit"]["seq"] > first_seq

    async with api.sessions() as session:
        rows = (
            (
                await session.execute(
                    select(SourceQuery).where(
                        SourceQuery.verification_id == uuid.UUID(report["id"])
                    )
                )
            )
            .scalars()
            .all()
        )
        events = [
            json.loads(e.body)
            for e in (await session.execute(select(AuditEvent))).scalars().all()
            if report["id"] in e.body
        ]
    assert sorted((r.revision, r.scope) for r in rows if r.revision == 1) == [(1, "bank")] * 3
    assert sum(r.revision == 0 for r in rows) == 3 * len(installed_sources().scopes)
    actions = [e["action"] for e in events]
    assert actions.count("verification_retried") == 1
    assert actions.count("report_created") == 2
    assert {e["scope"] for e in events if e["action"] == "source_query" and e["revision"] == 1} == {
        "bank"
    }

    nothing = await api.http.post(f"/v1/verifications/{report['id']}/retry", headers=api.auth())
    assert nothing.status_code == 409 and nothing.json()["code"] == "nothing-to-retry"
    foreign = await api.http.post(
        f"/v1/verifications/{report['id']}/retry", headers=api.auth(api.other_token)
    )
    assert foreign.status_code == 404


async def test_retry_is_refused_once_the_signing_key_is_revoked(api) -> None:
    from tests.verification.helpers import scenario_payload
    from verification.authorization.issuer_keys import register_key, revoke_key
    from verification.authorization.signing import IssuerKeyPair
    from verification.db import utcnow

    pair = IssuerKeyPair.generate(api.issuer_key.issuer, utcnow())
    async with api.sessions() as session, session.begin():
        await register_key(
            session,
            issuer_code=pair.issuer,
            issuer_name="x",
            kid=pair.kid,
            jwk=pair.public_jwk,
            actor="test",
        )
    real = dict(api.runtime.connectors)
    api.runtime.connectors["bank"] = Down()
    try:
        first = await api.http.post(
            "/v1/verifications",
            json={"authorization": pair.sign(scenario_payload(pair, "single_disabled"))},
            headers=api.auth(),
        )
    finally:
        api.runtime.connectors.update(real)
    assert first.json()["outcome"] == "review_required"
    async with api.sessions() as session, session.begin():
        await revoke_key(session, pair.kid, reason="office closed", actor="test", now=utcnow())
    refused = await api.http.post(
        f"/v1/verifications/{first.json()['id']}/retry", headers=api.auth()
    )
    assert refused.status_code == 422 and refused.json()["code"] == "revoked-key"
