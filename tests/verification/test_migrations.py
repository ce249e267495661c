"""`alembic upgrade head` on an empty database yields exactly the models (SQLite or PostgreSQL)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, select

from tests.conftest import fresh_database
from verification.appeals.models import Appeal
from verification.audit import merkle
from verification.audit.log import HEAD_ID, append_events, integrate_pending
from verification.audit.models import AuditHead
from verification.authorization.models import AuthorizationRecord, Issuer, IssuerKey
from verification.batches.models import Batch, BatchItem
from verification.cli import alembic_config, migrate_database
from verification.clients.models import ApiClient
from verification.db import (
    create_engine,
    create_session_factory,
    import_models,
    is_own_table,
    table,
)
from verification.households.end import end_household
from verification.households.models import EnrolledHousehold
from verification.households.schemas import EndHousehold
from verification.people.models import ActiveHouseholdMember
from verification.runtime import Runtime
from verification.settings import Settings
from verification.verifications.models import Verification, VerificationMember


async def _differences(url: str) -> list[Any]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(
                        sync, opts={"compare_type": True, "include_name": is_own_table}
                    ),
                    import_models(),
                )
            )
    finally:
        await engine.dispose()


def test_migrations_match_models(tmp_path: Path) -> None:
    with fresh_database(tmp_path) as url:
        migrate_database(Settings(database_url=url, data_dir=tmp_path))
        assert asyncio.run(_differences(url)) == []


async def _append_and_read_head(url: str, count: int) -> tuple[int, str, bytes]:
    engine = create_engine(url)
    try:
        sessions = create_session_factory(engine)
        if count:
            async with sessions() as session, session.begin():
                await append_events(session, [{"action": "m", "n": i} for i in range(count)])
            async with sessions() as session, session.begin():
                assert (await integrate_pending(session)).count == count
        async with sessions() as session:
            head = await session.get(AuditHead, HEAD_ID)
            assert head is not None
            return head.size, head.chain_hash, bytes(head.compact_range)
    finally:
        await engine.dispose()


def test_the_audit_head_migration_builds_the_head_of_a_stored_log(tmp_path: Path) -> None:
    """0006 on a database that already has a log: the head it builds is the one the
    appends had kept, and appends go on from it."""
    with fresh_database(tmp_path) as url:
        settings = Settings(database_url=url, data_dir=tmp_path)
        migrate_database(settings)
        kept = asyncio.run(_append_and_read_head(url, 13))
        command.downgrade(alembic_config(settings), "0005")
        command.upgrade(alembic_config(settings), "head")
        built = asyncio.run(_append_and_read_head(url, 0))
        assert built == kept
        assert built[0] == 13 and len(built[2]) == 32 * len(merkle.root_nodes(13))
        size, _, _ = asyncio.run(_append_and_read_head(url, 4))
        assert size == 17


# households enrolled before 0007_households: (name, people, enrolled on, status)
_LEGACY = [
    ("dropped", "PS", dt.date(2024, 12, 1), "ended"),
    ("first", "PQ", dt.date(2025, 1, 1), "active"),
    ("second", "PR", dt.date(2025, 2, 1), "active"),
    ("third", "P", dt.date(2025, 3, 1), "active"),
    ("alone", "T", dt.date(2025, 4, 1), "active"),
]


def _as_of_0006(model: type) -> sa.TableClause:
    """A model's table without the columns later migrations added (``demo``: 0009)."""
    columns = [sa.column(c.name, c.type) for c in model.__table__.columns if c.name != "demo"]
    return sa.table(model.__tablename__, *columns)


async def _seed_client(session: Any, client_id: uuid.UUID, name: str, now: dt.datetime) -> None:
    """A case system's row (its token hash random: never used)."""
    await session.execute(
        insert(table(ApiClient)).values(
            id=client_id,
            name=name,
            role="case_system",
            token_hash=uuid.uuid4().hex * 2,
            issuers=[],
            region_prefixes=[],
            created_at=now,
        )
    )


async def _seed_verification(
    session: Any,
    vid: uuid.UUID,
    client_id: uuid.UUID,
    authorization_id: str,
    *,
    as_of: dt.date,
    members: int,
    now: dt.datetime,
) -> None:
    """A completed verification's row under an authorization of its own (no report)."""
    await session.execute(
        insert(table(AuthorizationRecord)).values(
            authorization_id=authorization_id,
            content_hash="0" * 64,
            issuer_code="450102001",
            kid="seeded",
            purpose="dibao_application",
            region_code="450102",
            scopes=["hukou"],
            member_count=members,
            not_before=now,
            expires_at=now,
        )
    )
    await session.execute(
        insert(table(Verification)).values(
            id=vid,
            client_id=client_id,
            authorization_id=authorization_id,
            purpose="dibao_application",
            region_code="450102",
            area="rural",
            status="completed",
            outcome="eligible",
            policy_id="gx",
            policy_version="1",
            as_of=as_of,
        )
    )


async def _seed_legacy_households(url: str) -> tuple[uuid.UUID, dict[str, uuid.UUID]]:
    """Households as enrolments before 0007 could leave them: several active ones with the
    same person ``P`` (people are one-letter stand-ins for blind indexes)."""
    engine = create_engine(url)
    now = dt.datetime.now(dt.UTC)
    client_id, ids = uuid.uuid4(), {}
    try:
        async with create_session_factory(engine)() as session, session.begin():
            await session.execute(
                insert(_as_of_0006(ApiClient)).values(
                    id=client_id,
                    name="legacy",
                    role="case_system",
                    token_hash="0" * 64,
                    issuers=[],
                    region_prefixes=[],
                    created_at=now,
                )
            )
            for name, people, enrolled_on, status in _LEGACY:
                vid, ids[name] = uuid.uuid4(), uuid.uuid4()
                await _seed_verification(
                    session,
                    vid,
                    client_id,
                    f"legacy-{name}",
                    as_of=enrolled_on,
                    members=len(people),
                    now=now,
                )
                await session.execute(
                    insert(table(VerificationMember)),
                    [
                        {
                            "verification_id": vid,
                            "member_index": index,
                            "person_index": person * 64,
                            "id_number_masked": "450102********0000",
                            "id_number_enc": "-",
                            "name_enc": "-",
                            "relation": "self",
                        }
                        for index, person in enumerate(people)
                    ],
                )
                await session.execute(
                    insert(table(EnrolledHousehold)).values(
                        id=ids[name],
                        client_id=client_id,
                        verification_id=vid,
                        authorization_id=f"legacy-{name}",
                        region_code="450102",
                        area="rural",
                        category="stable",
                        monthly_allowance=Decimal("324.99"),
                        status=status,
                        enrolled_on=enrolled_on,
                        last_reviewed_on=enrolled_on,
                        next_review_on=enrolled_on,
                        last_verification_id=vid,
                    )
                )
    finally:
        await engine.dispose()
    return client_id, ids


async def _holders(url: str) -> dict[str, uuid.UUID]:
    engine = create_engine(url)
    try:
        async with create_session_factory(engine)() as session:
            rows = await session.execute(
                select(ActiveHouseholdMember.person_index, ActiveHouseholdMember.household_id)
            )
            return {person[0]: household for person, household in rows}
    finally:
        await engine.dispose()


async def _end(settings: Settings, client_id: uuid.UUID, household_id: uuid.UUID) -> None:
    runtime = Runtime.build(settings)
    try:
        async with runtime.read_session_factory() as session:
            client = await session.get(ApiClient, client_id)
        assert client is not None
        await end_household(runtime, client, household_id, EndHousehold(reason="duplicate"), "test")
        await runtime.drain()  # a downgrade refuses while audit entries are pending
    finally:
        await runtime.aclose()


def test_the_households_migration_keeps_legacy_duplicates_and_holds_each_person_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """0007_households on households that already share a person: none is ended, the
    earliest enrolled active one holds the person, and ending it hands the person on."""
    with fresh_database(tmp_path) as url:
        settings = Settings(database_url=url, data_dir=tmp_path)
        command.upgrade(alembic_config(settings), "0006")
        client_id, ids = asyncio.run(_seed_legacy_households(url))
        with caplog.at_level(logging.WARNING, logger="alembic.runtime.migration"):
            command.upgrade(alembic_config(settings), "head")
        assert "2 active household(s) share a person" in caplog.text
        assert asyncio.run(_holders(url)) == {
            "P": ids["first"],
            "Q": ids["first"],
            "R": ids["second"],
            "T": ids["alone"],
        }
        asyncio.run(_end(settings, client_id, ids["first"]))
        assert asyncio.run(_holders(url)) == {
            "P": ids["second"],
            "R": ids["second"],
            "T": ids["alone"],
        }
        asyncio.run(_end(settings, client_id, ids["second"]))
        assert asyncio.run(_holders(url)) == {"P": ids["third"], "T": ids["alone"]}
        command.downgrade(alembic_config(settings), "0006")  # and back
        command.upgrade(alembic_config(settings), "head")
        assert asyncio.run(_holders(url)) == {"P": ids["third"], "T": ids["alone"]}


async def _seed_two_open_appeals(url: str) -> tuple[uuid.UUID, uuid.UUID]:
    """A verification with two open appeals, as filings at once could leave it before
    0031: the verification's id and the later appeal's."""
    engine = create_engine(url)
    now = dt.datetime.now(dt.UTC)
    client_id, vid, appeals = uuid.uuid4(), uuid.uuid4(), [uuid.uuid4(), uuid.uuid4()]
    try:
        async with create_session_factory(engine)() as session, session.begin():
            await _seed_client(session, client_id, "racing", now)
            await _seed_verification(
                session, vid, client_id, "racing", as_of=now.date(), members=1, now=now
            )
            await session.execute(
                insert(table(Appeal)),
                [
                    {
                        "id": appeal_id,
                        "verification_id": vid,
                        "client_id": client_id,
                        "region_code": "450102",
                        "report_revision": 0,
                        "status": "filed",
                        "filed_at": now,
                        "filed_on": now.date(),
                        "filing_due_on": now.date(),
                        "decision_due_on": now.date(),
                        "decision_due_provisional": False,
                        "decision_working_days": 10,
                        "disputed": {"scopes": ["bank"]},
                        "requery_scopes": [],
                    }
                    for appeal_id in appeals
                ],
            )
    finally:
        await engine.dispose()
    return vid, appeals[1]


async def _update(url: str, model: Any, where: Any, **values: Any) -> None:
    """``UPDATE`` the rows of ``model``'s table matching ``where`` (a column of that table
    compared) to ``values``, as an operator's fix between two upgrades would."""
    engine = create_engine(url)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            await session.execute(sa.update(table(model)).where(where).values(**values))
    finally:
        await engine.dispose()


async def _decide(url: str, appeal_id: uuid.UUID) -> None:
    await _update(
        url, Appeal, table(Appeal).c.id == appeal_id, status="decided", decision="rejected"
    )


def test_the_one_open_appeal_migration_names_the_verifications_it_cannot_take(
    tmp_path: Path,
) -> None:
    """0030's unique index cannot hold two open appeals of one verification: the upgrade
    stops, naming the verification, and goes through once all but one are decided."""
    with fresh_database(tmp_path) as url:
        settings = Settings(database_url=url, data_dir=tmp_path)
        command.upgrade(alembic_config(settings), "0029_report_revisions")
        vid, later = asyncio.run(_seed_two_open_appeals(url))
        with pytest.raises(RuntimeError, match=f"more than one open appeal \\({vid}\\)"):
            command.upgrade(alembic_config(settings), "head")
        asyncio.run(_decide(url, later))
        command.upgrade(alembic_config(settings), "head")


async def _seed_household_queued_twice(url: str) -> tuple[uuid.UUID, list[int]]:
    """A household with a pending item in each of two batches, as batches made at once
    could leave it before 0031: the household and its items' ids, oldest first."""
    engine = create_engine(url)
    now = dt.datetime.now(dt.UTC)
    client_id, vid, household = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    try:
        async with create_session_factory(engine)() as session, session.begin():
            await _seed_client(session, client_id, "queued twice", now)
            await _seed_verification(
                session, vid, client_id, "queued-twice", as_of=now.date(), members=1, now=now
            )
            await session.execute(
                insert(table(EnrolledHousehold)).values(
                    id=household,
                    client_id=client_id,
                    verification_id=vid,
                    authorization_id="queued-twice",
                    region_code="450102",
                    area="rural",
                    category="stable",
                    monthly_allowance=Decimal("324.99"),
                    status="active",
                    enrolled_on=now.date(),
                    last_reviewed_on=now.date(),
                    next_review_on=now.date(),
                    last_verification_id=vid,
                )
            )
            items = []
            for _ in range(2):
                batch_id = uuid.uuid4()
                await session.execute(
                    insert(table(Batch)).values(
                        id=batch_id,
                        client_id=client_id,
                        selection="households",
                        total=1,
                        created_at=now,
                        created_by="test",
                    )
                )
                item = await session.execute(
                    insert(table(BatchItem))
                    .values(batch_id=batch_id, household_id=household, state="pending")
                    .returning(table(BatchItem).c.id)
                )
                items.append(int(item.scalar_one()))
    finally:
        await engine.dispose()
    return household, items


async def _states(url: str, items: list[int]) -> list[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(table(BatchItem).c.state)
                .where(table(BatchItem).c.id.in_(items))
                .order_by(table(BatchItem).c.id)
            )
            return list(rows.scalars())
    finally:
        await engine.dispose()


def test_the_one_pending_item_migration_keeps_a_household_s_earliest_item(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """0031 on a household queued in two batches: its earliest pending item stays, the
    later one is cancelled (the household is reviewed once), and a warning says so."""
    with fresh_database(tmp_path) as url:
        settings = Settings(database_url=url, data_dir=tmp_path)
        command.upgrade(alembic_config(settings), "0030_one_open_appeal")
        _household, items = asyncio.run(_seed_household_queued_twice(url))
        with caplog.at_level(logging.WARNING, logger="alembic.runtime.migration"):
            command.upgrade(alembic_config(settings), "head")
        assert "1 batch item(s) queued a household a second time" in caplog.text
        assert asyncio.run(_states(url, items)) == ["pending", "cancelled"]


async def _seed_one_key_under_two_kids(url: str) -> None:
    """One public key registered under kids ``doubled-a`` and ``doubled-b``, as two
    registrations at once could leave it before 0032."""
    engine = create_engine(url)
    now = dt.datetime.now(dt.UTC)
    public = '{"crv": "Ed25519", "kty": "OKP", "x": "doubled"}'
    try:
        async with create_session_factory(engine)() as session, session.begin():
            await session.execute(
                insert(table(Issuer)).values(code="450102999", name="某街道", created_at=now)
            )
            for kid in ("doubled-a", "doubled-b"):
                await session.execute(
                    insert(table(IssuerKey)).values(
                        kid=kid, issuer_code="450102999", public_jwk=public, created_at=now
                    )
                )
    finally:
        await engine.dispose()


async def _revoke(url: str, kid: str) -> None:
    await _update(
        url,
        IssuerKey,
        table(IssuerKey).c.kid == kid,
        revoked_at=dt.datetime.now(dt.UTC),
        revoked_reason="doubled",
    )


def test_the_one_kid_a_key_migration_names_the_kids_it_cannot_take(tmp_path: Path) -> None:
    """0032's unique index cannot hold one public key under two kids in use: the upgrade
    stops, naming the kids, and goes through once one of them is revoked (the revoked one
    stays registered: the index holds the keys in use only)."""
    with fresh_database(tmp_path) as url:
        settings = Settings(database_url=url, data_dir=tmp_path)
        command.upgrade(alembic_config(settings), "0031_one_pending_item")
        asyncio.run(_seed_one_key_under_two_kids(url))
        with pytest.raises(
            RuntimeError, match="more than one kid in use \\(doubled-a, doubled-b\\)"
        ):
            command.upgrade(alembic_config(settings), "head")
        asyncio.run(_revoke(url, "doubled-b"))
        command.upgrade(alembic_config(settings), "head")
