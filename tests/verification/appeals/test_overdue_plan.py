"""The overdue poll's read (every ``PENDING_POLL_SECONDS``, both engines) goes through the
partial index of the open appeals (``uq_appeals_one_open``, migration 0030), on both
databases: it reads the appeals awaiting a decision, however many were ever filed.  Asked
of the planner, not timed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import text

from verification.appeals.repository import overdue_statement
from verification.db import is_sqlite


async def _plan(api: Any) -> str:
    statement = overdue_statement(dt.date(2026, 12, 7))
    async with api.runtime.engine.connect() as connection:
        compiled = statement.compile(
            connection.sync_connection, compile_kwargs={"literal_binds": True}
        )
        if is_sqlite(api.settings.database_url):
            rows = await connection.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))
            return "\n".join(str(row[-1]) for row in rows)
        await connection.execute(text("SET LOCAL enable_seqscan = off"))
        rows = await connection.execute(text(f"EXPLAIN {compiled}"))
        return "\n".join(str(row[0]) for row in rows)


async def test_the_overdue_read_uses_the_open_appeals_index(api) -> None:
    plan = await _plan(api)
    assert "uq_appeals_one_open" in plan, plan
