"""Rotating the data-encryption key: add a key, re-encrypt every row, retire the old key.

1. ``rotate_data_key`` adds a fresh AES-256 key id to the key file and makes it
   active; the earlier keys stay, so rows written under them remain readable.
   Running service instances load the key file at start: restart them, and
   from then on every new value is written under the new key.
2. ``reencrypt`` walks every encrypted column in primary-key order, in batches
   of ``batch_size`` rows, one transaction per batch, and re-seals every value
   not under the active key (same associated data: the column's declaration in
   ``columns.py``, which every write and read of it uses too).  Rows already under the
   active key are skipped, so the pass is idempotent and an interrupted one
   simply resumes.  Each update is conditional on the value being the one that
   was read, so a concurrent write is never overwritten with stale content.
3. ``retire_data_key`` scans every encrypted column and refuses while any row
   still uses the key; otherwise it removes the key from the key file.

The key file is replaced whole and atomically (temporary file, ``os.replace``,
mode 0600) under an exclusive lock.  The blind-index key is not rotated: every
``person_index`` (members, audit events) is an HMAC under it, so lookups by ID
number (the audit search by person) would miss every existing row — rotating
it needs a rebuild of the ``person_index`` columns from the decrypted ID
numbers (and the append-only audit log keeps the old values), which this
module does not do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from sqlalchemy import ColumnElement, and_, bindparam, func, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from verification.data_keys.columns import ENCRYPTED_COLUMNS, EncryptedColumn
from verification.db import Transaction
from verification.kit.crypto import (
    KeyRing,
    KeyRingError,
    ciphertext_prefix,
    key_file_lock,
    read_keyring,
    replace_secret_file,
)

DEFAULT_BATCH_SIZE = 500

OnBatch = Callable[[EncryptedColumn, int], None]


class DataKeyInUseError(KeyRingError):
    """A data key cannot be retired: rows are still encrypted under it."""

    def __init__(self, key_id: str, usage: Mapping[str, int]) -> None:
        self.key_id = key_id
        self.usage = dict(usage)
        listed = ", ".join(f"{name}: {count}" for name, count in usage.items() if count)
        super().__init__(
            f"data key {key_id!r} is still used by {sum(usage.values())} row(s) ({listed}); "
            "run 'verification keys reencrypt' first"
        )


class ReencryptError(KeyRingError):
    """A stored value could not be decrypted; names the column and row, never the content."""


@dataclass
class ReencryptResult:
    reencrypted: dict[str, int] = field(default_factory=dict)  # per column
    remaining: dict[str, int] = field(default_factory=dict)  # still not under the active key

    @property
    def total(self) -> int:
        return sum(self.reencrypted.values())

    @property
    def total_remaining(self) -> int:
        return sum(self.remaining.values())


def rotate_data_key(key_file: Path) -> KeyRing:
    """Add a new data key to ``key_file`` and make it active; returns the new key ring."""
    with key_file_lock(key_file):
        rotated = read_keyring(key_file).with_new_data_key()
        replace_secret_file(key_file, rotated.to_json())
    return rotated


async def retire_data_key(key_file: Path, key_id: str, transaction: Transaction) -> KeyRing:
    """Remove ``key_id`` from ``key_file`` once no row uses it; returns the new key ring.

    Raises ``DataKeyInUseError`` (with the count per column) while rows still
    use the key, and ``KeyRingError`` for the active key or an unknown one.
    """
    with key_file_lock(key_file):
        keyring = read_keyring(key_file)
        keyring.without_data_key(key_id)  # refuses the active key or an unknown one early
        usage = await rows_under_key(transaction, key_id)
        if any(usage.values()):
            raise DataKeyInUseError(key_id, usage)
        retired = keyring.without_data_key(key_id)
        replace_secret_file(key_file, retired.to_json())
    return retired


def _under(column: EncryptedColumn, key_id: str) -> ColumnElement[bool]:
    return column.column.startswith(ciphertext_prefix(key_id), autoescape=True)


def _not_under(column: EncryptedColumn, key_id: str) -> ColumnElement[bool]:
    return and_(column.column.is_not(None), ~_under(column, key_id))


async def _count(session: AsyncSession, column: EncryptedColumn, where: ColumnElement[bool]) -> int:
    count = await session.scalar(select(func.count()).select_from(column.table).where(where))
    return int(count or 0)


async def rows_under_key(transaction: Transaction, key_id: str) -> dict[str, int]:
    """How many values of each encrypted column are under ``key_id`` (a full scan)."""
    async with transaction() as session:
        return {
            column.name: await _count(session, column, _under(column, key_id))
            for column in ENCRYPTED_COLUMNS
        }


async def rows_not_under_key(transaction: Transaction, key_id: str) -> dict[str, int]:
    """How many values of each encrypted column are under any key but ``key_id``."""
    async with transaction() as session:
        return {
            column.name: await _count(session, column, _not_under(column, key_id))
            for column in ENCRYPTED_COLUMNS
        }


async def key_usage(transaction: Transaction, keyring: KeyRing) -> dict[str, int]:
    """Rows per data key of ``keyring`` (summed over the columns), for a status view."""
    usage = {}
    for key_id in keyring.data_keys:
        usage[key_id] = sum((await rows_under_key(transaction, key_id)).values())
    return usage


def _reseal(column: EncryptedColumn, keyring: KeyRing, rows: Sequence[Any]) -> list[dict[str, Any]]:
    updates = []
    for row in rows:
        old = row[column.column_name]
        try:
            new = column.reencrypt(keyring, row)
        except (InvalidTag, KeyRingError, ValueError) as exc:
            raise ReencryptError(
                f"{column.name} row {_row_name(column, row)}: cannot decrypt "
                f"({exc.__class__.__name__}); nothing of this batch was written"
            ) from None
        keys = {f"key_{i}": row[name] for i, name in enumerate(column.key_names)}
        updates.append({**keys, "old_value": old, "new_value": new})
    return updates


def _row_name(column: EncryptedColumn, row: Any) -> str:
    return "/".join(str(row[name]) for name in column.key_names)


def _after(column: EncryptedColumn, last: tuple[Any, ...]) -> ColumnElement[bool]:
    """Rows after ``last`` in primary-key order (keyset paging)."""
    later: ColumnElement[bool] = (
        column.keys[0] > last[0] if len(last) == 1 else tuple_(*column.keys) > tuple_(*last)
    )
    return later


async def _reencrypt_column(
    transaction: Transaction,
    keyring: KeyRing,
    column: EncryptedColumn,
    batch_size: int,
    on_batch: OnBatch | None,
) -> int:
    table = column.table
    fields = [table.c[name] for name in dict.fromkeys((*column.key_names, *column.row_fields))]
    write = (
        update(table)
        .where(
            *(key == bindparam(f"key_{i}") for i, key in enumerate(column.keys)),
            column.column == bindparam("old_value"),
        )
        .values({column.column_name: bindparam("new_value")})
    )
    done, last = 0, None
    while True:
        query = select(*fields, column.column).where(_not_under(column, keyring.active_key_id))
        if last is not None:
            query = query.where(_after(column, last))
        query = query.order_by(*column.keys).limit(batch_size)
        async with transaction() as session:  # one batch, one transaction
            rows = (await session.execute(query)).mappings().all()
            if rows:
                await session.execute(write, _reseal(column, keyring, rows))
        if not rows:
            return done
        done += len(rows)
        last = tuple(rows[-1][name] for name in column.key_names)
        if on_batch is not None:
            on_batch(column, len(rows))
        if len(rows) < batch_size:
            return done


async def reencrypt(
    transaction: Transaction,
    keyring: KeyRing,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: OnBatch | None = None,
) -> ReencryptResult:
    """Re-seal every value of every encrypted column that is not under the active key.

    ``on_batch(column, rows)`` is called after each committed batch.  The
    result counts what was re-encrypted and what is still not under the
    active key afterwards (rows changed concurrently by an instance that still
    runs with the old key file: restart it and run again).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    result = ReencryptResult()
    for column in ENCRYPTED_COLUMNS:
        result.reencrypted[column.name] = await _reencrypt_column(
            transaction, keyring, column, batch_size, on_batch
        )
    result.remaining = await rows_not_under_key(transaction, keyring.active_key_id)
    return result
