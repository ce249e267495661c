"""Receipts of the stored log: the tlog-proof of one entry against the latest signed
checkpoint, read from ``audit_events``, ``audit_nodes`` and ``audit_checkpoints`` only.

The entry with sequence number ``seq`` is leaf ``seq - 1`` of the tree.  Its receipt uses
the latest signed checkpoint, which covers it once its size is at least ``seq``; until then
(the entry still pending in ``audit_pending``, or no checkpoint signed since it was
integrated) the answer is the ``409 receipt-pending`` problem with ``Retry-After``.  Nothing
here writes: the integrator (``audit.sequencer``) moves entries into the log within a poll
and signs a checkpoint when the log grew, at most once per ``checkpoint_interval_seconds``
(an auditor may sign one sooner, ``POST /v1/audit/checkpoints``).

Before a receipt leaves, it is verified as an auditor would (``receipts.verify_receipt``
with the log's own verifier key): a receipt that would not verify is never served.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import structlog
from sqlalchemy import select

from verification.audit.checkpoint import verifier_key
from verification.audit.log import current_stream
from verification.audit.models import PRODUCTION, Stream
from verification.audit.receipts import ReceiptError, format_receipt, verify_receipt
from verification.audit.tree import inclusion_proof, latest_checkpoint
from verification.messages.locale import Locale
from verification.messages.render import render
from verification.problems import Conflict
from verification.runtime import Runtime

log = structlog.get_logger(__name__)

MAX_RETRY_AFTER = 60


class ReceiptPending(Conflict):
    """No receipt yet: the entry is still pending (not in the log), or no signed checkpoint
    covers it."""

    code = "receipt-pending"
    title = "Receipt pending"


class ReceiptUnavailableError(RuntimeError):
    """The stored log does not match its checkpoint where the receipt needs it (a bug, or
    tampering that the integrity check will name): no receipt is served."""


@dataclass(frozen=True, slots=True)
class IssuedReceipt:
    text: str
    index: int  # the leaf index, seq - 1
    checkpoint_size: int


def retry_after(runtime: Runtime, *, in_log: bool) -> int:
    """Whole seconds until a pending receipt is worth asking for again, from the
    integrator's schedule: its next checkpoint (``checkpoint_interval_seconds``) and, for an
    entry still pending (not ``in_log``), its next poll before that
    (``audit_integrate_poll_seconds``); at least 1, at most a minute."""
    settings = runtime.settings
    wait = settings.checkpoint_interval_seconds
    if not in_log:
        wait += settings.audit_integrate_poll_seconds
    return max(1, min(MAX_RETRY_AFTER, math.ceil(wait)))


def receipt_pending(
    runtime: Runtime,
    locale: Locale,
    *,
    seq: int | None,
    audit: Mapping[str, str] | None = None,
) -> ReceiptPending:
    """The ``409 receipt-pending`` problem, in ``locale``: for an entry not in the log yet
    (``seq`` None: still pending) or one in it (``seq``) that no signed checkpoint covers
    yet.  ``audit`` goes into the refusal's audit event (the verification asked about)."""
    wait = retry_after(runtime, in_log=seq is not None)
    if seq is None:
        detail = render("problem.receipt_pending.not_in_log", {"retry_after": wait}, locale)
    else:
        detail = render(
            "problem.receipt_pending.no_checkpoint",
            {"index": seq - 1, "retry_after": wait},
            locale,
        )
    extra: dict[str, int] = {"retry_after": wait}
    if seq is not None:
        extra["index"] = seq - 1
    return ReceiptPending(
        detail,
        title=render("problem.receipt_pending.title", {}, locale),
        headers={"Retry-After": str(wait)},
        extra=extra,
        audit={**extra, **(audit or {})},
    )


async def issue_receipt(
    runtime: Runtime,
    seq: int,
    locale: Locale,
    *,
    audit: Mapping[str, str] | None = None,
    stream: Stream | None = None,
) -> IssuedReceipt | None:
    """The receipt of the entry ``seq`` of ``stream``'s log (by default the task's: a
    sandbox client's request, the sandbox's) — None: the log has no such entry; raises
    ``ReceiptPending`` (with ``audit`` for its audit event) while no signed checkpoint
    covers it."""
    stream = stream or current_stream()
    events = stream.events
    index = seq - 1
    async with runtime.read_session_factory() as session:
        entry = (
            await session.execute(select(events.leaf_hash, events.body).where(events.seq == seq))
        ).first()
        if entry is None:
            return None
        # production's log is every function's default: its call stays as it was
        checkpoint = (
            await latest_checkpoint(session)
            if stream is PRODUCTION
            else await latest_checkpoint(session, stream)
        )
        if checkpoint is None or checkpoint.size < seq:
            raise receipt_pending(runtime, locale, seq=seq, audit=audit)
        proof = await inclusion_proof(session, index, checkpoint.size, stream)
    leaf_hex, body = str(entry[0]), str(entry[1])
    if proof.leaf_hash.hex() != leaf_hex or proof.root.hex() != checkpoint.root_hash:
        log.error("receipt_log_mismatch", index=index, checkpoint=checkpoint.size)
        raise ReceiptUnavailableError(
            f"the stored tree does not match entry {index} or checkpoint {checkpoint.size}"
        )
    text = format_receipt(index, proof.proof, checkpoint.note, entry=body.encode())
    origin = runtime.audit_origin(stream)
    try:
        verify_receipt(
            text,
            verifier_key(origin, runtime.audit_key.public_key()),
            leaf_hash=bytes.fromhex(leaf_hex),
            origin=origin,
        )
    except ReceiptError as error:
        log.exception("receipt_self_check_failed", index=index, code=error.code)
        raise ReceiptUnavailableError(f"the receipt of entry {index} does not verify") from None
    return IssuedReceipt(text=text, index=index, checkpoint_size=checkpoint.size)
