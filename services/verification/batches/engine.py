"""Which batch engine this process runs, chosen by ``batch_engine`` (auto: by database).

- in-process (the embedded default, SQLite): the runner, the periodic runs (review
  schedule, cross-list comparison, retention purge: ``runner.cron_loop``) and the polling of
  agencies that answer later run inside the service process; nothing else to start.
- procrastinate (PostgreSQL): this process only defers jobs; ``verification
  worker`` processes run them and the periodic tasks (the polling among them).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence

from verification.batches.jobs import ProcrastinateDispatcher, build_app
from verification.batches.periodic import PeriodicRun
from verification.batches.runner import InProcessRunner, awaiting_loop, cron_loop
from verification.runtime import Runtime


@contextlib.asynccontextmanager
async def batch_engine(
    runtime: Runtime, periodic: Sequence[PeriodicRun] = ()
) -> AsyncIterator[None]:
    """This process's engine; in-process, with ``periodic``'s runs (those with a cron)."""
    if runtime.settings.uses_procrastinate():
        app = build_app(runtime, pool_size=2, lazy=True)
        async with app.open_async():
            runtime.dispatcher = ProcrastinateDispatcher(runtime, app)
            yield
        return
    runner = InProcessRunner(runtime)
    runtime.dispatcher = runner
    tasks = [asyncio.create_task(runner.run()), asyncio.create_task(awaiting_loop(runtime))]
    tasks += [asyncio.create_task(cron_loop(runtime, run)) for run in periodic if run.cron]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
