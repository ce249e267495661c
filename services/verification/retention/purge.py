"""The retention purge: a verification's personal data goes once its household's case ended
long enough ago (or, never enrolled, once it is old enough); the audit log stays as it is.

A purge NULLs the ciphertext (declaration, report, agency evidence) and deletes the rows that
are nothing but personal data (members, support obligors); ids, statuses, dates, outcome and
the answers' status codes stay — what the statistics and the audit log refer to.  Each
batch is one transaction that also appends a ``retention_purge`` audit event (counts,
verification ids, the schedule; no personal data), so a purge is itself in the log.  Run
again it finds nothing more: idempotent.  ADR 0024 says why NULLing rather than
crypto-shredding.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final
from zoneinfo import ZoneInfo

from verification.db import utcnow
from verification.retention import repository
from verification.runtime import Runtime

ACTION: Final = "retention_purge"
BATCH: Final = 100
# an example, as ADR 0024 explains: the national rules read here (docs/national-rules.md)
# set no retention period for agency answers; the operator states theirs
DEFAULT_YEARS_AFTER_CASE_END: Final = 5
DEFAULT_YEARS_NEVER_ENROLLED: Final = 5


@dataclass(frozen=True, slots=True)
class Schedule:
    """How long a verification's personal data is kept: ``years_after_case_end`` after its
    household's case ended; ``years_never_enrolled`` after it was made when no household
    was enrolled under its authorization."""

    years_after_case_end: int = DEFAULT_YEARS_AFTER_CASE_END
    years_never_enrolled: int = DEFAULT_YEARS_NEVER_ENROLLED

    def __post_init__(self) -> None:
        if self.years_after_case_end < 1 or self.years_never_enrolled < 1:
            raise ValueError("a retention period is at least one year")

    def as_audit(self) -> dict[str, int]:
        return {
            "years_after_case_end": self.years_after_case_end,
            "years_never_enrolled": self.years_never_enrolled,
        }


def years_before(day: dt.date, years: int) -> dt.date:
    """``day`` ``years`` years earlier (29 February: the 28th of a year that has none)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True, slots=True)
class Plan:
    """What a purge as of ``as_of`` would remove: the verifications (id, why) and how many
    rows of each kind of personal data they hold."""

    as_of: dt.date
    schedule: Schedule
    ended_before: dt.date
    created_before: dt.date
    verifications: Sequence[tuple[uuid.UUID, str]]
    counts: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "schedule": self.schedule.as_audit(),
            "case_ended_on_or_before": self.ended_before.isoformat(),
            "never_enrolled_made_before": self.created_before.isoformat(),
            "counts": self.counts,
            "reasons": dict(Counter(reason for _id, reason in self.verifications)),
            "verification_ids": [str(vid) for vid, _reason in self.verifications],
        }


async def plan(rt: Runtime, as_of: dt.date, schedule: Schedule) -> Plan:
    """The dry run: what a purge as of ``as_of`` would remove; changes nothing, records
    nothing (it reads no personal data, only ids and counts)."""
    ended_before = years_before(as_of, schedule.years_after_case_end)
    created_before = years_before(as_of, schedule.years_never_enrolled)
    async with rt.read_session_factory() as session:
        due = await repository.due(
            session,
            ended_before=ended_before,
            created_before=_start_of(created_before, rt.settings.timezone),
        )
        counts = await repository.counts(session, [vid for vid, _reason in due])
    return Plan(as_of, schedule, ended_before, created_before, due, counts)


async def purge(rt: Runtime, as_of: dt.date, schedule: Schedule, request_id: str) -> Plan:
    """Purge what ``plan`` finds, ``BATCH`` verifications a transaction, each batch with its
    ``retention_purge`` audit event; the plan of what was purged."""
    found = await plan(rt, as_of, schedule)
    at = utcnow()
    for start in range(0, len(found.verifications), BATCH):
        batch = found.verifications[start : start + BATCH]
        ids = [vid for vid, _reason in batch]
        async with rt.transaction() as session:
            counts = await repository.counts(session, ids)
            await repository.purge(session, ids, at)
            await rt.audit.append(session, [purge_event(found, batch, counts, request_id)])
    return found


def purge_event(
    found: Plan,
    batch: Sequence[tuple[uuid.UUID, str]],
    counts: dict[str, int],
    request_id: str,
) -> dict[str, Any]:
    """The audit event of one purged batch: ids, counts and the schedule; no personal
    data (the verification ids are the log's own references)."""
    return {
        "action": ACTION,
        "actor": "cli",
        "request_id": request_id,
        "as_of": found.as_of.isoformat(),
        "schedule": found.schedule.as_audit(),
        "case_ended_on_or_before": found.ended_before.isoformat(),
        "never_enrolled_made_before": found.created_before.isoformat(),
        "counts": counts,
        "verifications": [{"id": str(vid), "reason": reason} for vid, reason in batch],
    }


def _start_of(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The instant ``day`` begins in the deployment's time zone."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone)
