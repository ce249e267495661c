"""A periodic run: a use case run at each time of a cron (UTC), with the business date of
that time.  Both engines run the same list (``verification.schedules.periodic_runs``): the
in-process one with ``runner.cron_loop``, procrastinate with a periodic task of the run's
name (``jobs.build_app``); neither runs one while the audit log fails its integrity check
(nothing could be written)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from verification.runtime import Runtime


@dataclass(frozen=True, slots=True)
class PeriodicRun:
    """``run(runtime, business_date)`` at each ``cron`` time (empty: off), as the task
    ``name``; a failure is logged as ``<label>_failed`` and the next time runs again (every
    run is idempotent)."""

    name: str
    label: str
    cron: str
    run: Callable[[Runtime, dt.date], Awaitable[object]]
