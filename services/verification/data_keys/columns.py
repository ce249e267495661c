"""Every encrypted column, declared once with its associated data.

The associated data binds a ciphertext to its place (table, row, column, revision…), so a
value copied into another row fails to decrypt.  Each column's is a template over the
row's own columns, e.g. ``verifications:{verification_id}:member{member_index}`` for a
member's name: the fields it names are the row's columns whose values make the place.

Every write (``encrypt``, ``encrypt_json`` with the row's fields), every read (``decrypt``,
``decrypt_json`` of a stored row) and the key rotation (``rotation.py``, through ``aad`` and
``ENCRYPTED_COLUMNS``) go through these declarations, so a new encrypted column is declared
here once — ``*_enc`` in the model, one ``EncryptedColumn`` below — and the rotation
re-encrypts it with the associated data its writer used.  A test fails when a model has an
``*_enc`` column not listed in ``ENCRYPTED_COLUMNS``, or a template names a column the
table does not have; another pins the associated data's bytes, since rows already stored
can only be read with exactly these.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from string import Formatter
from typing import TYPE_CHECKING, Any

from verification.db import import_models

if TYPE_CHECKING:
    from sqlalchemy import Column, Table

    from verification.kit.crypto import KeyRing


def _field(row: object, name: str) -> Any:
    """A column's value from a row: a mapping (``RowMapping``, a dict) or an ORM object."""
    return row[name] if isinstance(row, Mapping) else getattr(row, name)


@dataclass(frozen=True)
class EncryptedColumn:
    """One encrypted column: where it is, and the template of its associated data."""

    table_name: str
    column_name: str
    place: str  # the associated data: a str.format template over the row's columns

    def __post_init__(self) -> None:
        for _text, name, spec, conversion in Formatter().parse(self.place):
            if name is not None and (not name.isidentifier() or spec or conversion):
                raise ValueError(f"{self.name}: {{{name}}} must name a column, plainly")

    @property
    def name(self) -> str:
        return f"{self.table_name}.{self.column_name}"

    @property
    def row_fields(self) -> tuple[str, ...]:
        """The row's columns the associated data is formed from, in template order."""
        names = (name for _text, name, _spec, _conv in Formatter().parse(self.place) if name)
        return tuple(dict.fromkeys(names))

    def associated_data(self, **fields: object) -> bytes:
        """The associated data of the row whose ``row_fields`` have these values."""
        if fields.keys() != set(self.row_fields):
            raise TypeError(
                f"{self.name}: its associated data needs {sorted(self.row_fields)}, "
                f"given {sorted(fields)}"
            )
        return self.place.format_map(fields).encode()

    def aad(self, row: object) -> bytes:
        """The associated data of a stored row (a mapping or an ORM object)."""
        return self.associated_data(**{name: _field(row, name) for name in self.row_fields})

    # ---- writes: the plaintext and the row's fields ------------------------------------

    def encrypt(self, keyring: KeyRing, plaintext: bytes, **fields: object) -> str:
        return keyring.encrypt(plaintext, self.associated_data(**fields))

    def encrypt_json(self, keyring: KeyRing, value: object, **fields: object) -> str:
        return keyring.encrypt_json(value, self.associated_data(**fields))

    # ---- reads: the stored row, which holds both the value and its place ----------------

    def stored(self, row: object) -> str:
        value = _field(row, self.column_name)
        if value is None:
            raise ValueError(f"{self.name} is empty in this row")
        assert isinstance(value, str)
        return value

    def decrypt(self, keyring: KeyRing, row: object) -> bytes:
        return keyring.decrypt(self.stored(row), self.aad(row))

    def decrypt_json(self, keyring: KeyRing, row: object) -> Any:
        return json.loads(self.decrypt(keyring, row))

    def reencrypt(self, keyring: KeyRing, row: object) -> str:
        """The row's value under the active key (unchanged when it already is)."""
        return keyring.reencrypt(self.stored(row), self.aad(row))

    # ---- the table, for the rotation's scans ---------------------------------------------

    @property
    def table(self) -> Table:
        return import_models().tables[self.table_name]

    @property
    def column(self) -> Column[Any]:
        return self.table.c[self.column_name]

    @property
    def key_names(self) -> tuple[str, ...]:
        """The table's primary key, for paging in key order."""
        return tuple(column.name for column in self.table.primary_key.columns)

    @property
    def keys(self) -> tuple[Column[Any], ...]:
        return tuple(self.table.c[name] for name in self.key_names)


VERIFICATION_DECLARATION = EncryptedColumn(
    "verifications", "declaration_enc", "verifications:{id}:declaration"
)
VERIFICATION_REPORT = EncryptedColumn("verifications", "report_enc", "verifications:{id}:report")
# a replaced revision's report, under a place of its own (revision included): a revision
# copied into another's row, or back into the verification's, fails to decrypt
REPORT_REVISION = EncryptedColumn(
    "report_revisions", "report_enc", "verifications:{verification_id}:report:{revision}"
)
MEMBER_ID_NUMBER = EncryptedColumn(
    "verification_members",
    "id_number_enc",
    "verifications:{verification_id}:member{member_index}:id",
)
MEMBER_NAME = EncryptedColumn(
    "verification_members", "name_enc", "verifications:{verification_id}:member{member_index}"
)
SOURCE_EVIDENCE = EncryptedColumn(
    "source_queries",
    "evidence_enc",
    "verifications:{verification_id}:evidence:{revision}:{member_index}:{scope}",
)
OBLIGOR_ID_NUMBER = EncryptedColumn(
    "verification_obligors",
    "id_number_enc",
    "verifications:{verification_id}:obligor{obligor_index}:id",
)
OBLIGOR_NAME = EncryptedColumn(
    "verification_obligors", "name_enc", "verifications:{verification_id}:obligor{obligor_index}"
)
OBLIGOR_EVIDENCE = EncryptedColumn(
    "obligor_source_queries",
    "evidence_enc",
    "verifications:{verification_id}:obligor_evidence:{revision}:{obligor_index}:{scope}",
)
IDEMPOTENT_RESPONSE = EncryptedColumn(
    "idempotency_keys", "response_enc", "idempotency:{client_id}:{key}"
)
BATCH_ITEM_RESULT = EncryptedColumn(
    "batch_items", "result_enc", "batch_items:{batch_id}:{household_id}:result"
)
WEBHOOK_SECRET = EncryptedColumn(
    "webhook_secrets", "secret_enc", "webhook_endpoints:{endpoint_id}:secret:{id}"
)
APPEAL_EVIDENCE = EncryptedColumn("appeals", "evidence_enc", "appeals:{id}:evidence")
APPEAL_REASONS = EncryptedColumn("appeals", "reasons_enc", "appeals:{id}:reasons")
INTEGRITY_FINDING = EncryptedColumn(
    "integrity_entries", "finding_enc", "integrity_entries:{id}:finding"
)
INTEGRITY_EXPLANATION = EncryptedColumn(
    "integrity_entries", "explanation_enc", "integrity_entries:{id}:explanation"
)
INTEGRITY_CLOSING_NOTE = EncryptedColumn(
    "integrity_entries", "closing_note_enc", "integrity_entries:{id}:closing_note"
)
CROSS_LIST_COMPARISON_RESULT = EncryptedColumn(
    "cross_list_comparisons", "result_enc", "cross_list_comparisons:{id}:result"
)

SPOT_CHECK_NOTE = EncryptedColumn(
    "spot_check_units",
    "visit_note_enc",
    "spot_checks:{spot_check_id}:{verification_id}:visit_note",
)

ENCRYPTED_COLUMNS: tuple[EncryptedColumn, ...] = (
    VERIFICATION_DECLARATION,
    VERIFICATION_REPORT,
    REPORT_REVISION,
    MEMBER_ID_NUMBER,
    MEMBER_NAME,
    SOURCE_EVIDENCE,
    IDEMPOTENT_RESPONSE,
    BATCH_ITEM_RESULT,
    WEBHOOK_SECRET,
    OBLIGOR_ID_NUMBER,
    OBLIGOR_NAME,
    OBLIGOR_EVIDENCE,
    APPEAL_EVIDENCE,
    APPEAL_REASONS,
    INTEGRITY_FINDING,
    INTEGRITY_EXPLANATION,
    INTEGRITY_CLOSING_NOTE,
    CROSS_LIST_COMPARISON_RESULT,
    SPOT_CHECK_NOTE,
)
