"""The audit chain: intact after real traffic, no personal data, immutable in the database."""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from mock_sources.scenarios import HOUSEHOLDS
from tests.conftest import create_scratch_log, fresh_database
from tests.verification.audit.naive import NaiveTree
from tests.verification.helpers import integrated_report, scenario_body
from verification.audit import merkle
from verification.audit.log import (
    GENESIS,
    HEAD_ID,
    AuditLog,
    ChainCheck,
    MissingHeadError,
    append_events,
    check_chain,
    integrate_all,
    integrate_pending,
    unpack_range,
)
from verification.audit.models import AuditEvent, AuditHead, AuditNode, AuditPending
from verification.audit.tree import consistency_proof, inclusion_proof, tree_root
from verification.cli import migrate_database
from verification.db import Transactions, create_engine, create_session_factory, is_sqlite
from verification.kit.canonical_json import canonical_bytes
from verification.settings import Settings


async def test_a_verification_audits_every_source_query(api) -> None:
    response = await api.http.post(
        "/v1/verifications", json=scenario_body(api.issuer_key, "private_car"), headers=api.auth()
    )
    report = await integrated_report(api, response.json())
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
    # one event per request sent: 3 members × 7 sources = 21 queries, the tax one of member 0
    # reads two pages
    assert actions.count("source_query") == sum(s["requests"] for s in report["sources"]) == 22
    # ... and was tried once: a second page is no retry
    tax = next(s for s in report["sources"] if (s["member_index"], s["scope"]) == (0, "tax"))
    assert (tax["attempts"], tax["requests"]) == (1, 2)
    queried = {(e["person"], e["scope"]) for e in events if e["action"] == "source_query"}
    assert len(queried) == 21  # 3 members × 7 sources
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
    await api.drain()
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
        "UPDATE audit_head SET size = size - 1",
        "UPDATE audit_head SET chain_hash = 'x'",
        "DELETE FROM audit_head",
    ):
        async with api.sessions() as session:
            with pytest.raises(DBAPIError, match=r"append-only|only grows"):
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
            await create_scratch_log(connection)
        sessions = create_session_factory(engine)
        async with sessions() as session, session.begin():
            await append_events(session, [{"action": "a", "n": i} for i in range(count)])
        async with sessions() as session, session.begin():
            await integrate_pending(session)
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


# --- the head row: appends read one row, never a Merkle node, and the tree stays exact ---


@dataclass
class Scratch:
    """An empty audit log (fresh SQLite file or PostgreSQL database) and its node SELECTs."""

    url: str
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    node_selects: list[str] = field(default_factory=list)

    def audit_log(self) -> AuditLog:
        """A new recorder, as another process would have one (own write queue)."""
        return AuditLog(self.transactions())

    def transactions(self) -> Transactions:
        return Transactions(self.sessions, serialize=is_sqlite(self.url))

    async def append(
        self, log: AuditLog, count: int, *, how: str = "record"
    ) -> tuple[list[bytes], int]:
        """Record ``count`` events through ``log`` and integrate them; their leaf hashes and
        the node SELECTs.

        ``how``: ``record`` (a transaction of its own), ``append`` (in the caller's
        transaction, as the services do), or ``rollback`` (recorded, then rolled back).
        """
        before = len(self.node_selects)
        events = [{"action": "head_test", "n": next(_counter)} for _ in range(count)]
        if how == "record":
            entries = await log.record(events)
        else:
            async with self.sessions() as session:
                transaction = await session.begin()
                entries = await log.append(session, events)
                if how == "rollback":
                    await transaction.rollback()
                    entries = []
                else:
                    await transaction.commit()
        await integrate_all(self.transactions())
        async with self.sessions() as session:
            leaves = (
                await session.execute(
                    select(AuditEvent.leaf_hash)
                    .where(AuditEvent.pending_id.in_(entries))
                    .order_by(AuditEvent.seq)
                )
            ).scalars()
            return [bytes.fromhex(leaf) for leaf in leaves], len(self.node_selects) - before

    async def root(self, size: int) -> bytes:
        async with self.sessions() as session:
            return await tree_root(session, size)

    async def head(self) -> AuditHead:
        async with self.sessions() as session:
            head = await session.get(AuditHead, HEAD_ID)
            assert head is not None
            return head


_counter = itertools.count()


@pytest.fixture
def scratch_url(tmp_path: Path) -> Iterator[str]:
    """A migrated empty database (with the database's guards)."""
    with fresh_database(tmp_path) as url:
        migrate_database(Settings(database_url=url, data_dir=tmp_path))
        yield url


@pytest.fixture
async def scratch(scratch_url: str) -> AsyncIterator[Scratch]:
    engine = create_engine(scratch_url)
    try:
        log = Scratch(scratch_url, engine, create_session_factory(engine))

        @event.listens_for(engine.sync_engine, "before_cursor_execute")
        def _count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
            if statement.lstrip().upper().startswith("SELECT") and "audit_nodes" in statement:
                log.node_selects.append(statement)

        yield log
    finally:
        await engine.dispose()


async def _assert_tree(scratch: Scratch, leaves: list[bytes], *, proofs: int | None = None) -> None:
    """The stored log is the one ``leaves`` define: every stored node equals the naive
    RFC 6962 computation, the head is its tail, and the root and proofs the service computes
    from the stored nodes equal the definitions (``proofs`` sampled leaf indices; every one
    when None)."""
    naive = NaiveTree(leaves)
    size = len(leaves)
    async with scratch.sessions() as session:
        bodies = (
            (await session.execute(select(AuditEvent.body).order_by(AuditEvent.seq)))
            .scalars()
            .all()
        )
        assert [merkle.leaf_hash(body.encode()) for body in bodies] == leaves
        chain = await check_chain(session)
        assert (chain.size, chain.first_bad_seq) == (size, None)
        stored = (
            await session.execute(select(AuditNode.level, AuditNode.idx, AuditNode.hash))
        ).all()
        assert {(level, idx): bytes(h) for level, idx, h in stored} == naive.perfect_nodes()
        assert await tree_root(session, size) == naive.root(size)
        last = (
            await session.execute(select(AuditEvent.chain_hash).order_by(AuditEvent.seq.desc()))
        ).first()
        head = await session.get(AuditHead, HEAD_ID)
        assert head is not None
        assert (head.size, head.chain_hash) == (size, last[0] if last else GENESIS.hex())
        assert unpack_range(size, head.compact_range) == {
            ref: naive.perfect_nodes()[ref] for ref in merkle.root_nodes(size)
        }
        rng = random.Random(size)
        indices = range(size) if proofs is None else rng.sample(range(size), min(proofs, size))
        for index in indices:
            proof = await inclusion_proof(session, index, size)
            assert proof.proof == naive.inclusion(index, size)
            assert (proof.root, proof.leaf_hash) == (naive.root(size), leaves[index])
            assert merkle.verify_inclusion(leaves[index], index, size, proof.proof, proof.root)
        for old in {1, max(1, size // 2), max(1, size - 1), rng.randrange(1, size + 1)}:
            consistency = await consistency_proof(session, old, size)
            assert consistency.proof == naive.consistency(old, size)
            assert consistency.old_root == naive.root(old)


async def test_interleaved_appends_of_two_audit_logs_keep_every_root(scratch: Scratch) -> None:
    """Random sizes 1..10, random writer, now and then a rollback: each root is the naive one,
    the head is the stored tail, and no integration reads a Merkle node (the head row holds
    the compact range they merge with)."""
    rng = random.Random(6962)
    logs = [scratch.audit_log(), scratch.audit_log()]
    leaves: list[bytes] = []
    merged = 0
    for _ in range(120):
        writer, count = rng.randrange(2), rng.randint(1, 10)
        how = rng.choice(["record", "append", "append", "rollback"] if leaves else ["record"])
        merged += bool(merkle.append_reads(len(leaves), count))
        new, reads = await scratch.append(logs[writer], count, how=how)
        assert reads == 0
        if how == "rollback":
            assert new == []
            assert (await scratch.head()).size == len(leaves)  # the head rolled back too
            continue
        leaves += new
        assert len(new) == count
        assert await scratch.root(len(leaves)) == NaiveTree(leaves).root(len(leaves))
    assert merged > 40  # most appends merged with stored subtrees: the head supplied them
    await _assert_tree(scratch, leaves, proofs=40)


async def test_an_append_without_a_head_row_says_to_migrate(scratch: Scratch) -> None:
    async with scratch.sessions() as session, session.begin():
        if is_sqlite(scratch.url):
            await session.execute(text("DROP TRIGGER audit_head_no_delete"))
        else:
            await session.execute(text("ALTER TABLE audit_head DISABLE TRIGGER USER"))
        await session.execute(text("DELETE FROM audit_head"))
    with pytest.raises((MissingHeadError, DBAPIError), match="verification migrate"):
        await scratch.append(scratch.audit_log(), 1)
    async with scratch.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(AuditEvent)) == 0


async def test_a_stored_body_is_the_event_with_its_seq_and_time(scratch: Scratch) -> None:
    """On both databases: the body is the event's canonical JSON plus ``seq`` (its place in
    the log) and ``at`` (when it was recorded, the stored time), and the row names the
    pending entry it was."""
    event = {"action": "body_test", "note": '韦 "seq":1 "at":"x"', "nested": {"seq": 5}, "n": 0}
    async with scratch.sessions() as session, session.begin():
        entries = await append_events(session, [event, {**event, "n": 1}])
    async with scratch.sessions() as session:
        pending = (
            (await session.execute(select(AuditPending).order_by(AuditPending.id))).scalars().all()
        )
    async with scratch.sessions() as session, session.begin():
        done = await integrate_pending(session)
    assert done.entries == entries and done.first_seq == 1 and done.size == 2
    async with scratch.sessions() as session:
        rows = (await session.execute(select(AuditEvent).order_by(AuditEvent.seq))).scalars()
        for entry, recorded, row, n in zip(entries, pending, rows, (0, 1), strict=True):
            body = json.loads(row.body)
            assert body == {
                **event,
                "n": n,
                "seq": row.seq,
                "at": recorded.recorded_at.isoformat(timespec="microseconds"),
            }
            assert row.pending_id == entry and row.recorded_at == recorded.recorded_at
            assert row.body.encode() == canonical_bytes(body)
            assert merkle.leaf_hash(row.body.encode()).hex() == row.leaf_hash
        assert await session.scalar(select(func.count()).select_from(AuditPending)) == 0
    async with scratch.sessions() as session, session.begin():  # nothing is moved twice
        assert (await integrate_pending(session)).count == 0
