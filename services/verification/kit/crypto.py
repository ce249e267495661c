"""Field encryption (AES-256-GCM with key ids) and keyed blind indexes.

Ciphertexts are self-describing strings ``v1.<key id>.<base64(nonce‖ct)>`` so a
row written under an old key stays readable after rotation: new writes use the
active key, reads pick the key named in the value.  The associated data binds
a ciphertext to its place (table and row), so a value copied into another row
fails to decrypt.  Blind indexes are HMAC-SHA256 under a separate key, letting
the service find a person by ID number without storing the number.

Keys come from a JSON key file (generated with mode 0600 at first run for the
embedded default, provided by a secret store in production); never from code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_VERSION = "v1"


class KeyRingError(Exception):
    pass


@dataclass(frozen=True)
class KeyRing:
    data_keys: dict[str, bytes]
    active_key_id: str
    blind_index_key: bytes

    def __post_init__(self) -> None:
        if self.active_key_id not in self.data_keys:
            raise KeyRingError("active key id has no key")
        if any(len(key) != 32 for key in self.data_keys.values()):
            raise KeyRingError("data keys must be 32 bytes (AES-256)")
        if len(self.blind_index_key) < 32:
            raise KeyRingError("blind index key must be at least 32 bytes")

    def encrypt(self, plaintext: bytes, associated_data: bytes) -> str:
        nonce = os.urandom(12)
        sealed = AESGCM(self.data_keys[self.active_key_id]).encrypt(
            nonce, plaintext, associated_data
        )
        encoded = base64.urlsafe_b64encode(nonce + sealed).decode()
        return f"{_VERSION}.{self.active_key_id}.{encoded}"

    def decrypt(self, token: str, associated_data: bytes) -> bytes:
        version, key_id, encoded = token.split(".", 2)
        if version != _VERSION or key_id not in self.data_keys:
            raise KeyRingError(f"cannot decrypt: unknown key id {key_id!r}")
        raw = base64.urlsafe_b64decode(encoded)
        return AESGCM(self.data_keys[key_id]).decrypt(raw[:12], raw[12:], associated_data)

    def encrypt_json(self, value: object, associated_data: bytes) -> str:
        plaintext = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        return self.encrypt(plaintext, associated_data)

    def decrypt_json(self, token: str, associated_data: bytes) -> object:
        return json.loads(self.decrypt(token, associated_data))

    def blind_index(self, value: str) -> str:
        return hmac.new(self.blind_index_key, value.encode(), hashlib.sha256).hexdigest()

    def to_json(self) -> str:
        return json.dumps(
            {
                "active_key_id": self.active_key_id,
                "data_keys": {
                    kid: base64.b64encode(key).decode() for kid, key in self.data_keys.items()
                },
                "blind_index_key": base64.b64encode(self.blind_index_key).decode(),
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> KeyRing:
        try:
            raw = json.loads(text)
            return cls(
                data_keys={kid: base64.b64decode(v) for kid, v in raw["data_keys"].items()},
                active_key_id=raw["active_key_id"],
                blind_index_key=base64.b64decode(raw["blind_index_key"]),
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise KeyRingError(f"key file is not valid: {exc.__class__.__name__}") from exc

    @classmethod
    def generate(cls) -> KeyRing:
        key_id = "k" + secrets.token_hex(4)
        return cls(
            data_keys={key_id: AESGCM.generate_key(bit_length=256)},
            active_key_id=key_id,
            blind_index_key=secrets.token_bytes(32),
        )


def write_secret_file(path: Path, text: str) -> None:
    """Create ``path`` readable by its owner only; refuse to overwrite."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


def load_or_create_keyring(path: Path) -> KeyRing:
    if path.exists():
        return KeyRing.from_json(path.read_text())
    keyring = KeyRing.generate()
    try:
        write_secret_file(path, keyring.to_json())
    except FileExistsError:  # another process created it first: use theirs
        return KeyRing.from_json(path.read_text())
    return keyring


def load_or_create_signing_key(path: Path, *, create: bool = True) -> Ed25519PrivateKey:
    """The audit log's Ed25519 signing key (PKCS#8 PEM, mode 0600), created at first run."""
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise KeyRingError(f"{path.name} does not hold an Ed25519 private key")
        return key
    if not create:
        raise KeyRingError(f"audit signing key {path} is missing and may not be generated")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        write_secret_file(path, pem.decode())
    except FileExistsError:
        return load_or_create_signing_key(path, create=False)
    return key
