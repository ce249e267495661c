"""What the service runs on a schedule, in either batch engine (``batches.periodic``): the
periodic batch of reviews due, the monthly cross-list comparison, the retention purge.

Listed here, above the packages that do the work, so the engine (``batches``) needs none of
them: the retention purge clears batch items' results and so sits below ``batches``' own
models, not above them.
"""

from __future__ import annotations

from verification.batches.create import schedule_due
from verification.batches.jobs import CROSS_LIST_TASK, RETENTION_TASK, SCHEDULE_TASK
from verification.batches.periodic import PeriodicRun
from verification.cross_lists.schedule import run_monthly
from verification.retention.purge import purge_on_schedule
from verification.settings import Settings


def periodic_runs(settings: Settings) -> tuple[PeriodicRun, ...]:
    """The periodic runs with their crons (an empty cron: off)."""
    return (
        PeriodicRun(SCHEDULE_TASK, "review_schedule", settings.review_schedule, schedule_due),
        PeriodicRun(
            CROSS_LIST_TASK, "cross_list_schedule", settings.cross_list_schedule, run_monthly
        ),
        PeriodicRun(
            RETENTION_TASK, "retention_schedule", settings.retention_schedule, purge_on_schedule
        ),
    )
