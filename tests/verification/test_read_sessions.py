"""Read sessions: one round trip a lookup on PostgreSQL, a snapshot of their own on SQLite.

On PostgreSQL the read sessions use the writers' pool in autocommit, so a lookup is its
SELECT alone (no BEGIN and ROLLBACK around it: three lookups a verification were six extra
round trips, issue #17); a write session is still one transaction that rolls back whole.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Api
from verification.clients.models import ApiClient

# two statements of one transaction block get the same transaction id, two statements each
# on its own (autocommit) two different ones
_XID = text("SELECT txid_current()")


async def _second_statement_in_a_block(session: AsyncSession) -> bool:
    first = await session.scalar(_XID)
    return bool(first == await session.scalar(_XID))


async def test_a_read_session_runs_each_statement_on_its_own_on_postgresql(api: Api) -> None:
    if api.runtime.engine.dialect.name != "postgresql":
        assert len(api.runtime.pooled_engines()) == 2  # SQLite: deferred-BEGIN readers
        pytest.skip("the PostgreSQL run")
    assert api.runtime.pooled_engines() == [api.runtime.engine]  # one pool for both
    async with api.runtime.read_session_factory() as session:
        assert not await _second_statement_in_a_block(session)
    async with api.runtime.session_factory() as session:
        assert await _second_statement_in_a_block(session)


async def test_a_failed_write_session_still_rolls_back_whole(api: Api) -> None:
    marker = f"rollback-{uuid.uuid4().hex[:8]}"
    with pytest.raises(RuntimeError):
        async with api.runtime.transaction() as session:
            session.add(
                ApiClient(
                    id=uuid.uuid4(),
                    name=marker,
                    role="auditor",
                    token_hash=uuid.uuid4().hex,
                    issuers=[],
                    region_prefixes=[],
                )
            )
            await session.flush()
            raise RuntimeError("the unit fails after its write")
    async with api.runtime.read_session_factory() as session:
        found = await session.scalar(select(func.count()).where(ApiClient.name == marker))
    assert found == 0
    if api.runtime.engine.dialect.name == "postgresql":
        # a connection that served reads in autocommit goes back to the pool as a writer's
        for _ in range(3):
            async with api.runtime.read_session_factory() as session:
                await session.execute(select(1))
            async with api.runtime.session_factory() as session:
                assert await _second_statement_in_a_block(session)
