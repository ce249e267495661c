"""A PostgreSQL pool sized to 32 keeps a connection for each of 32 requests in flight.

A request beyond the kept connections opens one of its own and closes it when done (the
pool's overflow), and the next request that needs it opens it again and prepares its
statements anew: at 32 verifications in flight with 20 kept, 0.2–0.35 connections a
verification, about 6 % of the process's CPU (docs/benchmarks.md, History).
"""

from __future__ import annotations

import asyncio
import os

import pytest
from sqlalchemy import text

from tests.conftest import PG_ENV
from verification.db import create_engine
from verification.settings import Settings

pytestmark = pytest.mark.skipif(not os.environ.get(PG_ENV), reason="the PostgreSQL run")

IN_FLIGHT = 32  # the fan-out benchmark's concurrent clients


async def test_a_pool_of_32_keeps_a_connection_for_each_of_32_requests_in_flight(
    settings: Settings,
) -> None:
    # what VERIFICATION_DATABASE_POOL_SIZE=32 gives (the default, 20, spares the server's
    # max_connections; an operator sizes it to the requests in flight)
    sized = settings.model_copy(update={"database_pool_size": IN_FLIGHT})
    engine = create_engine(sized.database_url, pool_size=sized.database_pool_size)
    all_in = asyncio.Event()
    held = 0

    async def request() -> int:
        nonlocal held
        async with engine.connect() as connection:
            held += 1
            if held == IN_FLIGHT:
                all_in.set()
            await all_in.wait()  # every request holds its connection at once
            return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())

    try:
        first = await asyncio.wait_for(asyncio.gather(*(request() for _ in range(IN_FLIGHT))), 30)
        assert len(set(first)) == IN_FLIGHT
        assert engine.sync_engine.pool.checkedin() == IN_FLIGHT  # type: ignore[attr-defined]
        held = 0
        all_in.clear()
        second = await asyncio.wait_for(asyncio.gather(*(request() for _ in range(IN_FLIGHT))), 30)
        assert set(second) == set(first)  # the same backends: no connection opened again
    finally:
        await engine.dispose()
