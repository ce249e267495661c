"""Canonical JSON: the byte form that audit hashes and content hashes are taken over.

Keys sorted, no insignificant whitespace, UTF-8 without escaping non-ASCII.
Values must already be JSON types (money as strings), so the bytes are stable.
"""

from __future__ import annotations

import json


def canonical_bytes(value: object) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()
