"""Withdrawing a confirmed entry before its end (its people leave the record at once),
with a reason; an expired entry has ended and cannot be withdrawn."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from verification.clients.models import ApiClient
from verification.integrity_record import repository
from verification.integrity_record.decide import close
from verification.integrity_record.lifecycle import Step
from verification.integrity_record.models import IntegrityEntry as Row
from verification.integrity_record.schemas import CloseEntry, IntegrityEntry
from verification.integrity_record.step import take_step
from verification.runtime import Runtime


async def withdraw_entry(
    runtime: Runtime, client: ApiClient, entry_id: uuid.UUID, body: CloseEntry, request_id: str
) -> IntegrityEntry:
    async def change(session: AsyncSession, row: Row, today: dt.date) -> Mapping[str, Any]:
        await repository.unlist_people(session, row.id)
        return close(runtime.keyring, row, client, body, today)

    return await take_step(runtime, client, entry_id, Step.WITHDRAW, request_id, change)
