"""Backups of the database and their restore, checked against the audit log's checkpoint.

PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot, taken while the service
runs) and ``pg_restore --single-transaction`` into an empty database the operator created.
SQLite (the embedded default): SQLite's online backup API, a consistent copy while the
service writes; restore copies it back into a database file that does not exist yet.

Before the dump, the latest signed checkpoint is read and written beside the backup
(``<backup>.checkpoint``): the log only grows, so the backup holds at least the events it
covers.  After a restore, ``check_restored`` re-derives every hash of the restored log,
compares it with its own latest checkpoint (signature, size, root: ``verify_stored_log``)
and requires that checkpoint to cover at least the recorded one: a restore that lost
events, or whose events were changed, fails.  The key files (``VERIFICATION_KEY_FILE``, the
audit log key) are not in the database: they are backed up with the other secrets.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import make_url

from verification.audit.checkpoint import Checkpoint, CheckpointError, parse_and_verify
from verification.audit.integrity import StoredLogCheck, verify_stored_log
from verification.audit.tree import latest_checkpoint
from verification.db import create_engine, create_session_factory, is_sqlite
from verification.kit.crypto import KeyRingError, load_or_create_signing_key
from verification.settings import Settings


class BackupError(RuntimeError):
    """A backup or restore that could not be made (the message says why)."""


@dataclass(frozen=True, slots=True)
class RestoreCheck:
    log: StoredLogCheck
    recorded_size: int | None  # the checkpoint written beside the backup, if given

    @property
    def problem(self) -> str | None:
        if self.log.problem is not None:
            return self.log.problem
        if self.recorded_size is not None and self.log.checkpoint_size < self.recorded_size:
            return (
                f"the restored log's latest checkpoint covers {self.log.checkpoint_size} "
                f"events, the backup's {self.recorded_size}"
            )
        return None


def checkpoint_file(backup: Path) -> Path:
    return backup.with_name(backup.name + ".checkpoint")


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("the SQLite database is in memory: nothing to back up")
    return Path(database)


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection URL for pg_dump/pg_restore, the password passed in PGPASSWORD
    (not on the command line, where any user's ps shows it)."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None, query={})
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)")
    result = subprocess.run(  # noqa: S603 (our own arguments, no shell)
        [tool, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{command[0]} failed: {last}")


async def _latest_note(url: str) -> str | None:
    engine = create_engine(url, writer=False)
    try:
        async with create_session_factory(engine)() as session:
            row = await latest_checkpoint(session)
            return None if row is None else row.note
    finally:
        await engine.dispose()


def backup(settings: Settings, out: Path) -> Checkpoint | None:
    """Back the database up into ``out`` (and its latest checkpoint into
    ``<out>.checkpoint``); the checkpoint recorded, or None for a log without one."""
    url = settings.database_url
    if out.exists():
        raise BackupError(f"{out} exists: give a new file")
    note = asyncio.run(_latest_note(url))
    if is_sqlite(url):
        source = sqlite3.connect(_sqlite_path(url))
        target = sqlite3.connect(out)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        dsn, env = _libpq(url)
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(out), dsn], env)
    if note is None:
        return None
    checkpoint_file(out).write_text(note, encoding="utf-8")
    return Checkpoint.from_body(note[: note.find("\n\n") + 1])


def restore(settings: Settings, backup_file: Path) -> None:
    """Restore ``backup_file`` into the configured database, which must be new: a SQLite
    file that does not exist, or an empty PostgreSQL database."""
    url = settings.database_url
    if not backup_file.is_file():
        raise BackupError(f"{backup_file} is not a file")
    if is_sqlite(url):
        path = _sqlite_path(url)
        if path.exists():
            raise BackupError(f"{path} exists: restore into a new database file")
        path.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
        target = sqlite3.connect(path)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        dsn, env = _libpq(url)
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                dsn,
                str(backup_file),
            ],
            env,
        )


def check_restored(settings: Settings, recorded_note: str | None) -> RestoreCheck:
    """The restored log checked against its latest checkpoint and the recorded one."""
    try:
        public_key = load_or_create_signing_key(
            settings.resolved_audit_key_file(), create=False
        ).public_key()
    except KeyRingError as error:
        raise BackupError(
            f"the audit log key is needed to check the checkpoint's signature: {error}"
        ) from error
    log = asyncio.run(verify_stored_log(settings.database_url, public_key, settings.audit_origin))
    recorded = None
    if recorded_note is not None:
        origin = settings.audit_origin
        try:
            recorded = parse_and_verify(recorded_note, origin, public_key, origin=origin).size
        except CheckpointError as error:
            raise BackupError(f"the recorded checkpoint does not verify: {error}") from error
    return RestoreCheck(log, recorded)
