"""Checking a spot check's export offline: the auditor's recomputation (ADR 0016).

From the export alone and the audit log's verifier key — no database, no network — it
re-derives the frame digest from the frame, checks that the audit event which fixed the
frame (``spot_check_frame_fixed``, carried whole) names that digest, the rate and the
spot check, that its receipt proves it is in the log under the signed checkpoint the seed
is taken from (``audit.receipts.verify_receipt``: the checkpoint's signature, its origin,
the inclusion proof) and so that the checkpoint's tree is larger than the event's leaf
index, then re-derives the seed and the sample and compares them with the drawn list.

That the checkpoint is the *first* one covering the frame event is checked against the
log's published checkpoints (``GET /v1/audit/checkpoints``), not here: a checkpoint is
stored once per tree size and never changed.

Pure: the standard library, ``audit.receipts`` and ``sampling``.  Every failure is a
``SpotCheckExportError`` carrying a message catalogue code (``spot_check.…``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from verification.audit.receipts import ReceiptError, VerifiedReceipt, verify_receipt
from verification.spot_checks import sampling

EXPORT_FORMAT: Final = "spot-check-export v1"
FRAME_ACTION: Final = "spot_check_frame_fixed"


class SpotCheckExportError(ValueError):
    """An export that does not prove its sample; ``code`` is a message catalogue code."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params: Mapping[str, Any] = params


@dataclass(frozen=True, slots=True)
class VerifiedSample:
    """What the export proved."""

    spot_check_id: str
    frame_count: int
    drawn_count: int
    frame_index: int  # the frame event's leaf index
    checkpoint_size: int
    origin: str
    seed: bytes


def _fail(code: str, message: str, **params: Any) -> SpotCheckExportError:
    return SpotCheckExportError(code, message, **params)


def _units(frame: object) -> list[sampling.Unit]:
    if not isinstance(frame, list):
        raise _fail("spot_check.bad_export", "the export's frame is not a list")
    try:
        return [
            sampling.Unit(uuid.UUID(str(u["id"])), str(u["region"]), str(u["outcome"]))
            for u in frame
        ]
    except (KeyError, TypeError, ValueError):
        raise _fail("spot_check.bad_export", "a unit of the frame is malformed") from None


@dataclass(frozen=True, slots=True)
class _Fields:
    spot_check_id: str
    rate_text: str
    rate: Decimal
    index: int
    body_text: str
    receipt: str
    seed: str
    drawn: list[str]


def _fields(export: Mapping[str, Any]) -> _Fields:
    if export.get("format") != EXPORT_FORMAT:
        raise _fail("spot_check.bad_export", f"the export's format is not {EXPORT_FORMAT!r}")
    try:
        event = export["frame_event"]
        return _Fields(
            spot_check_id=str(export["spot_check_id"]),
            rate_text=str(export["rate"]),
            rate=Decimal(str(export["rate"])),
            index=int(event["index"]),
            body_text=str(event["body"]),
            receipt=str(export["receipt"]),
            seed=str(export["seed"]),
            drawn=[str(i) for i in export["drawn"]],
        )
    except (KeyError, TypeError, ValueError, InvalidOperation):
        raise _fail("spot_check.bad_export", "the export lacks a field or has a bad one") from None


def _check_event(fields: _Fields, digest: bytes, count: int) -> None:
    """The frame event (what the log holds about the frame) names this frame and rate."""
    try:
        body = json.loads(fields.body_text)
    except ValueError:
        raise _fail("spot_check.bad_export", "the frame event's body is not JSON") from None
    if not isinstance(body, dict) or body.get("action") != FRAME_ACTION:
        raise _fail("spot_check.bad_export", f"the frame event is not a {FRAME_ACTION}")
    if body.get("frame_digest") != digest.hex():
        raise _fail(
            "spot_check.frame_digest_mismatch",
            "the frame's digest is not the one the log recorded: a unit was added, removed "
            "or changed",
            recorded=str(body.get("frame_digest")),
            computed=digest.hex(),
        )
    if (
        body.get("spot_check_id") != fields.spot_check_id
        or body.get("frame_count") != count
        or str(body.get("rate")) != fields.rate_text
        or body.get("seq") != fields.index + 1
    ):
        raise _fail(
            "spot_check.event_mismatch",
            "the frame event is not this export's (spot check, size, rate or index)",
        )


def _prove(fields: _Fields, verifier_key: str) -> VerifiedReceipt:
    """The frame event in the log, under the checkpoint the seed comes from, which must
    follow it (its tree larger than the event's leaf index)."""
    try:
        proven = verify_receipt(fields.receipt, verifier_key, entry=fields.body_text.encode())
    except ReceiptError as error:
        if error.code == "receipt.index_outside":
            raise _fail(
                "spot_check.checkpoint_before_frame",
                "the checkpoint does not follow the frame event",
                size=error.params.get("size"),
                index=error.params.get("index"),
            ) from None
        raise _fail(
            "spot_check.receipt_invalid",
            f"the frame event's receipt: {error}",
            reason=error.code,
            receipt=dict(error.params),
        ) from None
    if proven.index != fields.index:
        raise _fail("spot_check.event_mismatch", "the receipt proves another entry")
    return proven


def verify_export(export: Mapping[str, Any], verifier_key: str) -> VerifiedSample:
    """Check ``export`` (a spot check's export, parsed) against the log's verifier key;
    raises ``SpotCheckExportError`` naming the first check that fails."""
    fields = _fields(export)
    units = _units(export.get("frame"))
    try:
        digest = sampling.frame_digest(units)
    except ValueError:
        raise _fail("spot_check.bad_export", "the frame names a unit twice") from None
    _check_event(fields, digest, len(units))
    checkpoint = _prove(fields, verifier_key).checkpoint
    seed = sampling.seed(checkpoint.root, checkpoint.size, digest)
    if fields.seed != seed.hex():
        raise _fail(
            "spot_check.seed_mismatch",
            "the seed is not the one the checkpoint and the frame give",
            computed=seed.hex(),
        )
    expected = [str(unit.id) for unit in sampling.draw(units, fields.rate, seed)]
    if fields.drawn != expected:
        raise _fail(
            "spot_check.sample_mismatch",
            "the drawn list is not the sample the seed gives",
            missing=", ".join(sorted(set(expected) - set(fields.drawn))) or "-",
            extra=", ".join(sorted(set(fields.drawn) - set(expected))) or "-",
        )
    return VerifiedSample(
        spot_check_id=fields.spot_check_id,
        frame_count=len(units),
        drawn_count=len(fields.drawn),
        frame_index=fields.index,
        checkpoint_size=checkpoint.size,
        origin=checkpoint.origin,
        seed=seed,
    )
