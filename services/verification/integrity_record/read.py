"""Reading an integrity entry: the view a caseworker gets, and what its audit events name.

A client reaches the entries of its environment in its regions (anything else is ``404``,
as another client's household is).  Reading one is audited (``integrity_entry_read``): it
holds the household's explanation.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from verification.clients.models import ApiClient
from verification.data_keys.columns import (
    INTEGRITY_CLOSING_NOTE,
    INTEGRITY_EXPLANATION,
    INTEGRITY_FINDING,
)
from verification.integrity_record import repository
from verification.integrity_record.lifecycle import NoticeChannel, status_on
from verification.integrity_record.models import IntegrityEntry as Row
from verification.integrity_record.schemas import (
    IntegrityEntry,
    IntegrityEvidence,
    IntegrityExplanation,
    IntegrityFinding,
    IntegrityNotice,
)
from verification.kit.crypto import KeyRing
from verification.messages.locale import Locale
from verification.messages.render import render
from verification.problems import NotFound
from verification.runtime import Runtime

NOT_FOUND = "no integrity entry with this id in the calling client's regions"


async def read_entry(
    runtime: Runtime, client: ApiClient, entry_id: uuid.UUID, request_id: str
) -> IntegrityEntry:
    """The entry, its reading audited."""
    async with runtime.transaction() as session:
        row = await reachable(session, client, entry_id)
        await runtime.audit.append(
            session, [entry_event(client, row, request_id, "integrity_entry_read")]
        )
        return entry_view(runtime.keyring, row, runtime.today())


async def reachable(
    session: AsyncSession, client: ApiClient, entry_id: uuid.UUID, *, for_update: bool = False
) -> Row:
    row = await repository.reachable_entry(session, client, entry_id, for_update=for_update)
    if row is None:
        raise NotFound(NOT_FOUND)
    return row


def notice_text(finding: Mapping[str, Any], period_months: int, locale: Locale) -> str:
    """The notice (告知) to the household, from the message catalogue."""
    params = {
        "findings": [{"code": finding["code"], "params": finding.get("params", {})}],
        "period_months": period_months,
    }
    return render("integrity.notice", params, locale)


def entry_view(keyring: KeyRing, row: Row, today: Any) -> IntegrityEntry:
    finding = INTEGRITY_FINDING.decrypt_json(keyring, row)
    notice = None
    if row.notified_on is not None and row.notice_channel is not None:
        months = finding["period_months"]
        notice = IntegrityNotice(
            notified_on=row.notified_on,
            channel=NoticeChannel(row.notice_channel),
            text=notice_text(finding["finding"], months, Locale.ZH_CN),
            text_en=notice_text(finding["finding"], months, Locale.EN),
        )
    explanation = None
    if row.explanation_enc is not None and row.explained_at is not None:
        said = INTEGRITY_EXPLANATION.decrypt_json(keyring, row)
        explanation = IntegrityExplanation(
            reason=said["reason"],
            evidence=[IntegrityEvidence(description=e) for e in said["evidence"]],
            explained_at=row.explained_at,
        )
    note = (
        INTEGRITY_CLOSING_NOTE.decrypt(keyring, row).decode()
        if row.closing_note_enc is not None
        else None
    )
    return IntegrityEntry(
        id=row.id,
        verification_id=row.verification_id,
        revision=row.revision,
        finding_index=row.finding_index,
        finding=IntegrityFinding.model_validate(finding["finding"]),
        region_code=row.region_code,
        member_count=row.member_count,
        status=status_on(row.status, row.listed_until, today),
        notice=notice,
        explanation=explanation,
        decided_on=row.decided_on,
        period_months=row.period_months,
        period_example=row.period_example,
        listed_from=row.listed_from,
        listed_until=row.listed_until,
        closed_on=row.closed_on,
        closing_reason=row.closing_reason,
        closing_note=note,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def entry_event(
    client: ApiClient, row: Row, request_id: str, action: str, **fields: Any
) -> Mapping[str, Any]:
    """The audit entry of a step or a read: ids, codes and dates, never personal data (no
    figure, name, ID number, explanation or note)."""
    return {
        "action": action,
        "client_id": str(client.id),
        "request_id": request_id,
        "entry_id": str(row.id),
        "verification_id": str(row.verification_id),
        "revision": row.revision,
        "finding_index": row.finding_index,
        "finding_code": row.finding_code,
        "region_code": row.region_code,
        "status": row.status,
        **fields,
    }
