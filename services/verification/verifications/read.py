"""Reading a verification's report, and the receipt of the audit event that recorded it;
each read is audited."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from verification.audit.log import AuditRef
from verification.clients.models import ApiClient
from verification.kit.crypto import KeyRing
from verification.messages.locale import Locale
from verification.problems import Conflict
from verification.receipts_api.service import IssuedReceipt, issue_receipt, receipt_pending
from verification.reports.model import ReportContent, SupersededView, VerificationReport
from verification.runtime import Runtime
from verification.verifications import events as audit_events
from verification.verifications import repository, revisions
from verification.verifications.deadline import with_decision
from verification.verifications.models import Verification
from verification.verifications.purged import refuse_purged
from verification.verifications.schemas import ReportRevisionList, ReportRevisionView


async def read_report(
    rt: Runtime,
    client: ApiClient,
    verification_id: uuid.UUID,
    request_id: str,
    *,
    audit_action: str = "report_read",
    allow: Callable[[Verification], None] | None = None,
    revision: int | None = None,
) -> VerificationReport:
    """The stored report of one of ``client``'s verifications — its current revision, or
    ``revision`` (one it replaced: ``404 report-revision-not-found`` when it was not
    kept); the read is audited.

    ``allow`` may refuse the read (raise a ``DomainError``) before anything is decrypted.
    """
    async with rt.transaction() as session:
        row = await completed(session, client, verification_id)
        if allow is not None:
            allow(row)
        ref = await revision_ref(session, row, revision)
        content, superseded_at = await revision_content(session, rt.keyring, row, revision)
        report = (
            content.with_audit(entry=None)
            if ref is None
            else content.with_audit(entry=ref.entry, seq=ref.seq, leaf_hash=ref.leaf_hash)
        )
        if superseded_at is not None:
            superseded = SupersededView(at=superseded_at, current_revision=row.revision)
            report = report.model_copy(update={"superseded": superseded})
        await rt.audit.append(
            session,
            [
                audit_events.report_read(
                    client, row, request_id, action=audit_action, revision=content.revision
                )
            ],
        )
    return with_decision(rt, report, accepted_on=row.accepted_on, region_code=row.region_code)


async def report_receipt(
    rt: Runtime,
    client: ApiClient,
    verification_id: uuid.UUID,
    request_id: str,
    locale: Locale,
    *,
    revision: int | None = None,
) -> IssuedReceipt:
    """The receipt (C2SP tlog-proof) of the audit event that recorded the current report
    of one of ``client``'s verifications, as ``read_report`` finds it, or that of
    ``revision``; the read is audited.  ``409 receipt-pending`` while the event is not in
    the log (still pending, even when an earlier revision's event is in it) or no signed
    checkpoint covers it."""
    async with rt.read_session_factory() as session:
        row = await completed(session, client, verification_id)
        authorization_id = row.authorization_id
        ref = await revision_ref(session, row, revision)
    asked = {"verification_id": str(verification_id)}
    issued = (
        None
        if ref is None or ref.seq is None
        else await issue_receipt(rt, ref.seq, locale, audit=asked)
    )
    if issued is None:  # the report's event is not in the log yet (pending)
        raise receipt_pending(rt, locale, seq=None, audit=asked)
    await rt.audit.record(
        [
            audit_events.receipt_read(
                client,
                verification_id,
                authorization_id,
                request_id,
                index=issued.index,
                checkpoint=issued.checkpoint_size,
            )
        ]
    )
    return issued


def _current(row: Verification, revision: int | None) -> bool:
    return revision is None or revision == row.revision


async def revision_ref(
    session: AsyncSession, row: Verification, revision: int | None
) -> AuditRef | None:
    """The ``report_created`` entry of ``row``'s current report (``revision`` None or the
    current one) or of one it replaced (``404 report-revision-not-found`` when it was not
    kept): None while it is not in the log; nothing is decrypted."""
    if _current(row, revision):
        return await repository.current_report_audit_ref(session, row.id)
    assert revision is not None
    await revisions.replaced(session, row, revision)
    return await revisions.audit_ref_of(session, row.id, revision)


async def revision_content(
    session: AsyncSession, keyring: KeyRing, row: Verification, revision: int | None
) -> tuple[ReportContent, dt.datetime | None]:
    """The report of ``row``'s current revision or of one it replaced, and when the next
    revision replaced it (None: the current one)."""
    if _current(row, revision):
        return repository.stored_report(keyring, row), None
    assert revision is not None
    return await revisions.replaced_report(session, keyring, row, revision)


async def completed(
    session: AsyncSession, client: ApiClient, verification_id: uuid.UUID
) -> Verification:
    """One of ``client``'s verifications that has a report (``409 verification-incomplete``
    while it has none)."""
    row = await repository.owned(session, client, verification_id)
    refuse_purged(row)
    if row.report_enc is None:
        raise Conflict(
            "the verification has not completed; its report is not available",
            code="verification-incomplete",
        )
    return row


_STATUSES: dict[str, Literal["completed", "awaiting_sources"]] = {
    "completed": "completed",
    "awaiting_sources": "awaiting_sources",
}


async def report_revisions(
    rt: Runtime, client: ApiClient, verification_id: uuid.UUID, request_id: str
) -> ReportRevisionList:
    """Every revision of one of ``client``'s verifications' report, oldest first, without
    their contents; the read is audited."""
    async with rt.transaction() as session:
        row = await completed(session, client, verification_id)
        found = await revisions.summaries(session, row)
        await rt.audit.append(
            session,
            [audit_events.report_read(client, row, request_id, action="report_revisions_listed")],
        )
    return ReportRevisionList(
        verification_id=row.id,
        current_revision=row.revision,
        revisions=[
            ReportRevisionView(
                revision=r.revision,
                status=_STATUSES.get(r.status) if r.status is not None else None,
                outcome=r.outcome,
                completed_at=r.completed_at,
                superseded_at=r.superseded_at,
                current=r.revision == row.revision,
                kept=r.kept,
            )
            for r in found
        ],
    )
