"""Receipts: C2SP tlog-proof (``c2sp.org/tlog-proof@v1``) of one audit entry, and their
offline verification.

A receipt proves that an entry is in the audit log, to anyone holding the log's verifier
key, with no database and no network: the log's signed checkpoint, the entry's zero-based
leaf index, and the RFC 6962 inclusion proof of that leaf in the checkpoint's tree::

    c2sp.org/tlog-proof@v1
    extra <base64 of the entry's body>          (optional)
    index <leaf index, decimal>
    <base64 hash>                               (the inclusion proof, leaf's sibling first,
    ...                                          one SHA-256 hash a line, none for size 1)
    <empty line>
    <the signed checkpoint note, verbatim>

The ``extra`` line is opaque to the format and not authenticated by it.  This service puts
the entry's body there (the canonical JSON the log hashed), so a receipt says what it is a
receipt for; a verifier never takes it on trust: it is accepted only when its leaf hash
``SHA-256(0x00 ‖ body)`` is the leaf hash being proven (``verify_receipt``).

Verification (the spec's steps): the leaf hash from the entry (or given), the checkpoint
signed by the trusted key and its origin the one expected (by default the key's name, as
the log signs its checkpoints under its origin), then the inclusion proof binding the leaf
hash at ``index`` to the checkpoint's root.  Witness cosignatures are not used here:
signatures by other keys are ignored, as the signed-note spec requires.

Pure: the standard library, ``checkpoint`` and ``merkle``.  Every failure is a
``ReceiptError`` carrying a message catalogue code (``receipt.…``), so the command line
says it in the reader's language.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from verification.audit import merkle
from verification.audit.checkpoint import (
    BadSignatureError,
    Checkpoint,
    CheckpointError,
    MissingSignatureError,
    open_note,
    parse_verifier_key,
)

HEADER: Final = "c2sp.org/tlog-proof@v1"
MEDIA_TYPE: Final = "text/plain; charset=utf-8"  # the spec names none
FILE_SUFFIX: Final = ".tlog-proof"  # the spec: proofs SHOULD be stored with this extension
MAX_RECEIPT_BYTES: Final = 1 << 20
MAX_PROOF_HASHES: Final = 63  # a tree of at most 2^63 leaves
MAX_INDEX: Final = (1 << 63) - 1
_EXTRA: Final = "extra "
_INDEX: Final = "index "
_DECIMAL: Final = re.compile(r"0|[1-9][0-9]*")


class ReceiptError(ValueError):
    """A receipt that does not prove what it is asked to prove, or cannot be read.

    ``code`` is a message catalogue code (``receipt.…``) and ``params`` its parameters; the
    exception's text says the same in English, for logs and tests.
    """

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params: Mapping[str, Any] = params


@dataclass(frozen=True, slots=True)
class Receipt:
    """A tlog-proof as data: the leaf ``index``, the inclusion ``proof`` (leaf's sibling
    first), the signed ``checkpoint`` note (verbatim) and the opaque ``extra`` bytes."""

    index: int
    proof: tuple[bytes, ...]
    checkpoint: str
    extra: bytes | None = None

    def __post_init__(self) -> None:
        if isinstance(self.index, bool) or not 0 <= self.index <= MAX_INDEX:
            raise ValueError("a receipt's index is an integer in [0, 2^63)")
        if len(self.proof) > MAX_PROOF_HASHES or any(
            len(h) != merkle.HASH_SIZE for h in self.proof
        ):
            raise ValueError("a receipt's proof is at most 63 hashes of 32 bytes")
        if not self.checkpoint.endswith("\n") or self.checkpoint.startswith("\n"):
            raise ValueError("a receipt's checkpoint is a signed note, ending in a newline")

    def format(self) -> str:
        """The receipt's text, as the spec lays it out."""
        lines = [HEADER]
        if self.extra is not None:
            lines.append(_EXTRA + base64.b64encode(self.extra).decode("ascii"))
        lines.append(f"{_INDEX}{self.index}")
        lines.extend(base64.b64encode(h).decode("ascii") for h in self.proof)
        return "\n".join(lines) + "\n\n" + self.checkpoint

    @classmethod
    def parse(cls, text: str | bytes) -> Receipt:
        """Read a receipt's text (nothing verified but its form)."""
        if len(text) > MAX_RECEIPT_BYTES:
            raise ReceiptError(
                "receipt.too_large",
                f"the receipt is larger than {MAX_RECEIPT_BYTES} bytes",
                limit=MAX_RECEIPT_BYTES,
            )
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError:
                raise ReceiptError(
                    "receipt.not_text", "the receipt is not UTF-8 text", encoding="UTF-8"
                ) from None
        head, blank, checkpoint = text.partition("\n\n")
        lines = head.split("\n")
        if lines[0] != HEADER:
            raise ReceiptError(
                "receipt.bad_header", f"the first line is not {HEADER!r}", header=HEADER
            )
        if not blank or not checkpoint:
            raise ReceiptError(
                "receipt.no_checkpoint",
                "no checkpoint: the proof must be followed by an empty line and the note",
            )
        position = 1
        extra = None
        if position < len(lines) and lines[position].startswith(_EXTRA):
            extra = _b64(lines[position][len(_EXTRA) :])
            if extra is None:
                raise ReceiptError(
                    "receipt.bad_extra", "the extra line is not standard base64", line=position + 1
                )
            position += 1
        index = _index(lines[position] if position < len(lines) else "")
        if index is None:
            raise ReceiptError(
                "receipt.bad_index",
                f"line {position + 1} is not 'index <decimal below 2^63>'",
                line=position + 1,
            )
        proof: list[bytes] = []
        for number, line in enumerate(lines[position + 1 :], start=position + 2):
            value = _b64(line)
            if value is None or len(value) != merkle.HASH_SIZE:
                raise ReceiptError(
                    "receipt.bad_hash", f"line {number} is not a base64 32-byte hash", line=number
                )
            proof.append(value)
            if len(proof) > MAX_PROOF_HASHES:
                raise ReceiptError(
                    "receipt.too_many_hashes", f"the proof has more than {MAX_PROOF_HASHES} hashes"
                )
        if checkpoint.startswith("\n") or not checkpoint.endswith("\n"):
            raise ReceiptError("receipt.bad_checkpoint", "the checkpoint is not a signed note")
        return cls(index=index, proof=tuple(proof), checkpoint=checkpoint, extra=extra)


@dataclass(frozen=True, slots=True)
class VerifiedReceipt:
    """What a receipt proved: the leaf at ``index`` is in the signed ``checkpoint``'s tree.

    ``entry`` is the receipt's ``extra`` when it is the proven entry's body (its leaf hash
    is ``leaf_hash``), else None.
    """

    index: int
    leaf_hash: bytes
    checkpoint: Checkpoint
    entry: bytes | None = None


def format_receipt(
    index: int, proof: Sequence[bytes], checkpoint_note: str, *, entry: bytes | None = None
) -> str:
    """The receipt of the leaf at ``index`` (the entry's body ``entry`` as its extra)."""
    return Receipt(index, tuple(proof), checkpoint_note, entry).format()


def verify_receipt(
    text: str | bytes,
    verifier_key: str,
    *,
    entry: bytes | None = None,
    leaf_hash: bytes | None = None,
    origin: str | None = None,
) -> VerifiedReceipt:
    """Check that ``text`` proves the entry (its body ``entry``, or its ``leaf_hash``; one
    of the two) is in the log that ``verifier_key`` signs for, and return what it proved.

    The checkpoint's origin must be ``origin``, by default the verifier key's name.  Raises
    ``ReceiptError`` naming the first check that fails.
    """
    if (entry is None) == (leaf_hash is None):
        raise ValueError("give the entry or its leaf hash, not both")
    if leaf_hash is None:
        assert entry is not None
        leaf_hash = merkle.leaf_hash(entry)
    elif len(leaf_hash) != merkle.HASH_SIZE:
        raise ValueError("a leaf hash is 32 bytes")
    receipt = Receipt.parse(text)
    try:
        name, public_key = parse_verifier_key(verifier_key.strip())
    except CheckpointError as error:
        raise ReceiptError("receipt.bad_key", f"verifier key: {error}") from None
    try:
        checkpoint = Checkpoint.from_body(open_note(receipt.checkpoint, name, public_key))
    except MissingSignatureError:
        raise ReceiptError(
            "receipt.missing_signature", f"the checkpoint has no signature by {name}", key=name
        ) from None
    except BadSignatureError:
        raise ReceiptError(
            "receipt.bad_signature", f"the signature by {name} does not verify", key=name
        ) from None
    except CheckpointError as error:
        raise ReceiptError("receipt.bad_checkpoint", f"checkpoint: {error}") from None
    expected = name if origin is None else origin
    if checkpoint.origin != expected:
        raise ReceiptError(
            "receipt.wrong_origin",
            f"the checkpoint is for {checkpoint.origin!r}, not {expected!r}",
            origin=checkpoint.origin,
            expected=expected,
        )
    if receipt.index >= checkpoint.size:
        raise ReceiptError(
            "receipt.index_outside",
            f"index {receipt.index} is outside the checkpoint's tree of {checkpoint.size}",
            index=receipt.index,
            size=checkpoint.size,
        )
    if receipt.extra is not None and merkle.leaf_hash(receipt.extra) != leaf_hash:
        raise ReceiptError("receipt.extra_mismatch", "the receipt's extra is not the entry proven")
    if not merkle.verify_inclusion(
        leaf_hash, receipt.index, checkpoint.size, receipt.proof, checkpoint.root
    ):
        raise ReceiptError(
            "receipt.inclusion_failed",
            f"the inclusion proof does not bind the entry at index {receipt.index} "
            f"to the checkpoint's root (size {checkpoint.size})",
            index=receipt.index,
            size=checkpoint.size,
        )
    return VerifiedReceipt(
        index=receipt.index, leaf_hash=leaf_hash, checkpoint=checkpoint, entry=receipt.extra
    )


def _b64(text: str) -> bytes | None:
    """Strict standard base64 (RFC 4648 §4), padded and canonical; else None."""
    try:
        decoded = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return decoded if base64.b64encode(decoded).decode("ascii") == text else None


def _index(line: str) -> int | None:
    if not line.startswith(_INDEX):
        return None
    digits = line[len(_INDEX) :]
    if not _DECIMAL.fullmatch(digits) or len(digits) > 19:
        return None
    value = int(digits)
    return value if value <= MAX_INDEX else None
