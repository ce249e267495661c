"""Reading a verification's report, and the receipt of the audit event that recorded it;
each read is audited."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from verification.clients.models import ApiClient
from verification.messages.locale import Locale
from verification.problems import Conflict
from verification.receipts_api.service import IssuedReceipt, issue_receipt, receipt_pending
from verification.reports.model import VerificationReport
from verification.runtime import Runtime
from verification.verifications import events as audit_events
from verification.verifications import repository
from verification.verifications.deadline import with_decision
from verification.verifications.models import Verification
from verification.verifications.purged import refuse_purged


async def read_report(
    rt: Runtime,
    client: ApiClient,
    verification_id: uuid.UUID,
    request_id: str,
    *,
    audit_action: str = "report_read",
    allow: Callable[[Verification], None] | None = None,
) -> VerificationReport:
    """The stored report of one of ``client``'s verifications; the read is audited.

    ``allow`` may refuse the read (raise a ``DomainError``) before anything is decrypted.
    """
    async with rt.transaction() as session:
        row = await completed(session, client, verification_id)
        if allow is not None:
            allow(row)
        ref = await repository.report_audit_ref(session, verification_id)
        report = repository.stored_report(rt.keyring, row).with_audit(
            entry=ref.entry, seq=ref.seq, leaf_hash=ref.leaf_hash
        )
        await rt.audit.append(
            session, [audit_events.report_read(client, row, request_id, action=audit_action)]
        )
    return with_decision(rt, report, accepted_on=row.accepted_on, region_code=row.region_code)


async def report_receipt(
    rt: Runtime, client: ApiClient, verification_id: uuid.UUID, request_id: str, locale: Locale
) -> IssuedReceipt:
    """The receipt (C2SP tlog-proof) of the audit event that recorded the current report
    of one of ``client``'s verifications, as ``read_report`` finds it; the read is audited.
    ``409 receipt-pending`` while the event is not in the log (still pending, even when
    an earlier revision's event is in it) or no signed checkpoint covers it."""
    async with rt.read_session_factory() as session:
        row = await completed(session, client, verification_id)
        authorization_id = row.authorization_id
        ref = await repository.current_report_audit_ref(session, verification_id)
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
