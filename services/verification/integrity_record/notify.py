"""Recording the notice (告知) given to the household: the day and the channel.  Its text
is the catalogue's ``integrity.notice`` (Chinese, and English), rendered on read."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from verification.clients.models import ApiClient
from verification.integrity_record.lifecycle import Step
from verification.integrity_record.models import IntegrityEntry as Row
from verification.integrity_record.schemas import IntegrityEntry, RecordNotice
from verification.integrity_record.step import take_step
from verification.problems import InvalidRequest
from verification.runtime import Runtime


async def record_notice(
    runtime: Runtime, client: ApiClient, entry_id: uuid.UUID, body: RecordNotice, request_id: str
) -> IntegrityEntry:
    async def change(_session: AsyncSession, row: Row, today: dt.date) -> Mapping[str, Any]:
        proposed_on = runtime.business_date(row.created_at)  # a Beijing date, as today
        if body.notified_on > today or body.notified_on < proposed_on:
            raise InvalidRequest(
                "notified_on must lie between the entry's proposal and today",
                code="integrity-notice-date",
                status=422,
                audit={"entry_id": str(row.id)},
            )
        row.notified_on = body.notified_on
        row.notice_channel = body.channel.value
        return {"notified_on": body.notified_on.isoformat(), "channel": body.channel.value}

    return await take_step(runtime, client, entry_id, Step.NOTICE, request_id, change)
