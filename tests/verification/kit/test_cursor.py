"""Sealed page cursors (kit/cursor.py) and the key they are sealed with (kit/crypto.py)."""

from __future__ import annotations

import base64

import pytest

from verification.kit.crypto import KeyRing
from verification.kit.cursor import (
    CursorNotOursError,
    CursorOfAnotherQueryError,
    open_cursor,
    query_fingerprint,
    seal_cursor,
)

KEY = bytes(range(32))


def test_a_sealed_cursor_opens_to_its_position_for_its_query_only() -> None:
    query = query_fingerprint("verifications", {"status": "completed", "outcome": None})
    cursor = seal_cursor(KEY, query, [1_765_000_000_123_456, "ab" * 16])
    assert open_cursor(KEY, query, cursor) == [1_765_000_000_123_456, "ab" * 16]
    # None filters are left out: the same query however it is spelt
    assert query == query_fingerprint("verifications", {"status": "completed"})
    for other in (
        query_fingerprint("verifications", {"status": "running"}),
        query_fingerprint("households", {"status": "completed"}),
    ):
        with pytest.raises(CursorOfAnotherQueryError):
            open_cursor(KEY, other, cursor)
    with pytest.raises(CursorNotOursError):
        open_cursor(bytes(32), query, cursor)  # another deployment's key


def test_every_altered_byte_is_refused() -> None:
    query = query_fingerprint("batches", {})
    cursor = seal_cursor(KEY, query, [1, "00" * 16])
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    for at in range(len(raw)):
        altered = bytearray(raw)
        altered[at] ^= 0x04
        text = base64.urlsafe_b64encode(bytes(altered)).decode().rstrip("=")
        with pytest.raises(CursorNotOursError):
            open_cursor(KEY, query, text)
    for garbage in ("", "A", "!!!!", base64.urlsafe_b64encode(b"[1,2]").decode()):
        with pytest.raises(ValueError):
            open_cursor(KEY, query, garbage)


def test_the_cursor_key_is_derived_and_no_blind_index() -> None:
    ring = KeyRing.generate()
    key = ring.derived_key("page-cursor")
    assert len(key) == 32 and key == ring.derived_key("page-cursor")
    assert key != ring.derived_key("another purpose")
    assert key.hex() not in {
        ring.blind_index("page-cursor"),
        ring.blind_index("verification/page-cursor"),
    }
    assert key != KeyRing.generate().derived_key("page-cursor")
