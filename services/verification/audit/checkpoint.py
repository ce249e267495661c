"""Signed checkpoints of the audit log's Merkle tree (C2SP tlog-checkpoint and signed-note).

A checkpoint is a signed note whose text is ``<origin>\\n<size>\\n<base64 root>\\n`` plus
optional extension lines; the text is followed by a blank line and one signature line
``— <key name> <base64(4-byte key ID ‖ 64-byte Ed25519 signature)>\\n`` per signer.  The key
ID is ``SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]``, and a verifier key is written
``<name>+<8 hex digits of key ID>+<base64(0x01 ‖ public key)>``.  Only Ed25519 (signature
type 0x01) is supported.  Verification ignores signatures from other keys, as the spec
requires, and fails if the trusted key has no signature or a bad one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519_TYPE = 0x01
ROOT_SIZE = 32
MAX_SIGNATURES = 100

_EM_DASH_SPACE = "\N{EM DASH} "
_SIGNATURE_SIZE = 64
_KEY_ID_SIZE = 4
_DECIMAL = re.compile(r"0|[1-9][0-9]*")
_HEX_KEY_ID = re.compile(r"[0-9a-fA-F]{8}")
# Every Unicode space per Go's unicode.IsSpace, which the reference implementation uses.
_SPACES = frozenset("\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006")
_SPACES |= frozenset("\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


class CheckpointError(ValueError):
    """A note or checkpoint that must not be trusted, or a value that cannot be one."""


class MalformedNoteError(CheckpointError):
    """The text is not a well-formed signed note, checkpoint or verifier key."""


class MissingSignatureError(CheckpointError):
    """The note carries no signature by the trusted key."""


class BadSignatureError(CheckpointError):
    """The trusted key's signature on the note does not verify."""


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A log's Merkle tree head: its origin, its size and its RFC 6962 root hash."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _is_line(self.origin):
            raise CheckpointError("checkpoint origin must be one non-empty line of text")
        if isinstance(self.size, bool) or not isinstance(self.size, int) or self.size < 0:
            raise CheckpointError("checkpoint size must be a non-negative integer")
        if not isinstance(self.root, bytes) or len(self.root) != ROOT_SIZE:
            raise CheckpointError("checkpoint root must be a 32-byte hash")
        if not all(_is_line(line) for line in self.extensions):
            raise CheckpointError("checkpoint extension lines must be non-empty lines of text")

    def body(self) -> str:
        """The note text that is signed, ending in a newline."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode("ascii")]
        return "".join(f"{line}\n" for line in (*lines, *self.extensions))

    @classmethod
    def from_body(cls, text: str) -> Checkpoint:
        """Parse checkpoint note text (without signatures)."""
        if not text.endswith("\n"):
            raise MalformedNoteError("checkpoint text must end with a newline")
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise MalformedNoteError("checkpoint text needs origin, size and root lines")
        origin, size, root, *extensions = lines
        if not _DECIMAL.fullmatch(size):
            raise MalformedNoteError("checkpoint size is not a decimal without leading zeros")
        decoded = _b64decode(root)
        if decoded is None or len(decoded) != ROOT_SIZE:
            raise MalformedNoteError("checkpoint root is not a base64 32-byte hash")
        try:
            return cls(origin, int(size), decoded, tuple(extensions))
        except MalformedNoteError:
            raise
        except CheckpointError as error:
            raise MalformedNoteError(str(error)) from None


# --- keys --------------------------------------------------------------------------------------


def _raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(name: str, public_key: Ed25519PublicKey) -> bytes:
    """Signed-note key ID: ``SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]``."""
    material = name.encode() + b"\n" + bytes([ED25519_TYPE]) + _raw(public_key)
    return hashlib.sha256(material).digest()[:_KEY_ID_SIZE]


def verifier_key(name: str, public_key: Ed25519PublicKey) -> str:
    """The verifier key string ``<name>+<hex key ID>+<base64(0x01 ‖ public key)>``."""
    _check_key_name(name)
    encoded = base64.b64encode(bytes([ED25519_TYPE]) + _raw(public_key)).decode("ascii")
    return f"{name}+{key_id(name, public_key).hex()}+{encoded}"


def parse_verifier_key(text: str) -> tuple[str, Ed25519PublicKey]:
    """Parse a verifier key string, checking its type byte, length and key ID."""
    parts = text.split("+", 2)
    if len(parts) != 3:
        raise MalformedNoteError("verifier key is not <name>+<key id>+<key>")
    name, hex_id, encoded = parts
    if not _is_key_name(name):
        raise MalformedNoteError("verifier key has an invalid key name")
    if not _HEX_KEY_ID.fullmatch(hex_id):
        raise MalformedNoteError("verifier key ID is not 8 hexadecimal digits")
    decoded = _b64decode(encoded)
    if decoded is None or len(decoded) != 1 + ROOT_SIZE:
        raise MalformedNoteError("verifier key is not base64 of 33 bytes")
    if decoded[0] != ED25519_TYPE:
        raise MalformedNoteError(f"unsupported verifier key type 0x{decoded[0]:02x}")
    try:
        public_key = Ed25519PublicKey.from_public_bytes(decoded[1:])
    except ValueError:
        raise MalformedNoteError("verifier key is not an Ed25519 public key") from None
    if key_id(name, public_key) != bytes.fromhex(hex_id):
        raise MalformedNoteError("verifier key ID does not match the key")
    return name, public_key


# --- notes -------------------------------------------------------------------------------------


def sign_note(text: str, key_name: str, private_key: Ed25519PrivateKey) -> str:
    """The signed note: ``text``, a blank line and one Ed25519 signature line."""
    _check_text(text)
    _check_key_name(key_name)
    signature = private_key.sign(text.encode())
    blob = key_id(key_name, private_key.public_key()) + signature
    return f"{text}\n{_EM_DASH_SPACE}{key_name} {base64.b64encode(blob).decode('ascii')}\n"


def open_note(note: str | bytes, key_name: str, public_key: Ed25519PublicKey) -> str:
    """The text of ``note`` once a signature by ``key_name``/``public_key`` verifies.

    Signatures by other keys (a different name or key ID) are ignored.  Any signature that
    names this key and fails to verify rejects the whole note.
    """
    if isinstance(note, bytes):
        try:
            note = note.decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedNoteError("note is not UTF-8") from None
    split = note.rfind("\n\n")
    if split < 0:
        raise MalformedNoteError("note has no blank line before its signatures")
    text, signature_block = note[: split + 1], note[split + 2 :]
    _check_text(text)
    if not signature_block.endswith("\n"):
        raise MalformedNoteError("note signatures must end with a newline")
    lines = signature_block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise MalformedNoteError(f"note has more than {MAX_SIGNATURES} signatures")
    wanted_id = key_id(key_name, public_key)
    message = text.encode()
    verified = False
    for line in lines:
        name, blob = _parse_signature_line(line)
        if name != key_name or blob[:_KEY_ID_SIZE] != wanted_id:
            continue
        signature = blob[_KEY_ID_SIZE:]
        if len(signature) != _SIGNATURE_SIZE:
            raise BadSignatureError(f"signature by {key_name} has the wrong length")
        try:
            public_key.verify(signature, message)
        except InvalidSignature:
            raise BadSignatureError(f"signature by {key_name} does not verify") from None
        verified = True
    if not verified:
        raise MissingSignatureError(f"note has no signature by {key_name}+{wanted_id.hex()}")
    return text


def _parse_signature_line(line: str) -> tuple[str, bytes]:
    if not line.startswith(_EM_DASH_SPACE):
        raise MalformedNoteError("signature line does not start with an em dash and a space")
    fields = line[len(_EM_DASH_SPACE) :].split(" ")
    if len(fields) != 2 or not _is_key_name(fields[0]):
        raise MalformedNoteError("signature line is not '— <key name> <base64 signature>'")
    blob = _b64decode(fields[1])
    if blob is None or len(blob) <= _KEY_ID_SIZE:
        raise MalformedNoteError("signature is not base64 of a key ID and a signature")
    return fields[0], blob


# --- checkpoints -------------------------------------------------------------------------------


def sign_checkpoint(cp: Checkpoint, key_name: str, private_key: Ed25519PrivateKey) -> str:
    """The full signed-note text of ``cp`` signed by ``key_name``."""
    return sign_note(cp.body(), key_name, private_key)


def parse_and_verify(
    note_text: str | bytes,
    key_name: str,
    public_key: Ed25519PublicKey,
    *,
    origin: str | None = None,
) -> Checkpoint:
    """Verify ``note_text``'s signature by the trusted key, then parse it as a checkpoint.

    When ``origin`` is given the checkpoint must name it, so a checkpoint that the same key
    signed for another log is refused.
    """
    checkpoint = Checkpoint.from_body(open_note(note_text, key_name, public_key))
    if origin is not None and checkpoint.origin != origin:
        raise CheckpointError(f"checkpoint is for {checkpoint.origin!r}, not {origin!r}")
    return checkpoint


# --- helpers -----------------------------------------------------------------------------------


def _b64decode(text: str) -> bytes | None:
    """Strict standard base64 (RFC 4648 §4): padded and canonical, else ``None``."""
    try:
        decoded = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return decoded if base64.b64encode(decoded).decode("ascii") == text else None


def _is_key_name(name: str) -> bool:
    return bool(name) and "+" not in name and not _SPACES.intersection(name) and _is_text(name)


def _check_key_name(name: str) -> None:
    if not _is_key_name(name):
        raise CheckpointError("key names must be non-empty, without spaces or '+'")


def _is_text(text: str) -> bool:
    """No ASCII control characters other than newline (signed-note requires it)."""
    return not any(ord(c) < 0x20 and c != "\n" for c in text) and _is_utf8(text)


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return False
    return True


def _is_line(text: object) -> bool:
    return isinstance(text, str) and bool(text) and "\n" not in text and _is_text(text)


def _check_text(text: str) -> None:
    if not text.endswith("\n") or not _is_text(text):
        raise MalformedNoteError(
            "note text must be UTF-8 without control characters, ending in \\n"
        )
