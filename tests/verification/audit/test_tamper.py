"""Tampering with a real SQLite log behind the service's back, caught by the offline verifier.

One migrated database file gets 50 events through the audit log, a signed checkpoint and the
verifier key.  Each case tampers with a copy of the file through the ``sqlite3`` module
(dropping the append-only triggers first, as someone with file access could), exports it
with ``verification audit export`` and verifies the export offline with ``audit verify``.
The triggers themselves are tested through the app's engine, on PostgreSQL too when the
suite runs there.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from verification.audit.checkpoint import verifier_key
from verification.audit.log import append_events, check_chain
from verification.audit.merkle import leaf_hash
from verification.audit.offline import VerifyResult, verify_export
from verification.audit.tree import issue_checkpoint
from verification.cli import app, migrate_database
from verification.runtime import Runtime
from verification.settings import Settings

if TYPE_CHECKING:
    from tests.conftest import Api

SIZE = 50
runner = CliRunner()


@dataclass(frozen=True)
class Log:
    database: Path
    note: str
    vkey: str


def sqlite_settings(database: Path, data_dir: Path) -> Settings:
    return Settings(database_url=f"sqlite+aiosqlite:///{database}", data_dir=data_dir)


async def _populate(settings: Settings) -> tuple[str, str]:
    runtime = Runtime.build(settings)
    try:
        for start, count in ((1, 1), (2, 10), (12, 13), (25, 26)):  # several tree shapes
            await runtime.audit.record(
                [
                    {"action": "tamper_test", "n": n, "client_id": f"client-{n % 3}"}
                    for n in range(start, start + count)
                ]
            )
            await runtime.drain()  # integrated batch by batch
        row = await issue_checkpoint(runtime.transaction, runtime.audit_key, settings.audit_origin)
        assert row is not None and row.size == SIZE
        vkey = verifier_key(settings.audit_origin, runtime.audit_key.public_key())
        return row.note, vkey
    finally:
        await runtime.aclose()


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Log:
    directory = tmp_path_factory.mktemp("tamper")
    settings = sqlite_settings(directory / "audit.db", directory / "var")
    migrate_database(settings)
    note, vkey = asyncio.run(_populate(settings))
    with sqlite3.connect(directory / "audit.db") as connection:  # fold the WAL into the file
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return Log(directory / "audit.db", note, vkey)


def tampered_copy(log: Log, directory: Path, tamper: Callable[[sqlite3.Connection], None]) -> Path:
    copy = directory / "copy.db"
    shutil.copyfile(log.database, copy)
    connection = sqlite3.connect(copy)
    try:
        for trigger in ("audit_events_no_update", "audit_events_no_delete"):
            connection.execute(f"DROP TRIGGER {trigger}")
        tamper(connection)
        connection.commit()
    finally:
        connection.close()
    return copy


def export_and_verify(log: Log, database: Path, directory: Path) -> tuple[VerifyResult, str]:
    """Export with the real CLI command, then verify with the library and with the CLI."""
    env = {
        "VERIFICATION_DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "VERIFICATION_DATA_DIR": str(directory / "var"),
    }
    out = directory / "export.ndjson"
    exported = runner.invoke(app, ["audit", "export", "--out", str(out)], env=env)
    assert exported.exit_code == 0, exported.output
    with out.open("rb") as lines:
        result = verify_export(lines, log.note, log.vkey)
    (directory / "checkpoint").write_text(log.note, encoding="utf-8")
    (directory / "key").write_text(log.vkey + "\n", encoding="utf-8")
    verified = runner.invoke(
        app,
        [
            "audit",
            "verify",
            str(out),
            "--checkpoint",
            str(directory / "checkpoint"),
            "--key",
            str(directory / "key"),
        ],
    )
    assert verified.exit_code == (0 if result.ok else 1), verified.output
    return result, verified.output


def _body(connection: sqlite3.Connection, seq: int) -> str:
    row = connection.execute("SELECT body FROM audit_events WHERE seq = ?", (seq,)).fetchone()
    return str(row[0])


def test_the_untouched_log_verifies(log: Log, tmp_path: Path) -> None:
    copy = tampered_copy(log, tmp_path, lambda _connection: None)
    result, output = export_and_verify(log, copy, tmp_path)
    assert result.ok and result.size_checked == SIZE
    assert f"OK: {SIZE} events, root {result.root_hex}" in output


def test_one_changed_byte_in_a_body_is_named(log: Log, tmp_path: Path) -> None:
    def change_one_byte(connection: sqlite3.Connection) -> None:
        body = _body(connection, 17)
        at = body.index('"n":17') + len('"n":1')
        changed = body[:at] + "8" + body[at + 1 :]  # "n":17 → "n":18
        connection.execute("UPDATE audit_events SET body = ? WHERE seq = 17", (changed,))

    result, output = export_and_verify(log, tampered_copy(log, tmp_path, change_one_byte), tmp_path)
    assert (result.ok, result.first_bad_index) == (False, 17)
    assert result.problem == "event 17: body does not match its leaf hash (altered body)"
    assert "FAILED at index 17" in output


def test_a_deleted_row_is_named_at_the_gap(log: Log, tmp_path: Path) -> None:
    def delete(connection: sqlite3.Connection) -> None:
        connection.execute("DELETE FROM audit_events WHERE seq = 23")

    result, output = export_and_verify(log, tampered_copy(log, tmp_path, delete), tmp_path)
    assert (result.ok, result.first_bad_index) == (False, 23)
    assert (result.problem or "").startswith("line 23 has seq 24: an event is missing")
    assert "FAILED at index 23" in output


def test_two_swapped_rows_are_named_at_the_lower_index(log: Log, tmp_path: Path) -> None:
    def swap(connection: sqlite3.Connection) -> None:
        rows = {
            seq: (body, leaf)
            for seq, body, leaf in connection.execute(
                "SELECT seq, body, leaf_hash FROM audit_events WHERE seq IN (10, 30)"
            )
        }
        for seq, other in ((10, 30), (30, 10)):
            connection.execute(
                "UPDATE audit_events SET body = ?, leaf_hash = ? WHERE seq = ?", (*rows[other], seq)
            )

    result, output = export_and_verify(log, tampered_copy(log, tmp_path, swap), tmp_path)
    assert (result.ok, result.first_bad_index) == (False, 10)
    assert result.problem == "event 10: body has seq 30 (events reordered or moved)"
    assert "FAILED at index 10" in output


def test_a_truncated_tail_is_a_size_mismatch(log: Log, tmp_path: Path) -> None:
    def truncate(connection: sqlite3.Connection) -> None:
        connection.execute("DELETE FROM audit_events WHERE seq > 45")

    result, output = export_and_verify(log, tampered_copy(log, tmp_path, truncate), tmp_path)
    assert not result.ok and result.size_checked == 45
    assert result.problem == f"truncated: export has 45 events, checkpoint covers {SIZE}"
    assert "truncated: export has 45 events" in output


def test_a_consistently_rewritten_row_is_a_root_mismatch(log: Log, tmp_path: Path) -> None:
    def rewrite(connection: sqlite3.Connection) -> None:
        body = _body(connection, 12).replace('"n":12', '"n":999')
        connection.execute(
            "UPDATE audit_events SET body = ?, leaf_hash = ? WHERE seq = 12",
            (body, leaf_hash(body.encode()).hex()),
        )

    result, output = export_and_verify(log, tampered_copy(log, tmp_path, rewrite), tmp_path)
    assert (result.ok, result.first_bad_index) == (False, None)
    assert result.problem == "root mismatch, index unknown (leaf hashes rewritten)"
    assert "FAILED: root mismatch" in output


def test_the_export_is_the_log_as_stored(log: Log, tmp_path: Path) -> None:
    """Each line carries the stored body byte for byte and its stored leaf hash."""
    copy = tampered_copy(log, tmp_path, lambda _connection: None)
    export_and_verify(log, copy, tmp_path)
    lines = (tmp_path / "export.ndjson").read_bytes().splitlines()
    with sqlite3.connect(copy) as connection:
        rows = connection.execute("SELECT seq, leaf_hash, body FROM audit_events ORDER BY seq")
        stored = [{"seq": s, "leaf_hash": h, "body": b} for s, h, b in rows]
    connection.close()
    assert [json.loads(raw) for raw in lines] == stored
    assert all(json.loads(r["body"])["seq"] == r["seq"] for r in stored)


# --- the database refuses changes to the tree and the checkpoints ------------------------------


async def test_database_refuses_update_and_delete_of_nodes_and_checkpoints(api: Api) -> None:
    runtime = api.runtime
    await runtime.audit.record([{"action": "tamper_test", "n": 0}])
    await api.drain()
    assert await issue_checkpoint(
        runtime.transaction, runtime.audit_key, runtime.settings.audit_origin
    )
    postgres = runtime.engine.dialect.name == "postgresql"
    statements = [
        "UPDATE audit_nodes SET hash = hash WHERE level = 0 AND idx = 0",
        "DELETE FROM audit_nodes WHERE level = 0 AND idx = 0",
        "UPDATE audit_checkpoints SET note = note",
        "DELETE FROM audit_checkpoints",
    ]
    if postgres:
        statements += ["TRUNCATE audit_nodes", "TRUNCATE audit_checkpoints"]
    for statement in statements:
        async with api.sessions() as session:
            with pytest.raises(DBAPIError, match="append-only"):
                async with session.begin():
                    await session.execute(text(statement))
    async with api.sessions() as session:
        assert (await check_chain(session)).first_bad_seq is None
        assert await session.scalar(text("SELECT count(*) FROM audit_checkpoints"))


async def test_database_refuses_to_change_a_pending_entry_or_drop_it_unlogged(
    api: Api,
) -> None:
    """A pending entry cannot be changed, and deleted only once the log holds it (what the
    integrator does): an entry leaves ``audit_pending`` only into the log.  Each statement
    runs in the transaction that recorded the entry (so the app's integrator cannot have
    moved it meanwhile)."""
    postgres = api.runtime.engine.dialect.name == "postgresql"
    refused = {
        "UPDATE audit_pending SET template = template WHERE id = {entry}": "insert-only",
        "DELETE FROM audit_pending WHERE id = {entry}": "not in the log",
    }
    if postgres:
        refused["TRUNCATE audit_pending"] = "insert-only"
    for statement, message in refused.items():
        async with api.sessions() as session:
            with pytest.raises(DBAPIError, match=message):
                async with session.begin():
                    [entry] = await append_events(session, [{"action": "tamper_test", "n": 1}])
                    await session.execute(text(statement.format(entry=entry)))
    [entry] = await api.runtime.audit.record([{"action": "tamper_test", "n": 2}])
    await api.drain()  # the integrator may
    async with api.sessions() as session:
        assert await session.scalar(
            text(f"SELECT count(*) FROM audit_events WHERE pending_id = {entry}")
        )
        assert not await session.scalar(
            text(f"SELECT count(*) FROM audit_pending WHERE id = {entry}")
        )
