"""The audit chain: intact after real traffic, no personal data, immutable in the database."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from mock_sources.scenarios import HOUSEHOLDS
from tests.verification.helpers import scenario_body
from verification.audit.log import ChainCheck, append_events, check_chain
from verification.audit.models import AuditEvent, AuditNode
from verification.db import Base, create_engine, create_session_factory


async def test_a_verification_audits_every_source_query(api) -> None:
    response = await api.http.post(
        "/v1/verifications", json=scenario_body(api.issuer_key, "private_car"), headers=api.auth()
    )
    report = response.json()
    async with api.sessions() as session:
        rows = (
            (
                await session.execute(
                    select(AuditEvent)
                    .where(AuditEvent.seq <= report["audit"]["seq"])
                    .order_by(AuditEvent.seq.desc())
                    .limit(40)
                )
            )
            .scalars()
            .all()
        )
    events = [json.loads(r.body) for r in rows if report["id"] in r.body]
    actions = [e["action"] for e in events]
    # one event per request sent: 18 queries, the tax one of member 0 reads two pages
    assert actions.count("source_query") == sum(s["attempts"] for s in report["sources"]) == 19
    queried = {(e["person"], e["scope"]) for e in events if e["action"] == "source_query"}
    assert len(queried) == 18
    tax = sorted(
        (e["attempt"], e["outcome"])
        for e in events
        if e["action"] == "source_query" and e["scope"] == "tax" and e["attempt"] > 1
    )
    assert tax == [(2, "ok")]
    assert actions.count("authorization_accepted") == 1
    assert actions.count("report_created") == 1
    queries = [e for e in events if e["action"] == "source_query"]
    assert {(q["scope"], q["status"]) for q in queries} >= {("vehicle", "ok"), ("hukou", "ok")}
    assert all(
        len(q["person"]) == 64 and q["person_masked"].startswith("450102****") for q in queries
    )
    assert all(q["purpose"] == "dibao_application" and q["authorization_id"] for q in queries)


async def test_chain_verifies_and_holds_no_personal_data(api) -> None:
    for name in ("eligible", "deceased_member"):
        await api.http.post(
            "/v1/verifications", json=scenario_body(api.issuer_key, name), headers=api.auth()
        )
    async with api.sessions() as session:
        result = await check_chain(session)
        bodies = (await session.execute(select(AuditEvent.body))).scalars().all()
    assert result.first_bad_seq is None and result.size == len(bodies) > 0
    everything = "\n".join(bodies)
    for household in HOUSEHOLDS:
        for member in household.members:
            assert member.id_number not in everything
            assert member.name not in everything


async def test_database_refuses_update_and_delete(api) -> None:
    for statement in (
        "UPDATE audit_events SET action = 'x' WHERE seq = 1",
        "DELETE FROM audit_events WHERE seq = 1",
    ):
        async with api.sessions() as session:
            with pytest.raises(DBAPIError, match="append-only"):
                async with session.begin():
                    await session.execute(text(statement))
    async with api.sessions() as session:
        assert (await check_chain(session)).first_bad_seq is None


async def _chain_after_tampering(
    tmp_path, count: int, statement: str, params: dict[str, str] | None = None
) -> ChainCheck:
    """A scratch SQLite log without the triggers: append ``count`` events, tamper, check."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'scratch.db'}")
    try:
        async with engine.begin() as connection:
            await connection.run_sync(
                Base.metadata.create_all, tables=[AuditEvent.__table__, AuditNode.__table__]
            )
        sessions = create_session_factory(engine)
        async with sessions() as session, session.begin():
            await append_events(session, [{"action": "a", "n": i} for i in range(count)])
        async with sessions() as session, session.begin():
            await session.execute(text(statement), params or {})
        async with sessions() as session:
            return await check_chain(session)
    finally:
        await engine.dispose()


async def test_check_chain_names_a_tampered_row(tmp_path) -> None:
    result = await _chain_after_tampering(
        tmp_path,
        5,
        "UPDATE audit_events SET body = replace(body, :old, :new) WHERE seq = 3",
        {"old": '"n":2', "new": '"n":9'},
    )
    assert result.first_bad_seq == 3
    assert result.problem == "leaf hash does not match body"


async def test_check_chain_names_a_row_whose_body_is_not_an_object(tmp_path) -> None:
    result = await _chain_after_tampering(
        tmp_path, 3, "UPDATE audit_events SET body = '[2]' WHERE seq = 2"
    )
    assert result.first_bad_seq == 2
