from __future__ import annotations

import os
import stat

import pytest
from cryptography.exceptions import InvalidTag

from verification.kit.crypto import KeyRing, KeyRingError, load_or_create_keyring


def test_round_trip_and_no_plaintext() -> None:
    ring = KeyRing.generate()
    token = ring.encrypt("韦国强 450102198003120111".encode(), b"row:1")
    assert "450102198003120111" not in token and token.startswith(f"v1.{ring.active_key_id}.")
    assert ring.decrypt(token, b"row:1").decode() == "韦国强 450102198003120111"


def test_ciphertext_is_bound_to_its_row() -> None:
    ring = KeyRing.generate()
    token = ring.encrypt(b"secret", b"row:1")
    with pytest.raises(InvalidTag):
        ring.decrypt(token, b"row:2")


def test_rotation_keeps_old_rows_readable() -> None:
    old = KeyRing.generate()
    token = old.encrypt(b"old row", b"aad")
    new_id = "k-new"
    rotated = KeyRing(
        data_keys={**old.data_keys, new_id: os.urandom(32)},
        active_key_id=new_id,
        blind_index_key=old.blind_index_key,
    )
    assert rotated.decrypt(token, b"aad") == b"old row"
    assert rotated.encrypt(b"x", b"aad").startswith(f"v1.{new_id}.")


def test_blind_index_is_keyed_and_stable() -> None:
    ring, other = KeyRing.generate(), KeyRing.generate()
    assert ring.blind_index("450102198003120111") == ring.blind_index("450102198003120111")
    assert ring.blind_index("450102198003120111") != other.blind_index("450102198003120111")


def test_key_file_is_created_private_and_reused(tmp_path) -> None:
    path = tmp_path / "keys" / "keys.json"
    first = load_or_create_keyring(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_keyring(path) == first


def test_bad_key_file_is_a_clear_error(tmp_path) -> None:
    path = tmp_path / "keys.json"
    path.write_text('{"active_key_id": "k1"}')
    with pytest.raises(KeyRingError, match="key file is not valid"):
        load_or_create_keyring(path)
