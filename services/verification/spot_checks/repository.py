"""Every SQL statement of the spot checks: the frame from the verifications, the spot check
and its units, the audit entries and checkpoints a draw needs, and the coverage counts."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from verification.audit.models import AuditCheckpoint, Stream
from verification.db import table
from verification.spot_checks.models import SpotCheck, SpotCheckUnit
from verification.spot_checks.sampling import Unit
from verification.verifications.models import Verification


def _prefixed(column: object, prefix: str) -> object:
    # region codes are digits only: LIKE needs no escaping
    return column.like(f"{prefix}%")  # type: ignore[attr-defined]


async def frame_units(
    session: AsyncSession,
    client_id: uuid.UUID,
    *,
    sandbox: bool,
    region_prefix: str,
    period_from: dt.date,
    period_to: dt.date,
) -> list[Unit]:
    """The client's completed verifications of the region whose assessment date is in the
    period: the frame's units."""
    rows = (
        await session.execute(
            select(Verification.id, Verification.region_code, Verification.outcome).where(
                Verification.client_id == client_id,
                Verification.sandbox.is_(sandbox),
                Verification.status == "completed",
                Verification.outcome.is_not(None),
                _prefixed(Verification.region_code, region_prefix),  # type: ignore[arg-type]
                Verification.as_of >= period_from,
                Verification.as_of <= period_to,
            )
        )
    ).all()
    return [Unit(row[0], row[1], str(row[2])) for row in rows]


async def insert_units(
    session: AsyncSession, spot_check_id: uuid.UUID, units: Sequence[Unit]
) -> None:
    if units:
        await session.execute(
            insert(table(SpotCheckUnit)),
            [
                {
                    "spot_check_id": spot_check_id,
                    "verification_id": unit.id,
                    "region_code": unit.region,
                    "outcome": unit.outcome,
                    "drawn": False,
                }
                for unit in units
            ],
        )


async def spot_check(session: AsyncSession, spot_check_id: uuid.UUID) -> SpotCheck | None:
    return await session.get(SpotCheck, spot_check_id)


async def spot_check_for_update(
    session: AsyncSession, spot_check_id: uuid.UUID
) -> SpotCheck | None:
    found = await session.execute(
        select(SpotCheck).where(SpotCheck.id == spot_check_id).with_for_update()
    )
    return found.scalar_one_or_none()


async def client_spot_checks(session: AsyncSession, client_id: uuid.UUID) -> list[SpotCheck]:
    rows = await session.execute(
        select(SpotCheck)
        .where(SpotCheck.client_id == client_id)
        .order_by(SpotCheck.created_at, SpotCheck.id)
    )
    return list(rows.scalars())


async def units(session: AsyncSession, spot_check_id: uuid.UUID) -> list[SpotCheckUnit]:
    rows = await session.execute(
        select(SpotCheckUnit)
        .where(SpotCheckUnit.spot_check_id == spot_check_id)
        .order_by(SpotCheckUnit.verification_id)
    )
    return list(rows.scalars())


async def unit(
    session: AsyncSession, spot_check_id: uuid.UUID, verification_id: uuid.UUID
) -> SpotCheckUnit | None:
    return await session.get(SpotCheckUnit, (spot_check_id, verification_id))


async def entry_seq(session: AsyncSession, stream: Stream, entry: int) -> int | None:
    """The sequence number the pending entry ``entry`` was integrated at (None: pending)."""
    events = stream.events
    seq = await session.scalar(select(events.seq).where(events.pending_id == entry))
    return None if seq is None else int(seq)


async def entry_body(session: AsyncSession, stream: Stream, seq: int) -> str | None:
    events = stream.events
    body = await session.scalar(select(events.body).where(events.seq == seq))
    return None if body is None else str(body)


async def first_checkpoint_covering(
    session: AsyncSession, stream: Stream, seq: int
) -> AuditCheckpoint | None:
    """The first signed checkpoint whose tree holds the entry ``seq`` (size ≥ seq)."""
    checkpoints = stream.checkpoints
    found: AuditCheckpoint | None = (
        await session.execute(
            select(checkpoints).where(checkpoints.size >= seq).order_by(checkpoints.size).limit(1)
        )
    ).scalar_one_or_none()
    return found


async def checkpoint(session: AsyncSession, stream: Stream, size: int) -> AuditCheckpoint | None:
    found: AuditCheckpoint | None = await session.get(stream.checkpoints, size)
    return found


async def mark_drawn(
    session: AsyncSession, spot_check_id: uuid.UUID, drawn: Sequence[uuid.UUID]
) -> None:
    for rank, verification_id in enumerate(drawn, start=1):
        await session.execute(
            update(SpotCheckUnit)
            .where(
                SpotCheckUnit.spot_check_id == spot_check_id,
                SpotCheckUnit.verification_id == verification_id,
            )
            .values(drawn=True, draw_rank=rank)
        )


@dataclass(frozen=True, slots=True)
class Coverage:
    """Spot-check coverage of a region and period: units in frames, drawn, visited."""

    spot_checks: int
    framed: int
    drawn: int
    visited: int


async def coverage(
    session: AsyncSession, region_prefix: str, period_from: dt.date, period_to: dt.date
) -> Coverage:
    """The production spot checks whose period lies within [period_from, period_to]: how
    many, and of their units in the region, how many were in a frame, drawn and visited."""
    within = and_(
        SpotCheck.period_from >= period_from,
        SpotCheck.period_to <= period_to,
        SpotCheck.sandbox.is_(False),
    )
    row = (
        await session.execute(
            select(
                func.count(func.distinct(SpotCheckUnit.spot_check_id)),
                func.count(),
                func.count().filter(SpotCheckUnit.drawn.is_(True)),
                func.count().filter(SpotCheckUnit.visited_on.is_not(None)),
            )
            .select_from(SpotCheckUnit)
            .join(SpotCheck, SpotCheck.id == SpotCheckUnit.spot_check_id)
            .where(within, _prefixed(SpotCheckUnit.region_code, region_prefix))  # type: ignore[arg-type]
        )
    ).one()
    return Coverage(*(int(value or 0) for value in row))
