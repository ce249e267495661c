"""The periodic runs (``verification.schedules``) as the tests drive them: a run's
procrastinate task as a worker registers it, and a run every second for the in-process
loop."""

from __future__ import annotations

import dataclasses
from typing import Any

from verification.batches.jobs import build_app
from verification.batches.periodic import PeriodicRun
from verification.schedules import periodic_runs


def periodic_task(api: Any, setting: str, cron: str, name: str) -> Any:
    """The task ``name`` a worker registers with ``setting`` set to ``cron``; checked off in
    the suite and registered on that cron."""
    off = build_app(api.runtime, lazy=True, periodic=periodic_runs(api.settings))
    assert name not in off.tasks  # off in the suite
    settings = api.settings.model_copy(update={setting: cron})
    app = build_app(api.runtime, lazy=True, periodic=periodic_runs(settings))
    crons = {t.task.name: t.cron for t in app.periodic_registry.periodic_tasks.values()}
    assert crons[name] == cron
    return app.tasks[name]


def every_second(api: Any, name: str) -> PeriodicRun:
    """The periodic run ``name``, every second (for ``batches.runner.cron_loop``)."""
    run = next(run for run in periodic_runs(api.settings) if run.name == name)
    assert not run.cron  # off in the suite
    return dataclasses.replace(run, cron="* * * * * *")
