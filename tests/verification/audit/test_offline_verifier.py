"""The offline export verifier, on exports built in memory, and its CLI command on files.

Exports are written exactly as ``export_lines`` writes them; checkpoints are signed with a
fresh Ed25519 key.  Every failure case runs with and without the full body parse.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from verification.audit.checkpoint import Checkpoint, sign_checkpoint, verifier_key
from verification.audit.merkle import EMPTY_ROOT, RootBuilder, leaf_hash
from verification.audit.offline import VerifyResult, _fast_seq_ok, verify_export
from verification.cli import app
from verification.kit.canonical_json import canonical_bytes

ORIGIN = "audit.test/log"
KEY = Ed25519PrivateKey.generate()
VKEY = verifier_key(ORIGIN, KEY.public_key())
both_modes = pytest.mark.parametrize("check_json", [True, False], ids=["parse", "fast"])


def body_of(seq: int, **extra: object) -> str:
    event = {
        "action": "source_query",
        "at": "2026-11-23T15:02:00.123456+00:00",
        "client_id": "c0a80101-0000-4000-8000-000000000001",
        "person_masked": "450102****1818",
        "scope": "tax",
        "note": '住房 "quoted" back\\slash',
        **extra,
        "seq": seq,
    }
    return canonical_bytes(event).decode()


def line(seq: object, body: str, leaf: str | None = None) -> bytes:
    """One export line, formatted as ``export_lines`` formats it."""
    record = {"seq": seq, "leaf_hash": leaf or leaf_hash(body.encode()).hex(), "body": body}
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def export(size: int) -> list[bytes]:
    return [line(i, body_of(i)) for i in range(1, size + 1)]


def checkpoint_of(lines: list[bytes], size: int | None = None, origin: str = ORIGIN) -> str:
    """Sign a checkpoint over the first ``size`` bodies of ``lines`` (all by default)."""
    bodies = [json.loads(raw)["body"].encode() for raw in lines]
    builder = RootBuilder()
    for body in bodies[:size]:
        builder.add_leaf(body)
    return sign_checkpoint(Checkpoint(origin, builder.size, builder.root()), ORIGIN, KEY)


def verify(lines: list[bytes], note: str, *, check_json: bool = True) -> VerifyResult:
    return verify_export(iter(lines), note, VKEY, check_json=check_json)


def root_of(lines: list[bytes]) -> str:
    builder = RootBuilder()
    for raw in lines:
        builder.add_leaf(json.loads(raw)["body"].encode())
    return builder.root().hex()


# --- an intact export --------------------------------------------------------------------------


@both_modes
@pytest.mark.parametrize("size", [1, 2, 3, 7, 8, 100, 4097])
def test_an_intact_export_verifies(size: int, check_json: bool) -> None:
    lines = export(size)
    result = verify(lines, checkpoint_of(lines), check_json=check_json)
    assert result == VerifyResult(True, size, None, None, root_of(lines))


def test_an_empty_checkpoint_needs_no_lines() -> None:
    note = sign_checkpoint(Checkpoint(ORIGIN, 0, EMPTY_ROOT), ORIGIN, KEY)
    assert verify([], note) == VerifyResult(True, 0, None, None, EMPTY_ROOT.hex())


def test_lines_past_the_checkpoint_are_not_read() -> None:
    lines = export(10)
    note = checkpoint_of(lines, size=6)

    def stream() -> Iterator[bytes]:
        yield from lines[:6]
        raise AssertionError("read past the checkpoint's size")

    result = verify_export(stream(), note, VKEY)
    assert result == VerifyResult(True, 6, None, None, root_of(lines[:6]))
    assert verify([*lines, b"not json\n"], note).ok  # and may be anything


def test_other_json_layouts_and_line_ends_are_accepted() -> None:
    lines = export(5)
    note = checkpoint_of(lines)
    reordered = [
        json.dumps(dict(reversed(json.loads(raw).items())), indent=1).encode() for raw in lines
    ]
    assert verify(reordered, note).ok
    assert verify([raw.rstrip(b"\n") + b"\r\n" for raw in lines], note).ok
    assert verify([raw.rstrip(b"\n") for raw in lines], note).ok


def test_nested_and_escaped_seq_keys_are_read_at_the_top_level() -> None:
    bodies = [
        body_of(1, filters={"seq": 99}),
        body_of(2, args=[{"seq": 7}]),
        body_of(3, text='"seq":3'),
        body_of(4, zeta={"seq": 4}),
        body_of(5, control="\x01"),
    ]
    lines = [line(i, body) for i, body in enumerate(bodies, start=1)]
    note = checkpoint_of(lines)
    for check_json in (True, False):
        assert verify(lines, note, check_json=check_json).ok


# --- each kind of failure ----------------------------------------------------------------------

Tamper = Callable[[list[bytes]], list[bytes]]


def _set(index: int, raw: bytes) -> Tamper:
    return lambda lines: [raw if i == index else x for i, x in enumerate(lines, start=1)]


def _drop(index: int) -> Tamper:
    return lambda lines: lines[: index - 1] + lines[index:]


def _duplicate(index: int) -> Tamper:
    return lambda lines: lines[:index] + lines[index - 1 :]


def _swap_lines(a: int, b: int) -> Tamper:
    def tamper(lines: list[bytes]) -> list[bytes]:
        out = list(lines)
        out[a - 1], out[b - 1] = out[b - 1], out[a - 1]
        return out

    return tamper


def _swap_events(a: int, b: int) -> Tamper:
    """Swap the bodies and leaf hashes of two events, keeping each line's seq."""

    def tamper(lines: list[bytes]) -> list[bytes]:
        records = [json.loads(x) for x in lines]
        ra, rb = records[a - 1], records[b - 1]
        out = list(lines)
        out[a - 1] = line(a, rb["body"], rb["leaf_hash"])
        out[b - 1] = line(b, ra["body"], ra["leaf_hash"])
        return out

    return tamper


def _alter_body(index: int, old: str = "tax", new: str = "tay", *, rehash: bool = False) -> Tamper:
    def tamper(lines: list[bytes]) -> list[bytes]:
        record = json.loads(lines[index - 1])
        body = record["body"].replace(old, new, 1)
        assert body != record["body"]
        return _set(index, line(index, body, None if rehash else record["leaf_hash"]))(lines)

    return tamper


def _set_leaf(index: int, leaf: str) -> Tamper:
    def tamper(lines: list[bytes]) -> list[bytes]:
        return _set(index, line(index, json.loads(lines[index - 1])["body"], leaf))(lines)

    return tamper


def _both(*tampers: Tamper) -> Tamper:
    def tamper(lines: list[bytes]) -> list[bytes]:
        for each in tampers:
            lines = each(lines)
        return lines

    return tamper


FAILURES: list[tuple[str, Tamper, int | None, str]] = [
    ("line not JSON", _set(4, b'{"seq":4,"leaf_hash":\n'), 4, "line 4 is not valid JSON"),
    ("line not UTF-8", _set(4, b'{"seq":4,"body":"\xff"}\n'), 4, "line 4 is not UTF-8"),
    ("blank line", _set(4, b"\n"), 4, "line 4 is not valid JSON"),
    ("not a record", _set(4, b"[4]\n"), 4, "line 4 is not an export record"),
    ("seq not a number", _set(4, line("4", body_of(4))), 4, "not an export record"),
    ("dropped", _drop(5), 5, "line 5 has seq 6: an event is missing"),
    ("duplicated", _duplicate(5), 6, "line 6 has seq 5"),
    ("lines reordered", _swap_lines(3, 7), 3, "line 3 has seq 7"),
    ("events reordered", _swap_events(3, 7), 3, "event 3: body has seq 7"),
    ("body not JSON", _alter_body(6, '"tax"', '"tax'), 6, "event 6: body"),
    ("body not an object", _set(6, line(6, "[6]")), 6, "event 6: body is not a JSON object"),
    ("body without seq", _set(6, line(6, '{"sequence":6}')), 6, "event 6: body has no integer"),
    ("body seq not int", _set(6, line(6, '{"seq":6.0}')), 6, "event 6: body has no integer"),
    ("lone surrogate", _set(6, b'{"seq":6,"leaf_hash":"' + b"0" * 64
                            + b'","body":"{\\"seq\\":6,\\"x\\":\\"\\ud800\\"}"}\n'), 6,
     "event 6: body is not UTF-8 text"),
    ("leaf not hex", _set_leaf(6, "x" * 64), 6, "line 6: leaf_hash is not 64 lowercase hex"),
    ("leaf upper case", _set_leaf(6, "A" * 64), 6, "line 6: leaf_hash is not 64 lowercase hex"),
    ("leaf short", _set_leaf(6, "ab"), 6, "line 6: leaf_hash is not 64 lowercase hex"),
    ("altered body", _alter_body(6), 6, "event 6: body does not match its leaf hash (altered"),
    ("altered leaf", _set_leaf(6, "0" * 64), 6, "event 6: the line's leaf_hash does not match"),
    ("truncated", lambda lines: lines[:7], 8, "truncated: export has 7 events, checkpoint covers"),
    ("empty export", lambda lines: [], 1, "truncated: export has 0 events, checkpoint covers 9"),
    ("rewritten", _alter_body(6, rehash=True), None,
     "root mismatch, index unknown (leaf hashes rewritten)"),
    ("rewritten, then altered", _both(_alter_body(3, rehash=True), _alter_body(6)), 6,
     "root mismatch: event 6 is the first whose body does not match"),
    ("altered, then dropped", _both(_alter_body(2), _drop(5)), 2,
     "event 2: body does not match its leaf hash (altered body); then line 5 has seq 6"),
    ("altered, then truncated", _both(_alter_body(2), lambda lines: lines[:5]), 2,
     "event 2: body does not match its leaf hash (altered body); then truncated: export has 5"),
]  # fmt: skip


@both_modes
@pytest.mark.parametrize(
    ("tamper", "bad", "problem"),
    [pytest.param(t, b, p, id=name) for name, t, b, p in FAILURES],
)
def test_each_failure_names_its_index(
    tamper: Tamper, bad: int | None, problem: str, check_json: bool
) -> None:
    lines = export(9)
    result = verify(tamper(lines), checkpoint_of(lines), check_json=check_json)
    assert not result.ok
    assert result.first_bad_index == bad
    assert result.problem is not None and problem in result.problem


def test_a_failure_reports_what_was_checked_before_it() -> None:
    lines = export(9)
    dropped = verify(_drop(5)(lines), checkpoint_of(lines))
    assert dropped.size_checked == 4 and dropped.root_hex == root_of(lines[:4])
    truncated = verify(lines[:7], checkpoint_of(lines))
    assert truncated.size_checked == 7 and truncated.root_hex == root_of(lines[:7])
    rewritten = verify(_alter_body(6, rehash=True)(lines), checkpoint_of(lines))
    assert rewritten.size_checked == 9 and rewritten.root_hex != root_of(lines)


def test_a_divergence_deep_in_a_large_export_is_named() -> None:
    """The stored-leaf tree forks from the body tree mid-stream, past a chunk boundary."""
    lines = export(9000)
    note = checkpoint_of(lines)
    assert verify(_alter_body(5000)(lines), note).first_bad_index == 5000
    result = verify(_both(_alter_body(10, rehash=True), _alter_body(8500))(lines), note)
    assert result.first_bad_index == 8500 and "root mismatch" in (result.problem or "")


@pytest.mark.parametrize(
    "tamper",
    [_alter_body(6, '"tax"', '"tax', rehash=True), _set(6, line(6, '{"n":NaN,"seq":6}'))],
    ids=["broken", "NaN"],
)
def test_a_rewritten_body_that_is_not_json_is_named_by_the_full_parse(tamper: Tamper) -> None:
    lines = export(9)
    note = checkpoint_of(lines)
    parsed = verify(tamper(lines), note)
    assert (parsed.first_bad_index, parsed.problem) == (6, "event 6: body is not JSON")
    fast = verify(tamper(lines), note, check_json=False)
    assert (fast.ok, fast.first_bad_index) == (False, None)  # the root still refuses it


def test_a_body_the_log_signed_that_is_not_json_fails_only_the_full_parse() -> None:
    """With ``check_json=False`` a non-JSON body rests on what the log hashed and signed."""
    lines = export(4)
    lines[2] = line(3, '{"seq":3,"broken":}')
    note = checkpoint_of(lines)  # the log itself signed the broken body
    parsed = verify(lines, note)
    assert (parsed.first_bad_index, parsed.problem) == (3, "event 3: body is not JSON")
    assert verify(lines, note, check_json=False).ok


# --- keys and checkpoints ----------------------------------------------------------------------


def test_a_checkpoint_by_another_key_is_refused() -> None:
    lines = export(3)
    other = Ed25519PrivateKey.generate()
    result = verify_export(lines, checkpoint_of(lines), verifier_key(ORIGIN, other.public_key()))
    assert not result.ok and result.size_checked == 0 and result.first_bad_index is None
    assert result.problem is not None and result.problem.startswith("checkpoint: note has no")


def test_a_checkpoint_for_another_origin_is_refused() -> None:
    lines = export(3)
    result = verify(lines, checkpoint_of(lines, origin="other.test/log"))
    assert not result.ok
    assert result.problem == "checkpoint: checkpoint is for 'other.test/log', not 'audit.test/log'"


@pytest.mark.parametrize(
    ("old", "new"),
    [("\n3\n", "\n4\n"), ("audit.test/log\n", "audit.test/lag\n"), ("\n\n", "\nx\n\n")],
)
def test_a_tampered_note_is_refused(old: str, new: str) -> None:
    lines = export(3)
    note = checkpoint_of(lines)
    assert old in note
    result = verify(lines, note.replace(old, new, 1))
    assert not result.ok and (result.problem or "").startswith("checkpoint: ")


@pytest.mark.parametrize(
    "vkey",
    ["", "nonsense", VKEY.replace("+", "-", 1), VKEY[:-4] + "AAA=", VKEY + "\n\n"],
    # VKEY is a fresh key's: ids of their own, the same in every pytest -n worker
    ids=["empty", "nonsense", "url-safe-alphabet", "short-key", "trailing-lines"],
)
def test_a_malformed_verifier_key_is_refused(vkey: str) -> None:
    lines = export(2)
    result = verify_export(lines, checkpoint_of(lines), vkey)
    if vkey.strip() == VKEY:
        assert result.ok  # surrounding whitespace (the key file's newline) is fine
    else:
        assert not result.ok and (result.problem or "").startswith("verifier key: ")


# --- the fast path agrees with json.loads ------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["seq", "a", "t"]), inner)
    ),
    max_leaves=8,
)


@settings(max_examples=400, deadline=None)
@given(
    event=st.dictionaries(st.sampled_from(["seq", "a", "filters", "z", "sé"]), json_values),
    seq=st.integers(1, 12),
    sort=st.booleans(),
)
def test_the_fast_seq_check_never_contradicts_a_full_parse(
    event: dict[str, object], seq: int, sort: bool
) -> None:
    text = json.dumps(event, ensure_ascii=False, separators=(",", ":"), sort_keys=sort)
    if _fast_seq_ok(text, str(seq)):
        assert json.loads(text)["seq"] == seq


# --- the CLI -----------------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Export, checkpoint and key files; settings and the database are made unusable."""

    def no_settings(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the offline verifier read the service's settings")

    monkeypatch.setattr("verification.cli.Settings", no_settings)
    monkeypatch.setenv("VERIFICATION_DATABASE_URL", "postgresql+asyncpg://nobody@127.0.0.1:1/x")
    monkeypatch.chdir(tmp_path)
    lines = export(40)
    paths = {
        "export": tmp_path / "export.ndjson",
        "checkpoint": tmp_path / "checkpoint.txt",
        "key": tmp_path / "key.txt",
    }
    paths["export"].write_bytes(b"".join(lines))
    paths["checkpoint"].write_text(checkpoint_of(lines), encoding="utf-8")
    paths["key"].write_text(VKEY + "\n", encoding="utf-8")
    return paths


def invoke(files: dict[str, Path], *extra: str) -> tuple[int, str]:
    result = runner.invoke(
        app,
        [
            "audit",
            "verify",
            str(files["export"]),
            "--checkpoint",
            str(files["checkpoint"]),
            "--key",
            str(files["key"]),
            *extra,
        ],
    )
    return result.exit_code, result.output


def test_cli_verifies_an_intact_export_offline(files: dict[str, Path], tmp_path: Path) -> None:
    lines = files["export"].read_bytes().splitlines(keepends=True)
    for extra in ((), ("--no-check-json",)):
        code, output = invoke(files, *extra)
        assert code == 0, output
        assert f"OK: 40 events, root {root_of(lines)}" in output
    assert {p.name for p in tmp_path.iterdir()} == {"checkpoint.txt", "export.ndjson", "key.txt"}


def test_cli_names_the_first_bad_index(files: dict[str, Path]) -> None:
    lines = files["export"].read_bytes().splitlines(keepends=True)
    files["export"].write_bytes(b"".join(_alter_body(17)(lines)))
    code, output = invoke(files)
    assert code == 1
    assert "FAILED at index 17: event 17: body does not match its leaf hash" in output
    assert "(16 events checked)" not in output and "(40 events checked)" in output


def test_cli_reports_a_size_mismatch(files: dict[str, Path]) -> None:
    lines = files["export"].read_bytes().splitlines(keepends=True)
    files["export"].write_bytes(b"".join(lines[:30]))
    code, output = invoke(files)
    assert code == 1
    assert "truncated: export has 30 events, checkpoint covers 40" in output


def test_cli_refuses_a_wrong_key_or_a_missing_file(files: dict[str, Path]) -> None:
    other = Ed25519PrivateKey.generate()
    files["key"].write_text(verifier_key(ORIGIN, other.public_key()) + "\n", encoding="utf-8")
    code, output = invoke(files)
    assert code == 1 and "FAILED: checkpoint: note has no signature" in output
    files["key"].write_bytes(b"\xff\xfe")
    code, output = invoke(files)
    assert code == 1 and "not UTF-8" in output
    files["key"].unlink()
    code, _ = invoke(files)
    assert code == 2
