"""Opaque page cursors: a small JSON value, base64url-encoded without padding.

Pure.  ``decode_cursor`` raises ``ValueError`` for anything that is not one of
ours; each endpoint turns that into its own ``422`` problem.
"""

from __future__ import annotations

import base64
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
