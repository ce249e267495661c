"""A verification's signed report (issue #22 item 4): the manifest of its current report (or
of a revision it replaced), signed with the log's key, with the receipt of the report's
``report_created`` entry; the read is audited.  ``409 receipt-pending`` while no receipt can
be given (as the receipt route).  Before it leaves, the bundle is verified as a reader
would verify it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import structlog

from verification.audit.checkpoint import verifier_key
from verification.audit.log import current_stream
from verification.clients.models import ApiClient
from verification.kit.canonical_json import canonical_bytes
from verification.messages.locale import Locale
from verification.receipts_api.service import (
    ReceiptUnavailableError,
    issue_receipt,
    receipt_pending,
)
from verification.reports.manifest import (
    SignedReportError,
    build_manifest,
    signed_report,
    verify_signed_report,
)
from verification.runtime import Runtime
from verification.verifications import events as audit_events
from verification.verifications import repository
from verification.verifications.read import completed, revision_content, revision_ref

log = structlog.get_logger(__name__)


ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class _Signed:
    bundle: dict[str, Any]
    authorization_id: str
    revision: int
    index: int
    checkpoint_size: int


async def read_signed_report(
    rt: Runtime,
    client: ApiClient,
    verification_id: uuid.UUID,
    request_id: str,
    locale: Locale,
    *,
    revision: int | None = None,
) -> dict[str, Any]:
    """The signed report of one of ``client``'s verifications' current report, or of
    ``revision`` (one the current report replaced, kept: ``404
    report-revision-not-found`` otherwise).

    A revision committed between the reads of the report and of its entry (each statement
    sees what was committed before it) makes a bundle whose entry is another revision's:
    the self-check names it, and the reads are made again."""
    asked = {"verification_id": str(verification_id)}
    for attempt in range(ATTEMPTS):
        try:
            signed = await _sign(rt, client, verification_id, locale, asked, revision=revision)
            break
        except SignedReportError as error:
            if error.code != "receipt.report_entry_mismatch" or attempt == ATTEMPTS - 1:
                log.exception("signed_report_self_check_failed", code=error.code)
                raise ReceiptUnavailableError("the signed report does not verify") from None
    await rt.audit.record(
        [
            audit_events.signed_report_read(
                client,
                verification_id,
                signed.authorization_id,
                request_id,
                revision=signed.revision,
                index=signed.index,
                checkpoint=signed.checkpoint_size,
                manifest_format=signed.bundle["manifest"]["format"],
                obligor_answers=len(signed.bundle["manifest"]["obligor_sources"]),
            )
        ]
    )
    return signed.bundle


async def _sign(
    rt: Runtime,
    client: ApiClient,
    verification_id: uuid.UUID,
    locale: Locale,
    asked: dict[str, str],
    *,
    revision: int | None,
) -> _Signed:
    """The bundle, verified as a reader would verify it (raises ``SignedReportError``)."""
    async with rt.read_session_factory() as session:
        row = await completed(session, client, verification_id)
        ref = await revision_ref(session, row, revision)
        if ref is None or ref.seq is None or ref.leaf_hash is None:
            raise receipt_pending(rt, locale, seq=None, audit=asked)
        content, _ = await revision_content(session, rt.keyring, row, revision)
        answers, obligor_answers = await repository.answer_digests(
            session, rt.keyring, verification_id, content.revision
        )
    issued = await issue_receipt(rt, ref.seq, locale, audit=asked)
    if issued is None:  # pragma: no cover - the entry was just read from the log
        raise receipt_pending(rt, locale, seq=None, audit=asked)
    manifest = build_manifest(
        content.model_dump(mode="json"),
        answers,
        obligor_answers=obligor_answers,
        seq=ref.seq,
        leaf_hash=ref.leaf_hash,
    )
    key = verifier_key(rt.audit_origin(current_stream()), rt.audit_key.public_key())
    bundle = signed_report(manifest, rt.audit_key, key=key, receipt=issued.text)
    verify_signed_report(canonical_bytes(bundle), key)
    return _Signed(
        bundle=bundle,
        authorization_id=row.authorization_id,
        revision=content.revision,
        index=issued.index,
        checkpoint_size=issued.checkpoint_size,
    )
