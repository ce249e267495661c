"""A spot check's export for auditors: the frame, the event that fixed it with its receipt
under the seed's checkpoint, the rate, the seed and the drawn list — everything
``verification spot-check verify`` recomputes the sample from, offline (``offline.py``).

Before it leaves, the export is checked as an auditor would check it (``verify_export``
with the log's own key): an export that would not verify is never served.
"""

from __future__ import annotations

import uuid

import structlog

from verification.audit.checkpoint import verifier_key
from verification.audit.log import stream_for
from verification.audit.receipts import format_receipt
from verification.audit.tree import inclusion_proof
from verification.clients.models import ApiClient
from verification.problems import NotFound
from verification.runtime import Runtime
from verification.spot_checks import events, repository, sampling
from verification.spot_checks.draw import ensure_drawn
from verification.spot_checks.offline import SpotCheckExportError, verify_export
from verification.spot_checks.read import checkpoint_pending
from verification.spot_checks.schemas import FrameEvent, FrameUnit, SpotCheckExport

log = structlog.get_logger(__name__)


class ExportUnavailableError(RuntimeError):
    """The stored spot check or log does not prove its own sample (a bug, or tampering)."""


async def export_spot_check(
    runtime: Runtime, auditor: ApiClient, spot_check_id: uuid.UUID, request_id: str
) -> SpotCheckExport:
    async with runtime.read_session_factory() as session:
        row = await repository.spot_check(session, spot_check_id)
    if row is None:
        raise NotFound("no spot check with this id")
    if not await ensure_drawn(runtime, spot_check_id, request_id):
        raise checkpoint_pending(runtime, row)
    stream = stream_for(sandbox=row.sandbox)
    async with runtime.read_session_factory() as session:
        row = await repository.spot_check(session, spot_check_id)
        assert row is not None and row.frame_seq is not None and row.checkpoint_size is not None
        units = await repository.units(session, spot_check_id)
        body = await repository.entry_body(session, stream, row.frame_seq)
        checkpoint = await repository.checkpoint(session, stream, row.checkpoint_size)
        assert body is not None and checkpoint is not None
        index = row.frame_seq - 1
        proof = await inclusion_proof(session, index, checkpoint.size, stream)
    receipt = format_receipt(index, proof.proof, checkpoint.note, entry=body.encode("utf-8"))
    origin = runtime.audit_origin(stream)
    export = SpotCheckExport(
        spot_check_id=row.id,
        region_prefix=row.region_prefix,
        period_from=row.period_from,
        period_to=row.period_to,
        rate=sampling.rate_text(row.rate),
        frame_digest=row.frame_digest,
        frame=[
            FrameUnit(id=u.verification_id, region=u.region_code, outcome=u.outcome) for u in units
        ],
        frame_event=FrameEvent(index=index, body=body),
        receipt=receipt,
        checkpoint={
            "size": checkpoint.size,
            "root": checkpoint.root_hash,
            "note": checkpoint.note,
        },
        log_origin=origin,
        seed=row.seed or "",
        drawn=[u.verification_id for u in sorted(units, key=lambda u: u.draw_rank or 0) if u.drawn],
    )
    try:
        verify_export(
            export.model_dump(mode="json"), verifier_key(origin, runtime.audit_key.public_key())
        )
    except SpotCheckExportError as error:
        log.exception(
            "spot_check_export_self_check_failed", spot_check=str(row.id), code=error.code
        )
        raise ExportUnavailableError(f"spot check {row.id} does not prove its sample") from None
    await runtime.audit.record([events.exported(auditor, row, request_id)])
    return export
