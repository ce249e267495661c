"""U+0000 (NUL) in input.

Pure.  PostgreSQL's text types cannot hold a NUL (SQLite's can), so the
service refuses it wherever it enters — in a request (``nul_guard.py``) or
inside a signed authorization (``authorization/jws.py``) — and the two
databases behave alike.
"""

from __future__ import annotations

import json
from typing import Any

NUL = "\x00"
_ESCAPED = b"\\u0000"  # the only way to write U+0000 inside a JSON string


def contains_nul(value: Any) -> bool:
    """Whether a decoded JSON value has a NUL in any string, object key included
    (iteratively: nesting is bounded only by the body size)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if NUL in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def json_has_nul(body: bytes) -> bool:
    """Whether a JSON text carries a NUL: as a raw byte, or escaped in a string.

    ``\\u0000`` after an escaped backslash is six ordinary characters, so a body
    that has the sequence is decoded to tell; one that does not decode is left to
    the JSON parser that reads it next (it refuses it as malformed).
    """
    if b"\x00" in body:
        return True
    if _ESCAPED not in body:
        return False
    try:
        return contains_nul(json.loads(body))
    except (ValueError, RecursionError):
        return False
