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
from sqlalchemy import event, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from mock_sources.scenarios import HOUSEHOLDS
from tests.conftest import fresh_database
from tests.verification.audit.naive import NaiveTree
from tests.verification.helpers import scenario_body
from verification.audit import merkle
from verification.audit.log import AuditLog, ChainCheck, append_events, check_chain
from verification.audit.models import AuditEvent, AuditNode
from verification.audit.tree import consistency_proof, inclusion_proof, tree_root
from verification.db import Base, Transactions, create_engine, create_session_factory, is_sqlite


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


# --- the compact-range cache of AuditLog: appends skip the node SELECT, the tree stays exact ---


@dataclass
class Scratch:
    """An empty audit log (fresh SQLite file or PostgreSQL database) and its node SELECTs."""

    url: str
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    node_selects: list[str] = field(default_factory=list)

    def audit_log(self) -> AuditLog:
        """A new appender, as another process would have one (own cache, own write queue)."""
        return AuditLog(Transactions(self.sessions, serialize=is_sqlite(self.url)))

    async def append(
        self, log: AuditLog, count: int, *, how: str = "record"
    ) -> tuple[list[bytes], int]:
        """Append ``count`` events through ``log``; their leaf hashes and the node SELECTs.

        ``how``: ``record`` (a transaction of its own), ``append`` (in the caller's
        transaction, as the services do), or ``rollback`` (appended, then rolled back).
        """
        before = len(self.node_selects)
        events = [{"action": "cache_test", "n": next(_counter)} for _ in range(count)]
        if how == "record":
            refs = await log.record(events)
        else:
            async with self.sessions() as session:
                transaction = await session.begin()
                refs = await log.append(session, events)
                if how == "rollback":
                    await transaction.rollback()
                    refs = []
                else:
                    await transaction.commit()
        return [bytes.fromhex(ref.leaf_hash) for ref in refs], len(self.node_selects) - before

    async def root(self, size: int) -> bytes:
        async with self.sessions() as session:
            return await tree_root(session, size)


_counter = itertools.count()


@pytest.fixture
def scratch_url(tmp_path: Path) -> Iterator[str]:
    with fresh_database(tmp_path) as url:
        yield url


@pytest.fixture
async def scratch(scratch_url: str) -> AsyncIterator[Scratch]:
    engine = create_engine(scratch_url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(
                Base.metadata.create_all, tables=[AuditEvent.__table__, AuditNode.__table__]
            )
        log = Scratch(scratch_url, engine, create_session_factory(engine))

        @event.listens_for(engine.sync_engine, "before_cursor_execute")
        def _count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
            if statement.lstrip().upper().startswith("SELECT") and "audit_nodes" in statement:
                log.node_selects.append(statement)

        yield log
    finally:
        await engine.dispose()


def _would_read(size_before: int, count: int) -> int:
    """The node SELECTs an append makes without the cache (none if it merges with nothing)."""
    return 1 if merkle.append_reads(size_before, count) else 0


async def _assert_tree(scratch: Scratch, leaves: list[bytes], *, proofs: int | None = None) -> None:
    """The stored log is the one ``leaves`` define: every stored node equals the naive
    RFC 6962 computation, and the root and proofs the service computes from the stored
    nodes equal the definitions (``proofs`` sampled leaf indices; every one when None)."""
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


async def test_consecutive_appends_of_one_audit_log_read_no_nodes(scratch: Scratch) -> None:
    # five events appended without the cache: the log's first append cannot know their nodes
    async with scratch.sessions() as session, session.begin():
        refs = await append_events(session, [{"action": "cache_test", "n": -i} for i in range(5)])
    leaves = [bytes.fromhex(ref.leaf_hash) for ref in refs]
    log = scratch.audit_log()
    reads, would = [], []
    for i, count in enumerate([1, 2, 3, 1, 7, 1, 1, 4, 9, 16]):
        would.append(_would_read(len(leaves), count))
        new, selects = await scratch.append(log, count, how="append" if i % 2 else "record")
        leaves += new
        reads.append(selects)
        assert await scratch.root(len(leaves)) == NaiveTree(leaves).root(len(leaves))
    # 5 → 6 merges with leaf 4 and so reads: the whole compact range, (2, 0) and (0, 4).  Every
    # later append finds what it merges with in the cache, even (2, 0) at 6 → 8, and (3, 0) at
    # 12 → 19 and (4, 0) at 25 → 34, which were carried over from appends they did not merge in
    assert would == [1, 1, 0, 1, 1, 1, 0, 1, 1, 1]
    assert reads == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    # append_events itself still reads, as before
    async with scratch.sessions() as session, session.begin():
        before = len(scratch.node_selects)
        refs = await append_events(session, [{"action": "cache_test", "n": -9}] * 2)
        assert len(scratch.node_selects) - before == _would_read(len(leaves), 2) == 1
    leaves += [bytes.fromhex(ref.leaf_hash) for ref in refs]
    await _assert_tree(scratch, leaves)


async def test_an_append_by_another_writer_makes_the_next_one_read(scratch: Scratch) -> None:
    mine, other = scratch.audit_log(), scratch.audit_log()  # other: another process's
    leaves, _ = await scratch.append(mine, 6)
    new, reads = await scratch.append(mine, 2)  # 6 → 8: a hit
    leaves += new
    assert reads == 0 and _would_read(6, 2)
    new, _ = await scratch.append(other, 3)  # 8 → 11
    leaves += new
    new, reads = await scratch.append(mine, 5)  # 11 → 16: the head moved, so it reads
    leaves += new
    assert reads == _would_read(11, 5) == 1
    new, reads = await scratch.append(mine, 3, how="append")  # 16 → 19: a hit again
    leaves += new
    assert reads == 0
    new, reads = await scratch.append(other, 1)  # 19 → 20: other's cache is stale: it reads
    leaves += new
    assert reads == _would_read(19, 1) == 1
    assert await scratch.root(len(leaves)) == NaiveTree(leaves).root(len(leaves))
    await _assert_tree(scratch, leaves)


async def test_a_rolled_back_append_makes_the_next_one_read(scratch: Scratch) -> None:
    mine, other = scratch.audit_log(), scratch.audit_log()
    leaves, _ = await scratch.append(mine, 7)
    lost, reads = await scratch.append(mine, 3, how="rollback")  # 7 → 10, rolled back
    assert lost == [] and reads == 0
    new, reads = await scratch.append(mine, 1)  # 7 → 8: mine's cache names size 10: it reads
    leaves += new
    assert reads == _would_read(7, 1) == 1
    # the same size as a cached key but another chain: rolled back 8 → 12 by mine, then
    # 8 → 12 committed by other; a key of sizes alone would now hand mine the wrong nodes
    _, reads = await scratch.append(mine, 4, how="rollback")
    assert reads == 0
    new, _ = await scratch.append(other, 4)
    leaves += new
    new, reads = await scratch.append(mine, 4)  # 12 → 16 merges with (3, 0) and (2, 2)
    leaves += new
    assert reads == _would_read(12, 4) == 1
    new, reads = await scratch.append(mine, 2)
    leaves += new
    assert reads == 0
    assert await scratch.root(len(leaves)) == NaiveTree(leaves).root(len(leaves))
    await _assert_tree(scratch, leaves)


async def test_interleaved_appends_of_two_audit_logs_keep_every_root(scratch: Scratch) -> None:
    """Random sizes 1..10, random writer, now and then a rollback: each root is the naive one,
    and each append makes exactly the node reads the cache's key and contents call for — none
    when its writer's last append left the head and the nodes it merges with, else at most
    the one it would make without the cache."""
    rng = random.Random(6962)
    logs = [scratch.audit_log(), scratch.audit_log()]
    leaves: list[bytes] = []
    head = 0  # an id of the current head; a rolled-back append's head gets one never used
    heads = itertools.count(1)
    cached: list[tuple[int, set[tuple[int, int]]] | None] = [None, None]  # (head, known refs)
    hits = 0
    for _ in range(120):
        writer, count = rng.randrange(2), rng.randint(1, 10)
        how = rng.choice(["record", "append", "append", "rollback"] if leaves else ["record"])
        size = len(leaves)
        needed = set(merkle.append_reads(size, count))
        entry = cached[writer]
        if entry is not None and entry[0] == head and needed <= entry[1]:
            expected, known = 0, entry[1]
        elif needed:
            expected, known = 1, set(merkle.root_nodes(size))
        else:
            expected, known = 0, set()
        new, reads = await scratch.append(logs[writer], count, how=how)
        assert reads == expected
        hits += bool(needed) and not reads
        new_head = next(heads)
        cached[writer] = (
            new_head,
            {r for r in merkle.root_nodes(size + count) if r.end > size or r in known},
        )
        if how == "rollback":
            assert new == []
            continue
        head = new_head
        leaves += new
        assert len(new) == count
        assert await scratch.root(len(leaves)) == NaiveTree(leaves).root(len(leaves))
    assert hits > 20  # the cache did save reads, not only stay out of the way
    await _assert_tree(scratch, leaves, proofs=40)
