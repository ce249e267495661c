"""What every step of an entry's lifecycle shares: the entry reached and locked, the step
checked against its state on today's (Beijing) date (``409 integrity-transition-not-allowed``
otherwise, nothing changed), the change applied, the step audited."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from verification.clients.models import ApiClient
from verification.db import utcnow
from verification.integrity_record.lifecycle import Step, TransitionRefusedError, next_status
from verification.integrity_record.models import IntegrityEntry as Row
from verification.integrity_record.read import entry_event, entry_view, reachable
from verification.integrity_record.schemas import IntegrityEntry
from verification.problems import Conflict
from verification.runtime import Runtime

# the change a step makes to the locked row on the day; what its audit event adds
Change = Callable[[AsyncSession, Row, dt.date], Awaitable[Mapping[str, Any]]]

ACTIONS: Mapping[Step, str] = {
    Step.NOTICE: "integrity_notice_recorded",
    Step.EXPLANATION: "integrity_explanation_recorded",
    Step.CONFIRM: "integrity_entry_confirmed",
    Step.DISMISS: "integrity_entry_dismissed",
    Step.WITHDRAW: "integrity_entry_withdrawn",
}


async def take_step(  # noqa: PLR0917
    runtime: Runtime,
    client: ApiClient,
    entry_id: uuid.UUID,
    step: Step,
    request_id: str,
    change: Change,
) -> IntegrityEntry:
    today = runtime.today()
    async with runtime.transaction() as session:
        row = await reachable(session, client, entry_id, for_update=True)
        try:
            target = next_status(step, row.status, row.listed_until, today)
        except TransitionRefusedError as refused:
            raise Conflict(
                str(refused),
                code="integrity-transition-not-allowed",
                audit={"entry_id": str(row.id), "step": step.value, "status": refused.status},
                extra={"status": refused.status.value, "step": step.value},
            ) from None
        fields = await change(session, row, today)
        row.status = target.value
        row.updated_at = utcnow()
        event = entry_event(client, row, request_id, ACTIONS[step], **fields)
        await runtime.audit.append(session, [event])
        return entry_view(runtime.keyring, row, today)
