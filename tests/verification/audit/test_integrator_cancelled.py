"""An integrator cancelled in the middle of a transaction (shutdown, a CLI command's end)
finishes that transaction first, so the database is left to the next writer.

Cancelled inside one on SQLite, SQLAlchemy gave the connection up without ending its
transaction, and the connection kept the database's write lock: the process's next writer
waited its busy timeout out and failed ("database is locked", seen once in CI).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import text

from tests.verification.audit.test_concurrent_writers import own_settings  # noqa: F401
from verification.audit import sequencer
from verification.runtime import Runtime
from verification.settings import Settings

# a statement that keeps the database busy for a moment (tenths of a second), so that the
# cancellation arrives while the driver is executing it
SLOW = text(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000) "
    "SELECT count(*) FROM n"
)


async def test_a_cancelled_integrator_ends_its_transaction_before_it_stops(
    own_settings: Settings,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inside = asyncio.Event()
    real = sequencer.integrate_pending

    async def slow_integration(session: Any, *args: Any) -> Any:
        inside.set()
        await session.execute(SLOW)  # the cancellation lands here, in the driver
        return await real(session, *args)

    monkeypatch.setattr(sequencer, "integrate_pending", slow_integration)
    runtime = Runtime.build(own_settings.model_copy(update={"sqlite_busy_timeout_seconds": 3}))
    try:
        await runtime.audit.record([{"action": "cancel_test", "event": i} for i in range(3)])
        task = asyncio.create_task(runtime.integrator.run())
        await asyncio.wait_for(inside.wait(), 30)
        await asyncio.sleep(0.02)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        assert task.cancelled()
        monkeypatch.setattr(sequencer, "integrate_pending", real)
        # the entries the cancelled round took are integrated once, by it or by the drain
        await asyncio.wait_for(runtime.drain(), 20)
        async with runtime.read_session_factory() as session:
            pending = await session.scalar(text("SELECT count(*) FROM audit_pending"))
            events = await session.scalar(
                text("SELECT count(*) FROM audit_events WHERE body LIKE '%cancel_test%'")
            )
        assert (pending, events) == (0, 3)
    finally:
        await runtime.aclose()
