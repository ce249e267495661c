"""Opaque page cursors: a small JSON value, base64url-encoded without padding.

Pure.  ``decode_cursor`` raises ``ValueError`` for anything that is not one of
ours; ``verification.paging.PlainCursors`` turns that into the list's ``422`` problem.
Sealed cursors (``seal_cursor``, through ``verification.paging.SealedCursors``) also carry an
HMAC tag and the fingerprint of the query that issued them: an altered cursor, or one
passed to another list or with other filters, is refused rather than read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

# what encode_cursor makes: base64url without padding (for the OpenAPI document)
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"
CURSOR_MAX_LENGTH = 200


def encode_cursor(value: Any) -> str:
    raw = json.dumps(value, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> Any:
    """The value ``encode_cursor`` was given; ``ValueError`` for a cursor it did not make."""
    # binascii.Error, UnicodeDecodeError and JSONDecodeError are all ValueErrors
    return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))


# ---- sealed cursors: tamper-evident, bound to the query that issued them ----------------

_TAG_BYTES = 16  # HMAC-SHA256 truncated to 128 bits


class CursorNotOursError(ValueError):
    """Not a cursor this service sealed (malformed, or altered: its tag does not match)."""


class CursorOfAnotherQueryError(ValueError):
    """A cursor this service sealed, for another list or other filters."""


def query_fingerprint(listing: str, filters: dict[str, Any]) -> str:
    """A short digest of a list and its filters (values as strings, ``None`` left out)."""
    canonical = json.dumps(
        [listing, {k: str(v) for k, v in sorted(filters.items()) if v is not None}],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def seal_cursor(key: bytes, fingerprint: str, position: list[Any]) -> str:
    """An opaque cursor for ``position`` in the query ``fingerprint`` names, tagged with
    ``key`` (HMAC-SHA256) so an altered one is refused."""
    payload = json.dumps([1, fingerprint, position], separators=(",", ":")).encode()
    tag = hmac.new(key, payload, hashlib.sha256).digest()[:_TAG_BYTES]
    return base64.urlsafe_b64encode(tag + payload).decode().rstrip("=")


def open_cursor(key: bytes, fingerprint: str, cursor: str) -> list[Any]:
    """The position ``seal_cursor`` sealed; ``CursorNotOursError`` for a cursor it did not make
    (or one altered since), ``CursorOfAnotherQueryError`` for one of another query."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except ValueError:
        raise CursorNotOursError("not base64url") from None
    tag, payload = raw[:_TAG_BYTES], raw[_TAG_BYTES:]
    if not hmac.compare_digest(tag, hmac.new(key, payload, hashlib.sha256).digest()[:_TAG_BYTES]):
        raise CursorNotOursError("the tag does not match")
    version, issued_for, position = json.loads(payload)
    if version != 1 or not isinstance(position, list):  # sealed by us: cannot happen today
        raise CursorNotOursError("unknown cursor version")
    if issued_for != fingerprint:
        raise CursorOfAnotherQueryError("issued for another query")
    return position
