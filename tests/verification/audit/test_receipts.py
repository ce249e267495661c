"""Receipts: C2SP tlog-proof text, built over an in-memory log and verified offline.

The last tests check the same receipts with an independent implementation: Go's
``golang.org/x/mod/sumdb/note`` and ``sumdb/tlog.CheckRecord`` (tests/go/receiptcheck,
built offline by scripts/go-tlog from Debian's packages).
"""

from __future__ import annotations

import base64
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from verification.audit import merkle
from verification.audit.checkpoint import Checkpoint, sign_checkpoint, sign_note, verifier_key
from verification.audit.receipts import (
    HEADER,
    MAX_RECEIPT_BYTES,
    Receipt,
    ReceiptError,
    format_receipt,
    verify_receipt,
)

ROOT = Path(__file__).resolve().parents[3]
ORIGIN = "verification.example/audit"
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
VKEY = verifier_key(ORIGIN, KEY.public_key())
ENTRIES = [f'{{"action":"test","n":{i},"seq":{i + 1}}}'.encode() for i in range(13)]


def _nodes(entries: list[bytes]) -> dict[tuple[int, int], bytes]:
    nodes = merkle.completed_nodes(0, [merkle.leaf_hash(e) for e in entries], {})
    return {(n.level, n.index): n.hash for n in nodes}


NODES = _nodes(ENTRIES)


def _note(size: int, *, key: Ed25519PrivateKey = KEY, origin: str = ORIGIN) -> str:
    checkpoint = Checkpoint(origin, size, merkle.root(size, NODES))
    return sign_checkpoint(checkpoint, origin, key)


def _receipt(index: int, size: int, *, extra: bool = True, **note: object) -> str:
    proof = merkle.inclusion_proof(index, size, NODES)
    entry = ENTRIES[index] if extra else None
    return format_receipt(index, proof, _note(size, **note), entry=entry)  # type: ignore[arg-type]


def _fails(code: str, text: str | bytes, **kwargs: object) -> ReceiptError:
    with pytest.raises(ReceiptError) as caught:
        verify_receipt(text, kwargs.pop("vkey", VKEY), **kwargs)  # type: ignore[arg-type]
    assert caught.value.code == code, caught.value
    return caught.value


def test_layout_follows_the_spec() -> None:
    text = _receipt(5, 13)
    lines = text.split("\n")
    assert lines[0] == HEADER == "c2sp.org/tlog-proof@v1"
    assert lines[1] == "extra " + base64.b64encode(ENTRIES[5]).decode()
    assert lines[2] == "index 5"
    proof = merkle.inclusion_proof(5, 13, NODES)
    assert lines[3 : 3 + len(proof)] == [base64.b64encode(h).decode() for h in proof]
    assert lines[3 + len(proof)] == ""
    assert "\n".join(lines[4 + len(proof) :]) == _note(13)
    without = _receipt(5, 13, extra=False)
    assert without.split("\n")[1] == "index 5"


@pytest.mark.parametrize(("index", "size"), [(0, 1), (0, 2), (1, 2), (5, 13), (12, 13), (7, 8)])
def test_round_trip_and_verify(index: int, size: int) -> None:
    text = _receipt(index, size)
    parsed = Receipt.parse(text)
    assert parsed.format() == text
    assert parsed.index == index and parsed.extra == ENTRIES[index]
    assert list(parsed.proof) == merkle.inclusion_proof(index, size, NODES)
    by_entry = verify_receipt(text, VKEY, entry=ENTRIES[index])
    by_leaf = verify_receipt(
        text.encode(), VKEY, leaf_hash=merkle.leaf_hash(ENTRIES[index]), origin=ORIGIN
    )
    assert by_entry == by_leaf
    assert by_entry.index == index and by_entry.checkpoint.size == size
    assert by_entry.entry == ENTRIES[index]
    # no extra: the entry is given out of band alone
    assert verify_receipt(_receipt(index, size, extra=False), VKEY, entry=ENTRIES[index])


def test_another_entry_is_not_proven() -> None:
    text = _receipt(5, 13, extra=False)
    _fails("receipt.inclusion_failed", text, entry=ENTRIES[6])
    # with its extra, the receipt says at once it is for another entry
    _fails("receipt.extra_mismatch", _receipt(5, 13), entry=ENTRIES[6])


def test_bad_signature() -> None:
    text = _receipt(5, 13)
    signature_line = text.rstrip("\n").rsplit("\n", 1)[1]
    prefix, blob = signature_line.rsplit(" ", 1)
    raw = bytearray(base64.b64decode(blob))
    raw[-1] ^= 1
    forged = text.replace(signature_line, f"{prefix} {base64.b64encode(bytes(raw)).decode()}")
    _fails("receipt.bad_signature", forged, entry=ENTRIES[5])
    # a root changed under the signature
    root_line = base64.b64encode(merkle.root(13, NODES)).decode()
    other_root = base64.b64encode(merkle.root(12, NODES)).decode()
    _fails("receipt.bad_signature", text.replace(root_line, other_root), entry=ENTRIES[5])


def test_signed_by_another_key() -> None:
    other = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
    _fails("receipt.missing_signature", _receipt(5, 13, key=other), entry=ENTRIES[5])


def test_wrong_origin() -> None:
    # the same key, signing a checkpoint under another log's name
    text = _receipt(5, 13, origin="another.example/log")
    other_vkey = verifier_key("another.example/log", KEY.public_key())
    error = _fails("receipt.wrong_origin", text, entry=ENTRIES[5], vkey=other_vkey, origin=ORIGIN)
    assert error.params == {"origin": "another.example/log", "expected": ORIGIN}
    # the right key name, and a checkpoint whose origin line names another log
    body = Checkpoint("another.example/log", 13, merkle.root(13, NODES)).body()
    note = sign_note(body, ORIGIN, KEY)
    proof = merkle.inclusion_proof(5, 13, NODES)
    _fails("receipt.wrong_origin", format_receipt(5, proof, note), entry=ENTRIES[5])


def test_wrong_index() -> None:
    text = _receipt(5, 13, extra=False)
    _fails("receipt.inclusion_failed", text.replace("index 5\n", "index 4\n"), entry=ENTRIES[5])
    error = _fails(
        "receipt.index_outside", text.replace("index 5\n", "index 13\n"), entry=ENTRIES[5]
    )
    assert error.params == {"index": 13, "size": 13}


def test_truncated_or_padded_proof() -> None:
    text = _receipt(5, 13)
    proof = merkle.inclusion_proof(5, 13, NODES)
    lines = [base64.b64encode(h).decode() + "\n" for h in proof]
    _fails("receipt.inclusion_failed", text.replace(lines[-1], "", 1), entry=ENTRIES[5])
    _fails("receipt.inclusion_failed", text.replace(lines[0], "", 1), entry=ENTRIES[5])
    padded = text.replace(lines[-1], lines[-1] + lines[-1], 1)
    _fails("receipt.inclusion_failed", padded, entry=ENTRIES[5])
    # the text cut anywhere: never proven
    for cut in range(0, len(text) - 1, 7):
        with pytest.raises(ReceiptError):
            verify_receipt(text[:cut], VKEY, entry=ENTRIES[5])


def _lines_replaced(text: str, number: int, line: str) -> str:
    lines = text.split("\n")
    lines[number - 1] = line
    return "\n".join(lines)


def test_malformed() -> None:
    text = _receipt(5, 13)
    entry = {"entry": ENTRIES[5]}
    _fails("receipt.bad_header", "c2sp.org/tlog-proof@v2" + text[len(HEADER) :], **entry)
    _fails("receipt.bad_extra", _lines_replaced(text, 2, "extra not*base64"), **entry)
    _fails("receipt.bad_index", _lines_replaced(text, 3, "index 05"), **entry)
    _fails("receipt.bad_index", _lines_replaced(text, 3, "index -1"), **entry)
    _fails("receipt.bad_index", _lines_replaced(text, 3, f"index {2**63}"), **entry)
    _fails("receipt.bad_index", _lines_replaced(text, 3, "extra AAAA"), **entry)  # two extras
    _fails("receipt.bad_hash", _lines_replaced(text, 2, "index 5"), **entry)  # two indexes
    error = _fails("receipt.bad_hash", _lines_replaced(text, 4, "AAAA"), **entry)
    assert error.params == {"line": 4}
    crlf = text.replace("\n", "\r\n", 3)
    with pytest.raises(ReceiptError):
        verify_receipt(crlf, VKEY, **entry)  # type: ignore[arg-type]
    _fails("receipt.no_checkpoint", text.split("\n\n")[0] + "\n", **entry)
    _fails("receipt.bad_checkpoint", text.replace("\n\n", "\n\n\n", 1), **entry)
    _fails("receipt.not_text", b"\xff" + text.encode(), **entry)
    _fails("receipt.too_large", "x" * (MAX_RECEIPT_BYTES + 1), **entry)
    _fails("receipt.bad_key", text, vkey="not a key", **entry)


def test_verify_needs_the_entry_or_its_leaf_hash() -> None:
    text = _receipt(5, 13)
    with pytest.raises(ValueError, match="not both"):
        verify_receipt(text, VKEY)
    leaf = merkle.leaf_hash(ENTRIES[5])
    with pytest.raises(ValueError, match="not both"):
        verify_receipt(text, VKEY, entry=ENTRIES[5], leaf_hash=leaf)
    with pytest.raises(ValueError, match="32 bytes"):
        verify_receipt(text, VKEY, leaf_hash=leaf[:31])


# -- an independent implementation: Go's golang.org/x/mod/sumdb -----------------------------


@pytest.fixture(scope="module")
def go_receiptcheck(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    binary = tmp_path_factory.mktemp("go") / "receiptcheck"
    built = subprocess.run(
        ["bash", str(ROOT / "scripts" / "go-tlog"), "build", "tests/go/receiptcheck", binary],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, (
        "the Go check did not build (scripts/test installs golang-go and "
        f"golang-golang-x-mod-dev: scripts/go-tlog install): {built.stderr}"
    )
    yield binary


def go_check(binary: Path, directory: Path, receipt: str, vkey: str, **entry: object) -> str:
    """Run the Go verifier on ``receipt``; ``entry`` is ``body=bytes`` or ``leaf_hash=hex``."""
    (directory / "receipt.tlog-proof").write_text(receipt, encoding="utf-8")
    (directory / "vkey").write_text(vkey + "\n", encoding="utf-8")
    args = [str(binary), "-receipt", "receipt.tlog-proof", "-key", "vkey"]
    if "body" in entry:
        (directory / "entry").write_bytes(entry["body"])  # type: ignore[arg-type]
        args += ["-entry", "entry"]
    else:
        args += ["-leaf-hash", str(entry["leaf_hash"])]
    done = subprocess.run(args, cwd=directory, capture_output=True, text=True, check=False)
    return done.stdout.strip()


def test_go_verifies_our_receipts(go_receiptcheck: Path, tmp_path: Path) -> None:
    for index, size in [(0, 1), (5, 13), (12, 13), (3, 8)]:
        text = _receipt(index, size)
        assert go_check(go_receiptcheck, tmp_path, text, VKEY, body=ENTRIES[index]) == (
            f"ok {index} {size}"
        )
        leaf = merkle.leaf_hash(ENTRIES[index]).hex()
        plain = _receipt(index, size, extra=False)
        assert go_check(go_receiptcheck, tmp_path, plain, VKEY, leaf_hash=leaf) == (
            f"ok {index} {size}"
        )


def test_go_refuses_what_we_refuse(go_receiptcheck: Path, tmp_path: Path) -> None:
    text = _receipt(5, 13, extra=False)
    other = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
    cases = {
        "another entry": (text, ENTRIES[6]),
        "wrong index": (text.replace("index 5\n", "index 4\n"), ENTRIES[5]),
        "another key": (_receipt(5, 13, key=other, extra=False), ENTRIES[5]),
        "truncated": (text.replace("\n\n", "\n", 1), ENTRIES[5]),
    }
    for name, (receipt, entry) in cases.items():
        with pytest.raises(ReceiptError):
            verify_receipt(receipt, VKEY, entry=entry)
        assert go_check(go_receiptcheck, tmp_path, receipt, VKEY, body=entry).startswith(
            "FAILED"
        ), name
