"""A periodic run: a use case run at each time of a cron (UTC), with the business date of
that time.  Both engines run the same list (``verification.schedules.periodic_runs``): the
in-process one with ``runner.cron_loop``, procrastinate with a periodic task of the run's
name (``jobs.build_app``); neither runs one while the audit log fails its integrity check
(nothing could be written)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from verification.appeals.overdue import announce_overdue_appeals
from verification.db import utcnow
from verification.runtime import Runtime
from verification.verifications.awaiting import poll_due


@dataclass(frozen=True, slots=True)
class PeriodicRun:
    """``run(runtime, business_date)`` at each ``cron`` time (empty: off), as the task
    ``name``; a failure is logged as ``<label>_failed`` and the next time runs again (every
    run is idempotent)."""

    name: str
    label: str
    cron: str
    run: Callable[[Runtime, dt.date], Awaitable[object]]


async def poll(runtime: Runtime) -> None:
    """The frequent poll both engines run every ``pending_poll_seconds``: the answers
    agencies promised (``verifications.awaiting.poll_due``, which also announces overdue
    verifications) and the appeals past their decision deadline (``appeal.overdue``)."""
    await poll_due(runtime)
    await announce_overdue_appeals(runtime, runtime.business_date(utcnow()))
