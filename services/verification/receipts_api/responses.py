"""How a receipt is served: the responses its routes document and the plain-text answer,
shared by the auditor's route (any entry, by index) and the case system's (its report's)."""

from __future__ import annotations

from typing import Any

from fastapi.responses import PlainTextResponse

from verification.audit.receipts import FILE_SUFFIX
from verification.openapi_problems import RETRY_AFTER
from verification.receipts_api.service import IssuedReceipt

RECEIPT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the receipt: a C2SP tlog-proof (`c2sp.org/tlog-proof@v1`): the "
        "entry's body as `extra`, its leaf index, its RFC 6962 inclusion proof and the "
        "latest signed checkpoint; verify it offline with `verification audit "
        "verify-receipt` or any tlog-proof verifier",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    },
    409: {
        "description": "`receipt-pending`: the entry is not in the log yet, or no signed "
        "checkpoint covers it yet (ask again after `Retry-After`)",
        "headers": {"Retry-After": RETRY_AFTER},
    },
}


def receipt_response(receipt: IssuedReceipt) -> PlainTextResponse:
    """A receipt as served: plain text, named ``audit-<index>.tlog-proof`` for saving."""
    return PlainTextResponse(
        receipt.text,
        headers={
            "Cache-Control": "no-store",
            "Content-Disposition": f'inline; filename="audit-{receipt.index}{FILE_SUFFIX}"',
        },
    )
