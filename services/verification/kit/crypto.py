"""Field encryption (AES-256-GCM with key ids) and keyed blind indexes.

Ciphertexts are self-describing strings ``v1.<key id>.<base64(nonce‖ct)>`` so a
row written under an old key stays readable after rotation: new writes use the
active key, reads pick the key named in the value.  The associated data binds
a ciphertext to its place (table and row), so a value copied into another row
fails to decrypt; each encrypted column's is declared once in
``verification.data_keys.columns``, which every write and read goes through.
Blind indexes are HMAC-SHA256 under a separate key, letting the service find a
person by ID number without storing the number.

Keys come from a JSON key file (generated with mode 0600 at first run for the
embedded default, provided by a secret store in production); never from code.

Rotation (``verification.data_keys``): ``with_new_data_key`` adds a key id and makes
it active, ``reencrypt`` moves one value to the active key, ``without_data_key``
drops a retired one; the key file is only ever replaced whole and atomically
(``replace_secret_file``), under an exclusive lock (``key_file_lock``).  The
blind-index key is deliberately never rotated here: every stored
``person_index`` is an HMAC under it, so a new key would make every lookup by ID
number miss until all of them were recomputed from the decrypted ID numbers.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_VERSION = "v1"


class KeyRingError(Exception):
    pass


def key_id_of(token: str) -> str:
    """The key id a ciphertext names (``v1.<key id>.…``), read without decrypting."""
    parts = token.split(".", 2)
    if len(parts) != 3 or parts[0] != _VERSION or not parts[1]:
        raise KeyRingError("not a v1 ciphertext")
    return parts[1]


def ciphertext_prefix(key_id: str) -> str:
    """What every ciphertext under ``key_id`` starts with (for scanning a column)."""
    return f"{_VERSION}.{key_id}."


def _new_key_id(taken: Collection[str]) -> str:
    while True:
        key_id = "k" + secrets.token_hex(4)
        if key_id not in taken:
            return key_id


@dataclass(frozen=True)
class KeyRing:
    data_keys: dict[str, bytes]
    active_key_id: str
    blind_index_key: bytes

    def __post_init__(self) -> None:
        if self.active_key_id not in self.data_keys:
            raise KeyRingError("active key id has no key")
        if any(not kid or "." in kid for kid in self.data_keys):
            raise KeyRingError("key ids must be non-empty and contain no '.'")
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

    def is_current(self, token: str) -> bool:
        """Whether ``token`` is already under the active key."""
        return key_id_of(token) == self.active_key_id

    def reencrypt(self, token: str, associated_data: bytes) -> str:
        """``token`` under the active key (unchanged when it already is).

        Decrypting checks the associated data, so a value that was moved to
        another row, or a wrong derivation of its associated data, fails here
        rather than being re-sealed under the new key.
        """
        if self.is_current(token):
            return token
        return self.encrypt(self.decrypt(token, associated_data), associated_data)

    def with_new_data_key(self) -> KeyRing:
        """This key ring plus a fresh AES-256 data key, which becomes the active one.

        Earlier data keys stay, for reading rows written under them; the
        blind-index key is kept as it is (see the module docstring).
        """
        key_id = _new_key_id(self.data_keys.keys())
        return KeyRing(
            data_keys={**self.data_keys, key_id: AESGCM.generate_key(bit_length=256)},
            active_key_id=key_id,
            blind_index_key=self.blind_index_key,
        )

    def without_data_key(self, key_id: str) -> KeyRing:
        """This key ring without ``key_id`` (never the active key)."""
        if key_id not in self.data_keys:
            raise KeyRingError(f"no data key {key_id!r} in the key ring")
        if key_id == self.active_key_id:
            raise KeyRingError(f"{key_id!r} is the active data key; rotate first")
        return KeyRing(
            data_keys={kid: key for kid, key in self.data_keys.items() if kid != key_id},
            active_key_id=self.active_key_id,
            blind_index_key=self.blind_index_key,
        )

    def encrypt_json(self, value: object, associated_data: bytes) -> str:
        plaintext = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        return self.encrypt(plaintext, associated_data)

    def decrypt_json(self, token: str, associated_data: bytes) -> object:
        return json.loads(self.decrypt(token, associated_data))

    def blind_index(self, value: str) -> str:
        return hmac.new(self.blind_index_key, value.encode(), hashlib.sha256).hexdigest()

    def derived_key(self, purpose: str) -> bytes:
        """A 32-byte key for ``purpose`` (e.g. ``"page-cursor"``), derived from the
        blind-index key with HKDF-SHA256: the same in every process of a deployment, never
        rotated with the data keys, and unrelated to any blind index (HKDF extracts first,
        so no value of ``blind_index`` is, or reveals, a derived key)."""
        return HKDF(
            algorithm=SHA256(), length=32, salt=None, info=b"verification/" + purpose.encode()
        ).derive(self.blind_index_key)

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
        key_id = _new_key_id(())
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


def replace_secret_file(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` atomically, readable by its owner only.

    The text goes to a temporary file (mode 0600) in the same directory, is
    flushed to disk, and is renamed over ``path`` with ``os.replace``: a reader
    sees the old file or the new one, never a partial one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(0o600)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


@contextlib.contextmanager
def key_file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<key file>.lock`` so key-file updates do not interleave."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def read_keyring(path: Path) -> KeyRing:
    """The key ring in an existing key file."""
    if not path.exists():
        raise KeyRingError(f"key file {path} does not exist")
    return KeyRing.from_json(path.read_text())


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
