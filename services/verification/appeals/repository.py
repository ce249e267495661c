"""Every SQL statement on appeals; the encrypted columns through ``data_keys/columns.py``."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, case, func, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from verification.appeals.deadline import DECIDED, FILED, Decision
from verification.appeals.models import Appeal
from verification.clients.models import ApiClient
from verification.data_keys.columns import APPEAL_EVIDENCE, APPEAL_REASONS
from verification.db import violates_unique
from verification.kit.crypto import KeyRing
from verification.problems import NotFound


def seal_evidence(keyring: KeyRing, appeal_id: uuid.UUID, evidence: list[dict[str, Any]]) -> str:
    return APPEAL_EVIDENCE.encrypt_json(keyring, evidence, id=appeal_id)


def open_evidence(keyring: KeyRing, appeal: Appeal) -> list[dict[str, Any]]:
    if appeal.evidence_enc is None:
        return []
    opened = APPEAL_EVIDENCE.decrypt_json(keyring, appeal)
    assert isinstance(opened, list)
    return opened


def seal_note(keyring: KeyRing, appeal_id: uuid.UUID, note: str) -> str:
    return APPEAL_REASONS.encrypt(keyring, note.encode(), id=appeal_id)


def open_note(keyring: KeyRing, appeal: Appeal) -> str | None:
    if appeal.reasons_enc is None:
        return None
    return APPEAL_REASONS.decrypt(keyring, appeal).decode()


async def add(session: AsyncSession, appeal: Appeal) -> None:
    session.add(appeal)
    await session.flush()


async def owned(session: AsyncSession, client: ApiClient, appeal_id: uuid.UUID) -> Appeal:
    """One of ``client``'s appeals; ``404`` for any other id."""
    appeal = (
        await session.execute(
            select(Appeal).where(Appeal.id == appeal_id, Appeal.client_id == client.id)
        )
    ).scalar_one_or_none()
    if appeal is None:
        raise NotFound("no appeal with this id for this client")
    return appeal


async def of_verification(session: AsyncSession, verification_id: uuid.UUID) -> list[Appeal]:
    """A verification's appeals, oldest first."""
    rows = await session.execute(
        select(Appeal)
        .where(Appeal.verification_id == verification_id)
        .order_by(Appeal.filed_at, Appeal.id)
    )
    return list(rows.scalars().all())


def is_second_open_appeal(error: IntegrityError) -> bool:
    """Whether ``error`` is the database refusing a second open appeal of a verification."""
    return violates_unique(error, "uq_appeals_one_open", "appeals.verification_id")


async def open_appeal(session: AsyncSession, verification_id: uuid.UUID) -> Appeal | None:
    """The verification's appeal not yet decided, if any (at most one is open)."""
    return (
        await session.execute(
            select(Appeal).where(Appeal.verification_id == verification_id, Appeal.status == FILED)
        )
    ).scalar_one_or_none()


async def record_decision(
    session: AsyncSession,
    appeal_id: uuid.UUID,
    *,
    decision: Decision,
    decided_at: dt.datetime,
    decided_on: dt.date,
    decided_by: uuid.UUID,
    reason_codes: Sequence[str],
    reasons_enc: str | None,
    result_revision: int | None,
) -> bool:
    """The decision on a filed appeal; False when it is no longer filed (decided meanwhile)."""
    updated = await session.execute(
        update(Appeal)
        .where(Appeal.id == appeal_id, Appeal.status == FILED)
        .values(
            status=DECIDED,
            decision=decision.value,
            decided_at=decided_at,
            decided_on=decided_on,
            decided_by=decided_by,
            reason_codes=list(reason_codes),
            reasons_enc=reasons_enc,
            result_revision=result_revision,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(updated.rowcount == 1)  # type: ignore[attr-defined]


async def list_appeals(
    session: AsyncSession,
    *,
    region_prefix: str = "",
    status: str | None = None,
    overdue_on: dt.date | None = None,
    limit: int = 200,
) -> list[Appeal]:
    """Appeals of a region (an operator's list; no decryption): newest first; with
    ``overdue_on``, only those filed and past their decision's last day on that day."""
    statement = select(Appeal).where(Appeal.region_code.startswith(region_prefix, autoescape=True))
    if status is not None:
        statement = statement.where(Appeal.status == status)
    if overdue_on is not None:
        statement = statement.where(Appeal.status == FILED, Appeal.decision_due_on < overdue_on)
    statement = statement.order_by(Appeal.filed_at.desc(), Appeal.id.desc()).limit(limit)
    return list((await session.execute(statement)).scalars().all())


def overdue_statement(today: dt.date) -> Select[Appeal]:
    """``overdue``'s SELECT.  The status is written into the statement, not bound: the
    partial index of the open appeals (``uq_appeals_one_open``, ``status = 'filed'``)
    serves only a query whose condition the planner can see implies it."""
    return select(Appeal).where(
        Appeal.status == literal(FILED, literal_execute=True), Appeal.decision_due_on < today
    )


async def overdue(session: AsyncSession, today: dt.date) -> list[Appeal]:
    """Every appeal still undecided after its decision's last day, on ``today`` (all
    regions and clients), read through the index of the open ones."""
    return list((await session.execute(overdue_statement(today))).scalars().all())


async def find(
    session: AsyncSession, appeal_id: uuid.UUID, *, fresh: bool = False
) -> Appeal | None:
    """An appeal by id (``fresh``: read again from the database, not the session's copy)."""
    return await session.get(Appeal, appeal_id, populate_existing=fresh)


@dataclass(frozen=True)
class AppealCounts:
    """A region's appeals filed in a period (half-open, by filing day), and what became of
    them: for the supervisor's view."""

    region_prefix: str
    start: dt.date
    end: dt.date
    filed: int = 0
    open: int = 0
    decided: dict[str, int] = field(default_factory=dict)  # by decision: every code, 0 or more
    overdue: int = 0  # open past the decision's last day (on ``today``)
    decided_late: int = 0  # decided after it

    def as_json(self) -> dict[str, Any]:
        return {
            "region_prefix": self.region_prefix,
            "from": self.start.isoformat(),
            "before": self.end.isoformat(),
            "filed": self.filed,
            "open": self.open,
            "decided": dict(self.decided),
            "overdue": self.overdue,
            "decided_late": self.decided_late,
        }


async def appeal_counts(
    session: AsyncSession,
    region_prefix: str,
    period: tuple[dt.date, dt.date],
    *,
    today: dt.date,
    sandbox: bool = False,
) -> AppealCounts:
    """The appeals of ``region_prefix`` filed in ``period`` (``[start, end)``, Beijing
    dates): filed, open, decided by decision, overdue on ``today`` and decided late.  One
    aggregate query; no personal data is read."""
    start, end = period
    late = Appeal.decided_on > Appeal.decision_due_on
    overdue = (Appeal.status == FILED) & (Appeal.decision_due_on < today)
    rows = await session.execute(
        select(
            Appeal.status,
            Appeal.decision,
            func.count(),
            func.sum(case((overdue, 1), else_=0)),
            func.sum(case((late, 1), else_=0)),
        )
        .where(
            Appeal.region_code.startswith(region_prefix, autoescape=True),
            Appeal.filed_on >= start,
            Appeal.filed_on < end,
            Appeal.sandbox.is_(sandbox),
        )
        .group_by(Appeal.status, Appeal.decision)
    )
    filed = still_open = overdue_n = late_n = 0
    decided = {d.value: 0 for d in Decision}
    for status, decision, count, overdue_count, late_count in rows.all():
        filed += count
        overdue_n += int(overdue_count or 0)
        late_n += int(late_count or 0)
        if status == FILED:
            still_open += count
        elif decision is not None:
            decided[decision] = decided.get(decision, 0) + count
    return AppealCounts(region_prefix, start, end, filed, still_open, decided, overdue_n, late_n)
