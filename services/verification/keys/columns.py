"""Every encrypted column, and how to derive its associated data from the row.

The associated data binds a ciphertext to its place; re-encryption must use
exactly what the service used when it wrote the value, so each entry derives
it with the service's own ``_aad`` and the same suffix the service appends
(``verifications/service.py``, ``idempotency/service.py``).  A test fails
when the models have a ``*_enc`` column not listed here, and the
re-encryption test decrypts the results through the service's own read paths.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy.engine import RowMapping

from verification.batches.models import item_aad
from verification.db import import_models
from verification.idempotency.service import idempotency_aad as _idempotency_aad
from verification.verifications.service import verification_aad as _aad


@dataclass(frozen=True)
class EncryptedColumn:
    table_name: str
    column_name: str
    key_names: tuple[str, ...]  # the primary key, for paging in key order
    row_fields: tuple[str, ...]  # what the associated data is derived from
    derive_aad: Callable[[RowMapping], bytes]

    @property
    def name(self) -> str:
        return f"{self.table_name}.{self.column_name}"

    @property
    def table(self) -> Table:
        return import_models().tables[self.table_name]

    @property
    def column(self) -> Column[Any]:
        return self.table.c[self.column_name]

    @property
    def keys(self) -> tuple[Column[Any], ...]:
        return tuple(self.table.c[name] for name in self.key_names)

    def aad(self, row: RowMapping) -> bytes:
        return self.derive_aad(row)


ENCRYPTED_COLUMNS: tuple[EncryptedColumn, ...] = (
    EncryptedColumn(
        "verifications",
        "declaration_enc",
        ("id",),
        ("id",),
        lambda row: _aad(row["id"], "declaration"),
    ),
    EncryptedColumn(
        "verifications",
        "report_enc",
        ("id",),
        ("id",),
        lambda row: _aad(row["id"], "report"),
    ),
    EncryptedColumn(
        "verification_members",
        "id_number_enc",
        ("id",),
        ("verification_id", "member_index"),
        lambda row: _aad(row["verification_id"], f"member{row['member_index']}:id"),
    ),
    EncryptedColumn(
        "verification_members",
        "name_enc",
        ("id",),
        ("verification_id", "member_index"),
        lambda row: _aad(row["verification_id"], f"member{row['member_index']}"),
    ),
    EncryptedColumn(
        "source_queries",
        "evidence_enc",
        ("id",),
        ("verification_id", "revision", "member_index", "scope"),
        lambda row: _aad(
            row["verification_id"],
            f"evidence:{row['revision']}:{row['member_index']}:{row['scope']}",
        ),
    ),
    EncryptedColumn(
        "idempotency_keys",
        "response_enc",
        ("client_id", "key"),
        ("client_id", "key"),
        lambda row: _idempotency_aad(row["client_id"], row["key"]),
    ),
    EncryptedColumn(
        "batch_items",
        "result_enc",
        ("id",),
        ("batch_id", "household_id"),
        lambda row: item_aad(row["batch_id"], row["household_id"]),
    ),
)
