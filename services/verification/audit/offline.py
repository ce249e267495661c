"""Verify an audit-log export offline, against a signed checkpoint and the log's verifier key.

Pure: the standard library, ``cryptography`` (through ``checkpoint``) and the Merkle
functions; no database, web framework or HTTP client, so an auditor can run it anywhere
on files alone.  The export is NDJSON, one line per event, as ``export_lines`` writes it::

    {"seq":1,"leaf_hash":"<64 hex>","body":"<canonical JSON of the event, as hashed>"}

``verify_export`` checks, in this order, and names the first index (1-based, = ``seq``)
that fails:

1. the checkpoint: the verifier key ``<name>+<hex id>+<base64(0x01 ‖ key)>`` must sign it,
   and its origin must be the key's name;
2. each of the first ``size`` lines (``size`` being the checkpoint's): the line is JSON
   with ``seq == i`` (else an event was dropped, duplicated or reordered), its body is a
   JSON object whose own ``seq == i``, and ``SHA-256(0x00 ‖ body)`` equals the line's
   ``leaf_hash`` (a body altered after the log hashed it);
3. at the end: the export has at least ``size`` lines (more are allowed; only the first
   ``size`` are read), and the RFC 6962 root over the first ``size`` body-derived leaf hashes
   equals the checkpoint's root.  When it does not, a second root over the lines' *stored*
   leaf hashes tells an altered body (the stored leaves still match the checkpoint) from a
   rewritten log (neither matches).

Memory is constant: the roots are streamed through ``RootBuilder`` in chunks, and the
stored-leaf tree is the body tree itself until the two first differ, when it is forked
(``O(log n)`` hashes), so an honest export is hashed once.

Parsing the bodies.  By default every body is parsed in full (the C JSON scanner), so a
body that is not JSON is named even if the log itself hashed and signed it; with realistic
600-byte events that still verifies 120,000–170,000 events/s in pure Python on this
project's shared 2-core VM, depending on its load (docs/benchmarks.md, "Audit log").  Lines
in the exact form ``export_lines`` writes are split by position and only their body string
is decoded (the C string scanner); other layouts of the same JSON fall back to a full parse
of the line.

``check_json=False`` (``verification audit verify --no-check-json``) skips the full parse,
20–45 % faster: the body's top-level ``"seq":i`` is then found by text — the only ``"seq":``
in the body, preceded by ``{`` or ``,``, with no ``{`` or ``[`` before it (so a key at
depth 1), followed by ``,`` or ``}``, in a body that starts with ``{``, ends with ``}`` and
holds no ``\\u`` escape (which could spell a second ``seq`` key).  For any valid JSON
object that gives exactly the value ``json.loads(body)["seq"]`` would, and anything that
does not fit falls back to ``json.loads``.  What that mode leaves to the hashes is the
validity of the rest of the body: a body changed in any byte after the log hashed it fails
its leaf hash (a named index), so a non-JSON body passes only if the log hashed and signed
it as such.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from _json import scanstring  # the C string scanner behind json.loads
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from json.scanner import make_scanner
from typing import Any, cast

from verification.audit.checkpoint import (
    Checkpoint,
    CheckpointError,
    parse_and_verify,
    parse_verifier_key,
)
from verification.audit.merkle import EMPTY_ROOT, RootBuilder

_PREFIX = '{"seq":'
_LEAF_KEY = ',"leaf_hash":"'
_BODY_KEY = '","body":"'
_LEAF_AT = len(_LEAF_KEY)  # the leaf hex starts this far after ',"leaf_hash":"'
_BODY_AT = _LEAF_AT + 64 + len(_BODY_KEY)  # and the body string's content this far
_TAILS = ("}\n", "}", "}\r\n")
_SEQ_KEY = '"seq":'
_SEQ_ENDS = (",", "}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_CHUNK = 4096  # leaf hashes handed to a RootBuilder at a time
_LEAF_PREFIX = b"\x00"


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """The outcome of ``verify_export``.

    ``size_checked`` is the number of leading events read and checked (the checkpoint's size
    when ``ok``); ``first_bad_index`` the 1-based index (= ``seq``) of the first event found
    wrong, when one can be named; ``root_hex`` the root derived from the bodies of those
    ``size_checked`` events.
    """

    ok: bool
    size_checked: int
    first_bad_index: int | None
    problem: str | None
    root_hex: str


def verify_export(
    lines: Iterable[bytes],
    checkpoint_note: str,
    verifier_key: str,
    *,
    check_json: bool = True,
) -> VerifyResult:
    """Check that ``lines`` (an NDJSON export) is exactly the log ``checkpoint_note`` signs.

    ``verifier_key`` is the signed-note vkey line; the checkpoint's origin must be its name.
    Reads only the first ``size`` lines of the checkpoint, one at a time.
    """
    try:
        name, public_key = parse_verifier_key(verifier_key.strip())
    except CheckpointError as error:
        return VerifyResult(False, 0, None, f"verifier key: {error}", EMPTY_ROOT.hex())
    try:
        checkpoint = parse_and_verify(checkpoint_note, name, public_key, origin=name)
    except CheckpointError as error:
        return VerifyResult(False, 0, None, f"checkpoint: {error}", EMPTY_ROOT.hex())
    scan = _Scan(checkpoint.size, check_json=check_json)
    scan.run(lines)
    return scan.verdict(checkpoint)


class _Roots:
    """Roots over the body-derived leaf hashes and, apart, over the lines' stored ones.

    The two trees are one until a chunk first differs; then the body tree is forked (a copy
    of its compact range: at most one hash per bit of the size).
    """

    __slots__ = ("bodies", "stored")

    def __init__(self) -> None:
        self.bodies = RootBuilder()
        self.stored: RootBuilder | None = None  # None: identical to ``bodies`` so far

    def add(self, computed: list[bytes], stored: list[bytes]) -> None:
        if self.stored is None:
            if computed == stored:
                self.bodies.add_leaf_hashes(computed)
                return
            self.stored = copy.deepcopy(self.bodies)
        self.bodies.add_leaf_hashes(computed)
        self.stored.add_leaf_hashes(stored)

    def stored_root(self) -> bytes:
        return (self.stored or self.bodies).root()


class _Scan:
    """One pass over the export's first ``size`` lines, stopping at the first broken one."""

    def __init__(self, size: int, *, check_json: bool) -> None:
        self.size = size
        self.check_json = check_json
        self.roots = _Roots()
        self.read = 0  # lines read, the last of them possibly the broken one
        self.first_mismatch: int | None = None  # first body that does not hash to its leaf
        self.failure: str | None = None  # what is wrong with line ``read``, which ended it

    def run(self, lines: Iterable[bytes]) -> None:
        size, check_json, sha256 = self.size, self.check_json, hashlib.sha256
        computed: list[bytes] = []
        stored: list[bytes] = []
        index = 0
        for line in islice(lines, size):  # never reads past the checkpoint's size
            index += 1
            expected = str(index)
            try:
                text = line.decode()
            except UnicodeDecodeError:
                self.failure = f"line {index} is not UTF-8 text"
                break
            record = _split(text, expected) or _parse_line(text, index)
            if isinstance(record, str):
                self.failure = record
                break
            leaf_hex, body = record
            if check_json or not _fast_seq_ok(body, expected):
                self.failure = _body_problem(body, index)
                if self.failure:
                    break
            try:
                leaf = sha256(_LEAF_PREFIX + body.encode()).digest()
            except UnicodeEncodeError:
                self.failure = f"event {index}: body is not UTF-8 text (a lone surrogate)"
                break
            computed.append(leaf)
            if leaf.hex() == leaf_hex:
                stored.append(leaf)
            else:
                stored_leaf = _stored_leaf(text, leaf_hex, index)
                if isinstance(stored_leaf, str):
                    computed.pop()
                    self.failure = stored_leaf
                    break
                stored.append(stored_leaf)
                if self.first_mismatch is None:
                    self.first_mismatch = index
            if len(computed) == _CHUNK:
                self.roots.add(computed, stored)
                computed, stored = [], []
        self.roots.add(computed, stored)
        self.read = index

    def verdict(self, checkpoint: Checkpoint) -> VerifyResult:
        root = self.roots.bodies.root()
        checked = self.read - 1 if self.failure is not None else self.read
        finding = self._finding(checkpoint, root)
        if finding is None:
            return VerifyResult(True, checked, None, None, root.hex())
        bad, problem = finding
        return VerifyResult(False, checked, bad, problem, root.hex())

    def _finding(self, checkpoint: Checkpoint, root: bytes) -> tuple[int | None, str] | None:
        """The first bad index (if one can be named) and the problem; None if all is well."""
        mismatch = self.first_mismatch
        if self.failure is None and self.read == self.size:
            return self._root_finding(checkpoint, root)
        if self.failure is not None:
            bad, problem = self.read, self.failure
        else:
            bad = self.read + 1
            problem = f"truncated: export has {self.read} events, checkpoint covers {self.size}"
        if mismatch is not None:  # an earlier body already failed its leaf hash
            return mismatch, f"{_altered(mismatch)}; then {problem}"
        return bad, problem

    def _root_finding(self, checkpoint: Checkpoint, root: bytes) -> tuple[int | None, str] | None:
        mismatch = self.first_mismatch
        if root == checkpoint.root:
            if mismatch is None:
                return None
            return mismatch, (
                f"event {mismatch}: the line's leaf_hash does not match its body "
                "(the bodies match the checkpoint)"
            )
        if mismatch is None:
            return None, "root mismatch, index unknown (leaf hashes rewritten)"
        if self.roots.stored_root() == checkpoint.root:
            return mismatch, _altered(mismatch)
        return mismatch, (
            f"root mismatch: event {mismatch} is the first whose body does not match its leaf hash"
        )


def _altered(index: int) -> str:
    return f"event {index}: body does not match its leaf hash (altered body)"


def _split(text: str, expected: str) -> tuple[str, str] | None:
    """``(leaf_hash, body)`` of a line in exactly ``export_lines``' form with ``seq`` =
    ``expected``, by position; None for anything else (``_parse_line`` then decides).

    The leaf hash is only sliced here: it is valid hex if it equals the body's leaf hash,
    and ``_stored_leaf`` checks it otherwise.
    """
    if not text.startswith(_PREFIX):
        return None
    c = text.find(_LEAF_KEY, 7)
    if text[7:c] != expected or not text.startswith(_BODY_KEY, c + _LEAF_AT + 64):
        return None
    try:
        body, end = scanstring(text, c + _BODY_AT)
    except ValueError:
        return None
    if text[end:] not in _TAILS:
        return None
    return text[c + _LEAF_AT : c + _LEAF_AT + 64], body


def _stored_leaf(text: str, leaf_hex: str, index: int) -> bytes | str:
    """The line's stored leaf hash as bytes, or why the line is broken."""
    if _HEX64.fullmatch(leaf_hex):
        return bytes.fromhex(leaf_hex)
    record = _parse_line(text, index)  # the precise reason, if the line is not JSON at all
    return record if isinstance(record, str) else f"line {index}: {_NOT_HEX}"


_NOT_HEX = "leaf_hash is not 64 lowercase hex digits"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


_decoder = json.JSONDecoder(parse_constant=_reject_constant)  # NaN and Infinity are not JSON
_scan_value = make_scanner(cast(Any, _decoder))  # typeshed wants a scanner; a decoder is right


def _decode(text: str) -> Any:
    """``json.loads(text)``, refusing NaN and Infinity; without ``decode``'s overhead when
    ``text`` holds a value and nothing else (no surrounding whitespace), as export lines and
    canonical bodies do."""
    try:
        value, end = _scan_value(text, 0)
    except StopIteration:  # no value at 0: leading whitespace, or not JSON
        return _decoder.decode(text)
    return value if end == len(text) else _decoder.decode(text)


def _parse_line(text: str, index: int) -> tuple[str, str] | str:
    """``(leaf_hash, body)`` of a line in any valid JSON form, or what is wrong with it."""
    try:
        record = _decode(text)
    except ValueError:
        return f"line {index} is not valid JSON"
    if not isinstance(record, dict):
        record = {}
    seq, leaf_hex, body = record.get("seq"), record.get("leaf_hash"), record.get("body")
    if type(seq) is not int or not isinstance(leaf_hex, str) or not isinstance(body, str):
        return f"line {index} is not an export record (integer seq, leaf_hash, body)"
    if seq != index:
        return (
            f"line {index} has seq {seq}: an event is missing, duplicated or out of order "
            f"at {index}"
        )
    if not _HEX64.fullmatch(leaf_hex):
        return f"line {index}: {_NOT_HEX}"
    return leaf_hex, body


def _fast_seq_ok(body: str, expected: str) -> bool:
    """Whether ``body``'s top-level ``seq`` is certainly ``expected``, found without parsing.

    True only when the text leaves no doubt for a valid JSON object (see the module doc);
    False means "parse it", not that the body is wrong.
    """
    p = body.find(_SEQ_KEY)
    q = p + 6
    r = q + len(expected)
    return (
        p > 0
        and body[0] == "{"
        and body[-1] == "}"
        and body[p - 1] in "{,"
        and body.startswith(expected, q)
        and body[r : r + 1] in _SEQ_ENDS
        and body.find(_SEQ_KEY, q) < 0
        and body.find("{", 1, p) < 0
        and body.find("[", 1, p) < 0
        and "\\u" not in body
    )


def _body_problem(body: str, index: int) -> str | None:
    try:
        value = _decode(body)
    except ValueError:
        return f"event {index}: body is not JSON"
    if not isinstance(value, dict):
        return f"event {index}: body is not a JSON object"
    seq = value.get("seq")
    if type(seq) is not int:
        return f"event {index}: body has no integer seq"
    if seq != index:
        return f"event {index}: body has seq {seq} (events reordered or moved)"
    return None
