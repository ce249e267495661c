"""The monthly comparison (每月一比对, 粤民发〔2020〕49号 三（一）): every current list,
compared with its client's enrolled households once a Beijing month.

``run_monthly(runtime, today)`` is the whole schedule: it compares each current list that
has no scheduled comparison for ``today``'s month yet.  The periodic callers (procrastinate's
``verification.compare_cross_lists`` on PostgreSQL, ``batches.runner.cross_list_loop`` on
SQLite) call it every hour, so the month's comparison is made on the 1st — or on the first
run after it, when the service was down that day, or on the day a new list is uploaded —
and a second run in the month makes none: (list, month) is unique in the database, so two
workers racing make one.
"""

from __future__ import annotations

import datetime as dt
import uuid

import structlog

from verification.audit.log import recording_to, stream_for
from verification.cross_lists import repository
from verification.cross_lists.compare import compare_list
from verification.runtime import Runtime

log = structlog.get_logger(__name__)


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


async def run_monthly(runtime: Runtime, today: dt.date) -> list[uuid.UUID]:
    """The scheduled comparisons of ``today``'s month not made yet; their ids."""
    month = month_of(today)
    async with runtime.read_session_factory() as session:
        lists = await repository.current_lists(session)
        # a client no longer permitted the list's region (its prefixes changed) is not served
        due = [
            row
            for row, client in lists
            if client.may_use_region(row.region_prefix)
            and not await repository.scheduled_exists(session, row.id, month)
        ]
    made = []
    for row in due:
        with recording_to(stream_for(sandbox=row.sandbox)):
            view = await compare_list(
                runtime, row, today, f"schedule:{month}", scheduled_month=month
            )
        if view is not None:
            made.append(view.id)
            log.info("cross_list_compared", list_id=str(row.id), month=month)
    return made
