"""A caseworker's decision on a notified entry: confirm it (its people go on the record for
the policy's period from today, a Beijing date) or dismiss it (with a reason)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from verification.clients.models import ApiClient
from verification.data_keys.columns import INTEGRITY_CLOSING_NOTE
from verification.integrity_record import repository
from verification.integrity_record.lifecycle import Step, period, policy_period
from verification.integrity_record.models import IntegrityEntry as Row
from verification.integrity_record.schemas import CloseEntry, IntegrityEntry
from verification.integrity_record.step import take_step
from verification.kit.crypto import KeyRing
from verification.kit.masking import mask_text
from verification.runtime import Runtime


async def confirm_entry(
    runtime: Runtime, client: ApiClient, entry_id: uuid.UUID, request_id: str
) -> IntegrityEntry:
    async def change(session: AsyncSession, row: Row, today: dt.date) -> Mapping[str, Any]:
        months, example = policy_period(runtime.policies.effective(row.region_code, today))
        first, last = period(today, months)
        row.decided_by, row.decided_on = client.id, today
        row.period_months, row.period_example = months, example
        row.listed_from, row.listed_until = first, last
        people = await repository.people_of(session, row.verification_id)
        await repository.list_people(session, row, people, first, last)
        return {
            "period_months": months,
            "period_example": example,
            "listed_from": first.isoformat(),
            "listed_until": last.isoformat(),
            "member_count": len(people),
        }

    return await take_step(runtime, client, entry_id, Step.CONFIRM, request_id, change)


async def dismiss_entry(
    runtime: Runtime, client: ApiClient, entry_id: uuid.UUID, body: CloseEntry, request_id: str
) -> IntegrityEntry:
    async def change(_session: AsyncSession, row: Row, today: dt.date) -> Mapping[str, Any]:
        row.decided_by, row.decided_on = client.id, today
        return close(runtime.keyring, row, client, body, today)

    return await take_step(runtime, client, entry_id, Step.DISMISS, request_id, change)


def close(
    keyring: KeyRing, row: Row, client: ApiClient, body: CloseEntry, today: dt.date
) -> Mapping[str, Any]:
    """A dismissal's or a withdrawal's reason: the code stored and audited, the note stored
    encrypted (never audited)."""
    row.closed_by, row.closed_on = client.id, today
    row.closing_reason = body.reason_code.value
    if body.note is not None:
        row.closing_note_enc = INTEGRITY_CLOSING_NOTE.encrypt(
            keyring, mask_text(body.note).encode(), id=row.id
        )
    return {"reason_code": body.reason_code.value, "closed_on": today.isoformat()}
