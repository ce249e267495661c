"""The retention purge: a verification's personal data goes once its household's case ended
long enough ago (or, never enrolled, once it is old enough); the audit log stays as it is.

How long is each region's policy (``retention.*``, in force on the purge date; ``periods``),
unless the operator overrides it.  A purge NULLs the ciphertext (declaration, report, agency
evidence) and deletes the rows that are nothing but personal data (members, support
obligors); ids, statuses, dates and outcome and the answers' status codes stay — what the
statistics and the audit log refer to.  Each batch is one transaction that first claims its
verifications (``purged_at`` set where still NULL, rows another run holds skipped), then
purges and appends a ``retention_purge`` audit event (counts, verification ids, each
region's periods and their source; no personal data) for what it claimed, so two runs at
once purge and record each verification once.  Run again it finds nothing more: idempotent.
ADR 0024 says why NULLing rather than crypto-shredding.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final
from zoneinfo import ZoneInfo

from verification.db import utcnow
from verification.retention import repository
from verification.retention.periods import Overrides, RegionSchedule, region_schedule
from verification.runtime import Runtime

ACTION: Final = "retention_purge"
BATCH: Final = 100


def years_before(day: dt.date, years: int) -> dt.date:
    """``day`` ``years`` years earlier (29 February: the 28th of a year that has none)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True, slots=True)
class Due:
    """A verification due for the purge, why (``case_ended``, ``never_enrolled``) and its
    region (whose periods applied)."""

    id: uuid.UUID
    reason: str
    region_code: str


@dataclass(frozen=True, slots=True)
class Plan:
    """What a purge as of ``as_of`` would remove (or removed): each region's periods, the
    verifications due, and how many rows of each kind of personal data they hold."""

    as_of: dt.date
    overrides: Overrides
    schedules: Mapping[str, RegionSchedule]
    verifications: Sequence[Due]
    counts: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        due = Counter(d.region_code for d in self.verifications)
        return {
            "as_of": self.as_of.isoformat(),
            "overrides": self.overrides.as_audit(),
            "regions": [
                {**_cutoffs(schedule, self.as_of), "due": due[code]}
                for code, schedule in sorted(self.schedules.items())
            ],
            "counts": self.counts,
            "reasons": dict(Counter(d.reason for d in self.verifications)),
            "verification_ids": [str(d.id) for d in self.verifications],
        }


def _cutoffs(schedule: RegionSchedule, as_of: dt.date) -> dict[str, Any]:
    """A region's periods with the days they make: a case ended on or before
    ``case_ended_on_or_before``, a never-enrolled verification made before
    ``never_enrolled_made_before``, is due."""

    def day(years: int | None) -> str | None:
        return None if years is None else years_before(as_of, years).isoformat()

    return {
        **schedule.as_json(),
        "case_ended_on_or_before": day(schedule.years_after_case_end.years),
        "never_enrolled_made_before": day(schedule.years_never_enrolled.years),
    }


async def plan(rt: Runtime, as_of: dt.date, overrides: Overrides | None = None) -> Plan:
    """The dry run: what a purge as of ``as_of`` would remove, each region's verifications
    under its own policy's periods (or ``overrides``); changes nothing, records nothing (it
    reads no personal data, only ids, regions and counts)."""
    found = await _due(rt, as_of, overrides or Overrides())
    async with rt.read_session_factory() as session:
        counts = await repository.counts(session, [d.id for d in found.verifications])
    return dataclasses.replace(found, counts=counts)


async def _due(rt: Runtime, as_of: dt.date, overrides: Overrides) -> Plan:
    """Each region's periods and the verifications due under them (no counts)."""
    async with rt.read_session_factory() as session:
        regions = await repository.regions_kept(session)
        schedules = {code: region_schedule(rt.policies, code, as_of, overrides) for code in regions}
        # regions with the same periods are one query
        groups: dict[tuple[int | None, int | None], list[str]] = {}
        for code, schedule in schedules.items():
            key = (schedule.years_after_case_end.years, schedule.years_never_enrolled.years)
            groups.setdefault(key, []).append(code)
        due: list[Due] = []
        for (ended, made), codes in groups.items():
            rows = await repository.due(
                session,
                codes,
                ended_before=None if ended is None else years_before(as_of, ended),
                created_before=(
                    None
                    if made is None
                    else _start_of(years_before(as_of, made), rt.settings.timezone)
                ),
            )
            due.extend(Due(vid, reason, region) for vid, reason, region in rows)
    return Plan(as_of, overrides, schedules, due)


async def purge(
    rt: Runtime,
    as_of: dt.date,
    overrides: Overrides | None,
    request_id: str,
    *,
    actor: str = "cli",
) -> Plan:
    """Purge what ``plan`` finds, ``BATCH`` verifications a transaction, each batch with its
    ``retention_purge`` audit event (its counts taken in that transaction); the plan of what
    this run purged (a verification another run purged meanwhile is neither purged nor
    recorded again)."""
    found = await _due(rt, as_of, overrides or Overrides())
    at = utcnow()
    purged: list[Due] = []
    totals: Counter[str] = Counter()
    for start in range(0, len(found.verifications), BATCH):
        batch = found.verifications[start : start + BATCH]
        async with rt.transaction() as session:
            claimed = set(await repository.claim(session, [d.id for d in batch], at))
            if not claimed:
                continue
            mine = [d for d in batch if d.id in claimed]
            ids = [d.id for d in mine]
            counts = await repository.counts(session, ids)
            await repository.purge(session, ids)
            await rt.audit.append(session, [purge_event(found, mine, counts, request_id, actor)])
        purged.extend(mine)
        totals.update(counts)
    return dataclasses.replace(found, verifications=purged, counts=dict(totals))


async def purge_on_schedule(rt: Runtime, day: dt.date) -> None:
    """The periodic run (``retention_schedule``): the purge as of ``day`` under each
    region's policy, no override."""
    await purge(rt, day, None, f"schedule:{uuid.uuid4().hex}", actor="schedule")


def purge_event(
    found: Plan,
    batch: Sequence[Due],
    counts: dict[str, int],
    request_id: str,
    actor: str,
) -> dict[str, Any]:
    """The audit event of one purged batch: ids and their regions, counts, and the periods
    applied to each of those regions with their source (policy layer and entry, example or
    the operator's override); no personal data (the ids are the log's own references)."""
    regions = sorted({d.region_code for d in batch})
    return {
        "action": ACTION,
        "actor": actor,
        "request_id": request_id,
        "as_of": found.as_of.isoformat(),
        "overrides": found.overrides.as_audit(),
        "schedules": [_cutoffs(found.schedules[code], found.as_of) for code in regions],
        "counts": counts,
        "verifications": [
            {"id": str(d.id), "reason": d.reason, "region": d.region_code} for d in batch
        ],
    }


def _start_of(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The instant ``day`` begins in the deployment's time zone."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone)
