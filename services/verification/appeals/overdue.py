"""An appeal still undecided past its decision's last day is announced to its case system
(``appeal.overdue``), as an overdue verification is: by the periodic poll of both batch
engines (``batches.periodic.poll``), once per appeal and deadline."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from verification.appeals import repository
from verification.outbox import publish

if TYPE_CHECKING:
    from verification.runtime import Runtime


async def announce_overdue_appeals(rt: Runtime, today: dt.date) -> int:
    """Publish ``appeal.overdue`` for every appeal undecided past its decision deadline on
    ``today`` (once per appeal and deadline: ``publish`` keeps it so however often the poll
    runs); the number newly announced."""
    async with rt.read_session_factory() as session:  # most polls find none: no write
        overdue = await repository.overdue(session, today)
    if not overdue:
        return 0
    announced = 0
    async with rt.transaction() as session:
        for appeal in overdue:
            event = await publish.appeal_overdue(
                session,
                client_id=appeal.client_id,
                appeal_id=appeal.id,
                verification_id=appeal.verification_id,
                deadline=appeal.decision_due_on,
            )
            announced += event is not None
    return announced
