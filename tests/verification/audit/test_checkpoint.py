"""Signed notes and tlog checkpoints.

The PeterNeumann and EnochRoot keys, notes and signatures are the published vectors of the
Go reference implementation (golang.org/x/mod/sumdb/note ``note_test.go``).  Ed25519 is
deterministic, so signing the same text with the same key must reproduce them byte for byte.
"""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from verification.audit.checkpoint import (
    BadSignatureError,
    Checkpoint,
    CheckpointError,
    MalformedNoteError,
    MissingSignatureError,
    key_id,
    open_note,
    parse_and_verify,
    parse_verifier_key,
    sign_checkpoint,
    sign_note,
    verifier_key,
)
from verification.audit.merkle import EMPTY_ROOT

PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_SIG = (
    "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngot"
    "pRZb6KE6RyyBwJnAM=\n"
)
ENOCH_SIG = (
    "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWL"
    "ox33WWd1RvMc+QQ=\n"
)

ORIGIN = "verification.example/audit"
ROOT = hashlib.sha256(b"some root").digest()
URL_SAFE_ROOT = base64.urlsafe_b64encode(bytes([0xFF]) * 32).decode()
SIGNATURE_LINE = re.compile(r"— (?P<name>[^ +]+) (?P<blob>[A-Za-z0-9+/]+=*)\n")


def _peter_private_key() -> Ed25519PrivateKey:
    encoded = PETER_SKEY.split("+", 4)[4]
    raw = base64.b64decode(encoded)
    assert raw[0] == 0x01
    return Ed25519PrivateKey.from_private_bytes(raw[1:])


@pytest.fixture(scope="module")
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


# --- the Go reference vectors ------------------------------------------------------------------


def test_verifier_keys_and_key_ids_match_the_reference() -> None:
    name, public = parse_verifier_key(PETER_VKEY)
    assert name == "PeterNeumann"
    assert key_id(name, public).hex() == "c74f20a3"
    assert verifier_key(name, public) == PETER_VKEY
    assert _peter_private_key().public_key() == public
    enoch_name, enoch = parse_verifier_key(ENOCH_VKEY)
    assert key_id(enoch_name, enoch) == bytes.fromhex("af0cfe78")
    assert verifier_key(enoch_name, enoch) == ENOCH_VKEY


def test_signing_reproduces_the_reference_note() -> None:
    assert sign_note(TEXT, "PeterNeumann", _peter_private_key()) == TEXT + "\n" + PETER_SIG


def test_opening_the_reference_notes() -> None:
    _, peter = parse_verifier_key(PETER_VKEY)
    _, enoch = parse_verifier_key(ENOCH_VKEY)
    both = TEXT + "\n" + PETER_SIG + ENOCH_SIG
    assert open_note(both, "PeterNeumann", peter) == TEXT  # the unknown EnochRoot is ignored
    assert open_note(both, "EnochRoot", enoch) == TEXT
    assert open_note(both.encode(), "EnochRoot", enoch) == TEXT
    assert open_note(TEXT + "\n" + PETER_SIG * 3, "PeterNeumann", peter) == TEXT
    with pytest.raises(MissingSignatureError):
        open_note(TEXT + "\n" + PETER_SIG, "EnochRoot", enoch)
    # Not a checkpoint: two lines of prose, though correctly signed.
    with pytest.raises(MalformedNoteError):
        parse_and_verify(TEXT + "\n" + PETER_SIG, "PeterNeumann", peter)


def test_a_corrupted_reference_signature_is_refused() -> None:
    _, peter = parse_verifier_key(PETER_VKEY)
    raw = (TEXT + "\n" + PETER_SIG).encode()
    cut = len(TEXT.encode()) + 1 + 60  # the Go test splices "ABCD" in at byte 60 of the line
    with pytest.raises(BadSignatureError):
        open_note(raw[:cut] + b"ABCD" + raw[cut:], "PeterNeumann", peter)
    with pytest.raises(BadSignatureError):
        open_note(
            TEXT.replace("cryptography", "cryptographY") + "\n" + PETER_SIG, "PeterNeumann", peter
        )


@pytest.mark.parametrize(
    "message",
    [
        TEXT,
        TEXT + "\n",
        TEXT + "\n" + PETER_SIG[:-1],
        "\x01" + TEXT + "\n" + PETER_SIG,
        TEXT + "\n" + "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSN"
        "XgKvqfqdngotpRZb6KE6RyyBwJnAM=",
        TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
        TEXT + "\n" + PETER_SIG * 101,
    ],
)
def test_the_reference_malformed_notes(message: str) -> None:
    _, peter = parse_verifier_key(PETER_VKEY)
    with pytest.raises(MalformedNoteError):
        open_note(message, "PeterNeumann", peter)


def test_invalid_utf8_is_malformed() -> None:
    _, peter = parse_verifier_key(PETER_VKEY)
    with pytest.raises(MalformedNoteError):
        open_note(b"\xff" + (TEXT + "\n" + PETER_SIG).encode(), "PeterNeumann", peter)


def test_every_mangled_verifier_key_is_refused() -> None:
    """As the Go test does: every proper substring and every single-character bump fails."""
    for i in range(len(PETER_VKEY) + 1):
        for j in range(i + 1, len(PETER_VKEY) + 1):
            if (i, j) != (0, len(PETER_VKEY)):
                with pytest.raises(MalformedNoteError):
                    parse_verifier_key(PETER_VKEY[i:j])
    for i, char in enumerate(PETER_VKEY):
        bumped = PETER_VKEY[:i] + chr(ord(char) + 1) + PETER_VKEY[i + 1 :]
        with pytest.raises(MalformedNoteError):
            parse_verifier_key(bumped)
    # Wrong key length and unknown algorithm, each with a key ID adjusted to match.
    for bad in (
        "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
        "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ):
        with pytest.raises(MalformedNoteError):
            parse_verifier_key(bad)


# --- checkpoints -------------------------------------------------------------------------------


def test_checkpoint_text_format(key: Ed25519PrivateKey) -> None:
    cp = Checkpoint(ORIGIN, 20852163, ROOT)
    b64_root = base64.b64encode(ROOT).decode()
    assert cp.body() == f"{ORIGIN}\n20852163\n{b64_root}\n"
    note = sign_checkpoint(cp, ORIGIN, key)
    body, signature_line = note.split("\n\n")
    assert body + "\n" == cp.body()
    match = SIGNATURE_LINE.fullmatch(signature_line)
    assert match is not None
    assert note.endswith("\n") and note.count("\n") == 5
    assert signature_line.startswith("\u2014 ")
    assert match["name"] == ORIGIN
    blob = base64.b64decode(match["blob"], validate=True)
    assert len(blob) == 4 + 64
    raw_public = key.public_key().public_bytes_raw()
    expected_id = hashlib.sha256(ORIGIN.encode() + b"\n\x01" + raw_public).digest()[:4]
    assert blob[:4] == expected_id == key_id(ORIGIN, key.public_key())
    key.public_key().verify(blob[4:], cp.body().encode())  # raises if wrong


def test_round_trip(key: Ed25519PrivateKey) -> None:
    public = key.public_key()
    key_name = "audit-log.example/k1"
    for cp in (
        Checkpoint(ORIGIN, 0, EMPTY_ROOT),
        Checkpoint(ORIGIN, 1, ROOT),
        Checkpoint(ORIGIN, 2**40, ROOT, ("extension one", "ext two")),
    ):
        note = sign_checkpoint(cp, key_name, key)
        assert parse_and_verify(note, key_name, public) == cp
        assert parse_and_verify(note, key_name, public, origin=ORIGIN) == cp
        with pytest.raises(CheckpointError, match=r"not 'other\.example'"):
            parse_and_verify(note, key_name, public, origin="other.example")


def test_verifier_key_round_trip(key: Ed25519PrivateKey) -> None:
    vkey = verifier_key(ORIGIN, key.public_key())
    name, hex_id, encoded = vkey.split("+", 2)
    assert (name, hex_id) == (ORIGIN, key_id(ORIGIN, key.public_key()).hex())
    assert base64.b64decode(encoded) == b"\x01" + key.public_key().public_bytes_raw()
    parsed_name, parsed = parse_verifier_key(vkey)
    assert parsed_name == ORIGIN
    assert parsed == key.public_key()
    with pytest.raises(CheckpointError):
        verifier_key("has space", key.public_key())
    with pytest.raises(CheckpointError):
        verifier_key("has+plus", key.public_key())


def _signed(key: Ed25519PrivateKey) -> str:
    return sign_checkpoint(Checkpoint(ORIGIN, 12345, ROOT), ORIGIN, key)


def test_tampered_size_root_or_origin_is_refused(key: Ed25519PrivateKey) -> None:
    note = _signed(key)
    b64_root = base64.b64encode(ROOT).decode()
    other_root = base64.b64encode(hashlib.sha256(b"other").digest()).decode()
    for tampered in (
        note.replace("\n12345\n", "\n12346\n"),
        note.replace(b64_root, other_root),
        note.replace(ORIGIN + "\n", "verification.example/other\n", 1),
    ):
        assert tampered != note
        with pytest.raises(BadSignatureError):
            parse_and_verify(tampered, ORIGIN, key.public_key())


def test_tampered_signature_is_refused(key: Ed25519PrivateKey) -> None:
    note = _signed(key)
    body, line = note.split("\n\n")
    prefix, encoded = line.rsplit(" ", 1)
    blob = bytearray(base64.b64decode(encoded))
    for position, expected in ((10, BadSignatureError), (40, BadSignatureError)):
        bad = bytearray(blob)
        bad[position] ^= 0x01
        tampered = f"{body}\n\n{prefix} {base64.b64encode(bytes(bad)).decode()}\n"
        with pytest.raises(expected):
            parse_and_verify(tampered, ORIGIN, key.public_key())
    # A changed key ID no longer names the trusted key, so the note has no signature by it.
    bad = bytearray(blob)
    bad[0] ^= 0x01
    tampered = f"{body}\n\n{prefix} {base64.b64encode(bytes(bad)).decode()}\n"
    with pytest.raises(MissingSignatureError):
        parse_and_verify(tampered, ORIGIN, key.public_key())
    # A truncated signature with the right key ID is a bad signature.
    short = base64.b64encode(bytes(blob[:-1])).decode()
    with pytest.raises(BadSignatureError):
        parse_and_verify(f"{body}\n\n{prefix} {short}\n", ORIGIN, key.public_key())


def test_wrong_key_is_refused(key: Ed25519PrivateKey) -> None:
    note = _signed(key)
    other = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(MissingSignatureError):
        parse_and_verify(note, ORIGIN, other)  # same name, different key: another key ID
    with pytest.raises(MissingSignatureError):
        parse_and_verify(note, "someone.else", key.public_key())  # same key, other name


def test_cosigned_checkpoint_needs_only_the_trusted_signature(key: Ed25519PrivateKey) -> None:
    witness = Ed25519PrivateKey.generate()
    note = _signed(key)
    body = note.split("\n\n")[0] + "\n"
    witness_line = sign_note(body, "witness.example", witness).removeprefix(body + "\n")
    cosigned = note + witness_line
    cp = parse_and_verify(cosigned, ORIGIN, key.public_key())
    assert cp == parse_and_verify(cosigned, "witness.example", witness.public_key())


@pytest.mark.parametrize(
    "body",
    [
        f"{ORIGIN}\n12345\n",  # no root
        f"{ORIGIN}\n",
        f"\n12345\n{base64.b64encode(ROOT).decode()}\n",  # empty origin
        f"{ORIGIN}\n012345\n{base64.b64encode(ROOT).decode()}\n",  # leading zero
        f"{ORIGIN}\n+12345\n{base64.b64encode(ROOT).decode()}\n",
        f"{ORIGIN}\n-1\n{base64.b64encode(ROOT).decode()}\n",
        f"{ORIGIN}\n1_000\n{base64.b64encode(ROOT).decode()}\n",
        f"{ORIGIN}\n١٢\n{base64.b64encode(ROOT).decode()}\n",  # non-ASCII digits
        f"{ORIGIN}\n12345\n{base64.b64encode(ROOT[:31]).decode()}\n",  # short root
        f"{ORIGIN}\n12345\n{base64.b64encode(ROOT).decode().rstrip('=')}\n",  # unpadded
        f"{ORIGIN}\n12345\n{URL_SAFE_ROOT}\n",  # URL-safe alphabet
        f"{ORIGIN}\n12345\n{base64.b64encode(ROOT).decode()}\n\next\n",  # empty extension line
    ],
)
def test_malformed_checkpoint_bodies_are_refused(key: Ed25519PrivateKey, body: str) -> None:
    note = sign_note(body, ORIGIN, key)
    with pytest.raises(MalformedNoteError):
        parse_and_verify(note, ORIGIN, key.public_key())


def test_non_canonical_base64_root_is_refused(key: Ed25519PrivateKey) -> None:
    canonical = base64.b64encode(ROOT).decode()  # 44 chars, last data char carries 2 spare bits
    index = canonical.rindex("=") - 1
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    sloppy_char = alphabet[alphabet.index(canonical[index]) ^ 1]
    sloppy = canonical[:index] + sloppy_char + canonical[index + 1 :]
    assert base64.b64decode(sloppy) == ROOT
    note = sign_note(f"{ORIGIN}\n1\n{sloppy}\n", ORIGIN, key)
    with pytest.raises(MalformedNoteError):
        parse_and_verify(note, ORIGIN, key.public_key())


@pytest.mark.parametrize(
    ("origin", "size", "root"),
    [("", 1, ROOT), ("a\nb", 1, ROOT), (ORIGIN, -1, ROOT), (ORIGIN, 1, ROOT[:31])],
)
def test_invalid_checkpoints_cannot_be_built(origin: str, size: int, root: bytes) -> None:
    with pytest.raises(CheckpointError):
        Checkpoint(origin, size, root)


def test_sign_note_refuses_bad_text_and_names(key: Ed25519PrivateKey) -> None:
    with pytest.raises(MalformedNoteError):
        sign_note("no final newline", ORIGIN, key)
    with pytest.raises(MalformedNoteError):
        sign_note("tab\there\n", ORIGIN, key)
    with pytest.raises(CheckpointError):
        sign_note("fine\n", "bad name", key)
